"""The medical guard's asked questions (knowledge/health_asked.yaml) measured without a question judging itself.

The questions of the given files (held-out ones left out, as scripts/health_asked.py leaves them out) are split
in two halves at random (a fixed seed); each half's questions join the worded examples (health_examples.yaml)
to judge the other half's, with the patterns of knowledge/intent.py first, as the bot does. Prints, for each
margin pair (personal over stakeholder, personal over everyday) and gate, how many personal health questions
were refused, and how many stakeholder questions of the medical files and other questions were.

    .venv/bin/python scripts/guard_split_half.py tests/data/dev*.jsonl ../shared/eval/dev_*.jsonl \\
        tests/integration/multilingual_questions.jsonl
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from asked_questions import HELD_OUT, held_out_questions  # noqa: E402
from health_asked import _rows  # noqa: E402

from knowledge import KNOWLEDGE_DIR  # noqa: E402
from knowledge.embedding import Vectors, from_cache, load_embedder  # noqa: E402
from knowledge.health_nearness import NEIGHBOURS  # noqa: E402
from knowledge.index_store import PublishedIndex  # noqa: E402
from knowledge.intent import may_be_personal_health, medical_reason  # noqa: E402
from knowledge.loader import HEALTH_EXAMPLES, load_health_examples  # noqa: E402

MARGINS = ("0.01,0.0", "0.01,-0.01", "0.02,0.0", "0.0,0.0")


@dataclass
class Row:
    label: str  # personal / stakeholder
    medical_file: bool
    question: str
    refused_by_patterns: bool
    compared: bool


def _top(examples: Vectors, vector: Vectors) -> float:
    return float(np.sort(examples @ vector)[-NEIGHBOURS:].mean())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path, help="development sets (JSONL)")
    parser.add_argument("--margins", nargs="+", default=list(MARGINS), help="STAKEHOLDER,EVERYDAY margins")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--index-dir", type=Path, default=Path(os.environ.get("INDEX_DIR", "var/index")))
    args = parser.parse_args(argv)
    held_out = held_out_questions(HELD_OUT)
    rows: dict[str, Row] = {}
    for path in args.files:
        if path.name.startswith("heldout"):
            print(f"held-out sets stay out: {path}", file=sys.stderr)
            return 1
        medical_file = "medical" in path.name
        for _lang, label, question in _rows(path):
            key = question.casefold()
            if key not in held_out and key not in rows:
                rows[key] = Row(
                    label,
                    medical_file,
                    question,
                    medical_reason(question) is not None,
                    may_be_personal_health(question),
                )
    listed = list(rows.values())
    index = PublishedIndex.open(args.index_dir)
    model = index.manifest.multilingual_model_id
    if not model:
        print("the index has no multilingual vectors: build it with the multilingual extra", file=sys.stderr)
        return 1
    embedder = load_embedder(model)
    known = index.example_vectors()

    def embed(texts: list[str]) -> Vectors:
        vectors, todo = from_cache(texts, known, embedder.dimension)
        if todo:
            vectors[todo] = embedder.embed_queries([texts[n] for n in todo])
        return vectors

    curated = load_health_examples(KNOWLEDGE_DIR / HEALTH_EXAMPLES)[0]
    personal = embed([q for block in curated for q in block.personal])
    stakeholder = embed([q for block in curated for q in block.stakeholder])
    everyday = embed([q for block in curated for q in block.everyday])
    vectors = embed([row.question for row in listed])
    order = list(range(len(listed)))
    random.Random(args.seed).shuffle(order)
    half = {i: n % 2 for n, i in enumerate(order)}
    print(f"{len(listed)} questions, seed {args.seed}")
    for pair in args.margins:
        margin, everyday_margin = (float(v) for v in pair.split(","))
        counts = {"personal": [0, 0], "stakeholder": [0, 0], "other": [0, 0]}
        for side in (0, 1):
            train = [i for i in range(len(listed)) if half[i] != side]
            mine = np.vstack([personal, vectors[[i for i in train if listed[i].label == "personal"]]])
            theirs = np.vstack([stakeholder, vectors[[i for i in train if listed[i].label != "personal"]]])
            for i in (i for i in range(len(listed)) if half[i] == side):
                row = listed[i]
                refused = row.refused_by_patterns
                if not refused and row.compared:
                    nearest = _top(mine, vectors[i])
                    refused = (
                        nearest - _top(theirs, vectors[i]) >= margin
                        and nearest - _top(everyday, vectors[i]) >= everyday_margin
                    )
                kind = (
                    "personal" if row.label == "personal" else "stakeholder" if row.medical_file else "other"
                )
                counts[kind][0] += refused
                counts[kind][1] += 1
        told = ", ".join(f"{kind} {done} of {total}" for kind, (done, total) in counts.items())
        print(f"margins {margin:+.3f} {everyday_margin:+.3f}: refused {told}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
