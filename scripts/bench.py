"""`make bench`: how fast the assistant does its job on this machine, as a Markdown table.

Figures are medians over repeated runs; speeds that depend on the machine are also given against a floor
measured in the same run. Results go to stdout and to bench-results/ (table and raw JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_common import ROOT, Row  # noqa: E402

HEADER = ["| section | what | figure | target | |", "| --- | --- | --- | --- | --- |"]


def one_section(name: str, *, quick: bool) -> int:
    """`--only NAME`: one section's rows, without the rest of the bench."""
    from bench_context import context_memory
    from bench_memory import memory_under_random_words
    from bench_voice import voice_rows

    print("\n".join(HEADER), flush=True)
    if name == "voice":
        rows = voice_rows(quick=quick)
    else:
        only = context_memory if name == "context" else memory_under_random_words
        rows = only(1_000 if quick else 100_000)
    for row in rows:
        print(row.markdown(), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index-dir", type=Path, default=Path(os.environ.get("INDEX_DIR", "var/index")))
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results", help="where bench.md/json go")
    parser.add_argument(
        "--only",
        choices=["context", "memory", "voice"],
        help="one section only: context = memory of follow-up context, memory = under random words, "
        "voice = transcription cost and memory",
    )
    args = parser.parse_args(argv)
    if args.only is not None:
        return one_section(args.only, quick=args.quick)
    from bench_answer import answer_latency, cold_start, micro_batching
    from bench_context import context_memory, followup_latency
    from bench_e2e import end_to_end
    from bench_memory import memory_under_random_words
    from bench_scale import embedding_rate, knowledge_build, scale
    from bench_voice import voice_rows

    from bot.settings import BotSettings
    from knowledge.embedding import load_embedder

    settings = BotSettings(_env_file=None, index_dir=args.index_dir.resolve(), telegram_bot_token=None)
    started = time.monotonic()
    rows: list[Row] = []

    def section(found: list[Row]) -> None:
        rows.extend(found)
        for row in found:
            print(row.markdown(), flush=True)

    busy = os.getloadavg()[0]
    if busy > (os.cpu_count() or 1):
        print(f"note: load average {busy:.1f} on {os.cpu_count()} cores; figures will be slower", flush=True)
    print("\n".join(HEADER), flush=True)
    section(answer_latency(settings, rounds=2 if args.quick else 5))
    section(micro_batching(settings, size=8 if args.quick else 64))
    embedder = load_embedder()
    if not args.quick:
        section(end_to_end(settings.index_dir, embedder))
        section(cold_start(settings.index_dir))
        section(knowledge_build())
    rate = embedding_rate(embedder, 100 if args.quick else 1000)
    section([Row("4 build", "embedding rate of the real model (60-word passages)", f"{rate:.0f} passages/s")])
    section(scale(rate, (1_000,) if args.quick else (1_000, 10_000, 100_000)))
    section(context_memory(1_000 if args.quick else 100_000))
    section(memory_under_random_words(10_000 if args.quick else 100_000))
    section(voice_rows(quick=args.quick))
    section(followup_latency(settings, rounds=1 if args.quick else 3))
    elapsed = time.monotonic() - started
    table = "\n".join([*HEADER, *(r.markdown() for r in rows)])
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    footer = f"{elapsed:.0f} s in all, load average {busy:.1f} at the start, {os.cpu_count()} cores"
    (out / "bench.md").write_text(f"{table}\n\n{footer}\n", encoding="utf-8")
    raw = [{"section": r.section, "what": r.what, "figure": r.figure, "met": r.met, **r.raw} for r in rows]
    (out / "bench.json").write_text(json.dumps(raw, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\n{elapsed:.0f} s in all; written to {out}/bench.md and bench.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
