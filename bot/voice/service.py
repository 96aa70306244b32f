"""From a Telegram message with speech to a transcript or a polite refusal, without blocking the loop.

Limits are checked on what the message says before anything is downloaded (duration, file size), again on
what getFile and the download say, and once more on the decoded audio. The bytes stay in memory and are
dropped as soon as they are transcribed; the transcript is neither logged nor stored here (the handler
treats it like typed text). Transcription runs on its own thread, not the answer thread, behind a bounded
queue: a backlog of voice messages never delays anyone's typed question, and past the queue's size a
voice message gets "busy, try again" at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal, Protocol

from telegram import Message
from telegram.error import BadRequest, TelegramError

from bot.exceptions import AudioTooLong, AudioUnreadable, VoiceError, VoiceModelMissing
from bot.settings import BotSettings
from bot.voice.guard import understood
from bot.voice.model import model_folder, voice_installed
from bot.voice.transcriber import Transcriber, Transcript, WhisperTranscriber

_LOG = logging.getLogger(__name__)
MEGABYTE = 1_000_000
Refusal = Literal[
    "voice_too_long", "voice_too_big", "voice_busy", "voice_unclear", "voice_unreadable", "media_only"
]


@dataclass(frozen=True, slots=True)
class Attachment:
    """The speech a message carries: a voice message, an audio file or a round video note."""

    kind: Literal["voice", "audio", "video_note"]
    file_id: str
    duration: int
    file_size: int | None


def _seconds(duration: int | timedelta) -> int:
    """PTB 22 gives durations as int seconds, or as timedelta with PTB_TIMEDELTA set."""
    return int(duration.total_seconds()) if isinstance(duration, timedelta) else int(duration)


def attachment_of(message: Message) -> Attachment | None:
    """The message's voice, audio or video note, if it has one."""
    if message.voice is not None:
        v = message.voice
        return Attachment("voice", v.file_id, _seconds(v.duration), v.file_size)
    if message.audio is not None:
        a = message.audio
        return Attachment("audio", a.file_id, _seconds(a.duration), a.file_size)
    if message.video_note is not None:
        n = message.video_note
        return Attachment("video_note", n.file_id, _seconds(n.duration), n.file_size)
    return None


@dataclass(frozen=True, slots=True)
class Heard:
    """The outcome: a transcript to answer, or the catalogue key of a refusal and its fields."""

    transcript: str | None = None
    refusal: Refusal | None = None
    fields: dict[str, object] = field(default_factory=dict)


class FetchesFiles(Protocol):
    """The part of `telegram.Bot` the service uses."""

    async def get_file(self, file_id: str) -> Any: ...


class VoiceService:
    """Limits, download, transcription on a worker thread with a bounded queue, the transcript check."""

    def __init__(
        self,
        transcriber: Transcriber,
        *,
        max_seconds: int = 60,
        max_bytes: int = 5_000_000,
        queue_size: int = 4,
        max_transcript_chars: int = 300,
    ) -> None:
        self.transcriber = transcriber
        self.max_seconds = max_seconds
        self.max_bytes = max_bytes
        self.queue_size = queue_size
        self.max_transcript_chars = max_transcript_chars
        self.pending = 0  # voice messages downloading, queued or being transcribed (event-loop thread only)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice")

    def _too_big(self) -> Heard:
        return Heard(refusal="voice_too_big", fields={"limit": max(1, self.max_bytes // MEGABYTE)})

    def _too_long(self) -> Heard:
        return Heard(refusal="voice_too_long", fields={"limit": self.max_seconds})

    async def listen(self, message: Message, bot: FetchesFiles) -> Heard:
        """The transcript of the message's speech, checked, or the refusal to send instead."""
        attachment = attachment_of(message)
        if attachment is None:
            return Heard(refusal="voice_unreadable")
        if attachment.duration > self.max_seconds:
            return self._too_long()
        if attachment.file_size is not None and attachment.file_size > self.max_bytes:
            return self._too_big()
        if self.pending >= self.queue_size:
            return Heard(refusal="voice_busy")
        self.pending += 1
        try:
            return await self._fetch_and_transcribe(attachment, bot)
        finally:
            self.pending -= 1

    async def _fetch_and_transcribe(self, attachment: Attachment, bot: FetchesFiles) -> Heard:
        audio = await self._download(attachment, bot)
        if isinstance(audio, Heard):
            return audio
        try:
            heard = await self._transcribe(audio)
        except AudioTooLong:
            return self._too_long()
        except AudioUnreadable:
            return Heard(refusal="voice_unreadable")
        except VoiceError as exc:  # the model folder is broken: an operator's problem, said in the log
            _LOG.error("voice messages cannot be transcribed: %s", exc)
            return Heard(refusal="media_only")
        finally:
            del audio  # never kept: only the transcript leaves this method
        text = understood(heard.text, max_chars=self.max_transcript_chars)
        return Heard(transcript=text) if text is not None else Heard(refusal="voice_unclear")

    async def _download(self, attachment: Attachment, bot: FetchesFiles) -> bytes | Heard:
        """The file's bytes in memory, or the refusal when it is too big or cannot be fetched."""
        try:
            file = await bot.get_file(attachment.file_id)
            if file.file_size is not None and file.file_size > self.max_bytes:
                return self._too_big()
            audio = bytes(await file.download_as_bytearray())
        except BadRequest as exc:  # "file is too big" (over getFile's 20 MB), "invalid file_id", ...
            _LOG.info("voice file refused by the Bot API: %s", exc.message)
            return (
                self._too_big() if "too big" in exc.message.casefold() else Heard(refusal="voice_unreadable")
            )
        except TelegramError as exc:
            _LOG.warning("voice file could not be downloaded: %s", type(exc).__name__)
            return Heard(refusal="voice_unreadable")
        return audio if len(audio) <= self.max_bytes else self._too_big()

    async def _transcribe(self, audio: bytes) -> Transcript:
        loop = asyncio.get_running_loop()
        call: Callable[[], Transcript] = lambda: self.transcriber.transcribe(  # noqa: E731
            audio, max_seconds=self.max_seconds, max_chars=self.max_transcript_chars
        )
        return await loop.run_in_executor(self._pool, call)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def open_voice(settings: BotSettings, *, transcriber: Transcriber | None = None) -> VoiceService | None:
    """The voice service when enabled and installed (nothing is loaded yet), else None: voice messages
    then get the polite "please type" reply. VoiceModelMissing when the model folder is incomplete or
    VOICE_MODEL_DIR is set without the extra: a setting that cannot work fails at start, not later."""
    if not settings.voice_enabled:
        _LOG.info("voice messages: off (VOICE_ENABLED=false)")
        return None
    if transcriber is None:
        if not voice_installed():
            if settings.voice_model_dir is not None:
                raise VoiceModelMissing(
                    "VOICE_MODEL_DIR is set but the extra `voice` (faster-whisper) is not installed: "
                    "pip install -e '.[voice]', or unset VOICE_MODEL_DIR"
                )
            _LOG.info("voice messages: off (the extra `voice` is not installed)")
            return None
        model_folder(settings.voice_model_dir)  # files checked now; the model itself loads on first use
        transcriber = WhisperTranscriber(settings.voice_model_dir, cpu_threads=settings.voice_cpu_threads)
    return VoiceService(
        transcriber,
        max_seconds=settings.voice_max_seconds,
        max_bytes=settings.voice_max_bytes,
        queue_size=settings.voice_queue_size,
        max_transcript_chars=settings.voice_max_transcript_chars,
    )


__all__ = ["Attachment", "Heard", "VoiceError", "VoiceService", "attachment_of", "open_voice"]
