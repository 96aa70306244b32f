"""The spoken questions under tests/data/voice/ (made by scripts/make_voice_fixtures.py) and their gold."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

VOICE_DIR = Path(__file__).resolve().parent / "data" / "voice"


@dataclass(frozen=True)
class SpokenQuestion:
    """One recording: its file, container kind, length, the words spoken and gold phrases of the answer."""

    path: Path
    kind: str
    seconds: float
    question: str
    gold: tuple[str, ...]

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()


def spoken_questions(kind: str | None = None) -> list[SpokenQuestion]:
    """The recordings listed in questions.jsonl, of one kind (voice, audio, video_note) or all."""
    found = []
    for line in (VOICE_DIR / "questions.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        if kind is None or item["kind"] == kind:
            found.append(
                SpokenQuestion(
                    VOICE_DIR / item["file"], item["kind"], item["seconds"], item["q"], tuple(item["gold"])
                )
            )
    return found


def spoken(name: str) -> SpokenQuestion:
    """The recording with file name `name`."""
    return next(q for q in spoken_questions() if q.path.name == name)
