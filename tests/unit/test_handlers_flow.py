"""Handlers against a fake router and a recording bot: what is sent, counted and stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import CallbackQuery, Chat, InlineQuery, Message, Update, User

from bot.batching import AnswerThread
from bot.handlers import Handlers
from bot.i18n import t
from bot.index_watch import ReloadResult
from bot.router import Button, CallbackReply, InlineResult, Reply
from bot.storage import StateStore

BOT = User(id=4242, is_bot=True, first_name="EP PerMed", username="EpPermedBot")
ALICE = User(id=7, is_bot=False, first_name="Alice", language_code="fr")
ADMIN = User(id=1, is_bot=False, first_name="Admin")
PRIVATE = Chat(id=7, type="private")


class RecordingBot:
    """Stands in for ExtBot: every API method records its arguments and succeeds."""

    username = "EpPermedBot"
    id = BOT.id
    defaults = None

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        async def method(*args: Any, **kwargs: Any) -> bool:
            self.calls.append((name, {"args": args, **kwargs}))
            return True

        return method

    def sent(self, name: str) -> list[dict[str, Any]]:
        return [kw for n, kw in self.calls if n == name]


@dataclass
class FakeRouter:
    """Answers everything but "weather", which it declines; records the languages it was given."""

    languages: list[str | None] = field(default_factory=list)
    fail: bool = False

    def reply(self, text: str, *, language: str | None = None, conversation: object = None) -> Reply:
        self.languages.append(language)
        if self.fail:
            raise RuntimeError("index gone")
        if text.startswith("/"):
            return Reply(html=f"<b>{text[1:]}</b>", answered=True, kind="command")
        if "weather" in text:
            return Reply(html="I have no answer; write to eppermed@dlr.de", answered=False, kind="not_found")
        buttons = (
            (Button("👍", "fb:+:abcd1234"), Button("👎", "fb:-:abcd1234")),
            (Button("More", "more:ab"),),
        )
        return Reply(html="EP PerMed is a partnership.", answered=True, buttons=buttons)

    def replies(self, texts: Sequence[str], *, language: str | None = None) -> list[Reply]:
        return [self.reply(t, language=language) for t in texts]

    def callback(self, data: str, *, language: str | None = None) -> CallbackReply:
        if data.startswith("fb:"):
            return CallbackReply(toast="Thanks!", feedback="+" if data[3] == "+" else "-", chunk_ref=data[5:])
        if data.startswith("more:"):
            return CallbackReply(toast="", reply=Reply(html="More sources", answered=True))
        raise ValueError("unknown callback data")

    def inline(self, query: str, *, language: str | None = None) -> list[InlineResult]:
        return [
            InlineResult(id=f"r{i}", title=f"T{i}", description="d", html=f"<i>{i}</i>") for i in range(60)
        ]


@dataclass
class Ctx:
    bot: RecordingBot
    error: BaseException | None = None


@pytest.fixture
def bot() -> RecordingBot:
    return RecordingBot()


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    return StateStore(tmp_path / "state.db", keep_unanswered=True)


def message_update(bot: RecordingBot, text: str | None, user: User = ALICE, **kwargs: Any) -> Update:
    message = Message(1, datetime.now(UTC), PRIVATE, from_user=user, text=text, **kwargs)
    message.set_bot(bot)  # type: ignore[arg-type]
    return Update(1, message=message)


def callback_update(bot: RecordingBot, data: str, user: User = ALICE, message_id: int = 50) -> Update:
    origin = Message(message_id, datetime.now(UTC), PRIVATE, from_user=BOT, text="EP PerMed is...")
    query = CallbackQuery("q1", user, chat_instance="ci", message=origin, data=data)
    query.set_bot(bot)  # type: ignore[arg-type]
    return Update(2, callback_query=query)


async def test_question_is_answered_with_buttons_and_counted(bot: RecordingBot, store: StateStore) -> None:
    router = FakeRouter()
    handlers = Handlers(router, store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_message(message_update(bot, "What is EP PerMed?"), Ctx(bot))  # type: ignore[arg-type]
    [sent] = bot.sent("send_message")
    assert sent["text"] == "EP PerMed is a partnership."
    assert sent["parse_mode"] == "HTML"
    assert [b.callback_data for b in sent["reply_markup"].inline_keyboard[0]] == [
        "fb:+:abcd1234",
        "fb:-:abcd1234",
    ]
    assert router.languages == ["fr"]
    assert (store.stats().questions, store.stats().answered) == (1, 1)


async def test_declined_question_is_counted_and_kept_when_opted_in(
    bot: RecordingBot, store: StateStore
) -> None:
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_message(message_update(bot, "what's the weather?"), Ctx(bot))  # type: ignore[arg-type]
    assert store.stats().declined == 1
    assert [q for _, _, q in store.unanswered()] == ["what's the weather?"]


async def test_commands_are_not_counted_as_questions(bot: RecordingBot, store: StateStore) -> None:
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_message(message_update(bot, "/timeline"), Ctx(bot))  # type: ignore[arg-type]
    assert bot.sent("send_message")[0]["text"] == "<b>timeline</b>"
    assert store.stats().questions == 0


async def test_router_failure_gets_a_short_apology(bot: RecordingBot, store: StateStore) -> None:
    handlers = Handlers(FakeRouter(fail=True), store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_message(message_update(bot, "What is EP PerMed?"), Ctx(bot))  # type: ignore[arg-type]
    assert bot.sent("send_message")[0]["text"] == t("error", "fr", email="eppermed@dlr.de")


async def test_admin_commands_are_refused_to_others(bot: RecordingBot, store: StateStore) -> None:
    reloads: list[bool] = []

    async def reload() -> ReloadResult:
        reloads.append(True)
        return ReloadResult("reloaded", "index reloaded")

    handlers = Handlers(
        FakeRouter(), store, admin_user_ids=frozenset({ADMIN.id}), worker=AnswerThread(), reload=reload
    )
    await handlers.on_message(message_update(bot, "/reload"), Ctx(bot))  # type: ignore[arg-type]
    await handlers.on_message(message_update(bot, "/stats"), Ctx(bot))  # type: ignore[arg-type]
    assert [m["text"] for m in bot.sent("send_message")] == [t("admin_only", "fr")] * 2
    assert reloads == []

    await handlers.on_message(message_update(bot, "/reload", ADMIN), Ctx(bot))  # type: ignore[arg-type]
    await handlers.on_message(message_update(bot, "/stats", ADMIN), Ctx(bot))  # type: ignore[arg-type]
    texts = [m["text"] for m in bot.sent("send_message")[2:]]
    assert reloads == [True]
    assert texts[0] == "Reload: reloaded. index reloaded"
    assert "Questions: 0" in texts[1]


async def test_feedback_counts_once_and_a_second_press_is_thanked(
    bot: RecordingBot, store: StateStore
) -> None:
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_callback(callback_update(bot, "fb:+:abcd1234"), Ctx(bot))  # type: ignore[arg-type]
    await handlers.on_callback(callback_update(bot, "fb:-:abcd1234"), Ctx(bot))  # type: ignore[arg-type]
    answers = bot.sent("answer_callback_query")
    assert [a["text"] for a in answers] == ["Thanks!", t("feedback_already", "fr")]
    assert (store.stats().feedback_up, store.stats().feedback_down) == (1, 0)


async def test_more_sources_is_sent_once_per_message(bot: RecordingBot, store: StateStore) -> None:
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_callback(callback_update(bot, "more:ab"), Ctx(bot))  # type: ignore[arg-type]
    await handlers.on_callback(callback_update(bot, "more:ab"), Ctx(bot))  # type: ignore[arg-type]
    assert [m["args"][1] for m in bot.sent("send_message")] == ["More sources"]
    assert [a["text"] for a in bot.sent("answer_callback_query")] == [None, t("more_already_shown", "fr")]


async def test_unknown_callback_data_is_still_answered(bot: RecordingBot, store: StateStore) -> None:
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_callback(callback_update(bot, "zz:old"), Ctx(bot))  # type: ignore[arg-type]
    assert [a["text"] for a in bot.sent("answer_callback_query")] == [t("callback_unknown", "fr")]


async def test_inline_results_are_capped_and_cached_briefly(bot: RecordingBot, store: StateStore) -> None:
    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread())
    query = InlineQuery("iq", ALICE, "what is ep permed", "")
    query.set_bot(bot)  # type: ignore[arg-type]
    await handlers.on_inline(Update(3, inline_query=query), Ctx(bot))  # type: ignore[arg-type]
    [answer] = bot.sent("answer_inline_query")
    assert len(answer["results"]) == 50
    assert answer["cache_time"] <= 30
    assert answer["results"][0].input_message_content.parse_mode == "HTML"


async def test_media_gets_a_short_reply(bot: RecordingBot, store: StateStore) -> None:
    from telegram import Location

    handlers = Handlers(FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread())
    await handlers.on_message(message_update(bot, None, location=Location(1.0, 2.0)), Ctx(bot))  # type: ignore[arg-type]
    assert [m["text"] for m in bot.sent("send_message")] == [t("media_only", "fr")]


@pytest.mark.parametrize("key", ["media_only", "admin_only", "feedback_already", "more_already_shown"])
def test_handler_sentences_come_from_the_catalogue_in_every_language(key: str) -> None:
    english = t(key, "en")
    for language in ("de", "fr", "es", "it"):
        assert t(key, language) != english


async def test_a_failed_inline_query_is_not_cached(bot: RecordingBot, store: StateStore) -> None:
    from bot.router import InlineResult
    from knowledge.exceptions import EmbedderError

    asked: list[str] = []

    async def ask_inline(text: str, language: str | None) -> list[InlineResult]:
        asked.append(text)
        if len(asked) == 1:
            raise EmbedderError("the model failed")
        return [InlineResult("r1", "EP PerMed", "an answer", "<b>an answer</b>")]

    handlers = Handlers(
        FakeRouter(), store, admin_user_ids=frozenset(), worker=AnswerThread(), ask_inline=ask_inline
    )
    for _ in range(2):
        query = InlineQuery("iq", ALICE, "what is ep permed", "")
        query.set_bot(bot)  # type: ignore[arg-type]
        await handlers.on_inline(Update(3, inline_query=query), Ctx(bot))  # type: ignore[arg-type]
    assert len(asked) == 2  # the failure was not cached: the same query was asked again
    assert [len(a["results"]) for a in bot.sent("answer_inline_query")] == [0, 1]
