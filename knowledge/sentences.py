"""Where sentences end, decided once: chunking, lead extraction and reply cutting all cut at these places.

Offsets, not strings, so a caller can keep positions in the text it cut (chunk text is a verbatim slice).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Words whose final period ends no sentence ("e.g. ERA-Nets", "Prof. Smith").
ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "cf.",
    "approx.",
    "No.",
    "vs.",
    "Dr.",
    "Prof.",
    "St.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "et al.",
)
# A list item: a bullet or a number with "." or ")", then white space and text.
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(?=\S)")
# . ! ? or …, maybe closed by quotes or brackets, before white space ("13.00" and "31.05.2021" end nothing).
_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
_OPENERS = '“"‘(['  # what a sentence may start with besides a capital letter or a digit
_NEXT = re.compile(r"\s*(\S)")  # the first character after a stop, read in place (no copy of the rest)
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence, a line or a list item: offsets into the text it was cut from, white space trimmed."""

    start: int
    end: int
    item: bool = False  # a list item (its bullet included)


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence end (closing quotes and brackets included), in order.

    A sentence ends where the next non-space character is a capital letter, a digit or an opening quote
    or bracket, and the word before the stop is not an abbreviation.
    """
    ends = []
    for match in _END.finditer(text):
        found = _NEXT.match(text, match.end())
        following = found.group(1) if found else ""
        if not following or not (following.isupper() or following.isdigit() or following in _OPENERS):
            continue
        if _abbreviation_before(text, match.start() + 1):
            continue
        ends.append(match.end())
    return ends


def _abbreviation_before(text: str, stop: int) -> bool:
    """Whether text[:stop] ends with a whole abbreviation (not "Test." read as "St.")."""
    for abbreviation in ABBREVIATIONS:
        begin = stop - len(abbreviation)
        if begin >= 0 and text.startswith(abbreviation, begin) and not text[begin - 1 : begin].isalnum():
            return True
    return False


def sentence_spans(text: str) -> list[Span]:
    """The sentences of every line, in order; a list item is one span however many sentences it holds."""
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        if LIST_ITEM.match(line.group()):
            spans.extend(_trimmed(text, line.start(), line.end(), item=True))
            continue
        cuts = [line.start(), *(line.start() + end for end in sentence_ends(line.group())), line.end()]
        for start, end in itertools.pairwise(cuts):
            spans.extend(_trimmed(text, start, end))
    return spans


def _trimmed(text: str, start: int, end: int, *, item: bool = False) -> list[Span]:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    lead = start + len(piece) - len(piece.lstrip())
    return [Span(lead, lead + len(stripped), item)]
