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


Count = tuple[int, int]  # (questions that met the row's measure, questions measured)


def _share(fraction: float, n: int) -> Count:
    return round(fraction * n), n


def _shares(overall: dict[str, Any], *fractions: float) -> list[Count]:
    """The counts behind a file's shares; none when it had no in-scope question (its cell stays empty)."""
    n = overall["questions"]
    return [_share(fraction, n) for fraction in fractions] if n else []


def _english(f: Figures) -> list[Count]:
    overall = f["english"]["overall"]
    return _shares(overall, overall["hit_at"]["1"], overall["hit_at"]["3"])


def _reply(f: Figures) -> list[Count]:
    overall = f["english"]["overall"]
    return _shares(overall, overall["reply_hit"])


def _declined(f: Figures) -> list[Count]:
    overall = f["english"]["overall"]
    return _shares(overall, overall["false_refusals"])


def _basics(f: Figures) -> list[Count]:
    overall = f["basics"]["overall"]
    return _shares(overall, overall["hit_at"]["1"])


def _near(f: Figures) -> list[Count]:
    declines = f["near_domain"]["declines"]
    n, share = declines["near_questions"], declines["near_declined"]
    return [_share(share, n)] if n and share is not None else []


def _medical(f: Figures) -> list[Count]:
    m = f["medical"]["overall"]
    return [(m["personal_refused"], m["personal"]), (m["stakeholder_refused"], m["stakeholder"])]


def _dialogues(f: Figures) -> list[Count]:
    return [(f["dialogues"]["right"], f["dialogues"]["dialogues"])]


SHARE, COUNT = "share", "count"  # how a row's figures read: 0.95, or 37 of 40
ROWS: tuple[tuple[str, str, str, Callable[[Figures], list[Count]]], ...] = (
    ("right passage first / in the first three (English)", "english", SHARE, _english),
    ("gold words in the reply", "english", SHARE, _reply),
    ("answerable questions wrongly declined", "english", SHARE, _declined),
    ("short and misspelt questions, right passage first", "basics", SHARE, _basics),
    (
        "near-domain questions the material does not answer, declined with eppermed.eu and the contact",
        "near_domain",
        COUNT,
        _near,
    ),
    (
        "personal health questions refused / stakeholder questions refused as medical",
        "medical",
        COUNT,
        _medical,
    ),
    ("follow-ups: last reply of a two-turn dialogue right", "dialogues", COUNT, _dialogues),
)


def _cell(counts: list[Count], style: str) -> str:
    if style == SHARE:
        return " / ".join(f"{hits / n:.2f}" for hits, n in counts)
    return " / ".join(f"{hits} of {n}" for hits, n in counts)


def _pooled(per_set: list[list[Count]], style: str) -> str:
    """The sets' counts added up, measure by measure; when some sets lack the row's file, how many it adds."""
    present = [counts for counts in per_set if counts]
    if not present or len({len(counts) for counts in present}) != 1:
        return ""
    added = [(sum(c[i][0] for c in present), sum(c[i][1] for c in present)) for i in range(len(present[0]))]
    cell = _cell(added, style)
    if len(present) == len(per_set):
        return cell
    return f"{cell} ({len(present)} set{'' if len(present) == 1 else 's'})"


def table(names: list[str], by_set: dict[str, Figures]) -> str:
    """One column per set and, for more than one set, a last column of all of them together: a set of 60
    questions moves a share by 0.017 a question, the sets together tell the bars with less chance in them."""
    pooled = len(names) > 1
    header = [f"`{name}`" for name in names] + ([f"all {len(names)} together"] if pooled else [])
    lines = ["| | " + " | ".join(header) + " |", "| --- |" + " --- |" * len(header)]
    for label, kind, style, counts in ROWS:
        per_set = [counts(by_set[name]) if kind in by_set[name] else [] for name in names]
        cells = [_cell(c, style) for c in per_set] + ([_pooled(per_set, style)] if pooled else [])
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
