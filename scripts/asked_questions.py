"""Add the English questions of question files (jsonl) to knowledge/asked.yaml: "in" ones as answered, "oos"
ones as not covered. Questions already there stay; one labelled both ways is left out and named.

    python scripts/asked_questions.py tests/data/dev*_english.jsonl tests/data/dev*_near_domain.jsonl

Held-out sets stay out, and so does every question of one (tests/data/heldout*.jsonl), even when a
development set holds it word for word (short ones often do): it would vote on itself there.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from knowledge.loader import ASKED, collapse_spaces, load_asked

HEADER = """\
# Questions people asked, in English, labelled by whether the EP PerMed material answers them. A new English
# question much closer to answered ones than to uncovered ones is answered even when it uses a known gap's
# words ("What does the partnership try to coordinate?"); one much closer to uncovered ones is declined
# (knowledge/neighbours.py). Add real questions under the label they deserve; never a held-out one.
# Check with `eppermed-index check` (a question under both labels is refused); rebuild to embed them.
# Regenerate or extend with scripts/asked_questions.py.
"""
LABELS = {"in": "answered", "oos": "not_covered"}
HELD_OUT = Path(__file__).resolve().parents[1] / "tests" / "data"


def _questions(path: Path) -> list[dict[str, object]]:
    """The rows of a question file that hold a question (dialogues hold turns)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if isinstance(row, dict) and isinstance(row.get("q"), str)]


def held_out_questions(folder: Path) -> set[str]:
    """Every question of the held-out sets in `folder`, as compared (spaces collapsed, case folded)."""
    return {
        collapse_spaces(str(row["q"])).casefold()
        for path in sorted(folder.glob("heldout*.jsonl"))
        for row in _questions(path)
    }


def _add(
    row: dict[str, object], asked: dict[str, list[str]], label_of: dict[str, str], held_out: set[str]
) -> int:
    """Add one row's question under its label (1), or leave it out (0): not English, held out, there already,
    or there under the other label (named)."""
    label = LABELS.get(str(row.get("kind")))
    question = collapse_spaces(str(row.get("q", "")))
    key = question.casefold()
    if label is None or row.get("lang", "en") != "en" or not 3 <= len(question) <= 300 or key in held_out:
        return 0
    if key in label_of:
        if label_of[key] != label:
            print(f"left out, labelled both ways: {question!r}", file=sys.stderr)
        return 0
    label_of[key] = label
    asked[label].append(question)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="question files (jsonl: q, kind, lang)")
    parser.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    parser.add_argument("--held-out", type=Path, default=HELD_OUT, help="the folder of heldout*.jsonl")
    args = parser.parse_args(argv)
    try:
        held_out = held_out_questions(args.held_out)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"{args.held_out}: a held-out set cannot be read ({exc})", file=sys.stderr)
        return 1
    target = args.knowledge / ASKED
    groups, problems = load_asked(target)
    if problems:
        print(f"{target}: {problems[0].reason}; fix it first", file=sys.stderr)
        return 1
    asked: dict[str, list[str]] = {label: [] for label in LABELS.values()}
    label_of: dict[str, str] = {}
    dropped = 0
    for group in groups:
        for question in group.questions:
            key = collapse_spaces(question).casefold()
            if key in held_out:
                dropped += 1
                continue
            asked[group.label].append(question)
            label_of[key] = group.label
    added = 0
    for path in args.files:
        if "heldout" in path.name:
            print(f"{path}: a held-out set stays out of the vote", file=sys.stderr)
            return 1
        try:
            rows = _questions(path)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            print(f"{path}: cannot be read ({exc})", file=sys.stderr)
            return 1
        for row in rows:
            added += _add(row, asked, label_of, held_out)
    entries = [{"label": label, "questions": questions} for label, questions in asked.items() if questions]
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=120)
    target.write_text(HEADER + body, encoding="utf-8")
    counts = ", ".join(f"{len(q)} {label}" for label, q in asked.items())
    print(f"{target}: {added} added, {dropped} dropped as held out ({counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
