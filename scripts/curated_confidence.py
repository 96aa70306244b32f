"""How much a curated question's cosine may speak for its passage: for the decline threshold
(knowledge/answering.py, CURATED_DISCOUNT) and, when the question restates it, for the ranking
(knowledge/search.py, FusionWeights.restated_cosine).

Answers the questions of the given files on the published index with the shipped answerer once per
discount ("off": the passage's own score only), then once per restated cosine ("off": no lift), the other
setting as shipped, and prints for each how many in-scope questions were answered, had the right passage
first and got a gold phrase in the reply, and how many out-of-scope questions (near-domain and far) were
declined with the website and the contact address.

    .venv/bin/python scripts/curated_confidence.py tests/data/dev11_english.jsonl tests/data/dev11_near_domain.jsonl ...
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index_builder.evaluate import load_questions, score  # noqa: E402
from knowledge import KNOWLEDGE_DIR  # noqa: E402
from knowledge.answering import Answerer  # noqa: E402
from knowledge.embedding import load_embedder  # noqa: E402
from knowledge.index_store import PublishedIndex  # noqa: E402
from knowledge.loader import KNOWN_GAPS, load_glossary, load_guard_examples, load_known_gaps  # noqa: E402

DISCOUNTS = ("off", "0.3", "0.25", "0.2", "0.15")
RESTATED = ("off", "0.95", "0.9", "0.85", "0.8")


def _settings(values: list[str]) -> list[float | None]:
    return [None if v == "off" else float(v) for v in values]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path, help="question files (JSONL with `kind`)")
    parser.add_argument("--discounts", nargs="+", default=list(DISCOUNTS), help="'off' or a number")
    parser.add_argument("--restated", nargs="+", default=list(RESTATED), help="'off' or a cosine")
    parser.add_argument("--index-dir", type=Path, default=Path(os.environ.get("INDEX_DIR", "var/index")))
    args = parser.parse_args(argv)
    try:
        discounts, restated = _settings(args.discounts), _settings(args.restated)
    except ValueError:
        print("a discount or a restated cosine is 'off' or a number", file=sys.stderr)
        return 1
    questions = [q for f in args.files for q in load_questions(f)]
    if not questions:
        print("no questions in those files", file=sys.stderr)
        return 1
    index = PublishedIndex.open(args.index_dir)
    main_model = load_embedder(index.manifest.model_id)
    second_id = index.manifest.multilingual_model_id
    answerer = Answerer.for_index(
        index,
        main_model,
        multilingual=load_embedder(second_id) if second_id else None,
        known_gaps=load_known_gaps(KNOWLEDGE_DIR / KNOWN_GAPS)[0],
        glossary=load_glossary(KNOWLEDGE_DIR / "glossary.yaml")[0],
        health_examples=load_guard_examples(KNOWLEDGE_DIR)[0],
    )
    inside = [q for q in questions if q.kind == "in"]
    outside = [q for q in questions if q.kind == "oos"]
    print(f"{len(inside)} in-scope and {len(outside)} out-of-scope questions")
    shipped = (answerer.curated_discount, answerer.searcher.weights)
    print("setting            answered  right first  reply hit  out of scope declined")
    runs = [("discount", d, None) for d in discounts] + [("restated", None, r) for r in restated]
    for name, discount, cosine in runs:
        answerer.curated_discount = discount if name == "discount" else shipped[0]
        weights = shipped[1]
        if name == "restated":
            weights = (
                replace(weights, restated=0.0) if cosine is None else replace(weights, restated_cosine=cosine)
            )
        answerer.searcher.weights = weights
        answers = answerer.answer_many([q.q for q in (*inside, *outside)])
        outcomes = [score(q, a) for q, a in zip((*inside, *outside), answers, strict=True)]
        mine, theirs = outcomes[: len(inside)], outcomes[len(inside) :]
        answered = sum(o.answered for o in mine)
        first = sum(o.rank == 1 for o in mine)
        hits = sum(o.reply_hit for o in mine)
        declined = sum(not o.answered and o.handed_over for o in theirs)
        value = discount if name == "discount" else cosine
        label = f"{name} {'off' if value is None else f'{value:.2f}'}"
        print(f"{label:17s}  {answered:8d}  {first:11d}  {hits:9d}  {declined:5d} of {len(theirs)}")
    answerer.curated_discount, answerer.searcher.weights = shipped
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
