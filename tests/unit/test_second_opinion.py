"""The second model's opinion on English rankings the main model is unsure of (knowledge/search.py,
`SecondOpinion`): pure re-ordering first, then through the answerer with fake embedders."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from knowledge import KNOWLEDGE_DIR
from knowledge.answering import Answerer
from knowledge.chunking import chunk_document
from knowledge.embedding import Vectors
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.loader import load_knowledge
from knowledge.search import MULTILINGUAL_WEIGHTS, Scored, Searcher, SecondOpinion, reorder, unsure


def scored(index: int, fused: float) -> Scored:
    return Scored(index=index, fused=fused, dense=fused, lexical=0.0, coverage=0.0)


def test_a_close_call_is_unsure_a_clear_lead_is_not() -> None:
    opinion = SecondOpinion(margin=0.05)
    assert unsure([scored(0, 0.80), scored(1, 0.78)], opinion)
    assert not unsure([scored(0, 0.80), scored(1, 0.70)], opinion)
    assert not unsure([scored(0, 0.80)], opinion)  # nothing to choose between


def test_the_other_model_reorders_the_head_and_leaves_the_tail_below() -> None:
    row = [scored(0, 0.80), scored(1, 0.79), scored(2, 0.60), scored(3, 0.10)]
    other = [scored(1, 0.86), scored(2, 0.84), scored(0, 0.80)]  # prefers 1, then 2, then 0
    out = reorder(row, other, SecondOpinion(weight=0.2, depth=3))
    assert [s.index for s in out] == [1, 0, 2, 3]
    assert out[0].fused == pytest.approx(0.79 + 0.2)  # the other model's best gains the whole weight
    assert out[1].fused == pytest.approx(0.80)  # its lowest gains nothing
    assert out[-1] == row[-1]  # beyond the depth: untouched
    assert [s.dense for s in out[:3]] == [0.79, 0.80, 0.60]  # confidence still reads the main model


def test_an_other_model_without_preference_changes_nothing() -> None:
    row = [scored(0, 0.80), scored(1, 0.79)]
    assert reorder(row, [scored(0, 0.5), scored(1, 0.5)], SecondOpinion()) == row
    assert reorder(row, [], SecondOpinion()) == row


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting batches as well as texts."""

    def __init__(self, dimension: int) -> None:
        super().__init__(dimension)
        self.batches = 0

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.batches += 1
        return super().embed_queries(texts)


def _answerer(opinion: SecondOpinion | None) -> tuple[Answerer, CountingEmbedder]:
    chunks = [c for d in load_knowledge(KNOWLEDGE_DIR).documents for c in chunk_document(d)]
    main, other = FakeEmbedder(), CountingEmbedder(64)
    index = PublishedIndex.in_memory(chunks, main, multilingual=other)
    second = Searcher(index, other, MULTILINGUAL_WEIGHTS, multilingual=True)
    other.calls = other.batches = 0  # building the index embedded the passages
    return Answerer(Searcher(index, main), multilingual=second, second_opinion=opinion), other


def test_the_second_model_is_asked_only_where_the_first_hesitates() -> None:
    question = "When was the SRIA published?"
    sure, other = _answerer(SecondOpinion(margin=0.0))  # never unsure
    sure.answer(question)
    assert other.calls == 0
    always, other = _answerer(SecondOpinion(margin=10.0))  # always unsure
    always.answer_many([question, "What is the vision?"])
    assert (other.batches, other.calls) == (1, 2)  # one batch, both questions


def test_without_a_second_opinion_the_second_model_is_never_asked() -> None:
    off, other = _answerer(None)
    off.answer_many(["When was the SRIA published?", "What is the vision?", "Who organised the day?"])
    assert other.calls == 0


def test_the_first_three_keep_their_confidence() -> None:
    """Re-ordering stays within the three passages the decline threshold reads: the same confidence."""
    questions = [
        "What does InfoSheet 6 cover?",
        "When was the SRIA published?",
        "Who organised the information day?",
        "What is the vision of EP PerMed?",
        "Where was the ICPerMed workshop?",
        "How many organisations approved the concept paper?",
    ]
    off, _ = _answerer(None)
    on, _ = _answerer(SecondOpinion(margin=10.0, weight=5.0))  # always asked, and decisive
    for before, after in zip(off.answer_many(questions), on.answer_many(questions), strict=True):
        assert after.confidence == before.confidence
        assert {p.chunk_id for p in after.passages[:3]} == {p.chunk_id for p in before.passages[:3]}


def test_questions_in_other_languages_are_not_second_guessed() -> None:
    answerer, other = _answerer(SecondOpinion(margin=10.0))
    answerer.answer("Wann wurde die SRIA veröffentlicht?")
    assert (other.batches, other.calls) == (1, 1)  # searched once with that model, never asked again
