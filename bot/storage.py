"""Durable counters and feedback in SQLite (STATE_DB): survive restarts, safe under concurrent updates.

One connection in WAL mode behind a lock; the async handlers call it through `asyncio.to_thread`.
No message text is stored, except unanswered questions when KEEP_UNANSWERED_QUESTIONS is on. Votes keep
the voter's id (one vote per user and answer) for FEEDBACK_RETENTION_DAYS. A busy database (a backup, an
sqlite3 shell holding a lock) is waited for `busy_timeout` seconds, then the write fails with StateError;
the handlers treat counts and votes as best effort.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

from bot.exceptions import StateError

Vote = Literal["up", "down"]
OPEN_TIMEOUT_SECONDS = 10.0
COUNTERS = ("questions", "answered", "declined", "feedback_up", "feedback_down")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS feedback (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    answer_ref TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id, user_id)
);
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at TEXT NOT NULL,
    language TEXT,
    question TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_asked_at ON unanswered (asked_at);
CREATE TABLE IF NOT EXISTS daily (
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, name)
);
CREATE INDEX IF NOT EXISTS feedback_created_at ON feedback (created_at);
"""
# Per-day counters (UTC days) behind the usage chart: no text, five numbers a day, kept like the totals.
DAILY = ("answered", "declined", "medical", "feedback_up", "feedback_down")
_BUMP_DAY = (
    "INSERT INTO daily (day, name, value) VALUES (?, ?, 1) "
    "ON CONFLICT (day, name) DO UPDATE SET value = value + 1"
)


@dataclass(frozen=True, slots=True)
class Stats:
    """The counters /stats shows."""

    questions: int = 0
    answered: int = 0
    declined: int = 0
    feedback_up: int = 0
    feedback_down: int = 0
    unanswered_kept: int = 0


@dataclass(frozen=True, slots=True)
class DayCounts:
    """One UTC day of use, for the chart: questions by outcome (declined excludes medical) and votes."""

    day: date
    answered: int = 0
    declined: int = 0
    medical: int = 0
    feedback_up: int = 0
    feedback_down: int = 0

    @property
    def questions(self) -> int:
        return self.answered + self.declined + self.medical


def _now() -> datetime:
    return datetime.now(UTC)


class StateStore:
    """Counters, one vote per user and answer, and (opt-in) unanswered questions with a retention limit."""

    def __init__(
        self,
        path: Path,
        *,
        keep_unanswered: bool = False,
        retention_days: int = 30,
        feedback_retention_days: int = 90,
        busy_timeout: float = 0.5,
    ) -> None:
        self.path = path
        self.keep_unanswered = keep_unanswered
        self.retention = timedelta(days=retention_days)
        self.feedback_retention = timedelta(days=feedback_retention_days)
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Opening may wait longer (a backup finishing); every write after it waits `busy_timeout`.
            self._db = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=OPEN_TIMEOUT_SECONDS
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.executemany(
                "INSERT OR IGNORE INTO counters (name, value) VALUES (?, 0)", [(n,) for n in COUNTERS]
            )
            self._db.execute(f"PRAGMA busy_timeout = {round(busy_timeout * 1000)}")
        except (sqlite3.Error, OSError) as exc:
            raise StateError(f"cannot open the state database {path}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        try:
            with self._lock:
                return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise StateError(f"cannot write the state database {self.path}: {exc}") from exc

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Several writes as one (all or none) under the lock; a busy or failing database is a StateError."""
        try:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise StateError(f"cannot write the state database {self.path}: {exc}") from exc

    def count_question(self, *, answered: bool, medical: bool = False, now: datetime | None = None) -> None:
        """One question asked and its outcome (a medical decline counts as declined in the totals and
        apart in the day's counts), totals and day in one transaction."""
        outcome = "answered" if answered else "declined"
        day_outcome = "medical" if medical and not answered else outcome
        day = (now or _now()).date().isoformat()
        with self._transaction() as db:
            db.execute("UPDATE counters SET value = value + 1 WHERE name IN ('questions', ?)", (outcome,))
            db.execute(_BUMP_DAY, (day, day_outcome))

    def record_feedback(
        self, *, chat_id: int, message_id: int, user_id: int, vote: Vote, answer_ref: str
    ) -> bool:
        """Keep the first vote of a user on an answer; False when that user already voted on it."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO feedback VALUES (?, ?, ?, ?, ?, ?)",
                (chat_id, message_id, user_id, vote, answer_ref, _now().isoformat()),
            )
            new = cursor.rowcount == 1
            if new:
                db.execute("UPDATE counters SET value = value + 1 WHERE name = ?", (f"feedback_{vote}",))
                db.execute(_BUMP_DAY, (_now().date().isoformat(), f"feedback_{vote}"))
        return new

    def keep_question(self, question: str, *, language: str | None, now: datetime | None = None) -> bool:
        """Store an unanswered question when the operator opted in; purge expired ones on the way."""
        if not self.keep_unanswered:
            return False
        moment = now or _now()
        self.purge_unanswered(now=moment)
        self._write(
            "INSERT INTO unanswered (asked_at, language, question) VALUES (?, ?, ?)",
            (moment.isoformat(), language, question),
        )
        return True

    def purge_unanswered(self, *, now: datetime | None = None) -> int:
        """Delete unanswered questions older than the retention limit (all of them when keeping is off)."""
        if not self.keep_unanswered:
            return self._write("DELETE FROM unanswered").rowcount
        cutoff = (now or _now()) - self.retention
        return self._write("DELETE FROM unanswered WHERE asked_at < ?", (cutoff.isoformat(),)).rowcount

    def purge_feedback(self, *, now: datetime | None = None) -> int:
        """Delete votes (and the user ids they keep) older than the retention limit; counters stay."""
        cutoff = (now or _now()) - self.feedback_retention
        return self._write("DELETE FROM feedback WHERE created_at < ?", (cutoff.isoformat(),)).rowcount

    def unanswered(self) -> list[tuple[str, str | None, str]]:
        """Kept questions as (asked_at, language, question), oldest first, for maintainers."""
        with self._lock:
            rows = self._db.execute(
                "SELECT asked_at, language, question FROM unanswered ORDER BY id"
            ).fetchall()
        return [(str(a), None if lang is None else str(lang), str(q)) for a, lang, q in rows]

    def stats(self) -> Stats:
        with self._lock:
            values = dict(self._db.execute("SELECT name, value FROM counters").fetchall())
            kept = self._db.execute("SELECT COUNT(*) FROM unanswered").fetchone()[0]
        return Stats(**{n: int(values.get(n, 0)) for n in COUNTERS}, unanswered_kept=int(kept))

    def daily(self, *, days: int = 30, today: date | None = None) -> list[DayCounts]:
        """The last `days` UTC days up to `today`, oldest first, days without use included as zeros."""
        last = today or _now().date()
        first = last - timedelta(days=days - 1)
        with self._lock:
            rows = self._db.execute(
                "SELECT day, name, value FROM daily WHERE day BETWEEN ? AND ?",
                (first.isoformat(), last.isoformat()),
            ).fetchall()
        found: dict[str, dict[str, int]] = {}
        for day, name, value in rows:
            if name in DAILY:
                found.setdefault(str(day), {})[str(name)] = int(value)
        return [
            DayCounts(first + timedelta(days=i), **found.get((first + timedelta(days=i)).isoformat(), {}))
            for i in range(days)
        ]
