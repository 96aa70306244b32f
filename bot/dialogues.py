"""`eppermed-bot dialogues FILE`: score multi-turn dialogues through the path `ask --jsonl` takes.

Each dialogue's turns go in as `--jsonl` lines sharing one `"chat"` value; its LAST reply is scored: a gold
phrase in the text the user reads (format: ../shared/eval/README.md, `dev_dialogues.jsonl`). A dialogue may
instead `expect` a decline or the medical notice. Matching as `eppermed-index eval`: case-folded, white
space collapsed, typographic apostrophes as '.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.exceptions import BotConfigError
from bot.router import Router
from knowledge.language import detect_language
from knowledge.question_files import normalise, read_lines

Expect = Literal["answer", "decline", "medical"]


class Dialogue(BaseModel):
    """One line of a dialogue file."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    turns: tuple[str, ...] = Field(min_length=1)
    gold: tuple[str, ...] = ()
    expect: Expect = "answer"
    note: str = ""

    @model_validator(mode="after")
    def _gold_for_answers(self) -> Dialogue:
        if any(not t.strip() for t in self.turns):
            raise ValueError("every turn needs text")
        if self.expect == "answer" and not any(g.strip() for g in self.gold):
            raise ValueError("a dialogue expecting an answer needs at least one gold phrase")
        return self

    @property
    def new_topic(self) -> bool:
        return "new topic" in self.note.casefold()


class DialoguesInvalid(BotConfigError):
    """A dialogue file that cannot be scored; the message lists each bad line as `file:line: reason`."""


def load_dialogues(path: Path) -> list[Dialogue]:
    """Every dialogue of a JSONL file; DialoguesInvalid names each bad line."""
    dialogues, problems = read_lines(path, Dialogue, what="dialogue")
    if problems:
        raise DialoguesInvalid(
            "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
        )
    return dialogues


@dataclass(frozen=True)
class DialogueOutcome:
    """How the last turn of one dialogue was answered."""

    id: str
    right: bool
    new_topic: bool
    foreign: bool
    expect: str
    answered: bool
    about: str


def judge(dialogue: Dialogue, record: dict[str, Any], *, medical_notice: str) -> DialogueOutcome:
    """Right when the last reply holds a gold phrase (or declines / refuses as the dialogue expects)."""
    text = normalise(str(record.get("reply_text", "")))
    answered = bool(record.get("answered"))
    if dialogue.expect == "answer":
        right = answered and any(normalise(g) and normalise(g) in text for g in dialogue.gold)
    elif dialogue.expect == "decline":
        right = not answered and normalise(medical_notice) not in text
    else:
        right = not answered and normalise(medical_notice) in text
    return DialogueOutcome(
        id=dialogue.id,
        right=right,
        new_topic=dialogue.new_topic,
        foreign=detect_language(dialogue.turns[-1]) not in (None, "en"),
        expect=dialogue.expect,
        answered=answered,
        about=str(record.get("about", "")),
    )


def run_dialogues(router: Router, dialogues: Sequence[Dialogue]) -> list[DialogueOutcome]:
    """Send every dialogue through `write_jsonl` (chat = the dialogue id, turns interleaved across
    dialogues as a busy bot sees them) and judge each last reply."""
    from bot.cli import write_jsonl  # the `ask --jsonl` path itself
    from bot.i18n import t

    lines: list[str] = []
    positions: dict[str, int] = {}
    longest = max(len(d.turns) for d in dialogues)
    for turn in range(longest):
        for dialogue in dialogues:
            if turn < len(dialogue.turns):
                if turn == len(dialogue.turns) - 1:
                    positions[dialogue.id] = len(lines)
                lines.append(json.dumps({"q": dialogue.turns[turn], "chat": f"dialogue-{dialogue.id}"}))
    out = io.StringIO()
    write_jsonl(router, io.StringIO("\n".join(lines) + "\n"), out)
    # one object a "\n"-ended line; splitlines() would also cut at a U+2028 or NEL a question holds
    records = [json.loads(line) for line in out.getvalue().split("\n") if line]
    medical = t("medical", "en")
    return [judge(d, records[positions[d.id]], medical_notice=medical) for d in dialogues]


@dataclass(frozen=True)
class DialogueReport:
    """Shares of last turns answered right, overall and by kind."""

    dialogues: int
    right: int
    follow_ups: tuple[int, int]  # (right, of) where the last turn continues the conversation
    new_topics: tuple[int, int]
    other_languages: tuple[int, int]
    expected_declines: tuple[int, int]  # declines and medical refusals expected
    misses: tuple[str, ...]

    @property
    def share(self) -> float:
        return round(self.right / self.dialogues, 4) if self.dialogues else 0.0


def report(outcomes: Sequence[DialogueOutcome]) -> DialogueReport:
    def count(selected: list[DialogueOutcome]) -> tuple[int, int]:
        return (sum(o.right for o in selected), len(selected))

    answers = [o for o in outcomes if o.expect == "answer"]
    return DialogueReport(
        dialogues=len(outcomes),
        right=sum(o.right for o in outcomes),
        follow_ups=count([o for o in answers if not o.new_topic]),
        new_topics=count([o for o in answers if o.new_topic]),
        other_languages=count([o for o in outcomes if o.foreign]),
        expected_declines=count([o for o in outcomes if o.expect != "answer"]),
        misses=tuple(o.id for o in outcomes if not o.right),
    )


def format_report(path: str, result: DialogueReport) -> str:
    def pair(value: tuple[int, int]) -> str:
        return f"{value[0]} of {value[1]}"

    lines = [
        f"{path}: {result.dialogues} dialogues, last reply right in {result.right} ({result.share:.2f})",
        f"  follow-ups {pair(result.follow_ups)}; new topics {pair(result.new_topics)}; "
        f"not in English {pair(result.other_languages)}; expected declines {pair(result.expected_declines)}",
    ]
    if result.misses:
        lines.append("  missed: " + ", ".join(result.misses))
    return "\n".join(lines)


def report_json(path: str, result: DialogueReport, outcomes: Sequence[DialogueOutcome]) -> str:
    return json.dumps(
        {"file": path, **asdict(result), "share": result.share, "outcomes": [asdict(o) for o in outcomes]},
        ensure_ascii=False,
    )
