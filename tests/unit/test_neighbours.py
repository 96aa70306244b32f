"""The asked questions' vote: how much closer a question comes to answered ones than to uncovered ones."""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from index_builder.evaluate import Question
from knowledge import KNOWLEDGE_DIR
from knowledge import neighbours as neighbours_module
from knowledge.answering import Answerer
from knowledge.chunking import chunk_document
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.loader import (
    ASKED,
    ASKED_ANSWERS,
    PHRASINGS,
    collapse_spaces,
    load_asked,
    load_knowledge,
    validate_knowledge,
)
from knowledge.neighbours import ANSWER_MARGIN, DECLINE_MARGIN, Neighbours, Vote
from knowledge.phrasings import PhrasingRow
from knowledge.search import Searcher

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
asked_questions = importlib.import_module("asked_questions")  # scripts/ is not a package
asked_vote = importlib.import_module("asked_vote")

EMBEDDER = FakeEmbedder()
# Near-domain questions a gap's words decline, and questions the material answers that use those words.
COORDINATE = "What does the partnership try to coordinate between national and regional governments?"
OUTSIDE_EU = "Can countries outside the EU take part in the partnership?"


def _unit(*rows: list[float]) -> np.ndarray:
    vectors = np.asarray(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_the_margin_is_the_best_answered_cosine_minus_the_best_uncovered_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(neighbours_module, "NEIGHBOURS_K", 1)
    neighbours = Neighbours(_unit([1, 0, 0], [0, 1, 0]), _unit([0, 0, 1], [1, 1, 0]), ["far", "between"])
    vote = neighbours.votes(_unit([1, 0, 0]))[0]
    assert vote.margin == pytest.approx(1 - np.sqrt(0.5))
    assert vote.nearest == "between"
    assert vote.answerable
    assert not vote.uncovered
    other = neighbours.votes(_unit([0, 0, 1]))[0]
    assert other.margin == pytest.approx(-1.0)
    assert other.nearest == "far"
    assert other.uncovered
    assert not other.answerable


def test_the_vote_averages_the_closest_questions_on_each_side(monkeypatch: pytest.MonkeyPatch) -> None:
    """One uncovered question almost the same as the query, among answered ones close to it too, does not
    decline it alone: the mean of the k closest on each side does, and the far ones count for nothing."""
    answered = _unit([1, 0.3, 0], [1, 0, 0.3], [1, 0.2, 0.2], [0, 1, 0], [0, 0, 1], [0, 1, 1])
    uncovered = _unit([1, 0.05, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [0, 1, 0.2])
    queries = _unit([1, 0, 0], [0, 1, 0.02])  # two at once: one row each
    texts = ["twin", "a", "b", "c", "d"]
    monkeypatch.setattr(neighbours_module, "NEIGHBOURS_K", 1)
    alone = Neighbours(answered, uncovered, texts).votes(queries)
    monkeypatch.setattr(neighbours_module, "NEIGHBOURS_K", 3)
    averaged = Neighbours(answered, uncovered, texts).votes(queries)
    for n, query in enumerate(queries):
        mine, theirs = answered @ query, uncovered @ query
        assert alone[n].margin == pytest.approx(mine.max() - theirs.max())
        assert averaged[n].margin == pytest.approx(np.sort(mine)[-3:].mean() - np.sort(theirs)[-3:].mean())
        assert averaged[n].margin != pytest.approx(mine.mean() - theirs.mean())
    assert alone[0].margin < 0
    assert averaged[0].answerable
    assert averaged[0].nearest == alone[0].nearest == "twin"
    assert averaged[1].nearest == "a"
    monkeypatch.setattr(neighbours_module, "NEIGHBOURS_K", 9)  # more than there are: all of them
    every = Neighbours(answered, uncovered, texts).votes(queries[:1])[0]
    assert every.margin == pytest.approx((answered @ queries[0]).mean() - (uncovered @ queries[0]).mean())


@pytest.mark.parametrize(
    ("margin", "answerable", "uncovered"),
    [
        (ANSWER_MARGIN, True, False),
        (ANSWER_MARGIN - 0.01, False, False),
        ((ANSWER_MARGIN - DECLINE_MARGIN) / 2, False, False),
        (-DECLINE_MARGIN + 0.01, False, False),
        (-DECLINE_MARGIN, False, True),
    ],
)
def test_between_the_two_margins_the_vote_says_nothing(
    margin: float, answerable: bool, uncovered: bool
) -> None:
    vote = Vote(margin, "")
    assert (vote.answerable, vote.uncovered) == (answerable, uncovered)


def test_the_vote_needs_both_labels_and_a_text_a_vector() -> None:
    with pytest.raises(ValueError, match="answered and uncovered"):
        Neighbours(_unit([1, 0]), np.zeros((0, 2), np.float32), [])
    with pytest.raises(ValueError, match="2 uncovered questions but 1 vectors"):
        Neighbours(_unit([1, 0]), _unit([0, 1]), ["a", "b"])
    assert Neighbours(_unit([1, 0]), _unit([0, 1]), ["a"]).votes(np.zeros((0, 2), np.float32)) == []


def _documents_into(folder: Path) -> None:
    """A knowledge folder with the repository's documents, timeline and InfoSheets, and nothing else."""
    shutil.copytree(KNOWLEDGE_DIR / "sources", folder / "sources")
    for name in ("timeline.yaml", "infosheets.yaml"):
        shutil.copy(KNOWLEDGE_DIR / name, folder / name)


def _answerer(answered: list[str], uncovered: list[str]) -> Answerer:
    """The real knowledge and gaps searched with the fake embedder, with a vote from these questions."""
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    chunks = [c for d in knowledge.documents for c in chunk_document(d)]
    searcher = Searcher(PublishedIndex.in_memory(chunks, EMBEDDER), EMBEDDER)
    neighbours = None
    if answered and uncovered:
        neighbours = Neighbours(
            EMBEDDER.embed_queries(answered), EMBEDDER.embed_queries(uncovered), uncovered
        )
    return Answerer(searcher, min_confidence=0.3, known_gaps=knowledge.known_gaps, neighbours=neighbours)


@pytest.mark.parametrize(("question", "gap"), [(COORDINATE, "governance"), (OUTSIDE_EU, "membership")])
def test_a_question_like_answered_ones_is_not_declined_for_a_gaps_words(question: str, gap: str) -> None:
    """The failure of held-out questions: "coordinate", "take part" named a gap though the material answers
    what is asked (what is aligned between governments; EU Member States, associated and partner countries)."""
    without = _answerer([], []).answer(question)
    assert without.gap is not None
    assert without.gap.id == gap
    answer = _answerer([question], ["Who chairs the partnership's governing board?"]).answer(question)
    assert answer.answered
    assert answer.gap is None


def test_a_question_like_uncovered_ones_is_declined_with_their_gap() -> None:
    question = "What is EP PerMed?"
    assert _answerer([], []).answer(question).answered
    answer = _answerer(["When was the SRIA published?"], [question, "How big is the budget?"]).answer(
        question
    )
    assert not answer.answered
    assert answer.reason == "uncovered"  # its nearest uncovered question names no gap
    assert answer.gap is None
    budget = "What is the budget of EP PerMed?"
    answer = _answerer(["When was the SRIA published?"], [budget]).answer("What is EP PerMed's budget?")
    assert not answer.answered
    assert answer.reason == "gap"
    assert answer.gap is not None
    assert answer.gap.id == "budget"


def test_a_vote_that_says_nothing_leaves_the_decision_to_the_checks() -> None:
    question = COORDINATE
    answerer = _answerer(["When was the SRIA published?"], ["Where is the office in Brussels?"])
    vote = answerer.neighbours.votes(EMBEDDER.embed_queries([question]))[0] if answerer.neighbours else None
    assert vote is not None
    assert not vote.answerable
    assert not vote.uncovered
    answer = answerer.answer(question)
    assert answer.gap is not None
    assert answer.gap.id == "governance"


def test_questions_in_other_languages_get_no_vote() -> None:
    """The asked questions are English, embedded by the main model; other languages go to the other one."""
    question = "Qu'est-ce que EP PerMed ?"
    assert _answerer([], []).answer(question).answered
    assert _answerer(["x y z"], [question]).answer(question).answered


# The file: knowledge/asked.yaml ------------------------------------------------------------------------------


def test_the_repository_asked_questions_are_valid_and_hold_no_held_out_question() -> None:
    groups, problems = load_asked(KNOWLEDGE_DIR / ASKED)
    assert problems == []
    asked = {collapse_spaces(q).casefold() for group in groups for q in group.questions}
    assert {group.label for group in groups} == {"answered", "not_covered"}
    held_out = asked_questions.held_out_questions(ROOT / "tests" / "data")  # dialogues' turns too
    assert len(held_out) > 1000
    assert asked.isdisjoint(held_out)
    answers = load_knowledge(KNOWLEDGE_DIR).asked_answers  # loads: every answer stands in its document
    answered = {collapse_spaces(q).casefold() for entry in answers for q in entry.questions}
    assert len(answered) > 1000
    assert answered.isdisjoint(held_out)


def test_an_asked_answer_outside_the_documents_is_a_problem_of_its_file(tmp_path: Path) -> None:
    _documents_into(tmp_path)
    (tmp_path / ASKED_ANSWERS).write_text(
        "- document: timeline\n  answer: the budget is ten million\n  questions:\n  - How big is it?\n",
        encoding="utf-8",
    )
    reasons = [str(p) for p in validate_knowledge(tmp_path)]
    assert len(reasons) == 1
    assert ASKED_ANSWERS in reasons[0]
    assert "not in the document's text word for word" in reasons[0]


def test_asked_problems_name_the_file_the_line_and_the_question(tmp_path: Path) -> None:
    path = tmp_path / ASKED
    path.write_text(
        "- label: answered\n  questions:\n  - When was the SRIA published?\n  - Who wrote it?\n"
        "- label: not_covered\n  questions:\n  - What is the budget?\n  - who   wrote it?\n"
        "- label: answered\n  questions:\n  - Again?\n"
        "- label: maybe\n  questions:\n  - Hm, what?\n"
        "- label: not_covered\n  questions: []\n",
        encoding="utf-8",
    )
    groups, problems = load_asked(path)
    reasons = [f"{p.line}: {p.reason}" for p in problems]
    assert (
        "5: question 'who   wrote it?' given also under answered (entry on line 1); keep it once" in reasons
    )
    assert "9: duplicate label 'answered': also on line 1" in reasons
    assert any(r.startswith("12: asked entry 4 (maybe): bad asked field 'label'") for r in reasons), reasons
    assert any(r.startswith("16: asked entry 5 (not_covered): bad asked field 'questions'") for r in reasons)
    assert len(groups) == 3


def test_no_asked_file_is_no_problem_and_no_vote(tmp_path: Path) -> None:
    assert load_asked(tmp_path / ASKED) == ([], [])


# The script that adds question files ---------------------------------------------------------------------


def test_the_script_adds_english_questions_by_kind_and_refuses_held_out_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = tmp_path / "knowledge"
    _documents_into(knowledge)
    (knowledge / ASKED).write_text("- label: answered\n  questions:\n  - Who wrote it?\n", encoding="utf-8")
    held_out = tmp_path / "held-out"
    held_out.mkdir()
    (held_out / "heldout1_english.jsonl").write_text(
        json.dumps({"q": "When was the SRIA out?"}), encoding="utf-8"
    )
    sria = "april 2023: publication of the strategic research"  # typed in lower case
    rows = [
        {"q": "Who  wrote it?", "kind": "in", "lang": "en"},  # there already
        {"q": "When was the SRIA published?", "kind": "in", "lang": "en", "gold": [sria]},
        {"q": "When did the SRIA come out?", "kind": "in", "lang": "en", "gold": ["not on the page", sria]},
        {"q": "When was the SRIA out?", "kind": "in", "lang": "en", "gold": [sria]},  # held out
        {"q": "What is the budget?", "kind": "oos", "lang": "en"},
        {"q": "Wer hat es geschrieben?", "kind": "in", "lang": "de"},  # English only
        {"q": "Who wrote it?", "kind": "oos", "lang": "en"},  # labelled both ways: left out
    ]
    dev = tmp_path / "dev1_english.jsonl"
    dev.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    args = ["--knowledge", str(knowledge), "--held-out", str(held_out)]
    assert asked_questions.main([str(dev), *args]) == 0
    assert "left out, labelled both ways: 'Who wrote it?'" in capsys.readouterr().err
    groups, problems = load_asked(knowledge / ASKED)
    assert problems == []
    assert {g.label: list(g.questions) for g in groups} == {
        "answered": ["Who wrote it?", "When was the SRIA published?", "When did the SRIA come out?"],
        "not_covered": ["What is the budget?"],
    }
    loaded = load_knowledge(knowledge)  # the answers stand in the documents word for word, as check wants
    assert [(e.document, e.answer, e.questions) for e in loaded.asked_answers] == [
        (
            "timeline",
            "April 2023: Publication of the Strategic Research",
            ("When was the SRIA published?", "When did the SRIA come out?"),
        )
    ]
    held = tmp_path / "heldout9_english.jsonl"
    held.write_text(json.dumps(rows[1]), encoding="utf-8")
    assert asked_questions.main([str(held), *args]) == 1
    assert "held-out set stays out" in capsys.readouterr().err


@pytest.mark.parametrize("margins", [["abc"], ["0.1"], ["0.1,x"]])
def test_the_measuring_script_refuses_margins_it_cannot_read(
    margins: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert asked_vote.main(["questions.jsonl", "--margins", *margins]) == 1
    assert "'off' or two numbers: ANSWER,DECLINE" in capsys.readouterr().err


def test_the_vote_script_refuses_a_count_of_no_neighbours(capsys: pytest.CaptureFixture[str]) -> None:
    assert asked_vote.main(["questions.jsonl", "--k", "3", "0"]) == 1
    assert "--k counts neighbours: 1 or more" in capsys.readouterr().err


def test_the_vote_script_splits_by_set_so_that_no_set_votes_on_itself() -> None:
    """With --split sets, each set's questions (its English and near-domain files alike) fall in one half."""

    def q(text: str, kind: str) -> Question:
        return Question(id=text, lang="en", kind=kind, q=text, gold=("x",) if kind == "in" else ())

    inside = [q("A one?", "in"), q("B one?", "in"), q("A two?", "in"), q("C one?", "in")]
    outside = [q("A out?", "oos"), q("B out?", "oos")]
    set_of = {"a one?": "dev1", "a two?": "dev1", "a out?": "dev1", "b one?": "dev2", "b out?": "dev2"}
    set_of["c one?"] = "dev3"
    halves = asked_vote._halves(inside, outside, set_of)
    assert [[x.q for x in part] for half in halves for part in half] == [
        ["A one?", "A two?", "C one?"],
        ["A out?"],
        ["B one?"],
        ["B out?"],
    ]
    alternate = asked_vote._halves(inside, outside, None)
    assert [x.q for x in alternate[0][0]] == ["A one?", "A two?"]


def test_the_vote_script_refuses_a_split_with_a_half_of_no_uncovered_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two sets, the near-domain questions all in one: the other half would have nothing to vote with."""
    (tmp_path / "dev1_english.jsonl").write_text(
        json.dumps({"id": "a", "lang": "en", "kind": "in", "q": "Who wrote it?", "gold": ["x"]})
        + "\n"
        + json.dumps({"id": "b", "lang": "en", "kind": "oos", "q": "What is the budget?"})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "dev2_english.jsonl").write_text(
        json.dumps({"id": "c", "lang": "en", "kind": "in", "q": "When was it?", "gold": ["x"]}) + "\n",
        encoding="utf-8",
    )
    files = [str(tmp_path / "dev1_english.jsonl"), str(tmp_path / "dev2_english.jsonl")]
    assert asked_vote.main([*files, "--split", "sets"]) == 1
    assert "each half needs out-of-scope questions" in capsys.readouterr().err


def test_a_vote_decline_names_the_gap_of_the_question_not_of_its_neighbour() -> None:
    """ "What is EP PerMed?" near "What is the budget of EP PerMed?" is not told budgets are not covered."""
    answerer = _answerer(["When was the SRIA published?"], ["What is the budget of EP PerMed?"])
    answer = answerer.answer("What is EP PerMed?")
    assert not answer.answered
    assert answer.reason == "uncovered"
    assert answer.gap is None


def test_held_out_dialogue_turns_are_held_out_too(tmp_path: Path) -> None:
    (tmp_path / "heldout1_dialogues.jsonl").write_text(
        json.dumps({"id": "d1", "turns": ["Who wrote  the paper?", {"q": "And when?"}], "gold": ["x"]})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "heldout1_english.jsonl").write_text(
        json.dumps({"q": "What is it?"}) + "\n", encoding="utf-8"
    )
    assert asked_questions.held_out_questions(tmp_path) == {
        "who wrote the paper?",
        "and when?",
        "what is it?",
    }


def test_the_bot_does_not_read_asked_yaml_a_bad_one_stops_only_check_and_build(tmp_path: Path) -> None:
    _documents_into(tmp_path)
    (tmp_path / ASKED).write_text("- label: maybe\n  questions:\n  - Hm, what?\n", encoding="utf-8")
    assert load_knowledge(tmp_path, phrasings=False).asked == ()
    assert any(ASKED in str(p) for p in validate_knowledge(tmp_path))


def test_a_question_answered_in_one_file_and_not_covered_in_another_is_a_problem(tmp_path: Path) -> None:
    _documents_into(tmp_path)
    answer = "- document: overview\n  answer: eppermed@dlr.de\n  questions:\n  - Mail?\n"
    (tmp_path / PHRASINGS).write_text(answer, encoding="utf-8")
    (tmp_path / ASKED_ANSWERS).write_text(answer.replace("Mail?", "mail?"), encoding="utf-8")
    (tmp_path / ASKED).write_text(
        "- label: answered\n  questions:\n  - Mail?\n- label: not_covered\n  questions:\n  - MAIL?\n",
        encoding="utf-8",
    )
    reasons = [str(p) for p in validate_knowledge(tmp_path)]
    assert any(ASKED_ANSWERS in r and "is in questions.yaml already" in r for r in reasons), reasons
    assert any(
        r.startswith(str(tmp_path / ASKED)) and "not_covered here but answered in questions.yaml" in r
        for r in reasons
    ), reasons


def test_a_measurement_leaves_questions_out_of_a_copy_of_the_index() -> None:
    chunks = [c for d in load_knowledge(KNOWLEDGE_DIR).documents for c in chunk_document(d)]
    rows = [PhrasingRow(0, "Who wrote it?", "x"), PhrasingRow(1, "When  was it out?", "y")]
    index = PublishedIndex.in_memory(chunks, EMBEDDER, phrasings=rows)
    matcher = index.phrasings()
    assert matcher is not None
    fewer = index.with_phrasings(matcher.without({"when was it out?"}))
    left = fewer.phrasings()
    assert left is not None
    assert [r.question for r in left.rows] == ["Who wrote it?"]
    np.testing.assert_allclose(left.vectors(), matcher.vectors()[:1])
    assert [r.question for r in matcher.rows] == ["Who wrote it?", "When  was it out?"]  # the index's own


def test_the_script_stops_on_a_knowledge_problem_before_writing_and_keeps_curated_questions_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = tmp_path / "knowledge"
    _documents_into(knowledge)
    (knowledge / PHRASINGS).write_text(
        "- document: overview\n  answer: eppermed@dlr.de\n  questions:\n  - Mail?\n", encoding="utf-8"
    )
    dev = tmp_path / "dev1_near_domain.jsonl"
    dev.write_text(json.dumps({"q": "mail?", "kind": "oos", "lang": "en"}), encoding="utf-8")
    args = [str(dev), "--knowledge", str(knowledge), "--held-out", str(tmp_path)]
    assert asked_questions.main(args) == 0
    assert "left out, labelled both ways: 'mail?'" in capsys.readouterr().err
    assert validate_knowledge(knowledge) == []  # no contradiction was written
    (knowledge / ASKED).write_text("- label: maybe\n  questions:\n  - Hm, what?\n", encoding="utf-8")
    before = (knowledge / ASKED_ANSWERS).read_text(encoding="utf-8")
    assert asked_questions.main(args) == 1
    assert "asked.yaml" in capsys.readouterr().err
    assert (knowledge / ASKED_ANSWERS).read_text(encoding="utf-8") == before


def test_the_vote_script_names_why_in_scope_questions_were_declined_most_frequent_first() -> None:
    reasons = Counter({"missing": 7, "gap": 31, "uncovered": 6})
    assert asked_vote.reasons_line(reasons) == "gap 31, missing 7, uncovered 6"
    assert asked_vote.reasons_line(Counter()) == "none declined"


def test_the_vote_script_counts_the_reasons_of_the_in_scope_questions_declined_only() -> None:
    """An in-scope question the other half's vote declines is counted by its reason; an answered one and the
    out-of-scope questions are not."""
    answerer = _answerer(["When was the SRIA published?"], ["What is the budget of EP PerMed?"])
    assert answerer.neighbours is not None

    def q(text: str, kind: str) -> Question:
        return Question(id=text, lang="en", kind=kind, q=text, gold=("x",) if kind == "in" else ())

    halves = [
        ([q("What is EP PerMed?", "in"), q("When was the SRIA published?", "in")], [q("Any pizza?", "oos")]),
        ([], [q("What is the budget?", "oos")]),
    ]
    shipped = (neighbours_module.ANSWER_MARGIN, neighbours_module.DECLINE_MARGIN)
    totals, reasons = asked_vote._measure(answerer, halves, [answerer.neighbours] * 2, shipped, 3)
    assert totals[0] == 1  # the SRIA question answered, the other declined
    assert reasons == Counter({"uncovered": 1})
