"""Personal health questions in words the medical patterns do not know, told by their likeness to examples.

knowledge/intent.py refuses what its vocabulary names; "pins and needles in my fingers for weeks, what could
it be?" names nothing it knows. A message of no partnership, organisation, document or research
(`intent.may_be_personal_health`) is compared, with the multilingual model, to examples: worded ones
(health_examples.yaml: personal health questions, stakeholder questions that look medical, everyday personal
questions that are not about health, "my laptop is broken, what should I do?", where the model hears a
personal worry too) and questions people asked (health_asked.yaml: personal ones, and thousands of ordinary
ones). It is refused when its nearest personal health examples are nearer than its nearest stakeholder
examples by `MARGIN` and not farther than its nearest everyday ones.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.embedding import Embedder, Vectors, from_cache
from knowledge.intent import may_be_personal_health
from knowledge.models import HealthExamples

NEIGHBOURS = 3  # examples of each kind whose mean likeness counts: one odd example decides nothing
# How much nearer than the stakeholder side the personal side must be (multilingual-e5-small). On the dev
# medical sets (403 personal, 489 stakeholder questions) and 2,579 other dev questions: 0.02 refused 400
# personal, 0.01 and 0.015 401, 0.0 401 and one more other question; no stakeholder question moved. Split-half
# with the asked questions (scripts/guard_split_half.py, each half judging the other): 0.01 refused 813 of 819
# personal, 23 of 1,072 stakeholder (mostly traps written for it: "Could I take Novartis with Roche?") and 1 of
# 2,867 other dev questions; 0.02 refused 804, 18 and 1; 0.0 815, 38 and 2.
MARGIN = 0.01
# And not nearer the everyday side (a fever is no broken laptop). Split-half as above: 0.0 refused as many
# personal questions as -0.01 (813 of 819) and one stakeholder and one other question fewer.
EVERYDAY_MARGIN = 0.0


@dataclass(frozen=True, slots=True)
class Leaning:
    """How much nearer a message is to the personal health examples than to each other kind."""

    stakeholder: float
    everyday: float | None  # None without everyday examples


def example_texts(examples: Sequence[HealthExamples]) -> list[str]:
    """Every example once, in file order: what `eppermed-index build` embeds into the index (EXAMPLES)."""
    texts = (q for block in examples for q in (*block.personal, *block.stakeholder, *block.everyday))
    return list(dict.fromkeys(texts))


class HealthNearness:
    """Tells personal health questions from other messages by their nearest examples. Their vectors come
    from the index (`known`: text -> vector, made by `eppermed-index build` with the same model); an example
    it lacks (edited since the build) is embedded by `warm` (the bot does it before its first update and keeps
    them across reloads when they are unchanged) or else on the first message that needs it."""

    def __init__(
        self,
        embedder: Embedder,
        examples: Sequence[HealthExamples],
        *,
        margin: float = MARGIN,
        everyday_margin: float = EVERYDAY_MARGIN,
        neighbours: int = NEIGHBOURS,
        known: Mapping[str, Vectors] | None = None,
    ) -> None:
        self.embedder = embedder
        self._known = dict(known or {})
        self.personal_examples = tuple(q for block in examples for q in block.personal)
        self.stakeholder_examples = tuple(q for block in examples for q in block.stakeholder)
        self.everyday_examples = tuple(q for block in examples for q in block.everyday)
        self.margin = margin
        self.everyday_margin = everyday_margin
        self.neighbours = neighbours
        self._vectors: tuple[Vectors, Vectors, Vectors] | None = None
        self._lock = threading.Lock()

    def _examples(self) -> tuple[Vectors, Vectors, Vectors]:
        with self._lock:
            if self._vectors is None:
                texts = [*self.personal_examples, *self.stakeholder_examples, *self.everyday_examples]
                rows = self._embed(texts)
                first = len(self.personal_examples)
                second = first + len(self.stakeholder_examples)
                self._vectors = (rows[:first], rows[first:second], rows[second:])
            return self._vectors

    def _embed(self, texts: Sequence[str]) -> Vectors:
        """The examples' vectors: the index's where it has them, the rest embedded now (one batch)."""
        rows, todo = from_cache(texts, self._known, self.embedder.dimension)
        if todo:
            rows[todo] = self.embedder.embed_queries([texts[n] for n in todo])
        return rows

    def warm(self) -> None:
        """Embed the examples now (a service does this before it takes messages), not on first need."""
        self._examples()

    def same_as(self, other: HealthNearness) -> bool:
        """Whether `other` compares with the same examples, model and margins (its vectors may be reused)."""
        return (
            self.embedder.model_id == other.embedder.model_id
            and self.personal_examples == other.personal_examples
            and self.stakeholder_examples == other.stakeholder_examples
            and self.everyday_examples == other.everyday_examples
            and (self.margin, self.everyday_margin, self.neighbours)
            == (other.margin, other.everyday_margin, other.neighbours)
        )

    def leanings(self, questions: Sequence[str]) -> list[Leaning | None]:
        """How each question leans towards the personal health examples; None for a question the gate does
        not let through (it is not compared)."""
        out: list[Leaning | None] = [None] * len(questions)
        gated = [i for i, question in enumerate(questions) if may_be_personal_health(question)]
        if not gated or not self.personal_examples or not self.stakeholder_examples:
            return out
        personal, stakeholder, everyday = self._examples()
        vectors = self.embedder.embed_queries([questions[i] for i in gated])
        for i, row in zip(gated, vectors, strict=True):
            health = self._mean_top(personal @ row)
            other = health - self._mean_top(everyday @ row) if len(everyday) else None
            out[i] = Leaning(health - self._mean_top(stakeholder @ row), other)
        return out

    def personal(self, questions: Sequence[str]) -> list[bool]:
        """Which questions ask about someone's own health, by their examples."""
        return [self._refuses(lean) for lean in self.leanings(questions)]

    def _refuses(self, lean: Leaning | None) -> bool:
        if lean is None or lean.stakeholder < self.margin:
            return False
        return lean.everyday is None or lean.everyday >= self.everyday_margin

    def _mean_top(self, likeness: Vectors) -> float:
        top = np.sort(likeness)[-self.neighbours :]
        return float(top.mean())
