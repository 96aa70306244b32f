"""scripts/health_asked.py: development questions labelled for the medical guard, held-out ones left out."""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path

import pytest

from knowledge import KNOWLEDGE_DIR
from knowledge.loader import HEALTH_ASKED, HEALTH_EXAMPLES, load_guard_examples, load_health_examples

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
health_asked = importlib.import_module("health_asked")  # scripts/ is not a package
asked_questions = importlib.import_module("asked_questions")

PERSONAL = {
    "en": [
        "My feet are numb every morning, why?",
        "Should I stop my blood pressure pills?",
        "Rash on my back",
        "How much paracetamol for my son?",
    ],
    "de": ["Mein Knie tut weh, was tun?", "Soll ich mein Medikament absetzen?", "Husten seit Wochen"],
}
STAKEHOLDER = {
    "en": ["Who wrote the SRIA?", "Can my institute join?", "Is cancer research in scope?"],
    "de": ["Wer schrieb die SRIA?", "Kann mein Institut mitmachen?", "Ist Krebsforschung dabei?"],
}


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    shutil.copy(KNOWLEDGE_DIR / HEALTH_EXAMPLES, folder / HEALTH_EXAMPLES)
    return folder


def test_medical_files_give_both_labels_and_question_files_stakeholder_ones(
    tmp_path: Path, knowledge: Path
) -> None:
    medical = _write(
        tmp_path / "dev_medical.jsonl",
        [
            {"id": f"m{i}", "lang": lang, "expect": expect, "q": q}
            for lang in ("en", "de")
            for expect, questions in (("medical", PERSONAL[lang]), ("not_medical", STAKEHOLDER[lang]))
            for i, q in enumerate(questions)
        ],
    )
    held_out = sorted(asked_questions.held_out_questions(ROOT / "tests" / "data"))[0]
    questions = _write(
        tmp_path / "dev_english.jsonl",
        [
            {"id": "e1", "lang": "en", "kind": "in", "q": "When did the partnership start?", "gold": ["x"]},
            {"id": "e2", "lang": "en", "kind": "oos", "q": held_out},  # a held-out question stays out
            {"id": "e3", "lang": "en", "kind": "in", "q": "Rash on my back", "gold": ["x"]},  # both labels
            # an out-of-scope line the patterns refuse is a personal health question
            {
                "id": "e4",
                "lang": "en",
                "kind": "oos",
                "q": "Should I stop taking my blood pressure medication?",
            },
        ],
    )
    dialogues = _write(
        tmp_path / "dev_dialogues.jsonl",
        [
            {"id": "d1", "turns": ["What is it?", "And when?"]},
            # the expectation is the last turn's: the first one is an ordinary question
            {
                "id": "d2",
                "turns": ["Who wrote the vision?", "Should I stop my statins then?"],
                "expect": "medical",
            },
        ],
    )
    args = [str(medical), str(questions), str(dialogues), "--knowledge", str(knowledge)]
    assert health_asked.main(args) == 0
    asked, problems = load_health_examples(knowledge / HEALTH_ASKED)
    assert problems == []
    by_lang = {block.lang: block for block in asked}
    assert set(by_lang) == {"en", "de"}
    assert list(by_lang["de"].personal) == PERSONAL["de"]
    assert "Rash on my back" not in by_lang["en"].personal + by_lang["en"].stakeholder
    assert {"When did the partnership start?", "What is it?", "And when?", "Who wrote the vision?"} <= set(
        by_lang["en"].stakeholder
    )
    assert {"Should I stop my statins then?", "Should I stop taking my blood pressure medication?"} <= set(
        by_lang["en"].personal
    )
    assert held_out not in {q.casefold() for q in by_lang["en"].stakeholder}
    assert load_guard_examples(knowledge)[1] == []


def test_held_out_files_are_refused(
    tmp_path: Path, knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held = _write(
        tmp_path / "heldout99_medical.jsonl", [{"id": "h", "lang": "en", "expect": "medical", "q": "x"}]
    )
    assert health_asked.main([str(held), "--knowledge", str(knowledge)]) == 1
    assert "held-out sets stay out" in capsys.readouterr().err
    assert not (knowledge / HEALTH_ASKED).exists()


def test_a_line_that_is_not_json_is_named(tmp_path: Path, knowledge: Path) -> None:
    bad = tmp_path / "dev_bad.jsonl"
    bad.write_text('{"q": "fine"}\n{oops\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"dev_bad.jsonl:2: not JSON"):
        health_asked.main([str(bad), "--knowledge", str(knowledge)])


def test_the_repository_asked_questions_are_valid_and_hold_no_held_out_question() -> None:
    assert load_guard_examples(KNOWLEDGE_DIR)[1] == []
    asked, _ = load_health_examples(KNOWLEDGE_DIR / HEALTH_ASKED)
    assert {block.lang for block in asked} == {"en", "de", "fr", "es", "it"}
    texts = {" ".join(q.split()).casefold() for b in asked for q in (*b.personal, *b.stakeholder)}
    assert len(texts) > 4000
    assert texts.isdisjoint(asked_questions.held_out_questions(ROOT / "tests" / "data"))
