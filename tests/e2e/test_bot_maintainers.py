"""The maintainers' side of the running bot: /stats sends the usage chart, /gaps the gaps report; admins only."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.i18n import t
from knowledge.gaps_report import OFF_MESSAGE
from tests.e2e.bot_harness import ADMIN_ID, RunningBot, bot_settings, running_bot
from tests.e2e.emulator import BotApiEmulator

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.timeout(60),
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),  # PTB reading a 429
]
USER = 2024
WEATHER = (
    "What will the weather be in Paris tomorrow?",
    "What is the weather in Paris tomorrow?",
    "Paris weather tomorrow, will it rain?",
)
FOOTBALL = "Who won the football world cup final in 2022?"
MEDICAL = "Should I stop taking my blood pressure tablets?"


@pytest.fixture
async def keeping_bot(emulator: BotApiEmulator, tmp_path: Path, index_dir: Path) -> AsyncIterator[RunningBot]:
    settings = bot_settings(emulator, tmp_path, index_dir, keep_unanswered_questions=True)
    async with running_bot(settings) as running:
        yield running


async def replies(emu: BotApiEmulator, chat_id: int, count: int) -> list[dict[str, Any]]:
    await emu.wait_until(lambda: len(emu.sent_messages(chat_id)) >= count)
    return emu.sent_messages(chat_id)


async def test_stats_sends_the_chart_and_gaps_groups_declined_questions(
    keeping_bot: RunningBot, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    for question in (*WEATHER, FOOTBALL, "When was the Pamplona workshop?", MEDICAL):
        emulator.push_message(USER, text=question)
    answers = await replies(emulator, USER, 6)
    medical = [m for m in answers if t("medical", "en")[:30] in m["text"]]
    declined = [m for m in answers if "Source:" not in m["text"] and m not in medical]
    assert (len(declined), len(medical)) == (4, 1)  # weather and football; the workshop is answered
    workshop = next(m for m in answers if "Source:" in m["text"])
    down = next(
        b["callback_data"]
        for row in workshop["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("fb:-:")
    )
    query = emulator.push_callback_query(USER, USER, workshop["message_id"], down)
    await emulator.wait_until(lambda: emulator.query_answered(query))
    [today] = keeping_bot.runtime.store.daily(days=1)
    assert (today.answered, today.declined, today.medical, today.feedback_down) == (1, 4, 1, 1)

    emulator.push_message(ADMIN_ID, text="/stats")
    figures, chart = await replies(emulator, ADMIN_ID, 2)
    assert "Questions: 6" in figures["text"]
    assert chart["caption"].startswith("Questions per day")
    png = emulator.photo_bytes(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.size == (1200, 900)
    assert 10_000 < len(png) < 500_000
    (tmp_path / "stats-chart.png").write_bytes(png)  # kept with --basetemp, for a person to look at

    emulator.push_message(ADMIN_ID, text="/gaps")
    report = (await replies(emulator, ADMIN_ID, 3))[2]["text"]
    assert report.startswith("Gaps report\n4 declined questions and 1 👎 in ")
    first = report.split("\n\n")[1]  # the largest group comes first: the three weather questions
    assert "3 declined, 0 👎" in first
    assert "👎 1: " in report  # the passage voted down, by its source's title
    assert all(question in first for question in WEATHER)
    assert FOOTBALL not in first
    assert FOOTBALL in report
    assert [r for r in emulator.refusals if r.status != 429] == []
    (tmp_path / "gaps-report.txt").write_text(report, encoding="utf-8")


async def test_a_non_admin_gets_neither_chart_nor_report(
    keeping_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    emulator.push_message(USER, text=WEATHER[0])
    await replies(emulator, USER, 1)
    emulator.push_message(USER, text="/stats")
    emulator.push_message(USER, text="/gaps")
    sent = await replies(emulator, USER, 3)
    assert [m.get("text") for m in sent[1:]] == [t("admin_only", "en")] * 2
    assert not any("photo" in m for m in emulator.sent_messages())
    assert emulator.calls_to("sendPhoto") == []


async def test_gaps_shows_nothing_when_questions_are_not_kept(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    emulator.push_message(USER, text=WEATHER[0])
    await replies(emulator, USER, 1)
    emulator.push_message(ADMIN_ID, text="/gaps")
    [report] = await replies(emulator, ADMIN_ID, 1)
    assert report["text"] == "Gaps report\n" + OFF_MESSAGE
    assert WEATHER[0] not in report["text"]
