"""The real embedding model, loaded once per test session and shared by the integration and e2e tests."""

from __future__ import annotations

import pytest

from knowledge.embedding import Embedder, load_embedder


@pytest.fixture(scope="session")
def real_embedder() -> Embedder:
    """The packaged all-MiniLM-L6-v2 (loaded offline); about 6 s the first time, free afterwards."""
    return load_embedder()
