"""What the multilingual model's second opinion does to English questions (knowledge/search.py, SecondOpinion).

Answers each in-scope English question of the given files on the published index twice, with the shipped
answerer and with its second opinion switched off, and prints how often the right passage comes first, how
often a gold phrase reaches the reply, and for how many questions the second model was asked.

    .venv/bin/python scripts/second_opinion.py tests/data/dev5_english.jsonl tests/data/dev6_english.jsonl ...
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index_builder.evaluate import load_questions, score  # noqa: E402
from knowledge import KNOWLEDGE_DIR  # noqa: E402
from knowledge.answering import Answerer  # noqa: E402
from knowledge.embedding import load_embedder  # noqa: E402
from knowledge.index_store import PublishedIndex  # noqa: E402
from knowledge.language import is_foreign  # noqa: E402
from knowledge.loader import KNOWN_GAPS, load_known_gaps  # noqa: E402
from knowledge.search import SECOND_OPINION, unsure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path, help="question files (JSONL, `kind: in` lines count)")
    parser.add_argument("--index-dir", type=Path, default=Path(os.environ.get("INDEX_DIR", "var/index")))
    args = parser.parse_args(argv)
    questions = [
        q
        for f in args.files
        for q in load_questions(f)
        if q.kind == "in" and q.lang == "en" and not is_foreign(q.q)
    ]
    if not questions:
        print("no in-scope English questions in those files", file=sys.stderr)
        return 1
    index = PublishedIndex.open(args.index_dir)
    if not index.manifest.multilingual_model_id:
        print(f"{args.index_dir} has no multilingual vectors: nothing to compare", file=sys.stderr)
        return 1
    main_model = load_embedder(index.manifest.model_id)
    second = load_embedder(index.manifest.multilingual_model_id)
    gaps = load_known_gaps(KNOWLEDGE_DIR / KNOWN_GAPS)[0]
    shipped = Answerer.for_index(index, main_model, multilingual=second, known_gaps=gaps)
    alone = Answerer.for_index(index, main_model, multilingual=second, known_gaps=gaps)
    alone.second_opinion = None
    texts = [shipped.speller.correct(q.q) for q in questions]
    asked = sum(
        unsure(row, SECOND_OPINION) for row in shipped.searcher.score_many(texts, SECOND_OPINION.depth)
    )
    print(f"{len(questions)} in-scope English questions; the second model asked for {asked}")
    for name, answerer in (("MiniLM alone", alone), ("with the second opinion", shipped)):
        outcomes = [
            score(q, a)
            for q, a in zip(questions, answerer.answer_many([q.q for q in questions]), strict=True)
        ]
        first = sum(o.rank == 1 for o in outcomes)
        reply = sum(o.reply_hit for o in outcomes)
        print(f"{name:24} right passage first {first}, gold words in the reply {reply}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
