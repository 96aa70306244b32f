"""Answering as a pure function: question in, `Answer` out (retrieve, decide, extract). No Telegram here.

The bot renders an `Answer` to HTML; `eppermed-index eval` scores it; both see the same decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.models import Passage

AnswerKind = Literal["answer", "not_found", "medical", "greeting", "thanks", "empty"]


@dataclass(frozen=True, slots=True)
class Answer:
    """What the knowledge says about one question, before any rendering."""

    question: str
    kind: AnswerKind
    passages: tuple[Passage, ...] = ()  # best first; empty when the question was not searched
    lead: str = ""  # the sentence(s) of the best passage that answer the question, verbatim
    context: str = ""  # the best passage as quoted, verbatim; contains `lead`
    speaks_of_plans: bool = False  # the passage speaks of something planned as of its date
    suggestions: tuple[str, ...] = ()  # titles of topics it does cover, offered with a decline
    confidence: float = 0.0  # what the decline threshold is compared with (calibrated by `eval`)

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    @property
    def best(self) -> Passage | None:
        return self.passages[0] if self.passages else None
