"""A deterministic embedder for tests and quick runs: no model, no download, the same vectors every time."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from knowledge.embedding import FAKE_MODEL, Vectors, normalise

_TOKEN = re.compile(r"\w+", re.UNICODE)


class FakeEmbedder:
    """Deterministic bag-of-words hashing: fast, no model, similar texts get similar vectors."""

    def __init__(self, dimension: int = 256) -> None:
        self._dimension = dimension
        self.calls = 0  # how many texts were embedded, so tests can prove what was reused

    @property
    def model_id(self) -> str:
        return f"{FAKE_MODEL}-{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def _one(self, text: str) -> Vectors:
        row = np.zeros(self._dimension, dtype=np.float32)
        for token in _TOKEN.findall(text.casefold()):
            digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
            row[int.from_bytes(digest[:4], "little") % self._dimension] += 1.0
        return row

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.calls += len(texts)
        return normalise(np.stack([self._one(t) for t in texts])) if texts else self._empty()

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self.embed_queries(texts)

    def _empty(self) -> Vectors:
        return np.zeros((0, self._dimension), dtype=np.float32)
