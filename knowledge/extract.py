"""Picks the sentence or two of a passage that answer a question, in the source's own words.

Cheap on purpose (lexical, no model call): it runs on every answer, inside the latency budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.lexical import tokenize
from knowledge.sentences import LIST_ITEM, sentence_spans


def units(text: str) -> list[str]:
    """Sentences and list items (without their bullet) of a passage, verbatim, in order."""
    pieces = []
    for span in sentence_spans(text):
        piece = text[span.start : span.end]
        pieces.append(LIST_ITEM.sub("", piece) if span.item else piece)
    return pieces


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
