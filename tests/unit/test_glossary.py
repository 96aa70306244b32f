"""The glossary: a question in another language is searched with the material's English words as well."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KNOWLEDGE_DIR
from knowledge.answering import Answerer
from knowledge.glossary import Glossary, fold
from knowledge.loader import GLOSSARY, load_glossary
from knowledge.models import GlossaryEntry
from knowledge.search import Searcher

ENTRIES = [
    GlossaryEntry(en="concept paper", de=("Konzeptpapier",), it=("documento concettuale",)),
    GlossaryEntry(en="updated", fr=("mis à jour", "actualisé")),
    GlossaryEntry(en="workshop", fr=("atelier",), es=("taller",)),
]


def test_folding_ignores_case_accents_and_curly_apostrophes() -> None:
    assert fold("Réflexion d’Été") == "reflexion d'ete"


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("Wann wurde das KONZEPTPAPIER veröffentlicht?", ("concept paper",)),
        ("Chi ha approvato il documento  concettuale?", ("concept paper",)),  # spaces between words vary
        ("Sera-t-il mis a jour ?", ("updated",)),  # accents ignored
        ("Où a eu lieu l'atelier ?", ("workshop",)),
        ("¿Qué es un tallerista?", ()),  # whole words only
        ("Wann startet EP PerMed?", ()),
    ],
)
def test_the_english_words_of_what_a_question_names(question: str, english: tuple[str, ...]) -> None:
    assert Glossary(ENTRIES).english_for(question) == english


def test_expanding_appends_the_english_words_and_leaves_other_questions_alone() -> None:
    glossary = Glossary(ENTRIES)
    assert glossary.expand("Où était l'atelier ?") == "Où était l'atelier ? workshop"
    assert glossary.expand("Wo war es?") == "Wo war es?"


def _spy_on_searches(searcher: Searcher, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the searcher is asked to rank, collected as the answerer asks."""
    searched: list[str] = []
    real = searcher.score_many

    def spy(texts: list[str], *args: object, **kwargs: object) -> object:
        searched.extend(texts)
        return real(texts, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(searcher, "score_many", spy)
    return searched


def test_the_answerer_searches_foreign_questions_with_the_glossary(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched = _spy_on_searches(searcher, monkeypatch)
    answerer = Answerer(searcher, min_confidence=0.3, glossary=Glossary(ENTRIES))
    answerer.answer_many(
        ["Wann wurde das Konzeptpapier veröffentlicht?", "When was the concept paper published?"]
    )
    assert "Wann wurde das Konzeptpapier veröffentlicht? concept paper" in searched
    assert "When was the concept paper published?" in searched  # English as asked


def test_the_repository_glossary_is_valid() -> None:
    entries, problems = load_glossary(KNOWLEDGE_DIR / GLOSSARY)
    assert problems == []
    assert len(entries) >= 20
    assert Glossary(entries).english_for("Quali schede informative ci sono?") == (
        "Information Sheets InfoSheets",
    )
    # an entry with other languages' words may have everyday English ones too
    assert (
        Glossary(entries)
        .expand_english("How long was the info session?")
        .endswith("Information Day information event")
    )


def test_glossary_problems_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / GLOSSARY
    path.write_text(
        "- en: workshop\n  fr: [atelier]\n- en: workshop\n  es: [taller]\n- en: vision\n- fr: [x]\n",
        encoding="utf-8",
    )
    entries, problems = load_glossary(path)
    reasons = [f"{p.line}: {p.reason}" for p in problems]
    assert any(r.startswith("3: duplicate glossary entry 'workshop'") for r in reasons), reasons
    assert any(r.startswith("5: glossary entry 'vision' names no word") for r in reasons), reasons
    assert any(r.startswith("6") and "en" in r for r in reasons), reasons
    assert len(entries) == 3


def test_no_glossary_file_is_no_problem(tmp_path: Path) -> None:
    assert load_glossary(tmp_path / GLOSSARY) == ([], [])


EVERYDAY = [
    GlossaryEntry(en="connect key stakeholders", everyday=("bring ... together", "players")),
    GlossaryEntry(en="launched", de=("gestartet",), everyday=("up and running",)),
]


@pytest.mark.parametrize(
    ("question", "expanded"),
    [
        ("Will it bring different players in the field together?", "connect key stakeholders"),
        ("How does it bring people together?", "connect key stakeholders"),  # "..." is up to five words
        ("Is EP PerMed UP AND RUNNING yet?", "launched"),
        ("bring one two three four five six together", None),  # more than five words between
        ("Who brings the coffee?", None),
        ("Ist EP PerMed gestartet?", None),  # the other languages' words are for other languages
    ],
)
def test_english_questions_gain_the_materials_words_for_everyday_ones(
    question: str, expanded: str | None
) -> None:
    assert Glossary(EVERYDAY).expand_english(question) == (f"{question} {expanded}" if expanded else question)


def test_the_answerer_searches_with_everyday_words_and_judges_the_question_as_asked(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched = _spy_on_searches(searcher, monkeypatch)
    answerer = Answerer(searcher, min_confidence=0.3, glossary=Glossary(EVERYDAY))
    answer = answerer.answer("Is EP PerMed up and running?")
    assert "Is EP PerMed up and running? launched" in searched
    assert answer.question == "Is EP PerMed up and running?"


def test_an_everyday_word_needs_words_on_both_sides_of_its_gap(tmp_path: Path) -> None:
    path = tmp_path / GLOSSARY
    path.write_text(
        "- en: connect key stakeholders\n  everyday: [bring ... together]\n"
        "- en: launched\n  everyday: [... running]\n",
        encoding="utf-8",
    )
    entries, problems = load_glossary(path)
    assert [p.line for p in problems] == [3]
    assert "needs words on both sides" in problems[0].reason
    assert len(entries) == 2
