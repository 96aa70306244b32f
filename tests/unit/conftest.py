"""Shared unit-test fixtures: the real knowledge searched with the deterministic fake embedder."""

from __future__ import annotations

import pytest

from knowledge import KNOWLEDGE_DIR
from knowledge.chunking import chunk_document
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.loader import load_knowledge
from knowledge.search import Searcher


@pytest.fixture(scope="module")
def searcher() -> Searcher:
    """A searcher over the EP PerMed knowledge, built in memory with FakeEmbedder (no model)."""
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    chunks = [c for d in knowledge.documents for c in chunk_document(d)]
    embedder = FakeEmbedder()
    return Searcher(PublishedIndex.in_memory(chunks, embedder), embedder)
