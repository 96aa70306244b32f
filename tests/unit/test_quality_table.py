"""scripts/quality_table.py: the README's table from what the eval commands print (their JSON)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
quality_table = importlib.import_module("quality_table")  # scripts/ is not a package


def _english(hit1: float, hit3: float, reply: float, refused: float, n: int = 60) -> dict[str, Any]:
    overall = {
        "questions": n,
        "hit_at": {"1": hit1, "3": hit3},
        "reply_hit": reply,
        "false_refusals": refused,
    }
    return {"overall": overall}


FIGURES: dict[str, Any] = {
    "english": _english(0.95, 0.9833, 0.9, 0.0167),
    "basics": _english(0.9667, 1.0, 0.9667, 0.0, n=30),
    "near_domain": {"declines": {"near_questions": 40, "near_declined": 0.925}},
    "medical": {
        "overall": {"personal": 20, "personal_refused": 19, "stakeholder": 20, "stakeholder_refused": 0}
    },
    "dialogues": {"dialogues": 40, "right": 37},
}


def test_each_row_reads_its_set_s_figures() -> None:
    text = quality_table.table(["heldout9"], {"heldout9": FIGURES})
    lines = text.splitlines()
    assert lines[0] == "| | `heldout9` |"
    assert "| right passage first / in the first three (English) | 0.95 / 0.98 |" in lines
    assert "| gold words in the reply | 0.90 |" in lines
    assert "| answerable questions wrongly declined | 0.02 |" in lines
    assert "| short and misspelt questions, right passage first | 0.97 |" in lines
    assert any(line.endswith("| 37 of 40 |") and "near-domain" in line for line in lines)
    assert any(line.endswith("| 19 of 20 / 0 of 20 |") for line in lines)
    assert lines[-1] == "| follow-ups: last reply of a two-turn dialogue right | 37 of 40 |"


def test_a_set_without_a_kind_of_file_leaves_its_cell_empty() -> None:
    partial = {k: v for k, v in FIGURES.items() if k != "dialogues"}
    text = quality_table.table(["a", "b"], {"a": FIGURES, "b": partial})
    # the sets together count only the set that has dialogues, and say so
    last = "| follow-ups: last reply of a two-turn dialogue right | 37 of 40 |  | 37 of 40 (1 set) |"
    assert text.splitlines()[-1] == last


def test_an_english_file_without_in_scope_questions_leaves_its_cells_empty() -> None:
    empty = {**FIGURES, "english": _english(0.0, 0.0, 0.0, 0.0, n=0)}
    lines = quality_table.table(["a", "b", "c"], {"a": FIGURES, "b": empty, "c": FIGURES}).splitlines()
    row = next(line for line in lines if line.startswith("| gold words"))
    assert row == "| gold words in the reply | 0.90 |  | 0.90 | 0.90 (2 sets) |"


def test_several_sets_get_a_column_of_all_of_them_together() -> None:
    weaker = {
        **FIGURES,
        "english": _english(0.85, 1.0, 0.8, 0.1, n=40),
        "medical": {
            "overall": {"personal": 40, "personal_refused": 40, "stakeholder": 40, "stakeholder_refused": 1}
        },
    }
    lines = quality_table.table(["a", "b"], {"a": FIGURES, "b": weaker}).splitlines()
    assert lines[0] == "| | `a` | `b` | all 2 together |"
    assert lines[1] == "| --- | --- | --- | --- |"
    # 57 + 34 of 100 first, 59 + 40 of 100 in the first three: counts added, not shares averaged
    assert (
        "| right passage first / in the first three (English) | 0.95 / 0.98 | 0.85 / 1.00 | 0.91 / 0.99 |"
        in lines
    )
    assert "| gold words in the reply | 0.90 | 0.80 | 0.86 |" in lines
    assert "| answerable questions wrongly declined | 0.02 | 0.10 | 0.05 |" in lines
    assert any(
        line.endswith("| 19 of 20 / 0 of 20 | 40 of 40 / 1 of 40 | 59 of 60 / 1 of 60 |") for line in lines
    )
    assert any(
        "near-domain" in line and line.endswith("| 37 of 40 | 37 of 40 | 74 of 80 |") for line in lines
    )


def test_one_set_has_no_column_together() -> None:
    assert "together" not in quality_table.table(["a"], {"a": FIGURES})


def test_a_near_domain_file_without_near_questions_leaves_its_cell_empty() -> None:
    none_near = {**FIGURES, "near_domain": {"declines": {"near_questions": 0, "near_declined": None}}}
    row = next(
        line for line in quality_table.table(["a"], {"a": none_near}).splitlines() if "near-domain" in line
    )
    assert row.endswith("|  |")


def test_no_files_for_a_set_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["quality_table.py", "nothing", "--data", str(tmp_path)])
    assert quality_table.main() == 1
    assert "no question files for nothing" in capsys.readouterr().err
