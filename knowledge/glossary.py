"""The material's key words in the other languages: a foreign question is searched with the English ones too.

The multilingual model ranks a German, French, Spanish or Italian question against English passages in a
narrow band of scores, and BM25 finds none of its words. Naming the material's own words beside the question
("Chi l'ha approvato? documento concettuale" + "concept paper") gives both something to hold on to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from knowledge.models import GlossaryEntry


def fold(text: str) -> str:
    """Case and accents ignored: "Réflexion" and "reflexion" are one word; apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Glossary:
    """Finds the English words of the entries whose other-language words a question uses."""

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self.entries = tuple(entries)
        alternatives = [(entry.en, _alternatives(entry)) for entry in self.entries]
        self._patterns = [
            (en, re.compile(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])"))
            for en, words in alternatives
            if words
        ]

    def english_for(self, question: str) -> tuple[str, ...]:
        """The English words of every entry the question names in another language, in file order."""
        folded = fold(question)
        return tuple(en for en, pattern in self._patterns if pattern.search(folded))

    def expand(self, question: str) -> str:
        """The question with the material's English words for what it names appended (unchanged if none)."""
        found = self.english_for(question)
        return f"{question} {' '.join(found)}" if found else question


def _alternatives(entry: GlossaryEntry) -> list[str]:
    words = {fold(word) for words in (entry.de, entry.fr, entry.es, entry.it) for word in words}
    return [re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True)]
