"""The gaps report: declined questions and 👎 passages from the state database, grouped by topic."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import StateStore
from knowledge.embedding_fake import FakeEmbedder
from knowledge.exceptions import StateUnreadable
from knowledge.gaps_report import (
    OFF_MESSAGE,
    DeclinedQuestion,
    DownVote,
    StateRecords,
    cluster,
    gaps_report,
    gaps_report_from_state,
    read_state,
)
from knowledge.models import Chunk

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
CALLS = (
    "When does the joint transnational call open in 2026?",
    "When does the 2026 joint transnational call open?",
    "Joint transnational call 2026: when does it open?",
    "When does the 2026 joint transnational call close?",
)
FUNDING = ("How much funding does Germany give to EP PerMed?", "How much funding does Germany give?")


def chunk(chunk_id: str, title: str, text: str) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        doc_id=chunk_id.split("#", maxsplit=1)[0],
        title=title,
        url="https://example.org/",
        as_of="2023",
        heading="Heading",
        text=text,
        ordinal=0,
        content_hash="h",
    )


def records(*questions: str, days_ago: int = 1) -> StateRecords:
    return StateRecords(
        questions=tuple(
            DeclinedQuestion(NOW - timedelta(days=days_ago, minutes=i), q) for i, q in enumerate(questions)
        )
    )


def test_questions_on_one_topic_form_one_group_largest_first() -> None:
    report = gaps_report(records(*FUNDING, *CALLS), FakeEmbedder(), enabled=True, retention_days=30)
    sizes = [g.questions for g in report.groups]
    assert sizes == [4, 2]
    calls, funding = report.groups
    assert set(calls.examples) <= set(CALLS)
    assert len(calls.examples) == 3  # at most three examples
    assert set(funding.examples) == set(FUNDING)
    assert calls.first == (NOW - timedelta(days=1, minutes=5)).date()
    assert report.questions == 6
    text = "\n".join(report.lines())
    assert text.startswith("6 declined questions and 0 👎 in 2 topics")
    assert "4 questions, 0 👎" in text


def test_the_partnership_name_does_not_make_a_topic() -> None:
    # the same words but the name: without stripping it, these two would be nearer each other
    report = gaps_report(
        records("Who coordinates EP PerMed?", "EP PerMed deadline for proposals?"),
        FakeEmbedder(),
        enabled=True,
        retention_days=30,
    )
    assert [g.questions for g in report.groups] == [1, 1]


def test_down_voted_passages_join_the_topic_and_name_their_source() -> None:
    chunks = [
        chunk("calls#0", "Calls", "The joint transnational call 2026 opens in December and closes in March.")
    ]
    votes = (DownVote(NOW - timedelta(days=2), "calls#0"), DownVote(NOW - timedelta(days=3), "calls#0"))
    recs = StateRecords(
        questions=records(*CALLS[:2]).questions, down_votes=(*votes, DownVote(NOW, "gone-ref"))
    )
    report = gaps_report(recs, FakeEmbedder(), enabled=True, retention_days=30, chunks=chunks)
    assert report.down_votes == 3
    with_calls = next(g for g in report.groups if any(p.ref == "calls#0" for p in g.passages))
    assert with_calls.questions == 2  # the 👎 passage is grouped with the questions on the same topic
    assert with_calls.passages[0].votes == 2
    assert with_calls.passages[0].title == "Calls"
    assert with_calls.first == (NOW - timedelta(days=3)).date()
    gone = next(g for g in report.groups if any(p.ref == "gone-ref" for p in g.passages))
    assert gone.passages[0].title == "(passage no longer in the index)"
    data = json.loads(json.dumps(report.as_json()))
    assert data["down_votes"] == 3
    assert data["groups"][0]["passages"][0]["ref"] == "calls#0"


def test_nothing_is_shown_when_questions_are_not_kept(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    store.record_feedback(chat_id=1, message_id=1, user_id=1, vote="down", answer_ref="calls#0")
    store.close()
    report = gaps_report_from_state(tmp_path / "s.db", FakeEmbedder(), enabled=False, retention_days=30)
    assert report.groups == ()
    assert report.lines() == [OFF_MESSAGE]
    assert "KEEP_UNANSWERED_QUESTIONS" in OFF_MESSAGE
    assert report.as_json()["enabled"] is False
    # off means off: not even a missing database is looked at
    assert (
        gaps_report_from_state(tmp_path / "none.db", FakeEmbedder(), enabled=False, retention_days=30).groups
        == ()
    )


def test_reads_what_the_bot_store_wrote_within_the_retention_limit(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = StateStore(path, keep_unanswered=True, retention_days=30)
    store.keep_question("When does the 2026 call open?", language="en", now=NOW - timedelta(days=2))
    store.keep_question("An old question", language=None, now=NOW - timedelta(days=1))
    store.record_feedback(chat_id=1, message_id=2, user_id=3, vote="down", answer_ref="calls#0")
    store.record_feedback(chat_id=1, message_id=3, user_id=3, vote="up", answer_ref="other#0")
    # the bot is still running (its connection open) while the report reads
    with sqlite3.connect(path) as db:  # a question past the limit that was not purged yet
        db.execute(
            "INSERT INTO unanswered (asked_at, language, question) VALUES (?, ?, ?)",
            ((NOW - timedelta(days=45)).isoformat(), "en", "expired question"),
        )
    found = read_state(path, retention_days=30, now=NOW)
    assert [q.text for q in found.questions] == ["When does the 2026 call open?", "An old question"]
    assert found.questions[0].language == "en"
    assert found.questions[0].asked_at == NOW - timedelta(days=2)
    assert [v.ref for v in found.down_votes] == ["calls#0"]  # only 👎, not 👍
    assert read_state(path, retention_days=30, now=datetime.now(UTC) + timedelta(days=31)).down_votes == ()
    store.close()
    before = path.read_bytes()
    read_state(path, retention_days=30, now=NOW)
    assert path.read_bytes() == before  # read-only: the report writes nothing


def test_a_missing_or_foreign_database_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StateUnreadable, match="no state database"):
        read_state(tmp_path / "none.db", retention_days=30)
    (tmp_path / "other.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StateUnreadable, match="cannot read the state database"):
        read_state(tmp_path / "other.db", retention_days=30)


def test_clustering_is_deterministic_and_handles_one_item() -> None:
    vectors = FakeEmbedder().embed_queries(["a b c", "a b c d", "x y z"])
    assert cluster(vectors[:1]) == [0]
    first, second = cluster(vectors), cluster(vectors)
    assert first == second
    assert first[0] == first[1] != first[2]


def test_an_empty_window_says_so() -> None:
    report = gaps_report(StateRecords(), FakeEmbedder(), enabled=True, retention_days=14)
    assert report.lines() == ["No declined questions and no 👎 in the last 14 days."]
