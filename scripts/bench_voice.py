"""Voice questions (extra `voice`): seconds of compute per second of audio, and the memory the model adds.

Transcription is timed on the committed recordings (tests/data/voice/, espeak-ng speech of 2 to 5 s),
with the bot's default of one CPU thread and with two. The memory is read in a child process that first
holds what the bot holds (the bot's modules and the embedding model), then loads Whisper and transcribes
one recording: the growth of its resident memory (VmRSS) is what voice costs the running bot.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

from bench_common import ROOT, Row

VOICE_DIR = ROOT / "tests" / "data" / "voice"
SECTION = "9 voice"


def recordings(limit: int | None = None) -> list[tuple[Path, float]]:
    """(file, seconds of speech) of the committed OGG/Opus voice messages."""
    found = []
    for line in (VOICE_DIR / "questions.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        if item["kind"] == "voice":
            found.append((VOICE_DIR / item["file"], float(item["seconds"])))
    return found[:limit]


def transcription_rate(
    threads: tuple[int, ...] = (1, 2), rounds: int = 2, limit: int | None = None
) -> list[Row]:
    """Wall and CPU seconds per second of audio (median over recordings and rounds), per thread count."""
    from bot.voice import WhisperTranscriber

    files = recordings(limit)
    rows = []
    for count in threads:
        transcriber = WhisperTranscriber(cpu_threads=count)
        load_started = time.perf_counter()
        transcriber.load()
        load_s = time.perf_counter() - load_started
        wall, cpu = [], []
        for _ in range(rounds):
            for path, seconds in files:
                data = path.read_bytes()
                w0, c0 = time.perf_counter(), time.process_time()
                transcriber.transcribe(data, max_seconds=60, max_chars=300)
                wall.append((time.perf_counter() - w0) / seconds)
                cpu.append((time.process_time() - c0) / seconds)
        rtf = median(wall)
        rows.append(
            Row(
                SECTION,
                f"transcription, {count} CPU thread{'s' if count > 1 else ''}: seconds per second of audio "
                f"(median of {len(wall)}; CPU seconds in brackets); model load {load_s:.2f} s",
                f"{rtf:.2f} s/s ({median(cpu):.2f} CPU s/s)",
                "",
                None,
                {"threads": count, "wall_per_audio_s": wall, "cpu_per_audio_s": cpu, "load_s": load_s},
            )
        )
    return rows


_CHILD = r"""
import json, sys
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
import bot.app  # what the running bot has imported
from bot.voice import WhisperTranscriber
at_start = "faster_whisper" in sys.modules  # must stay False: the model and its engine load on first use
if sys.argv[2] == "embedder":
    from knowledge.embedding import load_embedder
    load_embedder()
before = rss_mb()
transcriber = WhisperTranscriber(cpu_threads=1)
transcriber.load()
loaded = rss_mb()
transcriber.transcribe(open(sys.argv[1], "rb").read(), max_seconds=60, max_chars=300)
print(json.dumps({"before": before, "loaded": loaded, "after": rss_mb(),
                  "whisper_at_start": at_start}))
"""


def voice_memory(with_embedder: bool = True) -> list[Row]:
    """The bot's resident memory before Whisper, once loaded, and after the first transcription."""
    path, _seconds = recordings(1)[0]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), "embedder" if with_embedder else "none"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"voice memory run failed: {done.stderr.strip()[-300:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    extra = found["after"] - found["before"]
    return [
        Row(
            SECTION,
            "the bot's extra resident memory with Whisper tiny.en loaded and one message transcribed "
            f"({found['before']:.0f} MB before, {found['loaded'] - found['before']:.0f} MB at load)",
            f"{extra:.0f} MB",
            "engine not imported at start",
            not found["whisper_at_start"],
            found,
        )
    ]


def voice_rows(*, quick: bool = False) -> list[Row]:
    """Section 9 of `make bench`: nothing (and a note) when the extra `voice` is not installed."""
    from bot.voice import voice_installed

    if not voice_installed():
        print("voice: skipped (the extra `voice` is not installed)", flush=True)
        return []
    rate = transcription_rate(rounds=1 if quick else 3, limit=2 if quick else None)
    return [*rate, *voice_memory()]


def main() -> int:
    """The voice rows alone (`make bench` includes them): `.venv/bin/python scripts/bench_voice.py`."""
    from bot.voice import voice_installed

    if not voice_installed():
        print("bench_voice: the extra `voice` is not installed (pip install -e '.[voice]')", file=sys.stderr)
        return 1
    for row in [*transcription_rate(rounds=3), *voice_memory()]:
        print(row.markdown(), flush=True)
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT)]
    raise SystemExit(main())
