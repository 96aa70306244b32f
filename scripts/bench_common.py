"""Shared pieces of the benchmarks: timing, percentiles, question files, result rows."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
QUESTION_FILES = (
    ROOT.parent / "shared" / "eval" / "dev_questions.jsonl",
    ROOT / "tests" / "data" / "heldout_questions.jsonl",
)


def questions() -> list[str]:
    """The development questions when ../shared is beside the repo, else the held-out ones."""
    path = next(p for p in QUESTION_FILES if p.exists())
    return [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def timed_value(action: Callable[[], T]) -> tuple[T, float]:
    """What one call returns, and the seconds it took (so a costly step is not run twice to be timed)."""
    start = time.perf_counter()
    value = action()
    return value, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    """Milliseconds, with two decimals below one (FAISS searches of small indexes take microseconds)."""
    return f"{seconds * 1000:.2f} ms" if seconds < 0.001 else f"{seconds * 1000:.1f} ms"


@dataclass
class Row:
    """One line of the table: what was measured, the figure, and the target if there is one."""

    section: str
    what: str
    figure: str
    target: str = ""
    met: bool | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def markdown(self) -> str:
        verdict = "" if self.met is None else ("met" if self.met else "missed")
        return f"| {self.section} | {self.what} | {self.figure} | {self.target} | {verdict} |"
