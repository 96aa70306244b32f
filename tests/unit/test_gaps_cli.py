"""`eppermed-index gaps [--json]`: the gaps report from the bot's state database, through exit code and output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.storage import StateStore
from index_builder.cli import main
from knowledge.gaps_report import OFF_MESSAGE

QUESTIONS = (
    "When does the 2026 joint transnational call open?",
    "When does the joint transnational call 2026 open?",
    "How much funding does Germany give?",
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STATE_DB", str(tmp_path / "state.sqlite3"))
    monkeypatch.setenv("INDEX_DIR", str(tmp_path / "no-index"))
    monkeypatch.setenv("EMBEDDING_MODEL", "fake-256")
    monkeypatch.setenv("UNANSWERED_RETENTION_DAYS", "30")
    monkeypatch.setenv("KEEP_UNANSWERED_QUESTIONS", "true")
    store = StateStore(tmp_path / "state.sqlite3", keep_unanswered=True)
    for question in QUESTIONS:
        store.keep_question(question, language="en")
    store.close()
    return tmp_path


def test_gaps_prints_groups_largest_first(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("3 declined questions and 0 👎 in 2 topics")
    assert out[2].startswith("1. When does")
    assert out[3].startswith("   2 questions, 0 👎")


def test_gaps_json_for_scripts(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["enabled"] is True
    assert [g["questions"] for g in data["groups"]] == [2, 1]
    assert set(data["groups"][0]["examples"]) == set(QUESTIONS[:2])


def test_gaps_shows_nothing_when_keeping_is_off_and_says_so(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEEP_UNANSWERED_QUESTIONS", "false")
    assert main(["gaps"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == OFF_MESSAGE
    assert "When does" not in out
    assert main(["gaps", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["enabled"], data["groups"]) == (False, [])


def test_gaps_without_a_state_database_fails_in_one_line(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATE_DB", str(env / "missing.sqlite3"))
    assert main(["gaps"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no state database" in err
