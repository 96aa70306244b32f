"""Follow-up questions through the real Application and the emulator: chats kept apart, group reply threads,
/new, and the quiet period after which the context is gone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.conversation import private_key
from tests.e2e.bot_harness import RunningBot, bot_settings, running_bot
from tests.e2e.emulator import BotApiEmulator

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]
GROUP = -100_777
BOT = "@EpPermedTestBot"
ORGANISED = "Who organised the EP PerMed information day?"
CONCEPT = "What is the draft concept paper?"
ABOUT_DAY = "(about: the EP PerMed information day)"
ABOUT_PAPER = "(about: the draft concept paper)"


async def replies(emu: BotApiEmulator, chat_id: int, count: int) -> list[dict[str, Any]]:
    await emu.wait_until(lambda: len(emu.sent_messages(chat_id)) >= count)
    return emu.sent_messages(chat_id)


def mention(question: str) -> tuple[str, list[dict[str, Any]]]:
    return f"{BOT} {question}", [{"type": "mention", "offset": 0, "length": len(BOT)}]


@pytest.fixture
async def quiet_bot(
    lax_emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> AsyncIterator[RunningBot]:
    """The bot with a quiet period of half a second."""
    settings = bot_settings(lax_emulator, tmp_path, index_dir, context_ttl_seconds=0.5)
    async with running_bot(settings) as running:
        yield running


async def test_two_chats_interleaving_each_get_their_own_follow_ups(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    emulator.push_message(301, text=ORGANISED)
    emulator.push_message(302, text=CONCEPT)
    await replies(emulator, 301, 1)
    await replies(emulator, 302, 1)
    emulator.push_message(302, text="Who approved it?")
    emulator.push_message(301, text="When?")
    emulator.push_message(303, text="When?")  # a third chat has no context: it stands alone
    day = (await replies(emulator, 301, 2))[1]["text"]
    paper = (await replies(emulator, 302, 2))[1]["text"]
    alone = (await replies(emulator, 303, 1))[0]["text"]
    assert day.startswith(ABOUT_DAY)
    assert "May 2021" in day
    assert paper.startswith(ABOUT_PAPER)
    assert "over 50 organisations" in paper
    assert "(about:" not in alone
    assert "does not answer" in alone


async def test_a_group_reply_thread_keeps_its_topic(bot: RunningBot, emulator: BotApiEmulator) -> None:
    text, entities = mention(ORGANISED)
    emulator.push_message(GROUP, 401, text, chat_type="supergroup", entities=entities)
    [day_answer] = await replies(emulator, GROUP, 1)
    text, entities = mention(CONCEPT)
    emulator.push_message(GROUP, 402, text, chat_type="supergroup", entities=entities)
    paper_answer = (await replies(emulator, GROUP, 2))[1]
    # each person replies to the answer they are interested in, the older one first
    emulator.push_message(GROUP, 403, "When?", chat_type="supergroup", reply_to=day_answer["message_id"])
    third = (await replies(emulator, GROUP, 3))[2]
    emulator.push_message(
        GROUP, 401, "Who approved it?", chat_type="supergroup", reply_to=paper_answer["message_id"]
    )
    fourth = (await replies(emulator, GROUP, 4))[3]
    assert third["text"].startswith(ABOUT_DAY)
    assert "May 2021" in third["text"]
    assert fourth["text"].startswith(ABOUT_PAPER)
    assert "over 50 organisations" in fourth["text"]
    # the thread goes on from the follow-up's own answer
    emulator.push_message(GROUP, 403, "Where?", chat_type="supergroup", reply_to=third["message_id"])
    fifth = (await replies(emulator, GROUP, 5))[4]
    assert fifth["text"].startswith(ABOUT_DAY)
    # a mention that replies to nothing starts a new thread
    text, entities = mention("When?")
    emulator.push_message(GROUP, 404, text, chat_type="supergroup", entities=entities)
    sixth = (await replies(emulator, GROUP, 6))[5]
    assert "(about:" not in sixth["text"]


async def test_new_forgets_in_a_private_chat_and_in_a_group(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    emulator.push_message(305, text=ORGANISED)
    await replies(emulator, 305, 1)
    emulator.push_message(305, text="/new")
    done = (await replies(emulator, 305, 2))[1]["text"]
    assert "forgotten" in done
    emulator.push_message(305, text="When?")
    after = (await replies(emulator, 305, 3))[2]["text"]
    assert "(about:" not in after
    assert "does not answer" in after

    text, entities = mention(ORGANISED)
    emulator.push_message(GROUP, 501, text, chat_type="supergroup", entities=entities)
    [answer] = await replies(emulator, GROUP, 1)
    emulator.push_message(GROUP, 502, "/new", chat_type="supergroup")
    await replies(emulator, GROUP, 2)
    emulator.push_message(GROUP, 501, "When?", chat_type="supergroup", reply_to=answer["message_id"])
    later = (await replies(emulator, GROUP, 3))[2]["text"]
    assert "(about:" not in later


async def test_after_the_quiet_period_the_context_is_gone(
    quiet_bot: RunningBot, lax_emulator: BotApiEmulator
) -> None:
    emu = lax_emulator
    emu.push_message(306, text=ORGANISED)
    await replies(emu, 306, 1)
    emu.push_message(306, text="When?")
    assert (await replies(emu, 306, 2))[1]["text"].startswith(ABOUT_DAY)  # within the quiet period
    await asyncio.sleep(0.8)
    emu.push_message(306, text="When?")
    late = (await replies(emu, 306, 3))[2]["text"]
    assert "(about:" not in late
    kept = quiet_bot.runtime.router.conversations.last(private_key(306))
    assert kept is not None
    assert kept.focus == ""  # only the lone "When?" is remembered now
