"""Countries named by a name or an adjective, in five languages; a language named as one names none."""

from __future__ import annotations

import pytest

from knowledge.countries import countries_named


@pytest.mark.parametrize(
    ("question", "countries"),
    [
        ("Welche deutschen Ministerien finanzieren EP PerMed mit?", ["Germany"]),
        ("Welche österreichischen Stellen sind dabei?", ["Austria"]),
        ("Quels organismes français participent ?", ["France"]),
        ("¿Participa España?", ["Spain"]),
        ("¿Hay socios alemanes?", ["Germany"]),  # "alemán" + "es", accents aside
        ("Ci sono enti italiani?", ["Italy"]),
        ("Is the United Kingdom in, and Norway?", ["United Kingdom", "Norway"]),
        ("Enti dei Paesi Bassi?", ["Netherlands"]),
        ("Which Spanish city hosted the workshop?", ["Spain"]),
        ("Gibt es die InfoSheets auf Deutsch?", []),  # a language
        ("Une version en français ?", []),
        ("Is there an index of the documents?", []),  # "inde" names itself only
        ("Who will polish the final proposal?", []),  # "polish" is left out on purpose
    ],
)
def test_countries_by_name_or_adjective(question: str, countries: list[str]) -> None:
    assert [c.country for c in countries_named(question)] == countries


def test_the_users_own_word_is_kept_to_name_it() -> None:
    assert [c.word for c in countries_named("Welche deutschen Ministerien?")] == ["deutschen"]
