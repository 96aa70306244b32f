"""The state database: counters, one vote per user and answer, retention of kept questions, durability."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import pytest

from bot.exceptions import StateError
from bot.storage import DayCounts, StateStore, Stats


def test_counts_questions_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state" / "bot.sqlite3"
    store = StateStore(path)
    store.count_question(answered=True)
    store.count_question(answered=False)
    store.count_question(answered=True)
    store.close()

    reopened = StateStore(path)
    assert reopened.stats() == Stats(questions=3, answered=2, declined=1)


def test_first_vote_counts_and_a_second_press_is_refused(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")

    def vote(value: Literal["up", "down"]) -> bool:
        return store.record_feedback(chat_id=1, message_id=10, user_id=7, vote=value, answer_ref="abcd1234")

    assert vote("up") is True
    assert vote("up") is False
    assert vote("down") is False
    assert store.record_feedback(vote="down", chat_id=1, message_id=10, user_id=8, answer_ref="x") is True
    stats = store.stats()
    assert (stats.feedback_up, stats.feedback_down) == (1, 1)


def test_concurrent_writes_lose_nothing(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")

    def work(i: int) -> None:
        store.count_question(answered=i % 2 == 0)
        store.record_feedback(chat_id=i, message_id=1, user_id=i, vote="up", answer_ref="r")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, range(400)))
    assert store.stats() == Stats(questions=400, answered=200, declined=200, feedback_up=400)


def test_wal_mode_is_on(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    StateStore(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_no_question_text_is_kept_by_default(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    assert store.keep_question("what is the weather?", language="en") is False
    assert store.unanswered() == []
    raw = (tmp_path / "s.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("s.db-*"))
    assert b"weather" not in raw


def test_kept_questions_expire_after_the_retention_limit(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db", keep_unanswered=True, retention_days=30)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert store.keep_question("old one", language="de", now=now - timedelta(days=40))
    assert store.keep_question("recent one", language=None, now=now - timedelta(days=3))
    # writing purges on the way: the 40-day-old question is gone
    assert [(lang, q) for _, lang, q in store.unanswered()] == [(None, "recent one")]
    assert store.stats().unanswered_kept == 1
    assert store.purge_unanswered(now=now) == 0
    assert store.purge_unanswered(now=now + timedelta(days=28)) == 1
    assert store.unanswered() == []


def test_turning_keeping_off_purges_what_was_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    keeping = StateStore(path, keep_unanswered=True)
    keeping.keep_question("a question", language="en")
    keeping.close()
    store = StateStore(path, keep_unanswered=False)
    assert store.purge_unanswered() == 1
    assert store.unanswered() == []


def test_unwritable_location_fails_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StateError, match="cannot open the state database"):
        StateStore(blocker / "state.db")


def test_daily_counts_split_outcomes_and_votes_by_utc_day(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    monday = datetime(2026, 6, 1, 23, 59, tzinfo=UTC)
    store.count_question(answered=True, now=monday)
    store.count_question(answered=False, now=monday)
    store.count_question(answered=False, medical=True, now=monday)
    store.count_question(answered=True, now=monday + timedelta(minutes=2))  # Tuesday in UTC
    store.record_feedback(chat_id=1, message_id=1, user_id=1, vote="down", answer_ref="r")
    # the totals keep their meaning: a medical decline is a decline
    assert store.stats() == Stats(questions=4, answered=2, declined=2, feedback_down=1)
    days = store.daily(days=3, today=monday.date() + timedelta(days=1))
    assert [d.day.isoformat() for d in days] == ["2026-05-31", "2026-06-01", "2026-06-02"]
    assert days[0] == DayCounts(days[0].day)  # a day without use is there, as zeros
    assert (days[1].answered, days[1].declined, days[1].medical, days[1].questions) == (1, 1, 1, 3)
    assert (days[2].answered, days[2].questions) == (1, 1)
    today = store.daily(days=1)
    assert today[0].feedback_down == 1  # votes land on the day they were given


def test_daily_counts_leave_out_days_outside_the_window(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    today = datetime(2026, 6, 30, 12, tzinfo=UTC)
    store.count_question(answered=True, now=today - timedelta(days=30))  # 31 days ago, counting today
    store.count_question(answered=True, now=today - timedelta(days=29))
    days = store.daily(days=30, today=today.date())
    assert len(days) == 30
    assert sum(d.questions for d in days) == 1


def test_a_locked_database_fails_fast_with_a_state_error(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db", busy_timeout=0.05)
    other = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StateError, match="locked"):
            store.count_question(answered=True)
        with pytest.raises(StateError, match="locked"):
            store.record_feedback(chat_id=1, message_id=2, user_id=3, vote="up", answer_ref="x")
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.count_question(answered=True)  # released: writes work again
    assert store.stats().questions == 1


def test_votes_and_their_user_ids_expire_after_the_retention_limit(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db", feedback_retention_days=90)
    store.record_feedback(chat_id=1, message_id=2, user_id=3, vote="up", answer_ref="x")
    now = datetime.now(UTC)
    assert store.purge_feedback(now=now + timedelta(days=89)) == 0
    assert store.purge_feedback(now=now + timedelta(days=91)) == 1
    assert store._db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 0
    assert store.stats().feedback_up == 1  # the count stays; only who voted is forgotten
