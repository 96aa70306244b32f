"""Language detection of short texts: accuracy and cost of the shipped detector against raw lingua.

`python scripts/bench_language.py [FILE]` prints a Markdown table over a file of short texts (by default
tests/data/language_short.jsonl; lines `{"id", "lang", "q", "accept"?}`, `lang` "none" for names): texts
whose language is right (a listed alternative such as "unsure" for a one-word cognate counts as right),
English or unsure texts sent to the foreign-language search (the costly misfire), foreign texts kept on the
English search, the median time per call, and the start-up time and memory of a fresh process that builds
the detector and answers one text.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TEXTS = ROOT / "tests" / "data" / "language_short.jsonl"
Detector = Callable[[str], "str | None"]


def _shipped() -> Detector:
    from knowledge.language import detect_language

    return detect_language


def _function_words() -> Detector:
    from knowledge.language import function_word_language

    return function_word_language


def _lingua(low: bool) -> Callable[[], Detector]:
    def build() -> Detector:
        from lingua import Language, LanguageDetectorBuilder

        languages = [Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.SPANISH, Language.ITALIAN]
        builder = LanguageDetectorBuilder.from_languages(*languages)
        if low:
            builder = builder.with_low_accuracy_mode()
        detector = builder.with_preloaded_language_models().build()

        def detect(text: str) -> str | None:
            found = detector.detect_language_of(text)
            return None if found is None else found.iso_code_639_1.name.lower()

        return detect

    return build


DETECTORS: dict[str, Callable[[], Detector]] = {
    "knowledge.language (function words, then lingua)": _shipped,
    "function words alone (its first step)": _function_words,
    "lingua, low accuracy mode, raw": _lingua(low=True),
    "lingua, high accuracy mode, raw": _lingua(low=False),
}


@dataclass(frozen=True)
class Text:
    id: str
    lang: str | None  # None: names, numbers, symbols; no language to find
    q: str
    accept: tuple[str | None, ...]


def texts(path: Path = TEXTS) -> list[Text]:
    def label(value: str) -> str | None:
        return None if value == "none" else value

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        Text(r["id"], label(r["lang"]), r["q"], tuple(label(a) for a in [r["lang"], *r.get("accept", [])]))
        for r in rows
    ]


def _rss_mb() -> float:
    """Resident memory now (Linux), else the peak so far."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe(name: str) -> dict[str, float]:
    """In a fresh process: seconds to import and build the detector and answer one text; memory it added.

    The text is a noun phrase with no telling function word, so a detector that calls lingua only when
    unsure builds it here too.
    """
    before = _rss_mb()
    start = time.perf_counter()
    DETECTORS[name]()("Date de lancement")
    return {"startup_s": time.perf_counter() - start, "rss_mb": _rss_mb() - before}


@dataclass(frozen=True)
class Result:
    right: float  # share of texts whose answer is the language or a listed alternative
    english_sent_foreign: int
    english: int
    foreign_kept_english: int
    foreign: int
    ms_per_call: float
    startup_s: float
    rss_mb: float
    wrong: list[tuple[str, str, str | None]]


def measure(name: str, data: list[Text], rounds: int) -> Result:
    cold = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--probe", name], check=True, capture_output=True, text=True
        ).stdout
    )
    detect = DETECTORS[name]()
    found = [detect(t.q) for t in data]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for t in data:
            detect(t.q)
        times.append((time.perf_counter() - start) / len(data))
    wrong = [(t.id, t.q, got) for t, got in zip(data, found, strict=True) if got not in t.accept]
    english = [t for t in data if t.lang in (None, "en")]
    foreign = [t for t in data if t.lang not in (None, "en")]
    return Result(
        right=sum(got in t.accept for t, got in zip(data, found, strict=True)) / len(data),
        english_sent_foreign=sum(detect(t.q) not in (None, "en") for t in english),
        english=len(english),
        foreign_kept_english=sum(detect(t.q) in (None, "en") for t in foreign),
        foreign=len(foreign),
        ms_per_call=statistics.median(times) * 1000,
        startup_s=cold["startup_s"],
        rss_mb=cold["rss_mb"],
        wrong=wrong,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("texts", nargs="?", type=Path, default=TEXTS, help="JSONL file of short texts")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--wrong", action="store_true", help="list the texts each detector gets wrong")
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(args.probe)))
        return 0
    data = texts(args.texts)
    shown = (
        args.texts.resolve().relative_to(ROOT) if args.texts.resolve().is_relative_to(ROOT) else args.texts
    )
    print(f"{len(data)} short texts from {shown}\n")
    print(
        "| detector | right | English or unsure sent to foreign search | foreign kept on English "
        "| ms per call | start-up | memory |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    results: dict[str, Result] = {}
    for name in DETECTORS:
        r = results[name] = measure(name, data, args.rounds)
        print(
            f"| {name} | {r.right:.2f} | {r.english_sent_foreign}/{r.english} "
            f"| {r.foreign_kept_english}/{r.foreign} | {r.ms_per_call:.3f} "
            f"| {r.startup_s:.2f} s | {r.rss_mb:.0f} MB |"
        )
    if args.wrong:
        for name, r in results.items():
            print(f"\n{name}:")
            for id_, q, got in r.wrong:
                print(f"  {id_:<10} {got or 'unsure'!s:<7} {q}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
