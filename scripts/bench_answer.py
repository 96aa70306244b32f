"""Answer path against its floor, micro-batching, and cold start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path
from statistics import median

from bench_common import ROOT, Row, ms, percentile, questions, timed

from bot.services import build_router
from bot.settings import BotSettings
from knowledge.answering import Answerer
from knowledge.language import is_foreign


def answer_latency(settings: BotSettings, rounds: int = 5) -> list[Row]:
    """Router.reply (search, extraction, rendering) vs the floor: encode with the bare model + one FAISS search.

    Both are timed interleaved, question by question, so drift on a shared machine hits them alike. The
    floor uses the model the answerer would use for that question (MiniLM, or the multilingual one).
    """
    router = build_router(settings)
    answerer = router.answerer
    assert isinstance(answerer, Answerer)
    asked = questions()

    def floor(question: str) -> None:
        searcher = answerer.searcher_for(is_foreign(question))
        vectors = searcher.embedder.embed_queries([question])
        searcher.index.dense_search(vectors, 5, multilingual=searcher.multilingual)

    for question in asked:  # warm up both paths
        floor(question)
        router.reply(question)
    answers, floors = [], []
    for _ in range(rounds):
        for question in asked:
            floors.append(timed(partial(floor, question)))
            answers.append(timed(partial(router.reply, question)))
    ratio = median(answers) / median(floors)
    return [
        Row(
            "1 answer path",
            f"floor (encode + FAISS), {len(asked)} questions x {rounds}",
            f"p50 {ms(median(floors))}, p95 {ms(percentile(floors, 0.95))}",
        ),
        Row(
            "1 answer path",
            "whole answer (search, extraction, rendering)",
            f"p50 {ms(median(answers))}, p95 {ms(percentile(answers, 0.95))}",
        ),
        Row(
            "1 answer path",
            "answer p50 / floor p50",
            f"{ratio:.2f}x",
            "<= 1.3x",
            ratio <= 1.3,
            {"ratio": ratio},
        ),
    ]


def micro_batching(settings: BotSettings, size: int = 64, rounds: int = 5) -> list[Row]:
    """A burst of questions embedded together vs one at a time; and the router's batched replies."""
    router = build_router(settings)
    answerer = router.answerer
    assert isinstance(answerer, Answerer)
    embedder = answerer.searcher.embedder
    burst = [q for q in questions() if not is_foreign(q)]
    burst = (burst * (size // len(burst) + 1))[:size]
    together = median([timed(lambda: embedder.embed_queries(burst)) for _ in range(rounds)])
    alone = median([timed(lambda: [embedder.embed_queries([q]) for q in burst]) for _ in range(rounds)])
    batched = median([timed(lambda: router.replies(burst)) for _ in range(rounds)])
    single = median([timed(lambda: [router.reply(q) for q in burst]) for _ in range(rounds)])
    return [
        Row(
            "5 micro-batching",
            f"embed {size} questions: one batch vs one at a time",
            f"{ms(together)} vs {ms(alone)} ({alone / together:.1f}x faster)",
            "batch faster",
            together < alone,
        ),
        Row(
            "5 micro-batching",
            f"answer {size} questions: Router.replies vs Router.reply each",
            f"{ms(batched)} vs {ms(single)} ({single / batched:.1f}x faster)",
            "batch faster",
            batched < single,
        ),
    ]


# A small process starts the bot and reaps it. Linux carries the peak RSS of the process that execs into the
# child's ru_maxrss, so a child started straight from this (large) process would report this process's peak.
_LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": seconds, "kb": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}, out)
"""


def cold_start(index_dir: Path, runs: int = 3) -> list[Row]:
    """Process start to the first answer (`eppermed-bot ask`), and the peak resident memory of that process.

    A small launcher process starts the bot and reads its own child's ru_maxrss (see _LAUNCHER).
    """
    env = {**os.environ, "INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1"}
    command = [str(Path(sys.executable).with_name("eppermed-bot")), "ask", "When will EP PerMed be launched?"]
    seconds, peaks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "run.json"
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", _LAUNCHER, str(report), *command],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            run = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {"code": -1}
            if done.returncode != 0 or run["code"] != 0 or "eppermed@dlr.de" not in done.stdout:
                raise RuntimeError(f"cold start run failed: {done.stderr.strip()[-300:]}")
            seconds.append(run["seconds"])
            peaks.append(run["kb"] / 1024)  # KB on Linux
            report.unlink()
    start_s, peak_mb = median(seconds), max(peaks)
    return [
        Row(
            "3 cold start",
            f"process start to first answer (`eppermed-bot ask`), median of {runs}",
            f"{start_s:.2f} s",
            "< 8 s",
            start_s < 8,
            {"seconds": seconds},
        ),
        Row(
            "3 cold start",
            "peak resident memory of that process (its own ru_maxrss), largest of the runs",
            f"{peak_mb:.0f} MB",
            "< 700 MB",
            peak_mb < 700,
            {"mb": peaks},
        ),
    ]
