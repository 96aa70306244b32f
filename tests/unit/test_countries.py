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
        ("¿Qué plataforma usa EP PerMed?", []),  # "usa" is "uses"; "USA" in capitals is the country
        ("Quale piattaforma usa EP PerMed?", []),
        ("Is the USA a partner?", ["United States"]),
        (
            "Gibt es Partner in Italien?",
            ["Italy"],
        ),  # German "in Italien" is Italy, French "en italien" Italian
        ("Gibt es Ansprechpartner in deutschen Ministerien?", ["Germany"]),
        ("Is it funded in German regions?", ["Germany"]),
        ("Is the SRIA available in German?", []),
        ("È disponibile in lingua tedesca?", []),
        ("Existe-t-il en langue allemande ?", []),
        ("Gibt es das in deutscher Sprache?", []),
        ("Kann man es ins Deutsche übersetzen?", []),
        ("Can it be translated into German?", []),
        ("¿Se puede traducir al alemán?", []),
        ("Do islanders take part?", []),  # "islande" takes no ending
        ("Sind Partner aus den Vereinigten Staaten dabei?", ["United States"]),
    ],
)
def test_countries_by_name_or_adjective(question: str, countries: list[str]) -> None:
    assert [c.country for c in countries_named(question)] == countries


def test_the_users_own_word_is_kept_to_name_it() -> None:
    assert [c.word for c in countries_named("Welche deutschen Ministerien?")] == ["deutschen"]
