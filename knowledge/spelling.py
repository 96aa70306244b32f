"""Typo tolerance: a misspelt word of an English question is replaced by the nearest word of the material.

"wat is the vison" becomes "what is the vision" before it is searched. Conservative on purpose: only words
the material does not know, one edit (two for long words), the same first letter, and ties go to the word
the material uses most; so "cost" does not become "most", and names the material lacks stay as they are.
Common English words stay as typed too, though the material lacks them: "older" is no misspelt "order".
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from knowledge.lexical import STOPWORDS, tokenize

# Question words a short misspelling ("wat", "whta", "wen") most likely meant.
QUESTION_WORDS = ("what", "when", "where", "which", "who", "whom", "whose", "why", "how", "is", "are", "does")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
MIN_LENGTH = 5  # shorter words (3 or 4 letters) are only corrected towards question words
# Common short forms the material does not use, written out before the search ("how many orgs approved").
ABBREVIATIONS = {
    "org": "organisation",
    "orgs": "organisations",
    "govt": "government",
    "gov": "government",
    "intl": "international",
    "natl": "national",
    "info": "information",
    "docs": "documents",
    "doc": "document",
    "approx": "approximately",
    "pls": "please",
    "plz": "please",
}
# Months as they are shortened, written out whatever their case ("Feb 2022"); "may" is a word as it stands.
MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "sept": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}
# A shortened month before a year ("Feb 2022", any case) or capitalised after a day ("3 Feb"): "Jan" alone, "Jan 2
# partners" or "2 dec places" are no months.
_MONTH_NAMES = "|".join(MONTHS)
_SHORT_MONTH = re.compile(
    rf"\b(?i:({_MONTH_NAMES}))\b\.?(?=\s+\d{{4}}\b)|(?<=\b\d\s)({_MONTH_NAMES.title()})\b|"
    rf"(?<=\b\d\d\s)({_MONTH_NAMES.title()})\b"
)
MIN_NAME_LENGTH = 7  # a capitalised word this long, one edit from the material's, is its name misspelt
COMMON_SHARE = 1e-6  # a word English uses at least once in a million words is meant as typed ("wat" is not)


@lru_cache(maxsize=1)
def _english_lists() -> tuple[frozenset[str], frozenset[str]]:
    """pyspellchecker's English words, the frequent ones and all, from one read of its list."""
    frequency = SpellChecker(language="en", distance=1).word_frequency
    floor = frequency.total_words * COMMON_SHARE
    counts = frequency.dictionary
    return frozenset(word for word, count in counts.items() if count >= floor), frozenset(counts)


def common_english_words() -> frozenset[str]:
    """English words too frequent to be typos, from pyspellchecker's word frequency list (loaded once)."""
    return _english_lists()[0]


def english_words() -> frozenset[str]:
    """Every word of pyspellchecker's English list, however rare (loaded once)."""
    return _english_lists()[1]


MIN_PART = 3  # letters of each word of a split: "infoday" is "info day", no two-letter piece


class Speller:
    """Corrects question words against the vocabulary of the passages (built on first use, then shared)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = texts
        self._lock = threading.Lock()
        self._words: list[str] | None = None
        self._known: frozenset[str] = frozenset()
        self._stems: frozenset[str] = frozenset()

    def _vocabulary(self) -> list[str]:
        with self._lock:
            if self._words is None:
                counts: Counter[str] = Counter()
                for text in self._texts:
                    counts.update(w.casefold() for w in _WORD.findall(text))
                counts.update(dict.fromkeys((*QUESTION_WORDS, *STOPWORDS), 0))
                self._words = [w for w, _ in counts.most_common()]  # most used first: ties go to them
                self._known = frozenset(self._words)
                self._stems = frozenset(tokenize(" ".join(self._words)))
            return self._words

    def correct(self, question: str) -> str:
        """The question with each misspelt word replaced by its correction; unchanged when none is found."""
        words = self._vocabulary()
        question = _SHORT_MONTH.sub(_written_out, question)
        return _WORD.sub(lambda m: self._fix(m.group(0), words, first=m.start() == 0), question)

    def corrections(self, question: str) -> dict[str, str]:
        """Each word of `question` that would be corrected, with its correction."""
        words = self._vocabulary()
        months = {m.group(0): _written_out(m) for m in _SHORT_MONTH.finditer(question)}
        return months | {
            m.group(0): fixed
            for m in _WORD.finditer(question)
            if (fixed := self._fix(m.group(0), words, first=m.start() == 0)) != m.group(0)
        }

    def _split(self, folded: str) -> str | None:
        """Two words run together ("infoday", "draftproposal"): each a word of the material (the first may be
        a short form), three letters or more; None when no split gives two, or the word is English as it
        stands ("furthermore")."""
        if folded in english_words():
            return None
        for cut in range(MIN_PART, len(folded) - MIN_PART + 1):
            head, tail = folded[:cut], folded[cut:]
            head = ABBREVIATIONS.get(head, head)
            if (
                head in self._known
                and tail in self._known
                and tail not in STOPWORDS
                and head not in STOPWORDS
            ):
                return f"{head} {tail}"
        return None

    def _fix(self, word: str, words: list[str], *, first: bool) -> str:
        folded = word.casefold()
        if len(folded) < 3 or folded in self._known or self._stems.intersection(tokenize(folded)):
            return (
                word  # too short to tell, or the material's own word, short form or not ("EU Member States")
            )
        if folded in ABBREVIATIONS and word.islower():
            return ABBREVIATIONS[folded]
        if folded in common_english_words():
            return word
        if not first and word[:1].isupper():
            return _long_word(word, words)  # a name (Italy, Canada) the material does not use, or its word
        joined = self._split(folded)
        if joined is not None:
            return joined
        pool = words if len(folded) >= MIN_LENGTH else list(QUESTION_WORDS)
        pool = [w for w in pool if w[:1] == folded[:1] and abs(len(w) - len(folded)) <= 2]
        edits = 1 if len(folded) < 8 else 2
        match = process.extractOne(folded, pool, scorer=OSA.distance, score_cutoff=edits)
        return match[0] if match is not None else word


def _long_word(name: str, words: list[str]) -> str:
    """A capitalised word as it stands, unless it is one of the material's long words misspelt ("Comission"):
    one edit from it, at least `MIN_NAME_LENGTH` letters; a name the material lacks stays ("Estonia")."""
    folded = name.casefold()
    if len(folded) < MIN_NAME_LENGTH or folded in english_words():
        return name  # short, or an English word as it stands ("Patents", "Translational")
    pool = [w for w in words if w[:1] == folded[:1] and len(w) >= MIN_NAME_LENGTH]
    match = process.extractOne(folded, pool, scorer=OSA.distance, score_cutoff=1)
    return match[0] if match is not None else name


def _written_out(month: re.Match[str]) -> str:
    """A shortened month (`_SHORT_MONTH`) written out."""
    return MONTHS[next(g for g in month.groups() if g).casefold()]
