"""Which of the five supported languages a question is written in, from its function words and letters.

Small and dependency-free: questions are short, the languages few, and a wrong guess must be rare, so
the answer is None unless one language clearly leads. Names and acronyms (EP PerMed, SRIA) carry no vote.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Final

LANGUAGES: Final = ("en", "de", "fr", "es", "it")

# Frequent words of each language, chosen to be distinctive; a word listed for several languages
# splits its vote between them. Kept to function words and question words, which every question has.
_WORDS: Final[dict[str, frozenset[str]]] = {
    "en": frozenset(
        """the a an and or of to in on at for from with by about is are was were be been being will would
        shall should can could may might must do does did have has had what when where which who whom whose
        why how this that these those there their they it its my your our his her we you i me us is
        not no yes any some all many much more most than then also into over under after before between
        during through up out if so as such only just very happen happened published launched tell show
        give find get know want need please partnership planned next last first day year month people""".split()
    ),
    "de": frozenset(
        """der die das den dem des ein eine einen einem einer eines und oder ist sind war waren wird werden
        wurde wurden hat haben hatte sein mit von zu zum zur für auf aus bei nach über unter vor durch gegen
        ohne um wie was wer wann wo warum welche welcher welches welchen wieso weshalb wofür worum wozu
        wieviel wieviele gibt es ich du er sie wir ihr mich mir uns nicht kein keine auch noch schon nur
        sehr bitte kann können könnte muss soll sollte darf möchte ab bis seit dieser diese dieses im am
        ins vom beim zwischen welchem partnerschaft informationen veröffentlicht gestartet wurde
        ansprechpartner kontakt adresse""".split()
    ),
    "fr": frozenset(
        """le la les l un une des du de d et ou est sont était étaient sera seront a ont avait été être
        avec pour par sur dans en au aux ce cet cette ces qui que quoi qu quel quelle quels quelles quand
        où comment pourquoi combien est-ce je tu il elle nous vous ils elles me moi se son sa ses leur leurs
        ne pas plus aussi très entre depuis pendant avant après sous chez y lancé lancée publié publiée
        partenariat adresse courriel contacter puis-je peut-on faut-il""".split()
    ),
    "es": frozenset(
        """el la los las un una unos unas lo de del al y o es son era eran será serán fue fueron ha han había
        está están estar ser con para por sobre en entre desde hasta qué que quién quiénes cuál cuáles cuándo
        dónde cómo por qué cuánto cuántos cuántas yo tú él ella nosotros ustedes ellos me mi su sus se nos no
        muy también pero porque este esta estos estas ese esa hay puedo puede lanzado lanzada publicado
        publicada asociación dirección correo contacto sido""".split()
    ),
    "it": frozenset(
        """il lo la i gli le un uno una di del dello della dei degli delle da dal dallo dalla dai dagli dalle
        a al allo alla ai agli alle in nel nello nella nei negli nelle su sul sullo sulla sui sugli sulle con
        per tra fra e ed o è sono era erano sarà saranno stato stata stati state essere ha hanno aveva che
        chi cosa quale quali quando dove come perché quanto quanti quante io tu lui lei noi voi loro mi ci si
        non anche molto più questo questa questi queste quello quella c l ci sono dell nell all sull
        partenariato lanciato lanciata pubblicato pubblicata indirizzo contatto posso può""".split()
    ),
}

# Letters and marks that only some of the five languages use, with how strongly they point there.
_LETTERS: Final[dict[str, dict[str, float]]] = {
    "ß": {"de": 2.0},
    "ä": {"de": 1.5},
    "ö": {"de": 1.5},
    "ü": {"de": 1.5},
    "ñ": {"es": 2.0},
    "¿": {"es": 3.0},
    "¡": {"es": 3.0},
    "á": {"es": 1.0},
    "í": {"es": 1.0},
    "ó": {"es": 1.0},
    "ú": {"es": 1.0},
    "ç": {"fr": 1.5},
    "œ": {"fr": 2.0},
    "ê": {"fr": 1.5},
    "â": {"fr": 1.0},
    "î": {"fr": 1.0},
    "ô": {"fr": 1.0},
    "û": {"fr": 1.0},
    "ë": {"fr": 1.0},
    "é": {"fr": 0.7, "es": 0.2, "it": 0.1},
    "è": {"fr": 0.6, "it": 0.4},
    "à": {"fr": 0.5, "it": 0.5},
    "ò": {"it": 1.5},
    "ì": {"it": 1.5},
    "ù": {"it": 0.8, "fr": 0.4},
}

# Word endings typical of one language; only for words of five letters or more.
_ENDINGS: Final[tuple[tuple[str, str], ...]] = (
    ("ción", "es"),
    ("ciones", "es"),
    ("zione", "it"),
    ("zioni", "it"),
    ("ung", "de"),
    ("ungen", "de"),
    ("keit", "de"),
    ("heit", "de"),
    ("schaft", "de"),
    ("ing", "en"),
    ("ness", "en"),
    ("ment", "fr"),  # also English, but far more frequent in French
    ("eux", "fr"),
    ("ées", "fr"),
    ("dad", "es"),
    ("idad", "es"),
    ("ità", "it"),
)
_ENDING_WEIGHT: Final = 0.5

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_EVIDENCE: Final = 1.0  # the winner needs at least one distinctive function word's worth of votes
MIN_LEAD: Final = 0.75  # and must lead the runner-up by this much


def _owners() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for language, words in _WORDS.items():
        for word in words:
            owners.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in owners.items()}


_OWNERS: Final = _owners()


def language_scores(text: str) -> dict[str, float]:
    """Votes per language: function words (shared ones split), telltale letters and word endings."""
    scores = dict.fromkeys(LANGUAGES, 0.0)
    folded = unicodedata.normalize("NFC", text).casefold().replace("’", "'")
    for word in _WORD.findall(folded):
        languages = _OWNERS.get(word)
        if languages:
            for language in languages:
                scores[language] += 1.0 / len(languages)
        elif len(word) >= 5:
            for ending, language in _ENDINGS:
                if word.endswith(ending):
                    scores[language] += _ENDING_WEIGHT
                    break
    for char, count in Counter(folded).items():
        for language, weight in _LETTERS.get(char, {}).items():
            scores[language] += weight * min(count, 3)
    return scores


def is_foreign(text: str) -> bool:
    """Clearly written in another of the five languages than English (unsure counts as English)."""
    return detect_language(text) not in (None, "en")


def detect_language(text: str) -> str | None:
    """ "en", "de", "fr", "es" or "it" when one language clearly leads; None when unsure."""
    scores = language_scores(text)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < MIN_EVIDENCE or top - second < MIN_LEAD:
        return None
    return best
