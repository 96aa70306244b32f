"""Handlers when the state database is busy or full, inline answers per language, and the flood notice."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram import InlineQuery, Update, User

from bot.batching import AnswerThread
from bot.handlers import Handlers
from bot.i18n import t
from bot.router import InlineResult
from bot.storage import StateStore
from tests.unit.test_handlers_flow import (
    ALICE,
    Ctx,
    FakeRouter,
    RecordingBot,
    callback_update,
    message_update,
)

BOB = User(id=8, is_bot=False, first_name="Bob", language_code="de")


@pytest.fixture
def locked_store(tmp_path: Path) -> Iterator[StateStore]:
    """A store whose file another connection holds with BEGIN EXCLUSIVE (a backup, an sqlite3 shell)."""
    store = StateStore(tmp_path / "state.db", busy_timeout=0.05)
    other = sqlite3.connect(tmp_path / "state.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield store
    finally:
        other.execute("ROLLBACK")
        other.close()
        store.close()


async def test_a_question_is_answered_while_the_database_is_locked(
    locked_store: StateStore, caplog: pytest.LogCaptureFixture
) -> None:
    bot = RecordingBot()
    handlers = Handlers(FakeRouter(), locked_store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_message(message_update(bot, "What is EP PerMed?"), Ctx(bot))  # type: ignore[arg-type]
    assert [m["text"] for m in bot.sent("send_message")] == ["EP PerMed is a partnership."]
    assert "a question not recorded" in caplog.text
    assert "What is EP PerMed" not in caplog.text  # the failure is logged without the message text


async def test_a_vote_while_the_database_is_locked_still_answers_the_button(locked_store: StateStore) -> None:
    bot = RecordingBot()
    handlers = Handlers(FakeRouter(), locked_store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_callback(callback_update(bot, "fb:+:abcd1234"), Ctx(bot))  # type: ignore[arg-type]
    assert [a["text"] for a in bot.sent("answer_callback_query")] == ["Thanks!"]


async def test_a_vote_into_a_full_database_still_answers_the_button(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.db")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")
    bot = RecordingBot()
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread())
    votes = 400  # each vote a new row: the file must grow, and cannot
    for message_id in range(votes):
        update = callback_update(bot, "fb:+:abcd1234", message_id=message_id)
        await handlers.on_callback(update, Ctx(bot))  # type: ignore[arg-type]
    assert len(bot.sent("answer_callback_query")) == votes
    assert store.stats().feedback_up < votes


class CountingRouter(FakeRouter):
    """Inline results name the language they were made for; counts how often inline was asked."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_calls: list[str | None] = []

    def inline(self, query: str, *, language: str | None = None) -> list[InlineResult]:
        self.inline_calls.append(language)
        return [InlineResult(id="r1", title=f"in {language}", description="d", html=f"<i>{language}</i>")]


async def _inline(handlers: Handlers, bot: RecordingBot, user: User, text: str) -> None:
    query = InlineQuery("iq", user, text, "")
    query.set_bot(bot)  # type: ignore[arg-type]
    await handlers.on_inline(Update(3, inline_query=query), Ctx(bot))  # type: ignore[arg-type]


async def test_inline_results_are_cached_per_language_not_across_users(tmp_path: Path) -> None:
    bot, router = RecordingBot(), CountingRouter()
    handlers = Handlers(
        router, StateStore(tmp_path / "s.db"), admin_user_ids=frozenset(), worker=AnswerThread()
    )
    await _inline(handlers, bot, ALICE, "what is ep permed")
    await _inline(handlers, bot, BOB, "what is ep permed")
    await _inline(handlers, bot, ALICE, " what is  ep permed ")  # the same query for a French user: cached
    titles = [a["results"][0].title for a in bot.sent("answer_inline_query")]
    assert titles == ["in fr", "in de", "in fr"]
    assert router.inline_calls == ["fr", "de"]
    assert all(a["is_personal"] for a in bot.sent("answer_inline_query"))


async def test_inline_queries_go_through_the_ask_inline_function(tmp_path: Path) -> None:
    asked: list[tuple[str, str | None]] = []

    async def ask_inline(query: str, language: str | None) -> list[InlineResult]:
        asked.append((query, language))
        return []

    bot = RecordingBot()
    handlers = Handlers(
        FakeRouter(),
        StateStore(tmp_path / "s.db"),
        admin_user_ids=frozenset(),
        worker=AnswerThread(),
        ask_inline=ask_inline,
    )
    await _inline(handlers, bot, BOB, "infosheets")
    assert asked == [("infosheets", "de")]


async def test_the_flood_notice_is_polite_and_in_the_senders_language(tmp_path: Path) -> None:
    bot = RecordingBot()
    handlers = Handlers(
        FakeRouter(), StateStore(tmp_path / "s.db"), admin_user_ids=frozenset(), worker=AnswerThread()
    )
    await handlers.on_flood(message_update(bot, "spam", user=BOB))
    [sent] = bot.sent("send_message")
    assert sent["text"] == t("slow_down", "de")
    assert sent["chat_id"] == 7


async def test_a_failed_inline_query_is_not_cached(tmp_path: Path) -> None:
    calls: list[str] = []

    async def ask_inline(query: str, language: str | None) -> list[InlineResult]:
        calls.append(query)
        if len(calls) == 1:
            raise RuntimeError("index gone")
        return [InlineResult(id="r1", title="ok", description="d", html="<i>ok</i>")]

    bot = RecordingBot()
    store = StateStore(tmp_path / "s.db")
    handlers = Handlers(
        FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread(), ask_inline=ask_inline
    )
    await _inline(handlers, bot, BOB, "sria")
    await _inline(handlers, bot, BOB, "sria")
    assert [len(a["results"]) for a in bot.sent("answer_inline_query")] == [0, 1]
    assert calls == ["sria", "sria"]
