"""Index build (the EP PerMed knowledge, cold and unchanged) and how search cost grows with corpus size."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from statistics import median

import numpy as np
from bench_common import ROOT, Row, ms, timed, timed_value

from knowledge import KNOWLEDGE_DIR
from knowledge.embedding import Embedder, Vectors, normalise
from knowledge.index_store import FLAT, HNSW, PublishedIndex, make_dense_index
from knowledge.lexical import LexicalIndex
from knowledge.loader import load_knowledge
from knowledge.models import Chunk, Manifest
from knowledge.search import Searcher

DOMAIN_WORDS = (
    "partnership personalised medicine funding research national regional authorities ministries funders "
    "stakeholders infosheet timeline consultation agenda proposal concept paper horizon europe workshop "
    "hubs industry international perspective vision health outcomes patients citizens society data "
    "genomics diagnostics therapies prevention implementation policy regulatory economics network pilot"
).split()
SYLLABLES = "ba ce di fo gu ka le mi no pu ra se ti vo zu".split()
VOCABULARY = 20_000  # distinct words of the generated text; frequencies follow Zipf's law like real text
PASSAGE_WORDS = 40
QUESTION_WORDS = 8
SEARCH_TARGET_S = 0.020
TOPIC_SPREAD = 1.0
HARD_SPREAD = 2.8


def _vocabulary(size: int = VOCABULARY) -> list[str]:
    """The domain words first (the most frequent), then made-up words of three to five syllables."""
    words = list(DOMAIN_WORDS)
    n = len(SYLLABLES)
    i = 0
    while len(words) < size:
        parts, j = [], i
        for _ in range(3 + i % 3):
            parts.append(SYLLABLES[j % n])
            j //= n
        words.append("".join(parts) + str(i % 7))
        i += 1
    return words


def knowledge_build() -> list[Row]:
    """`eppermed-index build` in a fresh folder, twice: cold, then with nothing changed."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INDEX_DIR": str(Path(tmp) / "index"), "HF_HUB_OFFLINE": "1"}
        command = [sys.executable, "-m", "index_builder", "build"]
        runs = []
        for _ in range(2):
            start = time.perf_counter()
            done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"eppermed-index build failed: {done.stderr.strip()[-300:]}")
            runs.append((time.perf_counter() - start, done.stdout))
    embedded = [re.search(r"embeddings: (\d+) embedded", out) for _, out in runs]
    counts = [int(m.group(1)) if m else -1 for m in embedded]
    return [
        Row(
            "4 build",
            "EP PerMed knowledge, cold (`eppermed-index build`, both models, process included)",
            f"{runs[0][0]:.1f} s, {counts[0]} embedded",
            raw={"seconds": runs[0][0], "embedded": counts[0]},
        ),
        Row(
            "4 build",
            "EP PerMed knowledge, unchanged (second build)",
            f"{runs[1][0]:.1f} s, {counts[1]} embedded",
            "embeds nothing",
            counts[1] == 0,
            {"seconds": runs[1][0], "embedded": counts[1]},
        ),
    ]


def passages(count: int, seed: int = 7) -> list[str]:
    """`count` 60-word windows of the EP PerMed documents (deterministic): real English, so the model's
    tokenizer cuts them into as many pieces as it cuts the knowledge (made-up words would cost more)."""
    words = " ".join(d.body for d in load_knowledge(KNOWLEDGE_DIR).documents).split()
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, max(len(words) - 60, 1), count)
    return [" ".join(words[int(i) : int(i) + 60]) for i in starts]


def embedding_rate(embedder: Embedder, count: int = 1000) -> float:
    """Passages a second the embedder makes of 60-word passages (after one warm-up batch)."""
    texts = passages(count)
    embedder.embed_passages(texts[:16])
    return count / timed(lambda: embedder.embed_passages(texts))


class _Vectors:
    """An embedder stand-in that returns prepared query vectors, so search cost excludes the model."""

    def __init__(self, queries: dict[str, Vectors], dimension: int) -> None:
        self._queries = queries
        self.model_id = "bench"
        self.dimension = dimension

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return np.stack([self._queries[t] for t in texts])

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        raise NotImplementedError("passages are prepared by the benchmark")


def clustered_vectors(size: int, dimension: int, spread: float, rng: np.random.Generator) -> Vectors:
    """Unit vectors around one topic centre per 50: `spread` 1.0 puts them at cosine ~0.7 from their centre,
    like passages on one subject; 2.8 (cosine ~0.34) is close to uniform noise, the hard case for HNSW."""
    centres = normalise(rng.normal(size=(max(size // 50, 1), dimension)))
    noise = spread * rng.normal(size=(size, dimension)) / np.sqrt(dimension)
    return normalise(centres[rng.integers(0, len(centres), size)] + noise)


def corpus(
    size: int, dimension: int = 384, seed: int = 11, spread: float = TOPIC_SPREAD
) -> tuple[list[Chunk], Vectors]:
    """Generated passages (Zipf-distributed words) with topic-clustered unit vectors."""
    rng = np.random.default_rng(seed)
    vectors = clustered_vectors(size, dimension, spread, rng)
    words = np.array(_vocabulary())
    ranks = np.arange(1, len(words) + 1)
    p = 1.0 / ranks**1.1
    drawn = rng.choice(words, size=(size, PASSAGE_WORDS), p=p / p.sum())
    chunks = [
        Chunk(
            chunk_id=f"doc{i // 10}#{i % 10}",
            doc_id=f"doc{i // 10}",
            title=f"Document {i // 10}",
            url="https://example.org/",
            as_of="2023",
            heading="",
            text=" ".join(drawn[i]),
            ordinal=i % 10,
            content_hash=f"{i:064x}",
        )
        for i in range(size)
    ]
    return chunks, vectors


def _manifest(size: int, dimension: int, index_type: str) -> Manifest:
    return Manifest(
        format_version=1,
        model_id="bench",
        dimension=dimension,
        index_type=index_type,
        chunking={},
        knowledge_hash="",
        files={},
        counts={"chunks": size},
        built_at=datetime.now(UTC),
    )


def scale(
    rate: float,
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000),
    queries: int = 50,
    *,
    approximate_from: int = 10_000,
) -> list[Row]:
    """Per size: FAISS + BM25 build time, whole-search and dense-only latency, recall@10 against exact.

    Vectors are generated, not embedded: the embedding time is extrapolated from the measured `rate`.
    HNSW is measured from `approximate_from` passages up, beside the exact (flat) index.
    """
    rows: list[Row] = []
    for size in sizes:
        chunks, vectors = corpus(size)
        dimension = int(vectors.shape[1])
        rng = np.random.default_rng(size)
        picks = rng.integers(0, size, queries)
        asked = normalise(vectors[picks] + 0.5 * rng.normal(size=(queries, dimension)) / np.sqrt(dimension))
        # Questions: a few words of the passage they aim at, numbered so each maps to its own vector.
        texts = [
            " ".join(rng.choice(chunks[p].text.split(), QUESTION_WORDS, replace=False)) + f" q{n}"
            for n, p in enumerate(picks)
        ]
        lexical, lexical_s = timed_value(partial(LexicalIndex.build, [c.text for c in chunks]))
        exact = make_dense_index(vectors, FLAT)
        _, truth = exact.search(asked, 10)
        base: Searcher | None = None
        setup_s = 0.0
        for index_type in (FLAT, HNSW) if size >= approximate_from else (FLAT,):
            dense, dense_s = timed_value(partial(make_dense_index, vectors, index_type))
            index = PublishedIndex(None, _manifest(size, dimension, index_type), chunks, dense, lexical)
            embedder = _Vectors(dict(zip(texts, asked, strict=True)), dimension)
            if base is None:  # the per-chunk tables are the same for both index types: build them once
                first, setup_s = timed_value(partial(Searcher, index, embedder))
                base = first
            searcher = copy.copy(base)
            searcher.index = index
            searcher.score_many(texts[:3], 10)  # warm up
            whole = [timed(partial(searcher.score_many, [q], 10)) for q in texts]
            dense_only = [timed(partial(dense.search, asked[i : i + 1], 50)) for i in range(queries)]
            _, found = dense.search(asked, 10)
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, found, strict=True)]))
            p50, dense_p50 = median(whole), median(dense_only)
            judged = size >= 100_000
            rows.append(
                Row(
                    "4 scale",
                    f"{size:,} generated passages, {index_type}",
                    f"build {dense_s + lexical_s:.1f} s (FAISS {dense_s:.1f} + BM25 {lexical_s:.1f}; "
                    f"the bot's search tables {setup_s:.1f} s more at load; "
                    f"embedding would add ~{size / rate:,.0f} s, extrapolated from the measured rate); "
                    f"search p50 {ms(p50)} (dense part {ms(dense_p50)}), recall@10 {recall:.2f}",
                    "search < 20 ms at 100,000" if judged else "",
                    (p50 < SEARCH_TARGET_S) if judged else None,
                    {
                        "size": size,
                        "type": index_type,
                        "search_p50": p50,
                        "search_p95": float(np.percentile(whole, 95)),
                        "dense_p50": dense_p50,
                        "recall": recall,
                        "faiss_build": dense_s,
                        "bm25_build": lexical_s,
                        "searcher_setup": setup_s,
                        "embedding_extrapolated": size / rate,
                    },
                )
            )
    rows.extend(_crossover(rows))
    if max(sizes) >= approximate_from:
        rows.append(_hard_case(max(sizes), queries))
    return rows


def _hard_case(size: int, queries: int, dimension: int = 384) -> Row:
    """HNSW recall@10 when the vectors are nearly uniform (no topics): the pessimistic bound."""
    rng = np.random.default_rng(size + 1)
    vectors = clustered_vectors(size, dimension, HARD_SPREAD, rng)
    picks = rng.integers(0, size, queries)
    asked = normalise(vectors[picks] + 0.5 * rng.normal(size=(queries, dimension)) / np.sqrt(dimension))
    _, truth = make_dense_index(vectors, FLAT).search(asked, 10)
    _, found = make_dense_index(vectors, HNSW).search(asked, 10)
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, found, strict=True)]))
    return Row(
        "4 scale",
        f"{size:,} near-uniform vectors (no topic structure), hnsw-ip",
        f"recall@10 {recall:.2f} (the pessimistic case for the approximate index)",
        raw={"size": size, "hard_case_recall": recall},
    )


def _crossover(rows: list[Row]) -> list[Row]:
    """Where HNSW's dense search becomes cheaper than the exact one, from the measured sizes."""
    flat = {r.raw["size"]: r.raw["dense_p50"] for r in rows if r.raw.get("type") == FLAT}
    hnsw = {r.raw["size"]: r.raw for r in rows if r.raw.get("type") == HNSW}
    if not hnsw:
        return []
    largest = max(hnsw)
    per_vector = flat[largest] / largest  # exact search cost grows linearly with the vectors
    breakeven = hnsw[largest]["dense_p50"] / per_vector
    return [
        Row(
            "4 scale",
            "where HNSW pays off (dense search, flat cost extrapolated linearly)",
            f"flat {ms(flat[largest])} vs HNSW {ms(hnsw[largest]['dense_p50'])} at {largest:,}; "
            f"break-even near {breakeven:,.0f} vectors; HNSW recall@10 {hnsw[largest]['recall']:.2f}",
            raw={"breakeven": breakeven},
        )
    ]
