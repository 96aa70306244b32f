"""The gaps report: questions the bot declined and passages voted 👎, grouped by topic with the embedder.

It lives in `knowledge` because two sides show it, the bot (`/gaps`) and the builder (`eppermed-index
gaps`), and the arrows (`bot -> knowledge <- index_builder`) leave this package as the one both may import.
It only *reads* the bot's state database, opened read-only; the schema belongs to `bot/storage.py`, and a
test writes with the real store and reads here, so the two cannot drift apart unnoticed.
Nothing is shown when keeping unanswered questions is off, and nothing older than the retention limit.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.embedding import Embedder, Vectors
from knowledge.exceptions import StateUnreadable
from knowledge.models import Chunk

# Average-linkage cosine similarity above which items share a topic. With the packaged MiniLM, nine made-up
# questions on four topics (dates of calls, funding, eligibility, the coordinator) fell into those topics at
# 0.4 (eligibility split in two); at 0.5 the funding and call topics split too.
MIN_SIMILARITY = 0.4
MAX_EXAMPLES = 3
# Every question here is about EP PerMed: its name says nothing about the topic, and left in, it pulls
# unrelated questions together ("deadline of the EP PerMed call" ~ "coordinator of EP PerMed": 0.67).
_NAME = re.compile(
    r"\b(the\s+)?(european\s+partnership\s+for\s+personali[sz]ed\s+medicine|ep\s*permed|partnership)\b",
    re.IGNORECASE,
)
OFF_MESSAGE = (
    "Unanswered questions are not kept (KEEP_UNANSWERED_QUESTIONS is off), so there is no gaps report. "
    "Set KEEP_UNANSWERED_QUESTIONS=true to keep declined questions for UNANSWERED_RETENTION_DAYS days."
)


@dataclass(frozen=True, slots=True)
class DeclinedQuestion:
    """A question the bot found no answer to, as kept in the state database."""

    asked_at: datetime
    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class DownVote:
    """One 👎 on a passage; `ref` is the passage's chunk id (or a short reference to a passage since gone)."""

    voted_at: datetime
    ref: str


@dataclass(frozen=True, slots=True)
class StateRecords:
    """What the report is made of, already limited to the retention window."""

    questions: tuple[DeclinedQuestion, ...] = ()
    down_votes: tuple[DownVote, ...] = ()


@dataclass(frozen=True, slots=True)
class VotedPassage:
    """A passage voted down: where it comes from and how many 👎 it got."""

    ref: str
    title: str
    heading: str
    votes: int


@dataclass(frozen=True, slots=True)
class GapGroup:
    """One topic: the question (or passage) nearest its centre, counts, examples, passages, dates."""

    topic: str
    questions: int
    down_votes: int
    examples: tuple[str, ...]
    passages: tuple[VotedPassage, ...]
    first: date
    last: date

    @property
    def size(self) -> int:
        return self.questions + self.down_votes


@dataclass(frozen=True)
class GapsReport:
    """The whole report; `enabled` is False when questions are not kept, and then it holds nothing."""

    enabled: bool
    retention_days: int
    groups: tuple[GapGroup, ...] = field(default=())

    @property
    def questions(self) -> int:
        return sum(g.questions for g in self.groups)

    @property
    def down_votes(self) -> int:
        return sum(g.down_votes for g in self.groups)

    def period(self) -> tuple[date, date] | None:
        if not self.groups:
            return None
        return min(g.first for g in self.groups), max(g.last for g in self.groups)

    def headline(self) -> str:
        if not self.enabled:
            return OFF_MESSAGE
        span = self.period()
        if span is None:
            return f"No declined questions and no 👎 in the last {self.retention_days} days."
        return (
            f"{_count(self.questions, 'declined question')} and {self.down_votes} 👎 in "
            f"{_count(len(self.groups), 'topic')}, "
            f"{span[0].isoformat()} to {span[1].isoformat()} (kept {self.retention_days} days)"
        )

    def lines(self) -> list[str]:
        """The report as plain text lines, largest group first."""
        out = [self.headline()]
        for number, group in enumerate(self.groups, 1):
            out.append("")
            out.append(f"{number}. {group.topic}")
            out.append(
                f"   {_count(group.questions, 'question')}, {group.down_votes} 👎, "
                f"{group.first.isoformat()} to {group.last.isoformat()}"
            )
            out += [f"   - {example}" for example in group.examples]
            out += [
                f"   👎 {p.votes}: {p.title}" + (f" / {p.heading}" if p.heading else "")
                for p in group.passages
            ]
        return out

    def as_json(self) -> dict[str, Any]:
        span = self.period()
        return {
            "enabled": self.enabled,
            "retention_days": self.retention_days,
            "message": self.headline(),
            "questions": self.questions,
            "down_votes": self.down_votes,
            "first": span[0].isoformat() if span else None,
            "last": span[1].isoformat() if span else None,
            "groups": [
                {
                    "topic": g.topic,
                    "questions": g.questions,
                    "down_votes": g.down_votes,
                    "examples": list(g.examples),
                    "passages": [
                        {"ref": p.ref, "title": p.title, "heading": p.heading, "votes": p.votes}
                        for p in g.passages
                    ],
                    "first": g.first.isoformat(),
                    "last": g.last.isoformat(),
                }
                for g in self.groups
            ],
        }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def read_state(path: Path, *, retention_days: int, now: datetime | None = None) -> StateRecords:
    """Declined questions and 👎 of the last `retention_days` days, read without writing anything."""
    if not path.is_file():
        raise StateUnreadable(f"no state database at {path} (STATE_DB): the bot has not run with it yet")
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=retention_days)).isoformat()
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            questions = db.execute(
                "SELECT asked_at, language, question FROM unanswered WHERE asked_at >= ? ORDER BY id",
                (cutoff,),
            ).fetchall()
            votes = db.execute(
                "SELECT created_at, answer_ref FROM feedback WHERE vote = 'down' AND created_at >= ? "
                "ORDER BY created_at",
                (cutoff,),
            ).fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise StateUnreadable(f"cannot read the state database {path}: {exc}") from exc
    return StateRecords(
        questions=tuple(
            DeclinedQuestion(_moment(a), str(q), None if g is None else str(g)) for a, g, q in questions
        ),
        down_votes=tuple(DownVote(_moment(v), str(ref)) for v, ref in votes),
    )


@dataclass
class _Item:
    """One thing to cluster: a declined question, or a passage with all its 👎."""

    text: str
    moments: list[datetime]
    question: str | None = None
    passage: VotedPassage | None = None


def _topic_words(question: str) -> str:
    """The question without the partnership's name, for embedding only (it is shown as asked)."""
    return " ".join(_NAME.sub(" ", question).split()) or question


def _items(records: StateRecords, chunks: Sequence[Chunk]) -> list[_Item]:
    items = [_Item(_topic_words(q.text), [q.asked_at], question=q.text) for q in records.questions]
    by_id = {chunk.chunk_id: chunk for chunk in chunks}
    votes: dict[str, list[datetime]] = {}
    for vote in records.down_votes:
        votes.setdefault(vote.ref, []).append(vote.voted_at)
    for ref, moments in votes.items():
        chunk = by_id.get(ref)
        if chunk is None:  # the passage changed or left the index since the vote
            passage = VotedPassage(ref, "(passage no longer in the index)", "", len(moments))
            items.append(_Item(ref, moments, passage=passage))
        else:
            passage = VotedPassage(ref, chunk.title, chunk.heading, len(moments))
            items.append(_Item(f"{chunk.title}. {chunk.heading}. {chunk.text}", moments, passage=passage))
    return items


def _vectors(items: Sequence[_Item], embedder: Embedder) -> Vectors:
    questions = [i for i, item in enumerate(items) if item.question is not None]
    passages = [i for i, item in enumerate(items) if item.question is None]
    vectors = np.zeros((len(items), embedder.dimension), dtype=np.float32)
    if questions:
        vectors[questions] = embedder.embed_queries([items[i].text for i in questions])
    if passages:
        vectors[passages] = embedder.embed_passages([items[i].text for i in passages])
    return vectors


def cluster(vectors: Vectors, *, min_similarity: float = MIN_SIMILARITY) -> list[int]:
    """A group label per row: average-linkage clusters of rows whose cosine similarity is above the bar."""
    if len(vectors) < 2:
        return [0] * len(vectors)
    from sklearn.cluster import AgglomerativeClustering  # imported here: a second of import time

    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - min_similarity
    )
    return [int(label) for label in model.fit_predict(vectors)]


def _group(members: list[int], items: Sequence[_Item], vectors: Vectors) -> GapGroup:
    centre = vectors[members].mean(axis=0)
    nearest = sorted(members, key=lambda i: (-float(vectors[i] @ centre), i))
    central = items[nearest[0]]
    questions = [items[i].question for i in nearest if items[i].question is not None]
    voted = [passage for i in members if (passage := items[i].passage) is not None]
    passages = sorted(voted, key=lambda p: (-p.votes, p.title))
    moments = [m for i in members for m in items[i].moments]
    topic = central.question or (central.passage.title if central.passage else central.text)
    return GapGroup(
        topic=topic,
        questions=len(questions),
        down_votes=sum(p.votes for p in passages),
        examples=tuple(dict.fromkeys(q for q in questions if q is not None))[:MAX_EXAMPLES],
        passages=tuple(passages),
        first=min(moments).date(),
        last=max(moments).date(),
    )


def gaps_report(
    records: StateRecords,
    embedder: Embedder,
    *,
    enabled: bool,
    retention_days: int,
    chunks: Sequence[Chunk] = (),
    min_similarity: float = MIN_SIMILARITY,
) -> GapsReport:
    """Group the records by topic, largest group first; an empty report when keeping questions is off."""
    if not enabled:
        return GapsReport(enabled=False, retention_days=retention_days)
    items = _items(records, chunks)
    if not items:
        return GapsReport(enabled=True, retention_days=retention_days)
    vectors = _vectors(items, embedder)
    labels = cluster(vectors, min_similarity=min_similarity)
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(label, []).append(index)
    groups = [_group(rows, items, vectors) for rows in members.values()]
    groups.sort(key=lambda g: (-g.size, -g.last.toordinal(), g.topic))
    return GapsReport(enabled=True, retention_days=retention_days, groups=tuple(groups))


def gaps_report_from_state(
    path: Path,
    embedder: Embedder,
    *,
    enabled: bool,
    retention_days: int,
    chunks: Sequence[Chunk] = (),
    now: datetime | None = None,
) -> GapsReport:
    """The report from the state database; with keeping off it does not even open the file."""
    if not enabled:
        return GapsReport(enabled=False, retention_days=retention_days)
    records = read_state(path, retention_days=retention_days, now=now)
    return gaps_report(records, embedder, enabled=True, retention_days=retention_days, chunks=chunks)
