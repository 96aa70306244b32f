"""Curated questions (questions.yaml) as a second way into a passage, matched question to question.

A sentence model matches a question against another question far better than against the passage that
answers it ("what is the objective" finds "what is the aim", not "The EP PerMed aims to ..."). Each curated
question points to the passage holding its entry's `answer`; a passage scores the better of its own cosine
and its best question's, and a question that wins brings its answer's sentence as the lead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.exceptions import Problem
from knowledge.loader import ASKED_ANSWERS, PHRASINGS, Knowledge, collapse_spaces
from knowledge.models import Chunk, Phrasing

Floats = npt.NDArray[np.float32]
Rows = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class PhrasingRow:
    """One curated question as the index stores it: the passage (chunk position) its answer stands in."""

    chunk: int
    question: str
    answer: str


def place(
    phrasings: Sequence[Phrasing], chunks: Sequence[Chunk], path: Path
) -> tuple[list[PhrasingRow], list[Problem]]:
    """Rows for every question, each on the first chunk of its document whose text holds the entry's answer.

    An answer no single passage's text holds is a problem (`path` names questions.yaml): a cut between
    passages splits it, or it stands in a heading, which replies never quote.
    """
    texts: dict[str, list[tuple[int, str]]] = {}
    for position, chunk in enumerate(chunks):
        texts.setdefault(chunk.doc_id, []).append((position, collapse_spaces(chunk.text)))
    rows: list[PhrasingRow] = []
    problems: list[Problem] = []
    for number, phrasing in enumerate(phrasings, 1):
        answer = collapse_spaces(phrasing.answer)
        where = next((p for p, text in texts.get(phrasing.document, []) if answer in text), None)
        if where is None:
            reason = (
                f"entry {number} ({phrasing.document}): answer {phrasing.answer!r} is not inside the text of "
                "one passage (split between two, or in a heading, which replies never quote): quote words "
                "from one sentence of the text"
            )
            problems.append(Problem(path, 1, reason))
            continue
        rows += [PhrasingRow(where, question, phrasing.answer) for question in phrasing.questions]
    return rows, problems


def place_knowledge(
    knowledge: Knowledge, chunks: Sequence[Chunk], folder: Path
) -> tuple[list[PhrasingRow], list[Problem]]:
    """The curated questions (questions.yaml) and the answered ones people asked (asked_answers.yaml) on
    their passages; `folder` is the knowledge folder the problems name."""
    rows, problems = place(knowledge.phrasings, chunks, folder / PHRASINGS)
    more, more_problems = place(knowledge.asked_answers, chunks, folder / ASKED_ANSWERS)
    return rows + more, problems + more_problems


class PhrasingMatcher:
    """Per query and chunk, the best cosine among the chunk's curated questions (and which one it was)."""

    def __init__(self, rows: Sequence[PhrasingRow], vectors: Floats, chunks: int) -> None:
        if len(rows) != len(vectors):
            raise ValueError(f"{len(rows)} phrasings but {len(vectors)} vectors")
        if any(not 0 <= row.chunk < chunks for row in rows):
            raise ValueError(f"a phrasing points outside the {chunks} chunks")
        self.rows = list(rows)
        self.chunks = chunks
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        groups: dict[int, list[int]] = {}
        for column, row in enumerate(self.rows):
            groups.setdefault(row.chunk, []).append(column)
        self._groups = [
            (chunk, np.asarray(columns, dtype=np.int64)) for chunk, columns in sorted(groups.items())
        ]

    def without(self, questions: set[str]) -> PhrasingMatcher:
        """These curated questions less those whose text (spaces collapsed, case folded) is in `questions`."""
        keep = [
            n for n, row in enumerate(self.rows) if collapse_spaces(row.question).casefold() not in questions
        ]
        return PhrasingMatcher([self.rows[n] for n in keep], self._vectors[keep], self.chunks)

    def vectors(self) -> Floats:
        """Every curated question's vector, in row order."""
        return self._vectors

    def vectors_by_question(self) -> dict[str, Floats]:
        """Each curated question's vector, for the next build to reuse."""
        return {row.question: self._vectors[column] for column, row in enumerate(self.rows)}

    def best(self, queries: Floats) -> tuple[Floats, Rows]:
        """(scores, rows), each (queries x chunks): the best curated question's cosine per chunk, -inf and -1
        for a chunk without any."""
        count = len(queries)
        scores = np.full((count, self.chunks), -np.inf, dtype=np.float32)
        which = np.full((count, self.chunks), -1, dtype=np.int64)
        if not self.rows or count == 0:
            return scores, which
        similarities = np.asarray(queries, dtype=np.float32) @ self._vectors.T
        every = np.arange(count)
        for chunk, columns in self._groups:
            block = similarities[:, columns]
            top = block.argmax(axis=1)
            scores[:, chunk] = block[every, top]
            which[:, chunk] = columns[top]
        return scores, which
