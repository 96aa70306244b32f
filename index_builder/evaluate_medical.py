"""`eppermed-index eval` on a medical-guard file: who got the medical notice, per language.

Lines carry `expect` (`medical` / `not_medical`, ../shared/eval/README.md): personal health questions must
all be refused, stakeholder questions never.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from index_builder.evaluate import load_lines
from knowledge.answering import Answer, Answerer
from knowledge.embedding import Embedder
from knowledge.index_store import PublishedIndex
from knowledge.models import GlossaryEntry, HealthExamples


class MedicalQuestion(BaseModel):
    """One line of a medical-guard file (../shared/eval/README.md, `dev_medical.jsonl`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    lang: str = Field(min_length=2, max_length=8)
    expect: Literal["medical", "not_medical"]
    q: str = Field(min_length=1)


def is_medical_file(path: Path) -> bool:
    """True when the first line of the file carries `expect`: a medical-guard file, not a question file."""
    try:
        with path.open(encoding="utf-8") as lines:
            first = next((line for line in lines if line.strip()), "")
        return "expect" in json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError, TypeError):
        return False  # load_questions then reports what is wrong with the file


def load_medical_questions(path: Path) -> list[MedicalQuestion]:
    return load_lines(path, MedicalQuestion)


@dataclass(frozen=True)
class MedicalOutcome:
    id: str
    lang: str
    expect: str
    refused: bool  # the bot gave its medical notice


@dataclass(frozen=True)
class GuardCounts:
    """Personal health questions refused (all expected); stakeholder questions refused (none expected)."""

    personal: int
    personal_refused: int
    stakeholder: int
    stakeholder_refused: int


def guard_counts(outcomes: Sequence[MedicalOutcome]) -> GuardCounts:
    personal = [o for o in outcomes if o.expect == "medical"]
    stakeholder = [o for o in outcomes if o.expect == "not_medical"]
    return GuardCounts(
        len(personal), sum(o.refused for o in personal), len(stakeholder), sum(o.refused for o in stakeholder)
    )


@dataclass(frozen=True)
class MedicalReport:
    """What `eval` prints for a medical-guard file: counts per language and overall, and the misses."""

    overall: GuardCounts
    by_language: dict[str, GuardCounts]
    outcomes: list[MedicalOutcome]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        def share(part: int, whole: int) -> str:
            return f"{part}/{whole} ({part / whole:.2f})" if whole else "n/a"

        rows = [f"{'lang':<8}{'personal health refused':<26}stakeholder questions given the medical notice"]
        for name, c in [*sorted(self.by_language.items()), ("all", self.overall)]:
            rows.append(
                f"{name:<8}{share(c.personal_refused, c.personal):<26}{share(c.stakeholder_refused, c.stakeholder)}"
            )
        missed = [o.id for o in self.outcomes if o.expect == "medical" and not o.refused]
        wrong = [o.id for o in self.outcomes if o.expect == "not_medical" and o.refused]
        rows.append(f"personal health questions answered: {', '.join(missed) or 'none'}")
        rows.append(f"stakeholder questions refused as medical: {', '.join(wrong) or 'none'}")
        return rows


def score_medical(question: MedicalQuestion, answer: Answer) -> MedicalOutcome:
    return MedicalOutcome(question.id, question.lang, question.expect, answer.kind == "medical")


def medical_report(outcomes: Sequence[MedicalOutcome]) -> MedicalReport:
    languages = sorted({o.lang for o in outcomes})
    return MedicalReport(
        overall=guard_counts(outcomes),
        by_language={lang: guard_counts([o for o in outcomes if o.lang == lang]) for lang in languages},
        outcomes=list(outcomes),
    )


def evaluate_medical(
    index: PublishedIndex,
    embedder: Embedder,
    questions: Sequence[MedicalQuestion],
    *,
    multilingual: Embedder | None = None,
    health_examples: Sequence[HealthExamples] = (),
    glossary: Sequence[GlossaryEntry] = (),
) -> MedicalReport:
    """Ask every question as the bot does and count who got the medical notice."""
    answerer = Answerer.for_index(
        index, embedder, multilingual=multilingual, health_examples=health_examples, glossary=glossary
    )
    answers = answerer.answer_many([q.q for q in questions])
    return medical_report([score_medical(q, a) for q, a in zip(questions, answers, strict=True)])
