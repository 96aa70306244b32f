"""Voice questions without the model: the transcript check, the limits, the queue, the model folder, the
handler's "You asked" reply. A fake transcriber stands in for Whisper; a fake bot for getFile."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Audio, Chat, Message, Update, User, Video, VideoNote, Voice
from telegram.error import BadRequest, NetworkError

from bot.batching import AnswerThread
from bot.conversation import ConversationStore
from bot.exceptions import AudioTooLong, AudioUnreadable, VoiceModelMissing
from bot.handlers import Handlers, classify
from bot.i18n import t
from bot.render import Reply
from bot.settings import MAX_DOWNLOAD_BYTES, BotSettings
from bot.storage import StateStore
from bot.voice import (
    FakeTranscriber,
    Heard,
    VoiceService,
    attachment_of,
    model_folder,
    open_voice,
    understood,
)
from bot.voice.guard import repetitive
from bot.voice.model import REQUIRED_FILES
from bot.voice.transcriber import Transcript

USER = User(id=7, is_bot=False, first_name="Alice", language_code="en")
PRIVATE = Chat(id=7, type="private")
GROUP = Chat(id=-100, type="supergroup")


def recording(
    kind: str = "voice", *, duration: int = 3, size: int | None = 2000, chat: Chat = PRIVATE
) -> Message:
    media: dict[str, Any] = {
        "voice": {"voice": Voice("f1", "u1", duration, file_size=size)},
        "audio": {"audio": Audio("f1", "u1", duration, file_size=size)},
        "video_note": {"video_note": VideoNote("f1", "u1", 240, duration, file_size=size)},
        "video": {"video": Video("f1", "u1", 320, 240, duration, file_size=size)},
    }[kind]
    return Message(1, datetime.now(UTC), chat, from_user=USER, **media)


@dataclass
class FakeFile:
    data: bytes
    file_size: int | None = None

    async def download_as_bytearray(self) -> bytearray:
        return bytearray(self.data)


@dataclass
class FileBot:
    """getFile and the download, as ExtBot does them, from bytes held here; or the error to raise."""

    data: bytes = b"OggS audio"
    error: Exception | None = None
    stated_size: int | None = None
    asked: list[str] = field(default_factory=list)

    async def get_file(self, file_id: str) -> FakeFile:
        self.asked.append(file_id)
        if self.error is not None:
            raise self.error
        return FakeFile(self.data, self.stated_size)


def service(transcriber: Any = None, **limits: Any) -> VoiceService:
    return VoiceService(transcriber or FakeTranscriber(), **limits)


# ---- the transcript check ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heard",
    [
        "When will EP PerMed be launched?",
        "Is it very very very important to join?",
        "What is ERA PerMed? What is ERA PerMed?",  # a question said twice is still speech
        "Where was the workshop held in January 2023",
    ],
)
def test_speech_passes_the_check(heard: str) -> None:
    assert understood(heard, max_chars=300) == heard


@pytest.mark.parametrize(
    "heard",
    [
        "",
        "   ",
        "[BLANK_AUDIO]",
        "(music) ♪♪",
        "the the the the",
        "Thank you for watching. Thank you for watching. Thank you for watching.",
        "and the partnership and the partnership and the partnership will",
        "x" * 301,
    ],
)
def test_silence_loops_and_overlong_text_are_not_understood(heard: str) -> None:
    assert understood(heard, max_chars=300) is None


def test_non_speech_tags_are_removed_and_space_collapsed() -> None:
    assert (
        understood("[Music]  When was the  SRIA published? ", max_chars=300) == "When was the SRIA published?"
    )


def test_few_distinct_trigrams_is_a_loop_even_without_a_run() -> None:
    words = "a b c d a b c e a b c d a b c e a b c d".split()
    assert repetitive(words)
    assert not repetitive("when will the partnership for personalised medicine be launched in europe".split())


# ---- limits, download, queue ---------------------------------------------------------------------


async def test_a_recording_within_the_limits_is_downloaded_and_transcribed() -> None:
    fake = FakeTranscriber(hear=lambda audio: audio.decode())
    heard = await service(fake).listen(recording(), FileBot(b"What is the SRIA?"))
    assert heard == Heard(transcript="What is the SRIA?")
    assert fake.calls == 1


@pytest.mark.parametrize("kind", ["voice", "audio", "video_note"])
async def test_every_kind_of_recording_is_heard(kind: str) -> None:
    heard = await service().listen(recording(kind), FileBot())
    assert heard.transcript == "When will EP PerMed be launched?"


async def test_stated_duration_and_size_over_the_limits_are_refused_without_a_download() -> None:
    bot = FileBot()
    voice = service(max_seconds=30, max_bytes=10_000)
    assert await voice.listen(recording(duration=31), bot) == Heard(
        refusal="voice_too_long", fields={"limit": 30}
    )
    too_big = await voice.listen(recording(size=10_001), bot)
    assert too_big.refusal == "voice_too_big"
    assert bot.asked == []


async def test_sizes_are_checked_again_on_what_get_file_and_the_download_say() -> None:
    voice = service(max_bytes=2_000_000)
    stated = await voice.listen(recording(size=None), FileBot(stated_size=3_000_000))
    downloaded = await voice.listen(recording(size=None), FileBot(b"x" * 2_000_001))
    assert stated == downloaded == Heard(refusal="voice_too_big", fields={"limit": 2})


@pytest.mark.parametrize(
    ("error", "refusal"),
    [
        (BadRequest("File is too big"), "voice_too_big"),
        (BadRequest("Invalid file_id"), "voice_unreadable"),
        (NetworkError("connection reset"), "voice_unreadable"),
    ],
)
async def test_get_file_failures_are_polite_refusals(error: Exception, refusal: str) -> None:
    heard = await service().listen(recording(), FileBot(error=error))
    assert heard.refusal == refusal


@dataclass
class RaisingTranscriber:
    error: Exception

    def transcribe(self, audio: bytes, *, max_seconds: float, max_chars: int) -> Transcript:
        raise self.error


@pytest.mark.parametrize(
    ("error", "refusal"),
    [
        (AudioTooLong(75, 60), "voice_too_long"),
        (AudioUnreadable("no audio stream"), "voice_unreadable"),
        (VoiceModelMissing("model folder lacks model.bin"), "media_only"),
    ],
)
async def test_transcription_failures_are_polite_refusals(error: Exception, refusal: str) -> None:
    heard = await service(RaisingTranscriber(error)).listen(recording(), FileBot())
    assert heard.refusal == refusal


async def test_a_full_queue_answers_busy_at_once_and_frees_its_slots() -> None:
    gate = threading.Event()
    fake = FakeTranscriber(gate=gate)
    voice = service(fake, queue_size=2)
    first = asyncio.create_task(voice.listen(recording(), FileBot()))
    second = asyncio.create_task(voice.listen(recording(), FileBot()))
    await asyncio.sleep(0.05)
    assert voice.pending == 2
    assert await voice.listen(recording(), FileBot()) == Heard(refusal="voice_busy")
    gate.set()
    assert (await first).transcript == (await second).transcript == fake.text
    assert voice.pending == 0
    assert (await voice.listen(recording(), FileBot())).transcript == fake.text
    voice.close()


async def test_transcription_runs_off_the_event_loop() -> None:
    gate = threading.Event()
    voice = service(FakeTranscriber(gate=gate))
    task = asyncio.create_task(voice.listen(recording(), FileBot()))
    ticks = 0
    while not task.done() and ticks < 5:  # the loop keeps turning while the transcriber waits
        await asyncio.sleep(0.01)
        ticks += 1
    assert ticks == 5
    gate.set()
    assert (await task).transcript is not None
    voice.close()


def test_attachment_reads_voice_audio_and_video_note_but_not_video() -> None:
    assert attachment_of(recording("audio", duration=9, size=123)) is not None
    found = attachment_of(recording("video_note", duration=9, size=123))
    assert found is not None
    assert (found.kind, found.duration, found.file_size) == ("video_note", 9, 123)
    assert attachment_of(recording("video")) is None


def test_only_private_speech_is_for_the_voice_path() -> None:
    assert classify(recording(), bot_username="B", bot_id=1).action == "voice"
    assert classify(recording("video_note"), bot_username="B", bot_id=1).action == "voice"
    assert classify(recording("video"), bot_username="B", bot_id=1).action == "media"
    assert classify(recording(chat=GROUP), bot_username="B", bot_id=1).action == "ignore"


# ---- settings and the model folder -----------------------------------------------------------------


def test_voice_is_off_when_disabled_and_on_with_a_given_transcriber() -> None:
    assert open_voice(BotSettings(_env_file=None, voice_enabled=False)) is None
    settings = BotSettings(_env_file=None, voice_max_seconds=20, voice_queue_size=3)
    voice = open_voice(settings, transcriber=FakeTranscriber())
    assert voice is not None
    assert (voice.max_seconds, voice.queue_size) == (20, 3)
    voice.close()


def test_limits_are_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="voice_max_bytes"):
        BotSettings(_env_file=None, voice_max_bytes=MAX_DOWNLOAD_BYTES + 1)
    monkeypatch.setenv("VOICE_MODEL_DIR", "")
    assert BotSettings(_env_file=None).voice_model_dir is None


def test_a_model_folder_needs_every_file_faster_whisper_reads(tmp_path: Path) -> None:
    for name in REQUIRED_FILES[:-1]:
        (tmp_path / name).write_text("x")
    with pytest.raises(VoiceModelMissing, match=r"vocabulary\.txt"):
        model_folder(tmp_path)
    (tmp_path / REQUIRED_FILES[-1]).write_text("x")
    assert model_folder(tmp_path) == tmp_path


# ---- the handler: "You asked: ..." then the typed answer -----------------------------------------


class RecordingBot:
    """ExtBot's send methods recorded; getFile served from `data`."""

    username = "EpPermedBot"
    id = 4242
    defaults = None

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    async def get_file(self, file_id: str) -> FakeFile:
        return FakeFile(b"audio")

    async def send_message(self, *args: Any, **kwargs: Any) -> bool:
        self.calls.append(kwargs)
        return True


@dataclass
class LongRouter:
    """Answers every question with `size` characters, to see where "You asked" goes."""

    size: int
    asked: list[str] = field(default_factory=list)
    conversations: ConversationStore = field(default_factory=ConversationStore)

    def reply(self, text: str, *, language: str | None = None, conversation: object = None) -> Reply:
        self.asked.append(text)
        return Reply(html="a" * self.size, answered=True)

    def callback(self, data: str, *, language: str | None = None) -> Any:
        raise NotImplementedError

    def inline(self, query: str, *, language: str | None = None) -> Any:
        raise NotImplementedError


@dataclass
class Ctx:
    bot: RecordingBot


@pytest.mark.parametrize(("size", "messages"), [(100, 1), (4090, 2)])
async def test_the_transcript_is_shown_above_the_answer_or_before_it_when_both_do_not_fit(
    tmp_path: Path, size: int, messages: int
) -> None:
    bot = RecordingBot()
    router = LongRouter(size)
    store = StateStore(tmp_path / "state.db")
    handlers = Handlers(
        router,
        store,
        admin_user_ids=frozenset(),
        worker=AnswerThread(),
        voice=service(FakeTranscriber("Who is <b>behind</b> EP PerMed?")),
    )
    message = recording()
    message.set_bot(bot)  # type: ignore[arg-type]
    await handlers.on_message(Update(1, message=message), Ctx(bot))  # type: ignore[arg-type]
    assert router.asked == ["Who is <b>behind</b> EP PerMed?"]  # the router gets the words as heard
    sent = [c["text"] for c in bot.calls]
    assert len(sent) == messages
    heard = t("voice_heard", "en", text="Who is &lt;b&gt;behind&lt;/b&gt; EP PerMed?")
    assert sent[0].startswith(heard)  # escaped: the transcript is user text
    assert sent[-1].endswith("a" * size)
    assert all(len(text) <= 4096 for text in sent)
    assert store.stats().questions == 1
    store.close()


def test_a_voice_model_dir_that_cannot_work_fails_at_start_in_one_line(tmp_path: Path) -> None:
    from bot.app import open_runtime
    from bot.exceptions import BotConfigError
    from bot.voice import voice_installed

    (tmp_path / "model").mkdir()
    settings = BotSettings(_env_file=None, voice_model_dir=tmp_path / "model", state_db=tmp_path / "s.db")
    expected = "lacks model.bin" if voice_installed() else "extra `voice`"
    with pytest.raises(BotConfigError, match=expected) as caught:
        open_runtime(settings)  # fails before the index is opened or the state database created
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "s.db").exists()


def test_without_the_extra_voice_is_off_and_a_model_dir_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import bot.voice.service as voice_service

    monkeypatch.setattr(voice_service, "voice_installed", lambda: False)
    assert open_voice(BotSettings(_env_file=None)) is None  # voice messages get the "please type" reply
    with pytest.raises(VoiceModelMissing, match="not installed"):
        open_voice(BotSettings(_env_file=None, voice_model_dir=tmp_path))
