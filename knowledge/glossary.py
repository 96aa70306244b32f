"""The material's key words in the other languages: a foreign question is searched with the English ones too.

The multilingual model ranks a German, French, Spanish or Italian question against English passages in a
narrow band of scores, and BM25 finds none of its words. Naming the material's own words beside the question
("Chi l'ha approvato? documento concettuale" + "concept paper") gives both something to hold on to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from knowledge.models import GlossaryEntry


def fold(text: str) -> str:
    """Case and accents ignored: "Réflexion" and "reflexion" are one word; apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Glossary:
    """Finds the English words of the entries whose other-language (or everyday English) words a question uses."""

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self.entries = tuple(entries)
        self._patterns = _patterns((entry.en, _alternatives(entry)) for entry in self.entries)
        self._everyday = _patterns((entry.en, _everyday(entry)) for entry in self.entries)

    def english_for(self, question: str) -> tuple[str, ...]:
        """The English words of every entry the question names in another language, in file order."""
        folded = fold(question)
        return tuple(en for en, pattern in self._patterns if pattern.search(folded))

    def expand(self, question: str) -> str:
        """The question with the material's English words for what it names appended (unchanged if none)."""
        found = self.english_for(question)
        return f"{question} {' '.join(found)}" if found else question

    def expand_english(self, question: str) -> str:
        """An English question with the material's words for the everyday words it uses appended ("Is it up and
        running?" is searched with "launched launch" as well); unchanged if none."""
        folded = fold(question)
        found = [en for en, pattern in self._everyday if pattern.search(folded)]
        return f"{question} {' '.join(found)}" if found else question


_GAP = r"(?:\S+\s+){0,5}?"  # what "..." stands for in an everyday word: up to five words


def _patterns(alternatives: Iterable[tuple[str, list[str]]]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (en, re.compile(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])")) for en, words in alternatives if words
    ]


def _as_pattern(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"\s+")


def _alternatives(entry: GlossaryEntry) -> list[str]:
    words = {fold(word) for words in (entry.de, entry.fr, entry.es, entry.it) for word in words}
    return [_as_pattern(word) for word in sorted(words, key=len, reverse=True)]


def _everyday(entry: GlossaryEntry) -> list[str]:
    """The entry's everyday English words as patterns, "..." standing for up to five words."""
    words = sorted({fold(word) for word in entry.everyday}, key=len, reverse=True)
    return [rf"\s+{_GAP}".join(_as_pattern(part.strip()) for part in word.split("...")) for word in words]
