"""The shared folder beside the repository (`../shared`): development questions and source text.

A clone elsewhere has no such folder; tests that need it skip, saying which file is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"


def require(path: Path) -> Path:
    """`path`, or skip the test with the reason: ../shared is not beside this repository."""
    if not path.is_file():
        pytest.skip(f"{path.name} is not in ../shared beside the repository ({path}); it holds shared data")
    return path
