"""The README's quality table, from the same commands `make eval` runs, for the held-out sets named.

    python scripts/quality_table.py heldout9 heldout8    (or: make quality-table SETS="heldout9 heldout8")

Each name is a prefix of files in tests/data (`NAME_english.jsonl`, `NAME_basics.jsonl`,
`NAME_near_domain.jsonl`, `NAME_medical.jsonl`, `NAME_dialogues.jsonl`); a file that is missing leaves its
cell empty. Runs `eppermed-index eval --json` and `eppermed-bot dialogues --json` on each file, so the table
says exactly what those commands say, and prints the Markdown table on standard output.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path("tests/data")
BIN = Path(sys.executable).parent
KINDS = ("english", "basics", "near_domain", "medical", "dialogues")

Figures = dict[str, dict[str, Any]]


def run(kind: str, path: Path) -> dict[str, Any]:
    """One file through its command, as JSON."""
    if kind == "dialogues":
        command = [str(BIN / "eppermed-bot"), "dialogues", "--json", str(path)]
    else:
        command = [str(BIN / "eppermed-index"), "eval", "--json", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"{' '.join(command)} failed: {last}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def figures(name: str, data: Path) -> Figures:
    """Each kind of the set's files that exists, with what its command reported."""
    found: Figures = {}
    for kind in KINDS:
        path = data / f"{name}_{kind}.jsonl"
        if path.is_file():
            print(f"{path} ...", file=sys.stderr)
            found[kind] = run(kind, path)
    return found


def _english(f: Figures) -> str:
    overall = f["english"]["overall"]
    return f"{overall['hit_at']['1']:.2f} / {overall['hit_at']['3']:.2f}"


def _reply(f: Figures) -> str:
    return f"{f['english']['overall']['reply_hit']:.2f}"


def _declined(f: Figures) -> str:
    return f"{f['english']['overall']['false_refusals']:.2f}"


def _basics(f: Figures) -> str:
    return f"{f['basics']['overall']['hit_at']['1']:.2f}"


def _near(f: Figures) -> str:
    declines = f["near_domain"]["declines"]
    n, share = declines["near_questions"], declines["near_declined"]
    return f"{round(share * n)} of {n}" if n and share is not None else ""


def _medical(f: Figures) -> str:
    m = f["medical"]["overall"]
    return f"{m['personal_refused']} of {m['personal']} / {m['stakeholder_refused']} of {m['stakeholder']}"


def _dialogues(f: Figures) -> str:
    return f"{f['dialogues']['right']} of {f['dialogues']['dialogues']}"


ROWS: tuple[tuple[str, str, Callable[[Figures], str]], ...] = (
    ("right passage first / in the first three (English)", "english", _english),
    ("gold words in the reply", "english", _reply),
    ("answerable questions wrongly declined", "english", _declined),
    ("short and misspelt questions, right passage first", "basics", _basics),
    (
        "near-domain questions the material does not answer, declined with eppermed.eu and the contact",
        "near_domain",
        _near,
    ),
    (
        "personal health questions refused / stakeholder questions refused as medical",
        "medical",
        _medical,
    ),
    ("follow-ups: last reply of a two-turn dialogue right", "dialogues", _dialogues),
)


def table(names: list[str], by_set: dict[str, Figures]) -> str:
    lines = [
        "| | " + " | ".join(f"`{name}`" for name in names) + " |",
        "| --- |" + " --- |" * len(names),
    ]
    for label, kind, cell in ROWS:
        cells = [cell(by_set[name]) if kind in by_set[name] else "" for name in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="+", help="set names: prefixes of files in tests/data (heldout8)")
    parser.add_argument("--data", type=Path, default=DATA, help="where the question files are")
    args = parser.parse_args()
    by_set = {name: figures(name, args.data) for name in args.sets}
    empty = [name for name, found in by_set.items() if not found]
    if empty:
        print(f"no question files for {', '.join(empty)} in {args.data}", file=sys.stderr)
        return 1
    print(table(args.sets, by_set))
    return 0


if __name__ == "__main__":
    sys.exit(main())
