"""Medicines known by name (knowledge/medicines.py, medicine_names.txt): the guard refuses taking, combining or
stopping a medicine its own list never named, and still answers stakeholders who name one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from knowledge.intent import classify
from knowledge.medicines import MEDICINE_MARK, NAMES_FILE, mark_medicines, medicine_names

ROOT = Path(__file__).resolve().parents[2]


def test_the_names_file_holds_lower_case_single_words_and_no_ordinary_word() -> None:
    names = medicine_names()
    assert len(names) > 20_000
    assert all(name == name.casefold() and " " not in name and len(name) >= 5 for name in names)
    assert {"nexium", "xarelto", "sintrom", "brufen", "calpol"} <= names
    # words the spell checkers of the five languages know are left out, even when a medicine has the name
    assert not {"emend", "hops", "cipro", "vitae", "generics", "lithium"} & names
    # nor four letters (acronyms: CEPR, EATG), given names, nor laboratory values the patterns read as such
    assert not {"cepr", "eatg", "gaba", "camila", "makena", "creatinina"} & names
    assert not any(name.startswith("#") for name in names)


def test_marking_replaces_whole_words_only() -> None:
    assert (
        mark_medicines("Can I take Nexium with Pepcid?")
        == f"Can I take {MEDICINE_MARK} with {MEDICINE_MARK}?"
    )
    assert (
        mark_medicines("Nexium-Tabletten") == "Nexium-Tabletten"
    )  # German forms are read by their own pattern
    assert mark_medicines("Novartis and Roche join the call") == "Novartis and Roche join the call"
    # a word in capitals is an acronym more often than a medicine, unless the whole message is shouted
    assert mark_medicines("Can I stop XARELTO?") == "Can I stop XARELTO?"
    assert mark_medicines("CAN I STOP XARELTO?") == f"CAN I STOP {MEDICINE_MARK}?"


@pytest.mark.parametrize(
    "text",
    [
        "Can I take Lipitor with Nexium?",
        "Darf ich Xarelto einfach absetzen?",
        "¿Puedo dejar el Sintrom antes de la operación?",
        "Posso prendere il Brufen con lo Xarelto?",
        "Est-ce que je peux prendre du Pepcid avec mon Eliquis ?",
        "Puis-je arrêter la cape\u0301citabine ?",
        "CAN I STOP XARELTO?",  # a combining accent (NFD) reads as the composed letter
    ],
)
def test_medicines_named_only_in_the_file_are_refused(text: str) -> None:
    assert classify(text) == "medical"


@pytest.mark.parametrize(
    "text",
    [
        "Does EP PerMed fund research on Keytruda in lung cancer?",
        "Is Humira an example of personalised medicine?",
        "My company makes generic versions of Xarelto. Can we join a consortium?",
        "Can I bring Lipitor samples to the info day stand?",
        "Can I take part in the call together with a team from Novartis?",
        "Is EATG a partner of EP PerMed?",
        "My sister Camila is coming to the info day",
        "Can I take Camila with Margaux to Pamplona?",
        "Our data sits in SAP HANA, can I take HANA with me to the next project?",
    ],
)
def test_stakeholders_naming_a_medicine_are_answered(text: str) -> None:
    assert classify(text) == "question"


@pytest.mark.skipif(
    importlib.util.find_spec("drug_named_entity_recognition") is None
    or importlib.util.find_spec("gender_guesser") is None,
    reason="drug-named-entity-recognition and gender-guesser (dev dependencies) are not installed",
)
def test_the_names_file_is_what_the_script_writes(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import medicine_names as script
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert script.main(["--check"]) == 0, capsys.readouterr().err
    assert "up to date" in capsys.readouterr().out
    assert NAMES_FILE.read_text(encoding="utf-8").startswith("# One-word medicine names")
