"""/stats with its chart and /gaps, in the handlers: what an admin gets, also when a part fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot import handlers as handlers_module
from bot.batching import AnswerThread
from bot.handlers import Handlers
from bot.storage import StateStore
from tests.unit.test_handlers_flow import ADMIN, Ctx, FakeRouter, RecordingBot, message_update


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    return StateStore(tmp_path / "state.sqlite3")


async def test_stats_sends_the_figures_then_the_chart(store: StateStore) -> None:
    bot = RecordingBot()
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset({ADMIN.id}), worker=AnswerThread())
    await handlers.on_message(message_update(bot, "/stats", ADMIN), Ctx(bot))  # type: ignore[arg-type]
    assert [name for name, _ in bot.calls] == ["send_message", "send_photo"]
    [photo] = bot.sent("send_photo")
    assert photo["photo"].startswith(b"\x89PNG")
    assert photo["caption"].startswith("Questions per day, last 30 days")


async def test_a_failing_chart_leaves_the_figures(store: StateStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_days: object) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(handlers_module, "render_usage_chart", broken)
    bot = RecordingBot()
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset({ADMIN.id}), worker=AnswerThread())
    await handlers.on_message(message_update(bot, "/stats", ADMIN), Ctx(bot))  # type: ignore[arg-type]
    assert [name for name, _ in bot.calls] == ["send_message"]
    assert "Questions: 0" in bot.sent("send_message")[0]["text"]


async def test_a_failing_gaps_report_is_said_politely(store: StateStore) -> None:
    async def gaps() -> str:
        raise RuntimeError("database is locked <now>")

    bot = RecordingBot()
    handlers = Handlers(
        FakeRouter(), store, admin_user_ids=frozenset({ADMIN.id}), worker=AnswerThread(), gaps=gaps
    )
    await handlers.on_message(message_update(bot, "/gaps", ADMIN), Ctx(bot))  # type: ignore[arg-type]
    [reply] = bot.sent("send_message")
    assert reply["text"] == "The gaps report could not be made: database is locked &lt;now&gt;"


async def test_stats_from_a_locked_database_gets_a_reply(
    store: StateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked() -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "stats", locked)
    bot = RecordingBot()
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset({ADMIN.id}), worker=AnswerThread())
    await handlers.on_message(message_update(bot, "/stats", ADMIN), Ctx(bot))  # type: ignore[arg-type]
    [reply] = bot.sent("send_message")
    assert "could not be read" in reply["text"]
    assert "database is locked" in reply["text"]
