"""Picks the sentence or two of a passage that answer a question, in the source's own words.

Cheap on purpose (lexical, no model call): it runs on every answer, inside the latency budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.lexical import tokenize

# A sentence ends at . ! ? (optionally closed by a quote) before white space and an upper-case letter,
# a quote or a digit. "13.00" or "e.g. ERA-Nets" do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[A-Z“\"‘(\d])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "cf.", "approx.", "No.", "vs.")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def units(text: str) -> list[str]:
    """Sentences and list items of a passage, verbatim, in order."""
    pieces: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _LIST_ITEM.match(line):
            pieces.append(_LIST_ITEM.sub("", line))
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            candidate = line[start : match.start()].rstrip()
            if candidate.endswith(_ABBREVIATIONS):
                continue
            pieces.append(candidate)
            start = match.end()
        pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def lead_sentences(question: str, text: str, idf: Callable[[str], float]) -> str:
    """The unit that shares the most (idf-weighted) words with the question; with the next one when it
    introduces it (ends with a colon) or is a heading-like fragment."""
    parts = units(text)
    if not parts:
        return ""
    query = set(tokenize(question))
    numbers = set(re.findall(r"\d+", question))

    def score(unit: str) -> float:
        tokens = set(tokenize(unit))
        overlap = sum(idf(t) for t in query & tokens)
        dates = sum(2.0 for n in numbers if re.search(rf"\b{n}\b", unit))
        return overlap + dates

    scores = [score(u) for u in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    lead = parts[best]
    if best + 1 < len(parts) and (lead.endswith(":") or len(lead.split()) < 6):
        # The two units as they stand in the passage (line breaks included), so the lead stays a verbatim
        # slice that the reply can find and emphasise inside the quoted passage.
        start = text.find(lead)
        end = text.find(parts[best + 1], start + len(lead))
        lead = text[start : end + len(parts[best + 1])] if start >= 0 and end >= 0 else lead
    return lead
