"""One chat flooding the bot, and a locked state database: everyone else is still answered."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.i18n import t
from bot.lanes import ChatLanes
from tests.e2e.bot_harness import RunningBot, bot_settings, running_bot
from tests.e2e.emulator import BotApiEmulator

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]
FLOOD = 300
OTHER_USER_BOUND = 10.0  # seconds; the bar, with the shared machine's noise well inside it


async def test_one_chat_sending_300_messages_does_not_stall_another_user(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    flooder, other = 700, 701
    settings = bot_settings(emulator, tmp_path, index_dir, rate_limit_retries=10)
    async with running_bot(settings) as running:
        for _ in range(FLOOD):
            emulator.push_message(flooder, text="What is EP PerMed?", language_code="de")
        await emulator.wait_until(lambda: emulator.sent_messages(flooder), timeout=15)  # the flood is served
        emulator.push_message(other, text="When was the Pamplona workshop?")
        asked = asyncio.get_running_loop().time()
        await emulator.wait_until(lambda: emulator.sent_messages(other), timeout=OTHER_USER_BOUND)
        waited = asyncio.get_running_loop().time() - asked
        flood_replies_by_then = len(emulator.sent_messages(flooder))
        [answer] = emulator.sent_messages(other)
        assert "Pamplona" in answer["text"]

        lanes = running.application.update_processor
        assert isinstance(lanes, ChatLanes)
        await emulator.wait_until(lambda: lanes.active_lanes == 0, timeout=60)  # the flood's backlog done
        replies = [m["text"] for m in emulator.sent_messages(flooder)]
        assert flood_replies_by_then < len(replies)  # the other user came before the backlog finished
        assert replies.count(t("slow_down", "de")) == 1  # told once, in German
        assert len(replies) - 1 + lanes.dropped == FLOOD  # each message answered once or dropped
        assert len(replies) <= settings.chat_backlog + 5
        assert [r for r in emulator.refusals if r.status != 429] == []
        print(
            f"flood: other user answered in {waited:.2f} s, after {flood_replies_by_then} flood replies; "
            f"{len(replies) - 1} answered, {lanes.dropped} dropped"
        )


async def test_a_question_and_a_vote_are_answered_while_the_state_database_is_locked(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    holder = sqlite3.connect(bot.runtime.settings.state_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # as a backup or an admin's sqlite3 shell would
    try:
        emulator.push_message(720, text="When was the Pamplona workshop?")
        await emulator.wait_until(lambda: emulator.sent_messages(720), timeout=10)
        [sent] = emulator.sent_messages(720)
        assert "Pamplona" in sent["text"]
        vote = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        assert vote.startswith("fb:")
        query = emulator.push_callback_query(720, 720, sent["message_id"], vote)
        await emulator.wait_until(lambda: emulator.query_answered(query), timeout=10)
        assert bot.runtime.store.stats().questions == 0  # nothing could be counted meanwhile
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    emulator.push_message(720, text="/contact")  # released: counting and answering go on
    await emulator.wait_until(lambda: len(emulator.sent_messages(720)) == 2, timeout=10)


async def test_inline_keystrokes_are_debounced_to_the_last_query(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    typed = ["P", "Pa", "Pamp", "Pamplona", "Pamplona work", "Pamplona workshop"]
    queries = [emulator.push_inline_query(730, text) for text in typed]
    await emulator.wait_until(lambda: emulator.query_answered(queries[-1]), timeout=10)
    await asyncio.sleep(3 * bot.runtime.settings.inline_debounce_seconds)  # nothing else is on its way
    answered = [q for q in queries if emulator.query_answered(q)]
    assert answered[-1] == queries[-1]
    assert len(answered) < len(queries) / 2  # the keystrokes in between were never searched
    [*_, last] = emulator.calls_to("answerInlineQuery")
    assert "Pamplona" in last.params["results"][0]["input_message_content"]["message_text"]
    assert last.params["is_personal"] in (True, "true")


async def test_stopping_during_a_flood_does_not_wait_for_the_backlog(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    settings = bot_settings(emulator, tmp_path, index_dir, chat_backlog=200)  # a backlog of minutes
    async with running_bot(settings) as running:  # the harness fails the test if stopping is slow
        for _ in range(FLOOD):
            emulator.push_message(740, text="/contact")
        await emulator.wait_until(lambda: emulator.sent_messages(740), timeout=15)
        lanes = running.application.update_processor
        assert isinstance(lanes, ChatLanes)
        await emulator.wait_until(lambda: not emulator.pending_updates, timeout=15)
    assert lanes.active_lanes == 0
    assert len(emulator.sent_messages(740)) < 20  # the waiting messages were dropped, not sent at 1 a second
