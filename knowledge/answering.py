"""Answering as a pure function: question in, `Answer` out (retrieve, decide, extract). No Telegram here.

The bot renders an `Answer` to HTML; `eppermed-index eval` scores it; both see the same decision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from knowledge.extract import idf_lookup, lead_sentences, units
from knowledge.intent import classify
from knowledge.language import detect_language
from knowledge.models import Passage
from knowledge.search import Scored, Searcher

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


# Calibrated with `eppermed-index eval` on the development questions (see README, "Declines"); a value stored
# in the index manifest (`build --gate`) or the ANSWER_MIN_CONFIDENCE setting overrides these.
DEFAULT_MIN_CONFIDENCE: dict[str, float] = {
    "packaged:all-MiniLM-L6-v2": 0.3,
}
FALLBACK_MIN_CONFIDENCE = 0.5
COVERAGE_WEIGHT = 0.5
NEAR_MISS_SHARE = 0.7  # a decline offers topics when the best match reached this share of the threshold
MAX_CONTEXT_CHARS = 700

_PLANS = re.compile(
    r"\b(is supposed to|are supposed to|will be|is planned|are planned|planned to|by the end of \d{4}|"
    r"to be (launched|co-funded|established)|is proposed|will (integrate|replace|update))\b",
    re.IGNORECASE,
)


class Answerer:
    """Turns questions into `Answer`s from one index: search, decide, extract. Safe to share across threads."""

    def __init__(self, searcher: Searcher, *, min_confidence: float | None = None) -> None:
        self.searcher = searcher
        manifest = searcher.index.manifest
        self.min_confidence = (
            min_confidence
            if min_confidence is not None
            else manifest.calibration.get(
                "min_confidence", DEFAULT_MIN_CONFIDENCE.get(manifest.model_id, FALLBACK_MIN_CONFIDENCE)
            )
        )
        self._idf = idf_lookup(searcher.idf, searcher.unseen_idf)

    def answer(self, question: str) -> Answer:
        return self.answer_many([question])[0]

    def answer_many(self, questions: Sequence[str], k: int = 5) -> list[Answer]:
        """Answer several questions with one embedding batch for those that need a search."""
        answers: list[Answer | None] = []
        to_search: list[int] = []
        for i, question in enumerate(questions):
            early = _without_search(question)
            answers.append(early)
            if early is None:
                to_search.append(i)
        if to_search:
            texts = [questions[i].strip() for i in to_search]
            foreign = [_is_foreign(t) for t in texts]
            ranked = self.searcher.score_many(texts, k, foreign=foreign)
            for i, scored in zip(to_search, ranked, strict=True):
                answers[i] = self._decide(questions[i].strip(), scored)
        return [a for a in answers if a is not None]

    def confidence(self, scored: Scored) -> float:
        return scored.dense + COVERAGE_WEIGHT * scored.coverage

    def _decide(self, question: str, scored: list[Scored]) -> Answer:
        passages = tuple(self.searcher.passage(s) for s in scored)
        if not scored:
            return Answer(question, "not_found")
        confidence = max(self.confidence(s) for s in scored[:3])
        if confidence < self.min_confidence:
            near = confidence >= NEAR_MISS_SHARE * self.min_confidence
            titles = tuple(dict.fromkeys(p.title for p in passages))[:3] if near else ()
            return Answer(question, "not_found", passages, suggestions=titles, confidence=confidence)
        best = passages[0]
        lead = lead_sentences(question, best.text, self._idf)
        context = _around(best.text, lead, MAX_CONTEXT_CHARS)
        plans = bool(_PLANS.search(lead) or _PLANS.search(context))
        return Answer(question, "answer", passages, lead, context, plans, confidence=confidence)


def _without_search(question: str) -> Answer | None:
    text = question.strip()
    if not text:
        return Answer(question, "empty")
    intent = classify(text)
    if intent == "question":
        return None
    return Answer(text, intent)


def _is_foreign(text: str) -> bool:
    language = detect_language(text)
    return language is not None and language != "en"


def _around(text: str, lead: str, limit: int) -> str:
    """The passage, or when it is long, the units around the lead that fit in `limit` characters."""
    if len(text) <= limit:
        return text
    parts = units(text)
    anchor = next((i for i, p in enumerate(parts) if p and p in lead), 0)
    start = end = anchor
    size = len(parts[anchor])
    while True:
        grown = False
        for j in (end + 1, start - 1):
            if 0 <= j < len(parts) and size + len(parts[j]) + 1 <= limit and (j > end or j < start):
                size += len(parts[j]) + 1
                start, end = min(start, j), max(end, j)
                grown = True
        if not grown:
            break
    return " ".join(parts[start : end + 1])
