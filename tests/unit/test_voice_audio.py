"""Decoding recordings in memory with PyAV (extra `voice`), before any model: containers, limits, junk.

The packaged model's folder is checked here too: it holds what faster-whisper reads, found without import.
"""

from __future__ import annotations

import io
from fractions import Fraction

import numpy as np
import pytest

from bot.exceptions import AudioTooLong, AudioUnreadable
from bot.voice import model_folder, voice_installed
from bot.voice.transcriber import SAMPLE_RATE, WhisperTranscriber, decode
from tests.conftest import VOICE_MISSING
from tests.voice_fixtures import SpokenQuestion, spoken_questions

pytestmark = pytest.mark.skipif(not voice_installed(), reason=VOICE_MISSING)


def _tone_ogg(seconds: float) -> bytes:
    """A 440 Hz tone as OGG/Opus, `seconds` long, made with PyAV in memory."""
    import av

    rate = 48_000
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=rate)
        stream.layout = "mono"  # type: ignore[union-attr]
        t = np.arange(int(seconds * rate)) / rate
        pcm = (np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16).reshape(1, -1)
        for start in range(0, pcm.shape[1], 960):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(pcm[:, start : start + 960]), layout="mono"
            )
            frame.sample_rate = rate
            frame.pts = start
            frame.time_base = Fraction(1, rate)
            container.mux(stream.encode(frame))  # type: ignore[union-attr]
        container.mux(stream.encode(None))  # type: ignore[union-attr]
    return buffer.getvalue()


@pytest.mark.parametrize("question", spoken_questions(), ids=lambda q: q.path.name)
def test_every_committed_recording_decodes_to_its_length(question: SpokenQuestion) -> None:
    samples = decode(question.data, max_seconds=60)
    assert samples.dtype == np.float32
    assert samples.size / SAMPLE_RATE == pytest.approx(question.seconds, abs=0.15)
    assert 0.01 < float(np.abs(samples).max()) <= 1.0


def test_decoding_stops_at_the_limit() -> None:
    with pytest.raises(AudioTooLong) as raised:
        decode(_tone_ogg(8.0), max_seconds=3)
    assert raised.value.seconds < 8  # it stopped early, it did not decode everything
    assert len(decode(_tone_ogg(3.5), max_seconds=3)) == pytest.approx(3.5 * SAMPLE_RATE, rel=0.02)


@pytest.mark.parametrize("junk", [b"", b"OggS" + bytes(500), b"not audio at all " * 50])
def test_junk_is_unreadable_not_a_crash(junk: bytes) -> None:
    with pytest.raises(AudioUnreadable):
        decode(junk, max_seconds=60)


def test_a_video_without_sound_is_unreadable() -> None:
    import av

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width = stream.height = 32  # type: ignore[union-attr]
        stream.pix_fmt = "yuv420p"  # type: ignore[union-attr]
        for i in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), dtype=np.uint8), format="rgb24")
            frame.pts = i
            container.mux(stream.encode(frame))  # type: ignore[union-attr]
        container.mux(stream.encode(None))  # type: ignore[union-attr]
    with pytest.raises(AudioUnreadable, match="no audio stream"):
        decode(buffer.getvalue(), max_seconds=60)


def test_too_short_audio_is_not_given_to_the_model() -> None:
    transcriber = WhisperTranscriber()
    heard = transcriber.transcribe(_tone_ogg(0.1), max_seconds=60, max_chars=300)
    assert heard.text == ""
    assert not transcriber.loaded  # nothing to hear: the model was not even loaded


def test_the_packaged_model_folder_is_found() -> None:
    folder = model_folder()
    assert folder.name == "model"
    assert (folder / "model.bin").stat().st_size > 50_000_000  # Whisper tiny.en, int8/float16 weights
