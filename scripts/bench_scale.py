"""Index build (the EP PerMed knowledge, cold and unchanged) and how search cost grows with corpus size."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from bench_common import ROOT, Row, median, ms, timed

from knowledge.embedding import Embedder, normalise
from knowledge.index_store import FLAT, HNSW, PublishedIndex, make_dense_index
from knowledge.lexical import LexicalIndex
from knowledge.models import Chunk, Manifest
from knowledge.search import Searcher

WORDS = (
    "partnership personalised medicine funding research national regional authorities ministries funders "
    "stakeholders infosheet timeline consultation agenda proposal concept paper horizon europe workshop "
    "hubs industry international perspective vision health outcomes patients citizens society data "
    "genomics diagnostics therapies prevention implementation policy regulatory economics network pilot"
).split()


def knowledge_build() -> list[Row]:
    """`eppermed-index build` in a fresh folder, twice: cold, then with nothing changed."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INDEX_DIR": str(Path(tmp) / "index"), "HF_HUB_OFFLINE": "1"}
        command = [sys.executable, "-m", "index_builder", "build"]
        runs = []
        for _ in range(2):
            start = time.perf_counter()
            done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
            runs.append((time.perf_counter() - start, done.stdout))
    embedded = [re.search(r"embeddings: (\d+) embedded", out) for _, out in runs]
    counts = [int(m.group(1)) if m else -1 for m in embedded]
    return [
        Row(
            "4 build", "EP PerMed knowledge, cold (both models)", f"{runs[0][0]:.1f} s, {counts[0]} embedded"
        ),
        Row(
            "4 build",
            "EP PerMed knowledge, unchanged",
            f"{runs[1][0]:.2f} s, {counts[1]} embedded",
            "embeds nothing",
            counts[1] == 0,
        ),
    ]


def embedding_rate(embedder: Embedder, count: int = 1000) -> float:
    """Passages a second the real model embeds (60-word passages)."""
    rng = np.random.default_rng(7)
    texts = [" ".join(rng.choice(WORDS, 60)) for _ in range(count)]
    return count / timed(lambda: embedder.embed_passages(texts))


class _Vectors:
    """An embedder stand-in that returns prepared query vectors, so search cost excludes the model."""

    def __init__(self, queries: dict[str, np.ndarray], dimension: int) -> None:
        self._queries = queries
        self.model_id = "bench"
        self.dimension = dimension

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._queries[t] for t in texts])

    def embed_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        raise NotImplementedError("passages are prepared by the benchmark")


def corpus(size: int, dimension: int = 384, seed: int = 11) -> tuple[list[Chunk], np.ndarray]:
    """Synthetic passages (40 words) with clustered unit vectors, closer to real embeddings than noise."""
    rng = np.random.default_rng(seed)
    centres = normalise(rng.normal(size=(max(size // 50, 1), dimension)))
    vectors = normalise(
        centres[rng.integers(0, len(centres), size)]
        + 0.35 * rng.normal(size=(size, dimension)) / np.sqrt(dimension) * 8
    )
    chunks = [
        Chunk(
            chunk_id=f"doc{i // 10}#{i % 10}",
            doc_id=f"doc{i // 10}",
            title=f"Document {i // 10}",
            url="https://example.org/",
            as_of="2023",
            heading="",
            text=" ".join(rng.choice(WORDS, 40)),
            ordinal=i % 10,
            content_hash=f"{i:064x}",
        )
        for i in range(size)
    ]
    return chunks, vectors


def scale(rate: float, sizes: tuple[int, ...] = (1_000, 10_000, 100_000), queries: int = 50) -> list[Row]:
    rows: list[Row] = []
    for size in sizes:
        chunks, vectors = corpus(size)
        rng = np.random.default_rng(size)
        picks = rng.integers(0, size, queries)
        asked = normalise(vectors[picks] + 0.05 * rng.normal(size=(queries, vectors.shape[1])))
        lexical_s = timed(lambda c=chunks: LexicalIndex.build([x.text for x in c]))
        lexical = LexicalIndex.build([c.text for c in chunks])
        for index_type in (FLAT, HNSW) if size >= 10_000 else (FLAT,):
            build_s = timed(lambda t=index_type, v=vectors: make_dense_index(v, t))
            dense = make_dense_index(vectors, index_type)
            manifest = Manifest(
                format_version=1,
                model_id="bench",
                dimension=vectors.shape[1],
                index_type=index_type,
                chunking={},
                knowledge_hash="",
                files={},
                counts={"chunks": size},
                built_at=datetime.now(UTC),
            )
            index = PublishedIndex(None, manifest, chunks, dense, lexical)
            texts = [f"{chunks[p].text} {n}" for n, p in enumerate(picks)]  # unique per query
            searcher = Searcher(index, _Vectors(dict(zip(texts, asked, strict=True)), vectors.shape[1]))  # type: ignore[arg-type]
            times = [timed(lambda q=q, s=searcher: s.score_many([q], 10)) for q in texts]
            _, exact = make_dense_index(vectors, FLAT).search(asked, 10)
            _, found = dense.search(asked, 10)
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, found, strict=True)]))
            p50 = median(times)
            target = size == 100_000
            rows.append(
                Row(
                    "4 scale",
                    f"{size:,} passages, {index_type}",
                    f"build {build_s + lexical_s:.1f} s (+ embedding ~{size / rate:.0f} s at the measured rate), "
                    f"search p50 {ms(p50)}, recall@10 {recall:.2f}",
                    "< 20 ms at 100,000" if target else "",
                    (p50 < 0.020) if target else None,
                    {
                        "size": size,
                        "type": index_type,
                        "search_p50": p50,
                        "recall": recall,
                        "build": build_s + lexical_s,
                    },
                )
            )
    return rows
