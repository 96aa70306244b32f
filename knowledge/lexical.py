"""Lexical ranking (BM25 from `bm25s`) beside the dense one: names, dates and acronyms match exactly.

Build and query share one tokenizer, so what the builder indexes is what a question can hit.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import numpy.typing as npt
import snowballstemmer

from knowledge.exceptions import IndexCorrupted

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
# Function words only: months ("may"), numbers and acronyms must stay searchable.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "also",
        "any",
    ]
)


_local = threading.local()


def _stemmer() -> Any:
    """One snowball stemmer per thread: a shared one corrupts results when threads tokenize at once."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


def _word_forms(text: str) -> list[str]:
    """The case-folded words of `text` in order ("'s" dropped); a hyphenated word also yields its parts."""
    forms: list[str] = []
    folded = re.sub(r"'s\b", "", text.casefold().replace("’", "'"))
    for match in _WORD.finditer(folded):
        word = match.group(0)
        parts = re.split(r"[-']", word)
        forms.extend(w for w in [word.replace("'", ""), *(parts if len(parts) > 1 else [])] if w)
    return forms


def tokenize(text: str) -> list[str]:
    """Case-folded, stemmed words without function words; hyphenated words also yield their parts."""
    words = [w for w in _word_forms(text) if (len(w) > 1 or w.isdigit()) and w not in STOPWORDS]
    return [str(w) for w in _stemmer().stemWords(words)]


def stemmed_words(text: str) -> tuple[tuple[str, str], ...]:
    """Every word of `text` as (case-folded word, stem), function words included: for phrases whose small
    words matter ("how long" is not "long", "in charge" is not "charge"). Not remembered: a question is
    stemmed once per check; known-gap terms are remembered by their caller."""
    words = _word_forms(text)
    return tuple(zip(words, (str(w) for w in _stemmer().stemWords(words)), strict=True))


@lru_cache(maxsize=4096)
def text_sequence(text: str) -> tuple[str, ...]:
    """`tokenize` in order, remembered like `text_tokens` (for phrases of the material: a gap's term in a row)."""
    return tuple(tokenize(text))


@lru_cache(maxsize=16384)
def text_tokens(text: str) -> frozenset[str]:
    """`tokenize` as a set, remembered for texts of the material seen again and again (passages, their
    sentences, known-gap terms, words); bounded, so users' words cannot grow it without limit."""
    return frozenset(tokenize(text))


class LexicalIndex:
    """BM25 over passage texts; `scores` gives one score per passage, zero where no word matches."""

    def __init__(self, model: bm25s.BM25 | None, size: int) -> None:
        self._model = model
        self._size = size
        self._vocab: dict[str, int] = dict(model.vocab_dict) if model is not None else {}

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        if not texts:
            return cls(None, 0)
        model = bm25s.BM25()
        corpus = [tokenize(t) or ["\x00empty"] for t in texts]
        model.index(corpus, show_progress=False)
        return cls(model, len(texts))

    def scores(self, query: str) -> npt.NDArray[np.float32]:
        return self.scores_of(tokenize(query))

    def scores_of(self, tokens: Sequence[str]) -> npt.NDArray[np.float32]:
        """BM25 scores for a question already tokenized with `tokenize`."""
        tokens = [t for t in tokens if t in self._vocab]
        if not tokens or self._model is None:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)

    def documents_with(self, token: str) -> npt.NDArray[np.int32]:
        """Positions of the passages that contain `token` (an output of `tokenize`), read from BM25's matrix."""
        column = self._vocab.get(token)
        if self._model is None or column is None:
            return np.zeros(0, dtype=np.int32)
        matrix = self._model.scores
        indptr = matrix["indptr"]
        if column + 1 >= len(indptr):  # bm25s's empty-token placeholder has no column
            return np.zeros(0, dtype=np.int32)
        return np.asarray(matrix["indices"][indptr[column] : indptr[column + 1]], dtype=np.int32)

    def save(self, folder: Path) -> None:
        if self._model is None:
            raise ValueError("an empty lexical index is not saved; an index needs at least one passage")
        self._model.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        try:
            model = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorrupted(
                f"lexical index in {folder} cannot be read ({exc}); rebuild the index"
            ) from exc
        return cls(model, size)
