"""Voice questions end to end: the real Application, getFile and the file endpoint of the emulator.

With the extra `voice`, the real Whisper transcribes committed recordings; the timing tests hold a fake
transcriber at a gate so they can show what happens while a transcription is in progress.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from bot.i18n import t
from bot.render import Reply
from bot.voice import FakeTranscriber, Transcriber, voice_installed
from knowledge.embedding import Embedder
from tests.conftest import VOICE_MISSING
from tests.e2e.bot_harness import bot_settings, publish_index, running_bot
from tests.e2e.emulator import BotApiEmulator
from tests.voice_fixtures import spoken

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]
needs_voice = pytest.mark.skipif(not voice_installed(), reason=VOICE_MISSING)


def plain(html_text: str) -> str:
    return Reply(html=html_text, answered=False).text


def texts(emu: BotApiEmulator, chat_id: int) -> list[str]:
    return [m["text"] for m in emu.sent_messages(chat_id)]


@needs_voice
@pytest.mark.integration
async def test_voice_audio_and_video_note_are_fetched_transcribed_and_answered(
    emulator: BotApiEmulator,
    tmp_path: Path,
    real_embedder: Embedder,
    real_transcriber: Transcriber,
    caplog: pytest.LogCaptureFixture,
) -> None:
    index = tmp_path / "index"
    publish_index(index, embedder=real_embedder)
    caplog.set_level(logging.DEBUG)
    settings = bot_settings(emulator, tmp_path, index)
    async with running_bot(settings, embedder=real_embedder, transcriber=real_transcriber) as running:
        assert running.runtime.voice is not None
        emulator.push_speech(301, spoken("workshop.ogg").data, duration=6)
        emulator.push_speech(302, spoken("launch.mp3").data, kind="audio", duration=3)
        emulator.push_speech(303, spoken("launch.mp4").data, kind="video_note", duration=3)
        await emulator.wait_until(lambda: all(emulator.sent_messages(c) for c in (301, 302, 303)), timeout=90)
        assert running.runtime.store.stats().questions == 3  # counted like typed questions
    [workshop] = emulator.sent_messages(301)
    assert workshop["text"].startswith("You asked: Where was the")
    assert "Pamplona" in workshop["text"]
    buttons = [b["callback_data"] for row in workshop["reply_markup"]["inline_keyboard"] for b in row]
    assert any(b.startswith("fb:+:") for b in buttons)  # the same answer a typed question gets
    for chat_id in (302, 303):
        [launch] = texts(emulator, chat_id)
        assert launch.startswith("You asked: ")
        assert "launched by the end of 2023" in launch
    assert len(emulator.calls_to("getFile")) == 3
    assert len(emulator.downloads) == 3
    assert [r for r in emulator.refusals if r.status != 429] == []
    # the transcript is not logged by the bot (PTB's own payload logs are capped in production, see redaction)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(("bot", "knowledge")))
    assert ours
    assert "workshop" not in ours.casefold()
    assert "launched" not in ours.casefold()


async def test_over_long_voice_is_refused_politely_before_any_download(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    fake = FakeTranscriber()
    settings = bot_settings(emulator, tmp_path, index_dir, voice_max_seconds=30)
    async with running_bot(settings, transcriber=fake):
        emulator.push_speech(311, b"OggS" + bytes(100), duration=31)
        await emulator.wait_until(lambda: emulator.sent_messages(311))
    assert texts(emulator, 311) == [plain(t("voice_too_long", "en", limit=30))]
    assert emulator.calls_to("getFile") == []
    assert fake.calls == 0


@needs_voice
async def test_a_recording_longer_than_it_claims_is_refused_after_decoding(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    settings = bot_settings(emulator, tmp_path, index_dir, voice_max_seconds=2)
    async with running_bot(settings) as running:
        emulator.push_speech(312, spoken("agenda.ogg").data, duration=1)  # 4 s of speech
        await emulator.wait_until(lambda: emulator.sent_messages(312), timeout=30)
        voice = running.runtime.voice
        assert voice is not None
        assert not getattr(voice.transcriber, "loaded", True)  # refused before the model was needed
    assert texts(emulator, 312) == [plain(t("voice_too_long", "en", limit=2))]
    assert len(emulator.downloads) == 1


async def test_a_text_question_is_answered_while_a_transcription_runs(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    gate = threading.Event()
    fake = FakeTranscriber(text="Where was the workshop in January 2023?", gate=gate)
    async with running_bot(bot_settings(emulator, tmp_path, index_dir), transcriber=fake):
        emulator.push_speech(321, spoken("workshop.ogg").data, duration=6)
        await emulator.wait_until(fake.started.is_set)
        emulator.push_message(322, text="When was the Pamplona workshop?")
        await emulator.wait_until(lambda: emulator.sent_messages(322))
        assert emulator.sent_messages(321) == []  # the voice message is still being transcribed
        gate.set()
        await emulator.wait_until(lambda: emulator.sent_messages(321))
    assert "Pamplona" in texts(emulator, 322)[0]
    [answer] = texts(emulator, 321)
    assert answer.startswith("You asked: Where was the workshop in January 2023?")
    assert "Pamplona" in answer


async def test_voice_past_the_queue_is_told_to_try_again(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    gate = threading.Event()
    fake = FakeTranscriber(gate=gate)
    settings = bot_settings(emulator, tmp_path, index_dir, voice_queue_size=1)
    async with running_bot(settings, transcriber=fake):
        emulator.push_speech(331, b"first", duration=2)
        await emulator.wait_until(fake.started.is_set)
        emulator.push_speech(332, b"second", duration=2)
        await emulator.wait_until(lambda: emulator.sent_messages(332))
        gate.set()
        await emulator.wait_until(lambda: emulator.sent_messages(331))
    assert texts(emulator, 332) == [plain(t("voice_busy", "en"))]
    assert texts(emulator, 331)[0].startswith("You asked: When will EP PerMed be launched?")
    assert fake.calls == 1


@pytest.mark.parametrize(
    ("heard", "key"),
    [("the the the the the the", "voice_unclear"), ("", "voice_unclear"), ("[BLANK_AUDIO]", "voice_unclear")],
)
async def test_what_whisper_makes_up_is_not_answered(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path, heard: str, key: str
) -> None:
    async with running_bot(bot_settings(emulator, tmp_path, index_dir), transcriber=FakeTranscriber(heard)):
        emulator.push_speech(341, b"noise", duration=3)
        await emulator.wait_until(lambda: emulator.sent_messages(341))
    assert texts(emulator, 341) == [plain(t(key, "en"))]
    assert texts(emulator, 341)[0].startswith("I could not understand that")


async def test_without_voice_a_recording_gets_the_type_it_reply(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    settings = bot_settings(emulator, tmp_path, index_dir, voice_enabled=False)
    async with running_bot(settings) as running:
        assert running.runtime.voice is None
        emulator.push_speech(351, b"OggS", duration=2)
        await emulator.wait_until(lambda: emulator.sent_messages(351))
    [reply] = texts(emulator, 351)
    assert reply == plain(t("media_only", "en"))
    assert "type your question" in reply
    assert emulator.calls_to("getFile") == []


async def test_a_recording_telegram_will_not_hand_over_is_declined(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    fake = FakeTranscriber()
    async with running_bot(bot_settings(emulator, tmp_path, index_dir), transcriber=fake):
        emulator.push_message(361, kind="voice")  # a file id the emulator never stored: getFile refuses it
        await emulator.wait_until(lambda: emulator.sent_messages(361))
    assert texts(emulator, 361) == [plain(t("voice_unreadable", "en"))]
    refusal: Any = emulator.refusals[-1]
    assert (refusal.method, refusal.description) == ("getFile", "Bad Request: invalid file_id")
    assert fake.calls == 0


async def test_a_spoken_question_about_ones_own_health_gets_the_medical_notice(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    fake = FakeTranscriber("I have leukaemia. Which medicine should I take?")
    async with running_bot(bot_settings(emulator, tmp_path, index_dir), transcriber=fake):
        emulator.push_speech(371, b"audio", duration=3)
        await emulator.wait_until(lambda: emulator.sent_messages(371))
    [reply] = texts(emulator, 371)
    assert reply.startswith("You asked: I have leukaemia.")
    assert plain(t("medical", "en")) in reply  # the same guard as for typed text


async def test_a_spoken_follow_up_continues_the_typed_conversation(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    fake = FakeTranscriber("Was it held online?")
    async with running_bot(bot_settings(emulator, tmp_path, index_dir), transcriber=fake):
        emulator.push_message(381, text="When was the EP PerMed information day?")
        await emulator.wait_until(lambda: emulator.sent_messages(381))
        emulator.push_speech(381, b"audio", duration=2)
        await emulator.wait_until(lambda: len(emulator.sent_messages(381)) == 2)
    typed, spoken_reply = texts(emulator, 381)
    assert "Information Day" in typed
    assert spoken_reply.startswith("You asked: Was it held online?")
    assert "(about: the EP PerMed information day)" in spoken_reply  # resolved against the typed question
