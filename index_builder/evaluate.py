"""`eppermed-index eval`: answer a question file with the real `Answerer` and score it.

Scoring is pure functions over (question, Answer) pairs; the decline threshold is suggested from the data.
A file whose lines carry `expect` (medical / not_medical) is scored by `evaluate_medical` instead.
Matching follows ../shared/eval/README.md: case-folded, white space collapsed, typographic apostrophes as '.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from index_builder.exceptions import QuestionsInvalid
from knowledge import CONTACT_EMAIL
from knowledge.answering import Answer, Answerer
from knowledge.embedding import Embedder
from knowledge.index_store import PublishedIndex
from knowledge.models import GlossaryEntry, HealthExamples, KnownGap
from knowledge.question_files import Line, normalise, read_lines

SEARCHED = ("answer", "not_found")  # kinds whose decision the confidence threshold makes
DEFAULT_K = 3
NEAR_DOMAIN_MARK = "near_domain"  # in a question file's name: its out-of-scope questions are near-domain


class Question(BaseModel):
    """One line of a question file."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    lang: str = Field(min_length=2, max_length=8)
    kind: Literal["in", "oos"]
    q: str = Field(min_length=1)
    gold: tuple[str, ...] = ()
    # For `oos`: near-domain (about EP PerMed, but the material does not say) or far out of scope. Read from
    # the line when given, else from the file name: files named *near_domain* hold near-domain questions.
    near: bool | None = None

    @model_validator(mode="after")
    def _gold_for_in_scope(self) -> Question:
        if self.kind == "in" and not any(g.strip() for g in self.gold):
            raise ValueError("an in-scope question needs at least one gold phrase")
        return self


def load_questions(path: Path) -> list[Question]:
    """Every question of a JSONL file; QuestionsInvalid lists each bad line as `file:line: reason`."""
    near = NEAR_DOMAIN_MARK in path.name
    return [
        q.model_copy(update={"near": near}) if q.near is None and q.kind == "oos" else q
        for q in load_lines(path, Question)
    ]


def load_lines(path: Path, model: type[Line]) -> list[Line]:
    """Every line of a JSONL file as `model`; QuestionsInvalid lists each bad line as `file:line: reason`."""
    questions, problems = read_lines(path, model)
    if problems:
        raise QuestionsInvalid(problems)
    return questions


def contains_gold(gold: Sequence[str], text: str) -> bool:
    haystack = normalise(text)
    return any(normalise(g) and normalise(g) in haystack for g in gold)


@dataclass(frozen=True)
class Outcome:
    """How one question was answered, reduced to what the metrics need."""

    id: str
    lang: str
    kind: str
    answer_kind: str
    answered: bool
    confidence: float
    rank: int | None  # 1-based position of the first passage holding a gold phrase
    reply_hit: bool
    answerable: bool = False  # in scope, its best passage holds a gold phrase, a decline would not show it
    foreign: bool = False  # detected as not English: judged against the foreign threshold
    near: bool = False  # a near-domain out-of-scope question
    handed_over: bool = False  # declined with the website and the contact address (a "not_found" reply)


def score(question: Question, answer: Answer) -> Outcome:
    """One question's outcome; a reply always shows the contact address, so it counts as reply text, and
    so do the source line's title of the passage quoted and the runner-up's line (its title and lead)."""
    ranks = (i for i, p in enumerate(answer.passages, start=1) if contains_gold(question.gold, p.text))
    rank = next(ranks, None)
    source = answer.passages[0].title if answer.passages else ""
    also = f"{answer.also.title}\n{answer.also_lead}\n" if answer.also is not None else ""
    reply = f"{answer.lead}\n{answer.context}\n{also}{source}\n" if answer.answered else ""
    reply_hit = question.kind == "in" and contains_gold(question.gold, reply + CONTACT_EMAIL)
    answerable = question.kind == "in" and rank == 1 and not contains_gold(question.gold, CONTACT_EMAIL)
    return Outcome(
        id=question.id,
        lang=question.lang,
        kind=question.kind,
        answer_kind=answer.kind,
        answered=answer.answered,
        confidence=answer.confidence,
        rank=rank,
        reply_hit=reply_hit,
        answerable=answerable,
        foreign=answer.foreign,
        near=bool(question.near),
        # bot.render gives every "not_found" reply https://www.eppermed.eu/ and the contact address (tested
        # there); the medical notice carries neither the site nor a search, so it does not count.
        handed_over=answer.kind == "not_found",
    )


@dataclass(frozen=True)
class Metrics:
    """Retrieval and reply quality over in-scope questions (shares between 0 and 1)."""

    questions: int
    hit_at: dict[int, float]
    mrr: float
    reply_hit: float
    false_refusals: float


def metrics(outcomes: Sequence[Outcome], ks: Sequence[int]) -> Metrics:
    scoped = [o for o in outcomes if o.kind == "in"]
    n = len(scoped)

    def share(count: int) -> float:
        return round(count / n, 4) if n else 0.0

    return Metrics(
        questions=n,
        hit_at={
            k: share(sum(1 for o in scoped if o.rank is not None and o.rank <= k)) for k in sorted(set(ks))
        },
        mrr=round(sum(1 / o.rank for o in scoped if o.rank) / n, 4) if n else 0.0,
        reply_hit=share(sum(o.reply_hit for o in scoped)),
        false_refusals=share(sum(not o.answered for o in scoped)),
    )


@dataclass(frozen=True)
class Suggestion:
    """The decline threshold that serves this question set best, and what it would give."""

    threshold: float | None
    oos_declined: int = 0
    in_answered: int = 0
    false_refusals: float = 0.0  # every in-scope question declined, as the metric counts them
    costly_refusals: float = 0.0  # declined although answering would have been right: what the limit caps
    feasible: bool = True  # False when no threshold keeps costly refusals within the limit


def suggest_threshold(outcomes: Sequence[Outcome], max_false_refusals: float = 0.03) -> Suggestion:
    """Sweep the confidence of searched answers; maximise oos declined + in-scope answered.

    Only thresholds whose refusals of answerable questions (best passage right, and a decline, which shows
    the contact address, would not carry the gold) stay <= `max_false_refusals` qualify; failing that the
    fewest such refusals win. Ties go to the widest gap between neighbouring confidences: the least fragile.
    """
    searched = sorted({round(o.confidence, 6) for o in outcomes if o.answer_kind in SEARCHED})
    in_scope = [o for o in outcomes if o.kind == "in"]
    if not searched or not in_scope:
        return Suggestion(None)
    candidates = [(searched[0] - 0.01, 0.01)]
    candidates += [((a + b) / 2, (b - a) / 2) for a, b in itertools.pairwise(searched)]
    candidates.append((searched[-1] + 0.01, 0.01))
    best: tuple[tuple[float, ...], Suggestion] | None = None
    for threshold, gap in candidates:
        answered = [o.answer_kind in SEARCHED and o.confidence >= threshold for o in outcomes]
        declined_oos = sum(1 for o, a in zip(outcomes, answered, strict=True) if o.kind == "oos" and not a)
        answered_in = sum(1 for o, a in zip(outcomes, answered, strict=True) if o.kind == "in" and a)
        refused = [o.answerable and not a for o, a in zip(outcomes, answered, strict=True)]
        costly = sum(refused) / len(in_scope)
        feasible = costly <= max_false_refusals + 1e-9
        key = (float(feasible), -costly if not feasible else 0.0, declined_oos + answered_in, gap)
        refusals = 1 - answered_in / len(in_scope)
        suggestion = Suggestion(
            round(threshold, 4), declined_oos, answered_in, round(refusals, 4), round(costly, 4), feasible
        )
        if best is None or key > best[0]:
            best = (key, suggestion)
    assert best is not None  # candidates is never empty
    return best[1]


@dataclass(frozen=True)
class Declines:
    """Out-of-scope declines, near-domain and far apart: a near-domain decline counts only when the reply
    hands over (says the material does not cover it, gives https://www.eppermed.eu/ and the contact)."""

    near_questions: int
    near_declined: float | None
    far_questions: int
    far_declined: float | None

    def lines(self) -> list[str]:
        rows = []
        if self.near_questions:
            rows.append(
                f"near-domain: {self.near_questions} questions, declined with eppermed.eu and the contact "
                f"{self.near_declined:.2f}"
            )
        if self.far_questions:
            rows.append(f"far out of scope: {self.far_questions} questions, declined {self.far_declined:.2f}")
        return rows


def declines(outcomes: Sequence[Outcome]) -> Declines:
    near = [o for o in outcomes if o.kind == "oos" and o.near]
    far = [o for o in outcomes if o.kind == "oos" and not o.near]

    def share(items: list[Outcome], ok: Callable[[Outcome], bool]) -> float | None:
        return round(sum(ok(o) for o in items) / len(items), 4) if items else None

    return Declines(
        len(near),
        share(near, lambda o: not o.answered and o.handed_over),
        len(far),
        share(far, lambda o: not o.answered),
    )


@dataclass(frozen=True)
class Report:
    """Everything `eval` prints: overall and per-language metrics, declines and the suggested threshold."""

    k: int
    overall: Metrics
    by_language: dict[str, Metrics]
    oos_questions: int
    oos_declined: float | None
    min_confidence: float
    suggestion: Suggestion
    outcomes: list[Outcome] = field(default_factory=list)
    min_confidence_foreign: float | None = None
    suggestion_foreign: Suggestion = field(default_factory=lambda: Suggestion(None))
    declines: Declines = field(default_factory=lambda: Declines(0, None, 0, None))

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["outcomes"] = [asdict(o) for o in self.outcomes]
        return data

    def lines(self) -> list[str]:
        ks = sorted(self.overall.hit_at)
        head = "  ".join(f"hit@{k:<3}" for k in ks)
        rows = [f"{'lang':<8}{'n':>4}  {head}  mrr    reply  refused"]
        for name, m in [*sorted(self.by_language.items()), ("all", self.overall)]:
            hits = "  ".join(f"{m.hit_at[k]:<7.2f}" for k in ks)
            rates = f"{m.mrr:<5.2f}  {m.reply_hit:<5.2f}  {m.false_refusals:.2f}"
            rows.append(f"{name:<8}{m.questions:>4}  {hits}  {rates}")
        declined = "n/a" if self.oos_declined is None else f"{self.oos_declined:.2f}"
        rows.append(f"out of scope: {self.oos_questions} questions, declined {declined}")
        rows.extend(self.declines.lines())
        foreign = (
            ""
            if self.min_confidence_foreign is None
            else f", other languages {self.min_confidence_foreign:.4f}"
        )
        rows.append(f"decline threshold in use: English {self.min_confidence:.4f}{foreign}")
        for label, s in (("English", self.suggestion), ("other languages", self.suggestion_foreign)):
            if s.threshold is None:
                rows.append(f"suggested threshold, {label}: none (needs searched in-scope answers)")
                continue
            note = "" if s.feasible else " (no threshold keeps costly refusals within the limit)"
            rows.append(
                f"suggested threshold, {label}: {s.threshold:.4f} -> {s.oos_declined} out-of-scope declined, "
                f"{s.in_answered} in-scope answered, false refusals {s.false_refusals:.2f} "
                f"(of answerable questions {s.costly_refusals:.2f}){note}"
            )
        return rows


def report(
    outcomes: Sequence[Outcome],
    *,
    k: int,
    min_confidence: float,
    max_false_refusals: float = 0.03,
    min_confidence_foreign: float | None = None,
) -> Report:
    """Aggregate outcomes: in-scope metrics overall and per language, declines, threshold suggestion."""
    ks = [1, 3, k]
    languages = sorted({o.lang for o in outcomes if o.kind == "in"})
    oos = [o for o in outcomes if o.kind == "oos"]
    return Report(
        k=k,
        overall=metrics(outcomes, ks),
        by_language={lang: metrics([o for o in outcomes if o.lang == lang], ks) for lang in languages},
        oos_questions=len(oos),
        oos_declined=round(sum(not o.answered for o in oos) / len(oos), 4) if oos else None,
        min_confidence=min_confidence,
        suggestion=suggest_threshold([o for o in outcomes if not o.foreign], max_false_refusals),
        outcomes=list(outcomes),
        min_confidence_foreign=min_confidence_foreign,
        suggestion_foreign=suggest_threshold([o for o in outcomes if o.foreign], max_false_refusals),
        declines=declines(outcomes),
    )


def evaluate(
    index: PublishedIndex,
    embedder: Embedder,
    questions: Sequence[Question],
    *,
    multilingual: Embedder | None = None,
    k: int = DEFAULT_K,
    min_confidence: float | None = None,
    min_confidence_foreign: float | None = None,
    max_false_refusals: float = 0.03,
    known_gaps: Sequence[KnownGap] = (),
    health_examples: Sequence[HealthExamples] = (),
    glossary: Sequence[GlossaryEntry] = (),
) -> Report:
    """Answer every question with the bot's own Answerer over `index`, then score."""
    answerer = Answerer.for_index(
        index,
        embedder,
        multilingual=multilingual,
        min_confidence=min_confidence,
        min_confidence_foreign=min_confidence_foreign,
        known_gaps=known_gaps,
        health_examples=health_examples,
        glossary=glossary,
    )
    answers = answerer.answer_many([q.q for q in questions], k=max(k, 5))
    outcomes = [score(q, a) for q, a in zip(questions, answers, strict=True)]
    return report(
        outcomes,
        k=k,
        min_confidence=answerer.min_confidence,
        max_false_refusals=max_false_refusals,
        min_confidence_foreign=answerer.min_confidence_foreign,
    )
