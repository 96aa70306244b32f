"""Picks the sentence or two of a passage that answer a question, in the source's own words.

Cheap on purpose (lexical, no model call): it runs on every answer, inside the latency budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.lexical import text_tokens, tokenize
from knowledge.sentences import LIST_ITEM, sentence_spans


def units(text: str) -> list[str]:
    """Sentences and list items (without their bullet) of a passage, verbatim, in order."""
    pieces = []
    for span in sentence_spans(text):
        piece = text[span.start : span.end]
        pieces.append(LIST_ITEM.sub("", piece) if span.item else piece)
    return pieces


def unit_spans(text: str) -> list[tuple[int, int]]:
    """Where each of `units(text)` stands in `text` (start, end), found in order, so a repeated sentence
    is placed at its own occurrence, not at the first one."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for unit in units(text):
        start = text.find(unit, cursor)
        if start < 0:  # cannot happen for verbatim units; keep the order rather than fail
            start = cursor
        spans.append((start, start + len(unit)))
        cursor = start + len(unit)
    return spans


def lead_sentences(
    question: str, text: str, idf: Callable[[str], float], prefer: Callable[[str], bool] | None = None
) -> str:
    """The unit that shares the most (idf-weighted) words with the question; with the next one when it
    introduces it (ends with a colon) or is a heading-like fragment."""
    start, end = lead_span(question, text, idf, prefer)
    return text[start:end]


def lead_span(
    question: str,
    text: str,
    idf: Callable[[str], float],
    prefer: Callable[[str], bool] | None = None,
    anchor: str = "",
) -> tuple[int, int]:
    """Where the lead stands in `text` (start, end); (0, 0) for a text without units.

    `prefer` marks units that hold what the question asks for (a date for "when"): among units that share
    any word with the question, those come first. `anchor`, the answer of a curated question the question
    matched (questions.yaml), names the lead outright when a unit holds it and, for a question asking for a
    kind of thing, that unit holds it.
    """
    parts = units(text)
    if not parts:
        return 0, 0
    spans = unit_spans(text)
    query = set(tokenize(question))
    numbers = set(re.findall(r"\d+", question))
    # per unit, the question's figures it holds ("2022" of "in February 2022")
    figures = [{n for n in numbers if re.search(rf"\b{n}\b", u)} for u in parts]

    def score(unit: str, held: set[str]) -> float:
        overlap = sum(idf(t) for t in query & text_tokens(unit))
        return overlap + 2.0 * len(held)

    scores = [score(u, held) for u, held in zip(parts, figures, strict=True)]
    wanted = " ".join(anchor.split())

    def names_the_numbers(held: set[str]) -> bool:
        return held == numbers

    # a curated answer leads, unless its sentence lacks what the question asks for ("at what time": the
    # hours, not the month) or a figure the question names that another sentence has ("in February 2022":
    # not the curated "February 2021" line)
    numbered = any(names_the_numbers(held) for held in figures)
    if wanted:
        scores = [
            s + 1e6
            if wanted in " ".join(u.split())
            and (prefer is None or prefer(u))
            and (not numbered or names_the_numbers(held))
            else s
            for s, u, held in zip(scores, parts, figures, strict=True)
        ]
    if prefer is not None:
        scores = [s + 1000.0 if s > 0 and prefer(u) else s for s, u in zip(scores, parts, strict=True)]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    start, end = spans[best]
    lead = parts[best]
    if best + 1 < len(parts) and (lead.endswith(":") or len(lead.split()) < 6):
        # The two units as they stand in the passage (line breaks included), so the lead stays a verbatim
        # slice that the reply can find and emphasise inside the quoted passage.
        end = spans[best + 1][1]
    return start, end
