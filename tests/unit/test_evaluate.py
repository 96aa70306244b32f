"""Eval: question files are validated by line, metrics and the threshold sweep are computed right."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from index_builder.evaluate import (
    Outcome,
    Question,
    contains_gold,
    evaluate,
    load_questions,
    metrics,
    normalise,
    report,
    score,
    suggest_threshold,
)
from index_builder.exceptions import QuestionsInvalid
from knowledge.answering import Answer
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.models import Passage
from tests.unit.chunks import chunks_of


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = '{"id": "a", "lang": "en", "kind": "in", "q": "When?", "gold": ["end of 2023"]}'


def test_a_valid_file_loads(tmp_path: Path) -> None:
    oos = '{"id": "b", "lang": "de", "kind": "oos", "q": "Wetter?", "gold": []}'
    questions = load_questions(write(tmp_path, [GOOD, "", oos]))
    assert [q.id for q in questions] == ["a", "b"]
    assert questions[0].gold == ("end of 2023",)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", r"q.jsonl:2: not valid JSON"),
        ('{"id": "x", "lang": "en", "kind": "in", "gold": ["g"]}', r"q.jsonl:2: q: Field required"),
        ('{"id": "x", "lang": "en", "kind": "maybe", "q": "?", "gold": ["g"]}', r"q.jsonl:2: kind: "),
        (
            '{"id": "x", "lang": "en", "kind": "in", "q": "?", "gold": []}',
            r"q.jsonl:2: .*at least one gold phrase",
        ),
        ('{"id": "a", "lang": "en", "kind": "oos", "q": "?"}', r"q.jsonl:2: id 'a' already used on line 1"),
    ],
)
def test_bad_lines_are_named_by_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    with pytest.raises(QuestionsInvalid) as caught:
        load_questions(write(tmp_path, [GOOD, line]))
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(str(tmp_path / "q.jsonl") + ":2: ")
    assert re.search(reason, caught.value.problems[0])


def test_every_bad_line_is_reported(tmp_path: Path) -> None:
    with pytest.raises(QuestionsInvalid) as caught:
        load_questions(write(tmp_path, ["{", GOOD, "[]"]))
    assert [p.split(":")[1] for p in caught.value.problems] == ["1", "3"]


def test_an_empty_or_missing_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(QuestionsInvalid, match="holds no questions"):
        load_questions(write(tmp_path, [""]))
    with pytest.raises(QuestionsInvalid, match="cannot read"):
        load_questions(tmp_path / "absent.jsonl")


def test_matching_is_case_space_and_apostrophe_blind() -> None:
    assert normalise("  The  EU’s\n9th ") == "the eu's 9th"
    assert contains_gold(["the EU's 9th framework"], "Within the EU’s  9th\nFramework Programme")
    assert not contains_gold(["pamplona"], "Lisbon")
    assert not contains_gold([""], "anything")


def passage(text: str) -> Passage:
    return Passage(text=text, title="t", url="https://x.eu", as_of="2023", score=0.5)


IN = Question(id="i", lang="en", kind="in", q="Where?", gold=("pamplona",))


def test_score_finds_the_rank_and_the_reply_hit() -> None:
    answer = Answer(
        "Where?",
        "answer",
        (passage("Lisbon"), passage("Workshop in Pamplona")),
        lead="x",
        context="In Pamplona.",
        confidence=0.7,
    )
    outcome = score(IN, answer)
    assert (outcome.rank, outcome.reply_hit, outcome.answered) == (2, True, True)
    declined = Answer("Where?", "not_found", (passage("Pamplona"),), confidence=0.2)
    outcome = score(IN, declined)
    assert (outcome.rank, outcome.reply_hit, outcome.answered) == (1, False, False)


def test_the_contact_address_counts_as_reply_text() -> None:
    question = Question(id="c", lang="en", kind="in", q="Contact?", gold=("eppermed@dlr.de",))
    assert score(question, Answer("Contact?", "not_found")).reply_hit


def test_the_quoted_passage_title_counts_as_reply_text() -> None:
    """The source line shows the title of the passage quoted: part of the message the user reads."""
    question = Question(id="t", lang="en", kind="in", q="Its name?", gold=("calling for involvement",))
    titled = replace(passage("The event took place online."), title="Info Day “calling for involvement”")
    answered = Answer("Its name?", "answer", (titled,), lead="x", context="The event took place online.")
    assert score(question, answered).reply_hit
    declined = Answer("Its name?", "not_found", (titled,))
    assert not score(question, declined).reply_hit


def test_the_runner_up_line_counts_as_reply_text() -> None:
    question = Question(id="t", lang="en", kind="in", q="Started?", gold=("launched by the end of 2023",))
    best = passage("A draft proposal was published in February 2022.")
    other = passage("The partnership is supposed to be launched by the end of 2023.")
    plain = Answer("Started?", "answer", (best, other), lead=best.text, context=best.text)
    assert not score(question, plain).reply_hit
    assert score(question, replace(plain, also=other, also_lead=other.text)).reply_hit


def outcome(
    kind: str, rank: int | None, answered: bool, confidence: float, *, lang: str = "en", answer_kind: str = ""
) -> Outcome:
    return Outcome(
        id=f"{kind}{rank}{confidence}",
        lang=lang,
        kind=kind,
        answer_kind=answer_kind or ("answer" if answered else "not_found"),
        answered=answered,
        confidence=confidence,
        rank=rank,
        reply_hit=answered and rank == 1,
        answerable=kind == "in" and rank == 1,
    )


def test_metrics_over_in_scope_questions() -> None:
    outcomes = [
        outcome("in", 1, True, 0.9),
        outcome("in", 2, True, 0.8),
        outcome("in", None, False, 0.1),
        outcome("in", 4, True, 0.6),
        outcome("oos", None, False, 0.1),
    ]
    m = metrics(outcomes, [1, 3, 5])
    assert m.questions == 4
    assert m.hit_at == {1: 0.25, 3: 0.5, 5: 0.75}
    assert m.mrr == pytest.approx((1 + 1 / 2 + 1 / 4) / 4, abs=1e-4)
    assert m.reply_hit == 0.25
    assert m.false_refusals == 0.25


def test_report_splits_by_language_and_counts_declines() -> None:
    outcomes = [
        outcome("in", 1, True, 0.9),
        outcome("in", 3, True, 0.7, lang="de"),
        outcome("oos", None, False, 0.2),
        outcome("oos", None, True, 0.6),
    ]
    result = report(outcomes, k=5, min_confidence=0.5)
    assert result.by_language["de"].hit_at == {1: 0.0, 3: 1.0, 5: 1.0}
    assert result.by_language["en"].hit_at[1] == 1.0
    assert result.oos_questions == 2
    assert result.oos_declined == 0.5
    text = "\n".join(result.lines())
    assert "hit@5" in text
    assert "declined 0.50" in text
    data = json.loads(json.dumps(result.as_json()))
    assert data["overall"]["questions"] == 2
    assert len(data["outcomes"]) == 4


def test_the_sweep_separates_in_scope_from_out_of_scope() -> None:
    outcomes = [
        outcome("in", 1, True, 0.80),
        outcome("in", 1, True, 0.62),
        outcome("in", 1, True, 0.55),
        outcome("oos", None, True, 0.50),
        outcome("oos", None, False, 0.30),
    ]
    s = suggest_threshold(outcomes)
    assert s.threshold == pytest.approx(0.525)
    assert (s.oos_declined, s.in_answered, s.false_refusals, s.feasible) == (2, 3, 0.0, True)


def test_the_sweep_keeps_false_refusals_within_the_limit() -> None:
    # Declining the 0.5 out-of-scope question would refuse one of the in-scope ones (25% > 3%).
    outcomes = [
        outcome("in", 1, True, 0.9),
        outcome("in", 1, True, 0.8),
        outcome("in", 1, True, 0.7),
        outcome("in", 1, True, 0.45),
        outcome("oos", None, True, 0.5),
        outcome("oos", None, True, 0.55),
        outcome("oos", None, False, 0.2),
    ]
    s = suggest_threshold(outcomes)
    assert s.threshold is not None
    assert 0.2 < s.threshold <= 0.45
    assert s.in_answered == 4
    relaxed = suggest_threshold(outcomes, max_false_refusals=0.25)
    assert relaxed.threshold == pytest.approx(0.625)
    assert (relaxed.oos_declined, relaxed.in_answered) == (3, 3)


def test_unsearched_kinds_do_not_move_the_threshold() -> None:
    outcomes = [
        outcome("in", 1, True, 0.9),
        outcome("in", None, False, 0.0, answer_kind="medical"),  # refused whatever the threshold
        outcome("oos", None, False, 0.1),
    ]
    s = suggest_threshold(outcomes)
    assert s.feasible
    assert s.threshold == pytest.approx(0.5)
    assert (s.false_refusals, s.costly_refusals) == (0.5, 0.0)


def test_refusing_what_would_be_answered_wrong_costs_nothing() -> None:
    # The 0.3 in-scope question's best passage is wrong: declining it is no loss, so the oos ones go too.
    outcomes = [
        outcome("in", 1, True, 0.9),
        outcome("in", 1, True, 0.8),
        outcome("in", None, True, 0.3),
        outcome("oos", None, True, 0.4),
        outcome("oos", None, True, 0.35),
    ]
    s = suggest_threshold(outcomes)
    assert s.threshold == pytest.approx(0.6)
    assert (s.oos_declined, s.in_answered, s.costly_refusals) == (2, 2, 0.0)
    assert s.false_refusals == pytest.approx(1 / 3, abs=1e-4)


def test_a_question_the_contact_address_answers_is_never_answerable() -> None:
    question = Question(id="c", lang="es", kind="in", q="¿Contacto?", gold=("eppermed@dlr.de",))
    found = Answer("¿Contacto?", "not_found", (passage("contact eppermed@dlr.de"),), confidence=0.1)
    assert score(question, found).rank == 1
    assert not score(question, found).answerable
    assert score(IN, Answer("Where?", "not_found", (passage("Pamplona"),))).answerable


def test_no_suggestion_without_searched_answers() -> None:
    assert suggest_threshold([outcome("oos", None, False, 0.0, answer_kind="medical")]).threshold is None


def test_evaluate_uses_the_real_answerer_over_an_index() -> None:
    texts = [
        "The ICPerMed Workshop in support of EP PerMed took place in Pamplona, Spain in January 2023.",
        "For questions around EP PerMed, please contact the drafting group: eppermed@dlr.de",
        "The partnership is supposed to be launched by the end of 2023.",
    ]
    chunks = chunks_of(*texts, doc="d", title="EP PerMed", heading="EP PerMed")
    embedder = FakeEmbedder(64)
    index = PublishedIndex.in_memory(chunks, embedder)
    questions = [
        Question(id="a", lang="en", kind="in", q="Where was the ICPerMed workshop held?", gold=("pamplona",)),
        Question(
            id="b", lang="en", kind="in", q="When will the partnership be launched?", gold=("end of 2023",)
        ),
        Question(id="c", lang="en", kind="oos", q="Should I stop taking my blood pressure medication?"),
    ]
    result = evaluate(index, embedder, questions, k=3, min_confidence=0.0)
    assert result.overall.questions == 2
    assert result.overall.hit_at[1] == 1.0
    assert result.overall.reply_hit == 1.0
    assert result.min_confidence == 0.0
    assert result.oos_declined == 1.0  # medical advice is refused whatever the threshold
    assert [o.answer_kind for o in result.outcomes] == ["answer", "answer", "medical"]


def test_near_domain_and_far_declines_are_reported_apart(tmp_path: Path) -> None:
    """A near-domain decline counts only when it hands over (not_found); the medical notice does not."""
    near_file = tmp_path / "my_near_domain.jsonl"
    near_file.write_text(
        '{"id": "n1", "lang": "en", "kind": "oos", "q": "Who chairs it?"}\n'
        '{"id": "n2", "lang": "en", "kind": "oos", "q": "What is the budget?"}\n'
        '{"id": "n3", "lang": "en", "kind": "oos", "q": "Where is the office?", "near": false}\n',
        encoding="utf-8",
    )
    questions = load_questions(near_file)
    assert [q.near for q in questions] == [True, True, False]
    answers = [
        Answer("Who chairs it?", "not_found", reason="gap"),
        Answer("What is the budget?", "medical"),
        Answer("Where is the office?", "not_found"),
    ]
    result = report([score(q, a) for q, a in zip(questions, answers, strict=True)], k=3, min_confidence=0.3)
    assert (result.declines.near_questions, result.declines.near_declined) == (2, 0.5)
    assert (result.declines.far_questions, result.declines.far_declined) == (1, 1.0)
    lines = "\n".join(result.lines())
    assert "near-domain: 2 questions, declined with eppermed.eu and the contact 0.50" in lines
    assert "far out of scope: 1 questions, declined 1.00" in lines
    assert result.as_json()["declines"]["near_declined"] == 0.5
