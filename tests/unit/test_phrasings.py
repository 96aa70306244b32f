"""Curated questions (questions.yaml): validated against the documents, placed on the passage holding their
answer, matched question to question, and their answer's sentence is the lead."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from knowledge import KNOWLEDGE_DIR
from knowledge.answering import COVERAGE_WEIGHT, CURATED_DISCOUNT, Answerer
from knowledge.chunking import ChunkingParams, chunk_document
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.loader import load_documents, load_phrasings
from knowledge.models import Chunk, Phrasing
from knowledge.phrasings import PhrasingMatcher, PhrasingRow, place
from knowledge.search import FusionWeights, Searcher

URL = "https://www.icpermed.eu/en/ep-permed.php"
AIM = (
    "The partnership aligns national funding for research. "
    "Its members meet twice a year in Brussels to agree on joint funding rules."
)
DAY = "The information day took place online. Ministries and funders were invited."


def write_sources(folder: Path) -> Path:
    sources = folder / "sources"
    sources.mkdir(parents=True)
    for doc_id, body in (("aim", AIM), ("day", DAY)):
        front = f"---\nid: {doc_id}\ntitle: {doc_id.title()}\nurl: {URL}\nas_of: 2023\n---\n\n"
        (sources / f"{doc_id}.md").write_text(front + body + "\n", encoding="utf-8")
    return sources


def load(tmp_path: Path, yaml: str) -> tuple[list[Phrasing], list[str]]:
    documents, problems = load_documents(write_sources(tmp_path))
    assert problems == []
    path = tmp_path / "questions.yaml"
    path.write_text(yaml, encoding="utf-8")
    phrasings, found = load_phrasings(path, documents)
    return phrasings, [f"{p.line}: {p.reason}" for p in found]


def test_a_good_file_loads(tmp_path: Path) -> None:
    phrasings, problems = load(
        tmp_path,
        "- document: aim\n  answer: aligns national funding\n  questions:\n    - What is the objective?\n",
    )
    assert problems == []
    assert phrasings == [
        Phrasing(document="aim", answer="aligns national funding", questions=("What is the objective?",))
    ]


def test_no_file_means_no_phrasings(tmp_path: Path) -> None:
    assert load_phrasings(tmp_path / "questions.yaml", []) == ([], [])


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "- document: aims\n  answer: aligns national funding\n  questions:\n    - What is the goal?\n",
            "1: entry 1 (aims): no document with id 'aims' in sources/ (ids: aim, day)",
        ),
        (
            "- document: aim\n  answer: aligns European funding\n  questions:\n    - What is the goal?\n",
            "1: entry 1 (aim): answer 'aligns European funding' is not in the document's text word for word",
        ),
        (
            "- document: aim\n  answer: aligns national funding\n  questions:\n    - What is the goal?\n"
            "- document: day\n  answer: took place online\n  questions:\n    - what is  the GOAL?\n",
            "5: entry 2 (day): question 'what is  the GOAL?' is given twice (also in entry 1)",
        ),
        (
            "- document: aim\n  answer: aligns national funding\n  questions: []\n",
            "3: entry 1 (aim): bad questions field 'questions': Tuple should have at least 1 item",
        ),
        (
            "- document: aim\n  answer: aligns national funding\n  question:\n    - What is the goal?\n",
            "entry 1 (aim)",
        ),
    ],
)
def test_mistakes_are_named_with_their_line(tmp_path: Path, yaml: str, expected: str) -> None:
    _, problems = load(tmp_path, yaml)
    assert problems, yaml
    assert any(problem.startswith(expected) or expected in problem for problem in problems), problems


def chunks_of(tmp_path: Path, max_words: int = 80) -> list[Chunk]:
    documents, _ = load_documents(write_sources(tmp_path))
    return [c for d in documents for c in chunk_document(d, ChunkingParams(max_words=max_words))]


def test_each_question_is_placed_on_the_passage_holding_its_answer(tmp_path: Path) -> None:
    chunks = chunks_of(tmp_path)
    phrasings = [
        Phrasing(document="day", answer="took place online", questions=("Was it virtual?", "Format?")),
        Phrasing(document="aim", answer="meet twice a year", questions=("How often do they meet?",)),
    ]
    rows, problems = place(phrasings, chunks, tmp_path / "questions.yaml")
    assert problems == []
    assert [(chunks[r.chunk].doc_id, r.question) for r in rows] == [
        ("day", "Was it virtual?"),
        ("day", "Format?"),
        ("aim", "How often do they meet?"),
    ]


def test_an_answer_split_between_passages_is_a_problem(tmp_path: Path) -> None:
    chunks = chunks_of(tmp_path, max_words=10)  # each sentence its own passage
    phrasing = Phrasing(document="aim", answer="for research. Its members", questions=("Who?",))
    rows, problems = place([phrasing], chunks, tmp_path / "questions.yaml")
    assert rows == []
    assert len(problems) == 1
    assert "not inside the text of one passage" in problems[0].reason


def test_the_matcher_keeps_the_best_question_per_passage() -> None:
    rows = [PhrasingRow(0, "a", "x"), PhrasingRow(2, "b", "y"), PhrasingRow(2, "c", "z")]
    vectors = np.eye(3, dtype=np.float32)
    scores, which = PhrasingMatcher(rows, vectors, chunks=3).best(np.asarray([[0.1, 0.2, 0.9]], np.float32))
    assert which.tolist() == [[0, -1, 2]]
    assert scores[0, 0] == pytest.approx(0.1)
    assert scores[0, 1] == -np.inf
    assert scores[0, 2] == pytest.approx(0.9)


def test_a_curated_question_brings_its_passage_and_its_sentence(tmp_path: Path) -> None:
    chunks = chunks_of(tmp_path)
    embedder = FakeEmbedder()
    question = "How often is there a get-together?"  # none of these words is in the passages
    plain = Searcher(PublishedIndex.in_memory(chunks, embedder), embedder)
    assert plain.score_many([question])[0][0].anchor == ""

    phrasing = Phrasing(document="aim", answer="meet twice a year in Brussels", questions=(question,))
    rows, _ = place([phrasing], chunks, tmp_path / "questions.yaml")
    curated = Searcher(PublishedIndex.in_memory(chunks, embedder, phrasings=rows), embedder)
    best = curated.score_many([question])[0][0]
    assert chunks[best.index].doc_id == "aim"
    assert best.fused >= 1.0  # the curated question's cosine ranks it
    assert best.anchor == "meet twice a year in Brussels"

    answer = Answerer(curated, min_confidence=0.0).answer(question)
    assert answer.answered
    assert answer.lead.startswith("Its members meet twice a year in Brussels")


def test_a_question_that_restates_a_curated_one_lifts_its_passage_above_shared_words(tmp_path: Path) -> None:
    """A near copy of a curated question (cosine >= restated_cosine) outweighs another passage's words."""
    chunks = chunks_of(tmp_path)
    embedder = FakeEmbedder()
    question = "Were ministries and funders invited online, and how often?"  # the day's words
    phrasing = Phrasing(document="aim", answer="meet twice a year in Brussels", questions=(question,))
    rows, _ = place([phrasing], chunks, tmp_path / "questions.yaml")
    index = PublishedIndex.in_memory(chunks, embedder, phrasings=rows)
    half = FusionWeights(
        phrasing=0.5
    )  # a curated cosine counting for half: the day's words win without the lift
    lifted = Searcher(index, embedder, half).score_many([question])[0]
    plain = Searcher(index, embedder, replace(half, restated=0.0)).score_many([question])[0]
    aim = next(s for s in lifted if chunks[s.index].doc_id == "aim")
    same = next(s for s in plain if chunks[s.index].doc_id == "aim")
    assert aim.fused == pytest.approx(same.fused + FusionWeights().restated)
    assert chunks[lifted[0].index].doc_id == "aim"
    assert chunks[plain[0].index].doc_id == "day"  # without the lift, the shared words win
    farther = Searcher(index, embedder, replace(half, restated_cosine=1.01)).score_many([question])[0]
    assert next(s for s in farther if chunks[s.index].doc_id == "aim").fused == pytest.approx(same.fused)


def test_a_passage_closer_than_its_questions_keeps_its_own_score(tmp_path: Path) -> None:
    chunks = chunks_of(tmp_path)
    embedder = FakeEmbedder()
    phrasing = Phrasing(document="day", answer="took place online", questions=("Unrelated words entirely?",))
    rows, _ = place([phrasing], chunks, tmp_path / "questions.yaml")
    searcher = Searcher(PublishedIndex.in_memory(chunks, embedder, phrasings=rows), embedder)
    best = searcher.score_many(["The information day took place online."])[0][0]
    assert chunks[best.index].doc_id == "day"
    assert best.anchor == ""
    assert best.curated is None  # so the decline threshold reads the passage's own score
    assert Answerer(searcher).confidence(best) == pytest.approx(best.dense + COVERAGE_WEIGHT * best.coverage)


def test_a_curated_match_raises_the_confidence_only_discounted(tmp_path: Path) -> None:
    """Question-to-question cosines run higher than question-to-passage ones: the decline threshold reads a
    curated question's cosine less CURATED_DISCOUNT, so a curated match that is not close cannot carry an
    unrelated question over it, and a close one answers a question the passage itself is far from."""
    chunks = chunks_of(tmp_path)
    embedder = FakeEmbedder()
    question = "How often is there a get-together?"
    phrasing = Phrasing(document="aim", answer="meet twice a year in Brussels", questions=(question,))
    rows, _ = place([phrasing], chunks, tmp_path / "questions.yaml")
    searcher = Searcher(PublishedIndex.in_memory(chunks, embedder, phrasings=rows), embedder)
    best = searcher.score_many([question])[0][0]
    assert best.fused >= 1.0 > best.dense
    assert best.curated == pytest.approx(1.0)
    discounted = 1.0 - CURATED_DISCOUNT
    assert Answerer(searcher).confidence(best) == pytest.approx(discounted)
    assert Answerer(searcher, min_confidence=discounted + 0.05).answer(question).kind == "not_found"
    assert Answerer(searcher, min_confidence=discounted - 0.05).answer(question).answered
    own_only = Answerer(searcher, min_confidence=discounted - 0.05)
    own_only.curated_discount = None
    assert own_only.answer(question).kind == "not_found"


def test_the_anchor_yields_to_what_the_question_asks_for(tmp_path: Path) -> None:
    """ "When ...": a curated answer's sentence without a date does not lead; the dated sentence does."""
    sources = tmp_path / "sources"
    sources.mkdir(parents=True)
    body = "The information day was held online for all stakeholders. The day took place on 31 May 2021."
    front = f"---\nid: day\ntitle: Day\nurl: {URL}\nas_of: 2023\n---\n\n"
    (sources / "day.md").write_text(front + body + "\n", encoding="utf-8")
    documents, _ = load_documents(sources)
    chunks = [c for d in documents for c in chunk_document(d)]
    embedder = FakeEmbedder()
    question = "When was the info day?"
    phrasing = Phrasing(document="day", answer="was held online for all stakeholders", questions=(question,))
    rows, _ = place([phrasing], chunks, tmp_path / "questions.yaml")
    searcher = Searcher(PublishedIndex.in_memory(chunks, embedder, phrasings=rows), embedder)
    assert searcher.score_many([question])[0][0].anchor == "was held online for all stakeholders"
    answer = Answerer(searcher, min_confidence=0.0).answer(question)
    assert answer.answered
    assert answer.lead == "The day took place on 31 May 2021."


def test_questions_in_other_languages_are_not_matched_against_curated_ones(tmp_path: Path) -> None:
    chunks = chunks_of(tmp_path)
    embedder = FakeEmbedder()
    question = "Wie oft treffen sie sich?"
    phrasing = Phrasing(document="aim", answer="meet twice a year in Brussels", questions=(question,))
    rows, _ = place([phrasing], chunks, tmp_path / "questions.yaml")
    searcher = Searcher(PublishedIndex.in_memory(chunks, embedder, phrasings=rows), embedder)
    assert searcher.score_many([question], foreign=[False])[0][0].anchor != ""
    assert all(s.anchor == "" for s in searcher.score_many([question], foreign=[True])[0])


def test_the_bot_reads_the_knowledge_without_questions_yaml(tmp_path: Path) -> None:
    """A document refreshed under a curated answer makes check and build refuse the file, not the bot."""
    from knowledge.exceptions import KnowledgeInvalid
    from knowledge.loader import load_knowledge

    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, folder)
    (folder / "questions.yaml").write_text(
        "- document: overview\n  answer: words the document lost\n  questions:\n    - Gone?\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeInvalid, match="not in the document's text word for word"):
        load_knowledge(folder)
    assert load_knowledge(folder, phrasings=False).phrasings == ()
