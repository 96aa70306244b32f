"""Add the English questions of question files (jsonl) to knowledge/asked.yaml: "in" ones as answered, "oos"
ones as not covered. Questions already there stay; one labelled both ways is left out and named. Answered
ones with gold phrases go into knowledge/asked_answers.yaml too (the format of questions.yaml), on the first
gold phrase that stands inside one passage, so that they rank their passage as curated questions do.

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

from knowledge.chunking import chunk_document
from knowledge.exceptions import KnowledgeInvalid
from knowledge.loader import ASKED, ASKED_ANSWERS, PHRASINGS, Knowledge, collapse_spaces, load_knowledge
from knowledge.models import Document

HEADER = """\
# Questions people asked, in English, labelled by whether the EP PerMed material answers them. A new English
# question much closer to answered ones than to uncovered ones is answered even when it uses a known gap's
# words ("What does the partnership try to coordinate?"); one much closer to uncovered ones is declined
# (knowledge/neighbours.py). Add real questions under the label they deserve; never a held-out one.
# Check with `eppermed-index check` (a question under both labels is refused); rebuild to embed them.
# Regenerate or extend with scripts/asked_questions.py.
"""
ANSWERS_HEADER = """\
# Questions people asked that the EP PerMed material answers, each under the words that answer it (the format
# of questions.yaml): they rank their passage as the curated questions do. Written by
# scripts/asked_questions.py from the development sets (never a held-out question); see docs/knowledge.md.
"""
MAX_QUESTIONS = 40  # an entry's questions at most (knowledge/models.py, Phrasing)
MAX_QUESTION_CHARS = 200
LABELS = {"in": "answered", "oos": "not_covered"}
HELD_OUT = Path(__file__).resolve().parents[1] / "tests" / "data"


def _questions(path: Path) -> list[dict[str, object]]:
    """The rows of a question file that hold a question (dialogues hold turns)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if isinstance(row, dict) and isinstance(row.get("q"), str)]


def held_out_questions(folder: Path) -> set[str]:
    """Every question of the held-out sets in `folder`, single ones and dialogues' turns, as compared (spaces
    collapsed, case folded)."""
    found: set[str] = set()
    for path in sorted(folder.glob("heldout*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if not isinstance(row, dict):
                continue
            turns = row.get("turns")
            asked = [row.get("q"), *(turns if isinstance(turns, list) else [])]
            for turn in asked:
                text = turn.get("q") if isinstance(turn, dict) else turn
                if isinstance(text, str):
                    found.add(collapse_spaces(text).casefold())
    return found


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


def _placing(documents: list[Document]) -> list[tuple[str, str]]:
    """Each passage's text (spaces collapsed) with its document's id, as the build cuts them."""
    return [(d.id, collapse_spaces(c.text)) for d in documents for c in chunk_document(d)]


def _verbatim(phrase: str, passages: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first passage holding `phrase` whatever its case: its document and the phrase as the text has it
    (a gold phrase typed in lower case)."""
    wanted = phrase.lower()
    for doc, text in passages:
        at = text.lower().find(wanted)
        if at >= 0 and len(text.lower()) == len(text):
            return doc, text[at : at + len(phrase)]
    return None


def _answers(
    loaded: Knowledge, rows: list[dict[str, object]], held_out: set[str]
) -> tuple[list[dict[str, object]], int]:
    """asked_answers.yaml's entries: those there (less held-out questions), then the answered rows'
    questions not yet in it nor in questions.yaml, each under its first gold phrase that one passage holds."""
    passages = _placing(list(loaded.documents))
    entries: list[dict[str, object]] = []
    for e in loaded.asked_answers:
        kept = [q for q in e.questions if collapse_spaces(q).casefold() not in held_out]
        if kept:
            entries.append({"document": e.document, "answer": e.answer, "questions": kept})
    seen = {
        collapse_spaces(q).casefold() for e in (*loaded.phrasings, *loaded.asked_answers) for q in e.questions
    }
    added = 0
    for row in rows:
        question = collapse_spaces(str(row.get("q", "")))
        key = question.casefold()
        gold = row.get("gold")
        if key in seen or key in held_out or not isinstance(gold, list) or len(question) > MAX_QUESTION_CHARS:
            continue
        for found in (_verbatim(collapse_spaces(str(g)), passages) for g in gold):
            if found is None or not 3 <= len(found[1]) <= 300:
                continue
            where, phrase = found
            entry = next(
                (
                    e
                    for e in entries
                    if e["document"] == where
                    and e["answer"] == phrase
                    and len(e["questions"]) < MAX_QUESTIONS  # type: ignore[arg-type]
                ),
                None,
            )
            if entry is None:
                entry = {"document": where, "answer": phrase, "questions": []}
                entries.append(entry)
            entry["questions"].append(question)  # type: ignore[attr-defined]
            seen.add(key)
            added += 1
            break
    return entries, added


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
    try:
        loaded = load_knowledge(args.knowledge)
    except KnowledgeInvalid as exc:
        print(f"{args.knowledge}: {exc.problems[0]}; fix it first (eppermed-index check)", file=sys.stderr)
        return 1
    groups = list(loaded.asked)
    asked: dict[str, list[str]] = {label: [] for label in LABELS.values()}
    # the curated questions are answered already: one of them given as not covered is left out
    label_of = {collapse_spaces(q).casefold(): "answered" for e in loaded.phrasings for q in e.questions}
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
    answered_rows: list[dict[str, object]] = []
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
            if row.get("kind") == "in" and row.get("lang", "en") == "en":
                answered_rows.append(row)
    # only what asked.yaml holds as answered (a question labelled both ways keeps its first label)
    answered_rows = [
        r
        for r in answered_rows
        if label_of.get(collapse_spaces(str(r.get("q", ""))).casefold()) == "answered"
    ]
    answers, placed = _answers(loaded, answered_rows, held_out)
    groups_out = [{"label": label, "questions": questions} for label, questions in asked.items() if questions]
    target.write_text(HEADER + _yaml(groups_out), encoding="utf-8")
    counts = ", ".join(f"{len(q)} {label}" for label, q in asked.items())
    print(f"{target}: {added} added, {dropped} dropped as held out ({counts})")
    (args.knowledge / ASKED_ANSWERS).write_text(ANSWERS_HEADER + _yaml(answers), encoding="utf-8")
    print(f"{args.knowledge / ASKED_ANSWERS}: {placed} added beside {PHRASINGS}'s ({len(answers)} answers)")
    return 0


def _yaml(entries: list[dict[str, object]]) -> str:
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=120)


if __name__ == "__main__":
    raise SystemExit(main())
