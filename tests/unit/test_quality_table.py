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


def _english(hit1: float, hit3: float, reply: float, refused: float) -> dict[str, Any]:
    overall = {"hit_at": {"1": hit1, "3": hit3}, "reply_hit": reply, "false_refusals": refused}
    return {"overall": overall}


FIGURES: dict[str, Any] = {
    "english": _english(0.95, 0.983, 0.9, 0.017),
    "basics": _english(0.966, 1.0, 0.966, 0.0),
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
    assert text.splitlines()[-1] == "| follow-ups: last reply of a two-turn dialogue right | 37 of 40 |  |"


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
