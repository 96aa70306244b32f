"""Eval of the medical guard: files with `expect` are told apart, loaded by line and counted per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from index_builder.evaluate_medical import (
    GuardCounts,
    MedicalOutcome,
    MedicalQuestion,
    is_medical_file,
    load_medical_questions,
    medical_report,
    score_medical,
)
from index_builder.exceptions import QuestionsInvalid
from knowledge.answering import Answer

GOOD = '{"id": "a", "lang": "en", "kind": "in", "q": "When?", "gold": ["end of 2023"]}'


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _medical_outcome(id_: str, lang: str, expect: str, refused: bool) -> MedicalOutcome:
    return MedicalOutcome(id_, lang, expect, refused)


def test_medical_files_are_told_from_question_files(tmp_path: Path) -> None:
    medical = write(tmp_path, ['{"id": "m", "lang": "en", "expect": "medical", "q": "My dose?"}'])
    assert is_medical_file(medical)
    assert [q.expect for q in load_medical_questions(medical)] == ["medical"]
    assert not is_medical_file(write(tmp_path, [GOOD]))
    assert not is_medical_file(write(tmp_path, ["{not json"]))
    assert not is_medical_file(tmp_path / "missing.jsonl")


def test_a_medical_file_repeating_an_id_is_refused(tmp_path: Path) -> None:
    line = '{"id": "m", "lang": "en", "expect": "not_medical", "q": "Can I join?"}'
    with pytest.raises(QuestionsInvalid) as caught:
        load_medical_questions(write(tmp_path, [line, line]))
    assert caught.value.problems == [f"{tmp_path / 'q.jsonl'}:2: id 'm' already used on line 1"]


def test_the_medical_guard_is_scored_per_language() -> None:
    question = MedicalQuestion(id="m", lang="fr", expect="medical", q="Dois-je arrêter mon traitement ?")
    assert score_medical(question, Answer(question.q, "medical")).refused
    assert not score_medical(question, Answer(question.q, "not_found")).refused
    result = medical_report(
        [
            _medical_outcome("p1", "en", "medical", True),
            _medical_outcome("p2", "de", "medical", False),
            _medical_outcome("s1", "en", "not_medical", True),
            _medical_outcome("s2", "de", "not_medical", False),
        ]
    )
    assert result.overall == GuardCounts(personal=2, personal_refused=1, stakeholder=2, stakeholder_refused=1)
    assert result.by_language["de"] == GuardCounts(1, 0, 1, 0)
    lines = result.lines()
    assert lines[-2:] == [
        "personal health questions answered: p2",
        "stakeholder questions refused as medical: s1",
    ]
    assert result.as_json()["by_language"]["en"]["stakeholder_refused"] == 1
