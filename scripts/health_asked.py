"""Write knowledge/health_asked.yaml: the medical guard's questions people asked, labelled.

Medical-guard files (lines with `expect`) give personal health questions ("medical") and stakeholder ones
("not_medical"); question files (lines with `kind`, dialogues' turns too) give ordinary questions, stakeholder
questions for the guard, but for an out-of-scope one the patterns refuse (a personal health question) and a
dialogue's last turn expected "medical". The file has the format of health_examples.yaml (one entry a
language) and joins its worded examples (knowledge/health_nearness.py). The file is written anew each time.

    python scripts/health_asked.py tests/data/dev*.jsonl ../shared/eval/dev_*.jsonl \\
        tests/integration/multilingual_questions.jsonl

Held-out sets are refused, and every question of one (tests/data/heldout*.jsonl) is left out even when a
development set holds it word for word. A question under both labels is left out and named; one already in
health_examples.yaml, one longer than 300 characters, or a language with fewer than three questions of a
label is left out, and the counts say so.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from asked_questions import HELD_OUT, held_out_questions  # noqa: E402

from knowledge import KNOWLEDGE_DIR  # noqa: E402
from knowledge.intent import medical_reason  # noqa: E402
from knowledge.loader import HEALTH_ASKED, HEALTH_EXAMPLES, collapse_spaces, load_health_examples  # noqa: E402

HEADER = """\
# Questions people asked, labelled for the medical guard: `personal` ones about the asker's own or a
# relative's health, `stakeholder` ones (about the partnership, research, funding, documents, or anything
# else) that must be answered. They join the worded examples of health_examples.yaml
# (knowledge/health_nearness.py). Written by scripts/health_asked.py from the development sets, never a
# held-out question; rerun it rather than editing by hand. Check with `eppermed-index check`.
"""
LANGUAGES = ("en", "de", "fr", "es", "it")
MAX_CHARS = 300


def _rows(path: Path) -> Iterator[tuple[str, str, str]]:
    """(language, label, question) of every question in a file. A medical-guard line gives its label; a
    dialogue's last turn takes the line's `expect` ("medical": personal), its earlier turns are stakeholder
    ones; any other question is a stakeholder one unless it is not in scope and the patterns refuse it (a
    question file's "oos" line may be a personal health question: "Should I stop taking my blood pressure
    medication?")."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise SystemExit(f"{path}:{number}: a line must be a JSON object")
        lang = str(row.get("lang", "en"))
        medical = row.get("expect") == "medical"
        turns = row.get("turns")
        asked = [row.get("q")] if not isinstance(turns, list) else list(turns)
        for n, turn in enumerate(asked):
            text = turn.get("q") if isinstance(turn, dict) else turn
            if not isinstance(text, str) or not text.strip():
                continue
            text = collapse_spaces(text)
            personal = medical if n == len(asked) - 1 else False
            if "expect" not in row and row.get("kind") != "in" and medical_reason(text) is not None:
                personal = True
            yield lang, "personal" if personal else "stakeholder", text


def _collect(
    files: list[Path], held_out: set[str], kind_of: dict[str, str]
) -> tuple[dict[str, tuple[str, str, str]], set[str], dict[str, int]]:
    """Every question once (folded -> language, label, question), those labelled both ways, and how many
    were left out and why."""
    found: dict[str, tuple[str, str, str]] = {}  # folded question -> (language, label, question)
    both: set[str] = set()
    skipped = {"held out": 0, "in health_examples.yaml": 0, "too long or no language of the bot": 0}
    for path in files:
        for lang, label, question in _rows(path):
            key = question.casefold()
            if key in held_out:
                skipped["held out"] += 1
                continue
            if key in kind_of:
                skipped["in health_examples.yaml"] += 1
                continue
            if lang not in LANGUAGES or len(question) > MAX_CHARS:
                skipped["too long or no language of the bot"] += 1
                continue
            if key in found and found[key][1] != label:
                both.add(key)
            found.setdefault(key, (lang, label, question))
    return found, both, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="development sets (JSONL)")
    parser.add_argument("--knowledge", type=Path, default=KNOWLEDGE_DIR, help="the knowledge folder")
    args = parser.parse_args(argv)
    held = [f for f in args.files if f.name.startswith("heldout")]
    if held:
        print(f"held-out sets stay out: {', '.join(map(str, held))}", file=sys.stderr)
        return 1
    held_out = held_out_questions(HELD_OUT)
    curated, problems = load_health_examples(args.knowledge / HEALTH_EXAMPLES)
    if problems:
        print(f"{HEALTH_EXAMPLES} has problems: run eppermed-index check", file=sys.stderr)
        return 1
    kind_of = {
        collapse_spaces(q).casefold(): kind
        for block in curated
        for kind, questions in (
            ("personal", block.personal),
            ("stakeholder", block.stakeholder),
            ("everyday", block.everyday),
        )
        for q in questions
    }
    found, both, skipped = _collect(args.files, held_out, kind_of)
    for key in sorted(both):
        print(f"left out, labelled both ways: {found.pop(key)[2]!r}", file=sys.stderr)
    entries = []
    for lang in LANGUAGES:
        labelled = {
            label: [q for (language, kind, q) in found.values() if language == lang and kind == label]
            for label in ("personal", "stakeholder")
        }
        if all(len(questions) >= 3 for questions in labelled.values()):
            entries.append({"lang": lang, **labelled})
        elif any(labelled.values()):
            print(f"left out, fewer than three of a label: {lang}", file=sys.stderr)
    text = HEADER + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200)
    (args.knowledge / HEALTH_ASKED).write_text(text, encoding="utf-8")
    counts = {e["lang"]: (len(e["personal"]), len(e["stakeholder"])) for e in entries}
    print(f"wrote {args.knowledge / HEALTH_ASKED}: (personal, stakeholder) by language {counts}")
    print("left out: " + ", ".join(f"{reason} {count}" for reason, count in skipped.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
