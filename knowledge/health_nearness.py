"""Personal health questions in words the medical patterns do not know, told by their likeness to examples.

knowledge/intent.py refuses what its vocabulary names; "pins and needles in my fingers for weeks, what could
it be?" names nothing it knows. A message that speaks of the asker or a relative and of no organisation,
document or research (`intent.may_be_personal_health`) is compared, with the multilingual model, to worded
examples (health_examples.yaml): personal health questions, and stakeholder questions that look medical. It
is refused when its nearest personal examples are nearer than its nearest stakeholder ones by `margin`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from knowledge.embedding import Embedder, Vectors
from knowledge.intent import may_be_personal_health
from knowledge.models import HealthExamples

NEIGHBOURS = 3  # examples of each side whose mean likeness counts: one odd example decides nothing
MARGIN = 0.02  # how much nearer the personal side must be (cosine, multilingual-e5-small)


class HealthNearness:
    """Tells personal health questions from stakeholder ones by their nearest examples; the examples are
    embedded on the first message that needs them (a second at most), not at start."""

    def __init__(
        self,
        embedder: Embedder,
        examples: Sequence[HealthExamples],
        *,
        margin: float = MARGIN,
        neighbours: int = NEIGHBOURS,
    ) -> None:
        self.embedder = embedder
        self.personal_examples = tuple(q for block in examples for q in block.personal)
        self.stakeholder_examples = tuple(q for block in examples for q in block.stakeholder)
        self.margin = margin
        self.neighbours = neighbours
        self._vectors: tuple[Vectors, Vectors] | None = None
        self._lock = threading.Lock()

    def _examples(self) -> tuple[Vectors, Vectors]:
        with self._lock:
            if self._vectors is None:
                both = self.embedder.embed_queries([*self.personal_examples, *self.stakeholder_examples])
                split = len(self.personal_examples)
                self._vectors = (both[:split], both[split:])
            return self._vectors

    def leanings(self, questions: Sequence[str]) -> list[float | None]:
        """How much nearer each question is to the personal examples than to the stakeholder ones; None for
        a question the gate does not let through (it is not compared)."""
        out: list[float | None] = [None] * len(questions)
        gated = [i for i, question in enumerate(questions) if may_be_personal_health(question)]
        if not gated or not self.personal_examples or not self.stakeholder_examples:
            return out
        personal, stakeholder = self._examples()
        vectors = self.embedder.embed_queries([questions[i] for i in gated])
        for i, row in zip(gated, vectors, strict=True):
            out[i] = self._mean_top(personal @ row) - self._mean_top(stakeholder @ row)
        return out

    def personal(self, questions: Sequence[str]) -> list[bool]:
        """Which questions ask about someone's own health, by their examples."""
        return [lean is not None and lean >= self.margin for lean in self.leanings(questions)]

    def _mean_top(self, likeness: Vectors) -> float:
        top = np.sort(likeness)[-self.neighbours :]
        return float(top.mean())
