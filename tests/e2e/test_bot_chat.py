"""The real Application against the emulator: private chats, groups, buttons, inline mode, odd updates."""

from __future__ import annotations

from typing import Any

import pytest

from bot.i18n import t
from bot.render import Reply
from tests.e2e.bot_harness import ADMIN_ID, RunningBot
from tests.e2e.emulator import BotApiEmulator

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]
GROUP = -100_555


def refused(emu: BotApiEmulator) -> list[Any]:
    """Refusals other than flood limits (429s are waited out by the rate limiter and sent again)."""
    return [r for r in emu.refusals if r.status != 429]


def plain(html_text: str) -> str:
    """What the user reads of a message sent with parse_mode HTML."""
    return Reply(html=html_text, answered=False).text


async def reply_to(emu: BotApiEmulator, chat_id: int, count: int = 1) -> list[dict[str, Any]]:
    await emu.wait_until(lambda: len(emu.sent_messages(chat_id)) >= count)
    return emu.sent_messages(chat_id)


async def test_commands_are_registered_for_the_menu(bot: RunningBot, emulator: BotApiEmulator) -> None:
    public = [c["command"] for c in emulator.commands()]
    assert public == ["start", "help", "timeline", "infosheets", "contact", "new"]
    assert [c["command"] for c in emulator.commands(language_code="de")] == public
    admin = emulator.commands({"type": "chat", "chat_id": ADMIN_ID})
    assert [c["command"] for c in admin] == [*public, "stats", "reload", "gaps"]


async def test_private_question_gets_an_answer_with_buttons(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    emulator.push_message(101, text="When was the Pamplona workshop?")
    [sent] = await reply_to(emulator, 101)
    assert "Pamplona" in sent["text"]
    assert sent["parse_mode"] == "HTML"
    buttons = [b["callback_data"] for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert any(b.startswith("fb:+:") for b in buttons)
    assert any(b.startswith("more:") for b in buttons)
    assert refused(emulator) == []


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/start", "EP PerMed"),
        ("/timeline", "2021"),
        ("/infosheets", "InfoSheet"),
        ("/contact", "eppermed@dlr.de"),
    ],
)
async def test_commands_in_private_chat(
    bot: RunningBot, emulator: BotApiEmulator, command: str, expected: str
) -> None:
    emulator.push_message(102, text=command)
    [sent] = await reply_to(emulator, 102)
    assert expected in sent["text"]
    assert refused(emulator) == []


async def test_group_rules(bot: RunningBot, emulator: BotApiEmulator) -> None:
    emulator.push_message(GROUP, 201, "What is EP PerMed?", chat_type="supergroup")  # not for the bot
    emulator.push_message(GROUP, 201, "/timeline@EpPermedTestBot", chat_type="supergroup")
    [first] = await reply_to(emulator, GROUP)
    assert "2021" in first["text"]

    text = "@EpPermedTestBot when was the Pamplona workshop?"
    entities = [{"type": "mention", "offset": 0, "length": len("@EpPermedTestBot")}]
    emulator.push_message(GROUP, 202, text, chat_type="supergroup", entities=entities)
    second = (await reply_to(emulator, GROUP, 2))[1]
    assert "Pamplona" in second["text"]

    emulator.push_message(
        GROUP, 203, "and who can I write to about it?", chat_type="supergroup", reply_to_bot=True
    )
    await reply_to(emulator, GROUP, 3)
    emulator.push_message(GROUP, 203, "/help@SomeOtherBot", chat_type="supergroup")
    emulator.push_message(GROUP, 203, "thanks all", chat_type="supergroup")
    await emulator.wait_until(lambda: not emulator.pending_updates)
    # let the handlers of the last two updates finish, then check the bot stayed silent
    emulator.push_message(GROUP, 204, "/contact", chat_type="supergroup")
    messages = await reply_to(emulator, GROUP, 4)
    # in groups the bot quotes the message it answers: it answered exactly these four
    answered = [m["reply_to_message"]["text"] for m in messages]
    assert answered == ["/timeline@EpPermedTestBot", text, "and who can I write to about it?", "/contact"]


async def test_feedback_and_more_sources_buttons(bot: RunningBot, emulator: BotApiEmulator) -> None:
    emulator.push_message(103, text="When was the Pamplona workshop?")
    [answer] = await reply_to(emulator, 103)
    rows = answer["reply_markup"]["inline_keyboard"]
    data = {b["callback_data"][:5]: b["callback_data"] for row in rows for b in row}
    up = emulator.push_callback_query(103, 103, answer["message_id"], data["fb:+:"])
    await emulator.wait_until(lambda: emulator.query_answered(up))
    again = emulator.push_callback_query(103, 103, answer["message_id"], data["fb:-:"])
    await emulator.wait_until(lambda: emulator.query_answered(again))
    toasts = [c.params.get("text") for c in emulator.calls_to("answerCallbackQuery")]
    assert toasts[1] == t("feedback_already", "en")
    stats = bot.runtime.store.stats()
    assert (stats.feedback_up, stats.feedback_down) == (1, 0)

    more = emulator.push_callback_query(103, 103, answer["message_id"], data["more:"])
    await emulator.wait_until(lambda: emulator.query_answered(more))
    await reply_to(emulator, 103, 2)
    more_again = emulator.push_callback_query(103, 103, answer["message_id"], data["more:"])
    await emulator.wait_until(lambda: emulator.query_answered(more_again))
    assert len(emulator.sent_messages(103)) == 2
    assert refused(emulator) == []


async def test_old_or_unknown_button_is_answered_without_error(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    emulator.push_message(104, text="/start")
    [sent] = await reply_to(emulator, 104)
    stale = emulator.push_callback_query(104, 104, sent["message_id"], "more:deadbeef")
    foreign = emulator.push_callback_query(104, 104, sent["message_id"], "v1:something-else")
    await emulator.wait_until(lambda: emulator.query_answered(stale) and emulator.query_answered(foreign))
    assert refused(emulator) == []


async def test_inline_mode_offers_passages(bot: RunningBot, emulator: BotApiEmulator) -> None:
    query = emulator.push_inline_query(105, "Pamplona workshop")
    await emulator.wait_until(lambda: emulator.query_answered(query))
    [call] = emulator.calls_to("answerInlineQuery")
    results = call.params["results"]
    assert results
    assert "Pamplona" in results[0]["input_message_content"]["message_text"]
    assert int(call.params["cache_time"]) <= 30
    assert refused(emulator) == []


async def test_odd_updates_get_a_short_reply_or_silence(bot: RunningBot, emulator: BotApiEmulator) -> None:
    for kind in ("sticker", "photo", "document", "location"):
        emulator.push_message(106, kind=kind)
    media = await reply_to(emulator, 106, 4)
    assert {m["text"] for m in media} == {plain(t("media_only", "en"))}
    assert "When will EP PerMed be launched?" in media[0]["text"]  # says how to ask by text

    emulator.push_message(107, text="<b>What</b> is *EP PerMed*? </p><br>")
    emulator.push_message(107, text="x" * 10_000)
    emulator.push_message(107, text="/frobnicate")
    emulator.push_message(107, text="   ")
    await reply_to(emulator, 107, 4)
    emulator.push_message(107, text="What is EP PerMed?")
    emulator.push_message(107, text="What is the SRIA?", edited=True)
    await reply_to(emulator, 107, 5)
    await emulator.wait_until(lambda: not emulator.pending_updates)
    replies = emulator.sent_messages(107)
    assert len(replies) == 5  # the edit was ignored on purpose
    assert all(len(m["text"]) <= 4096 for m in replies)
    texts = [m["text"] for m in replies]  # updates are handled concurrently: replies in any order
    assert any("1000" in t or "1,000" in t for t in texts)  # the 10,000-character message
    assert any("/timeline" in t and "command" in t for t in texts)  # the unknown command
    # five replies in a second to one chat trip the per-chat flood limit: waited out, none lost
    assert [r for r in emulator.refusals if r.status != 429] == []


async def test_admin_commands(bot: RunningBot, emulator: BotApiEmulator) -> None:
    emulator.push_message(108, text="What is EP PerMed?")
    emulator.push_message(108, text="what is the weather in Paris tomorrow?")
    await reply_to(emulator, 108, 2)
    emulator.push_message(108, text="/stats")
    emulator.push_message(108, text="/reload")
    denied = await reply_to(emulator, 108, 4)
    assert [m["text"] for m in denied[2:]] == [t("admin_only", "en")] * 2

    emulator.push_message(ADMIN_ID, text="/stats")
    stats, chart = await reply_to(emulator, ADMIN_ID, 2)  # the figures, then the chart
    assert "Questions: 2" in stats["text"]
    assert "Answered: 1" in stats["text"]
    assert "Declined: 1" in stats["text"]
    assert chart["photo"]
    emulator.push_message(ADMIN_ID, text="/reload")
    reload = (await reply_to(emulator, ADMIN_ID, 3))[2]
    assert reload["text"].startswith("Reload: reloaded")
    assert refused(emulator) == []
