"""Spoken questions with the real models: Whisper tiny.en hears them, MiniLM + BM25 find the passage.

The recordings are espeak-ng speech committed under tests/data/voice/ (scripts/make_voice_fixtures.py).
The bar of issue 14: the transcript leads to the right passage for at least 8 in 10 English questions.
"""

from __future__ import annotations

import re

import pytest

from bot.router import Router
from bot.voice import Transcriber, understood
from knowledge import KNOWLEDGE_DIR
from knowledge.answering import Answerer
from knowledge.chunking import chunk_document
from knowledge.embedding import Embedder
from knowledge.index_store import PublishedIndex
from knowledge.loader import load_knowledge
from knowledge.search import Searcher
from tests.voice_fixtures import spoken_questions

pytestmark = pytest.mark.integration
MAX_SECONDS = 60
MAX_CHARS = 300
BAR = 0.8


@pytest.fixture(scope="module")
def router(real_embedder: Embedder) -> Router:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    chunks = [chunk for doc in knowledge.documents for chunk in chunk_document(doc)]
    answerer = Answerer(Searcher(PublishedIndex.in_memory(chunks, real_embedder), real_embedder))
    return Router(answerer, knowledge)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold().replace("’", "'")).strip()


def test_spoken_questions_lead_to_the_right_passage(real_transcriber: Transcriber, router: Router) -> None:
    questions = spoken_questions("voice")
    assert len(questions) >= 10
    right = []
    for question in questions:
        heard = real_transcriber.transcribe(question.data, max_seconds=MAX_SECONDS, max_chars=MAX_CHARS)
        text = understood(heard.text, max_chars=MAX_CHARS)
        if text is None:
            continue
        reply = router.reply(text)
        quoted = reply.passages[0].text if reply.answered and reply.passages else ""
        if any(_fold(g) in _fold(quoted) for g in question.gold):
            right.append(question.path.name)
    share = len(right) / len(questions)
    assert share >= BAR, f"right passage for {len(right)} of {len(questions)}: {right}"


@pytest.mark.parametrize("kind", ["audio", "video_note"])
def test_mp3_audio_and_mp4_video_note_are_heard(real_transcriber: Transcriber, kind: str) -> None:
    [question] = spoken_questions(kind)
    heard = real_transcriber.transcribe(question.data, max_seconds=MAX_SECONDS, max_chars=MAX_CHARS)
    assert "launched" in heard.text.casefold()
    assert heard.seconds == pytest.approx(question.seconds, abs=0.2)
