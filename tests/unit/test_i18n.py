"""The bot's own words: every text in every language, with the same placeholders, valid Telegram HTML."""

from __future__ import annotations

import string

import pytest

from bot.i18n import CATALOGUE, LANGUAGES, language_of, month_name, t
from tests.unit.html_rules import check_telegram_html


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` fields a template expects."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_exists_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGUAGES)
    english = placeholders(entry["en"])
    for lang in LANGUAGES:
        assert entry[lang].strip(), f"{key}/{lang} is empty"
        assert placeholders(entry[lang]) == english, f"{key}/{lang} placeholders differ from English"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_text_is_valid_telegram_html_once_filled(key: str) -> None:
    for lang in LANGUAGES:
        fields = dict.fromkeys(placeholders(CATALOGUE[key][lang]), "7")
        check_telegram_html(t(key, lang, **fields))


def test_translations_are_not_english_copies() -> None:
    same = [
        (key, lang)
        for key, entry in CATALOGUE.items()
        for lang in LANGUAGES
        if lang != "en"
        and entry[lang] == entry["en"]
        and len(entry["en"]) > 30  # short labels such as "InfoSheet {number}" may match
    ]
    assert same == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "de"),
        ("de-AT", "de"),
        ("fr_CA", "fr"),
        ("ES", "es"),
        ("it", "it"),
        ("pt-br", "en"),
        ("", "en"),
        (None, "en"),
        ("en-GB", "en"),
    ],
)
def test_language_follows_the_language_code_prefix(code: str | None, expected: str) -> None:
    assert language_of(code) == expected


def test_t_picks_the_language_and_fills_fields() -> None:
    assert t("too_long", "de-DE", limit=1000).startswith("Diese Nachricht ist zu lang")
    assert "1000" in t("too_long", "pt-br", limit=1000)
    assert t("too_long", "pt-br", limit=1000) == t("too_long", "en", limit=1000)
    assert t("contact_line", "fr", email="x@y.z") == "Des questions ? Écrivez à x@y.z."


def test_unknown_key_is_named() -> None:
    with pytest.raises(KeyError, match="no_such_text"):
        t("no_such_text", "en")


def test_month_names() -> None:
    assert month_name(4, "en") == "April"
    assert month_name(3, "de") == "März"
    assert month_name(8, "fr") == "août"
    assert month_name(12, "pt") == "December"
    for lang in LANGUAGES:
        assert len({month_name(m, lang) for m in range(1, 13)}) == 12
