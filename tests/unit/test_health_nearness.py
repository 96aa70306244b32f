"""The medical guard's second reading: a message the patterns let through, compared with worded examples."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from knowledge import KNOWLEDGE_DIR
from knowledge.answering import Answerer
from knowledge.embedding import Vectors, normalise
from knowledge.health_nearness import HealthNearness, example_texts
from knowledge.intent import may_be_personal_health
from knowledge.loader import HEALTH_ASKED, HEALTH_EXAMPLES, load_guard_examples, load_health_examples
from knowledge.models import HealthExamples
from knowledge.search import Searcher

# Two directions stand for the two sides; a text leans by the words it holds (a stand-in for the model).
_BODY_WORDS = ("tingling", "rash", "knee", "fever", "sleep")
_WORK_WORDS = ("institute", "grant", "slides", "consortium", "study", "paperwork")
_EVERYDAY_WORDS = ("laptop", "car", "recipe", "flight")


class SidedEmbedder:
    """Vectors on two axes: health words push one way, work words the other; counts its calls."""

    model_id = "sided"
    dimension = 4

    def __init__(self) -> None:
        self.calls: list[int] = []

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(len(texts))
        rows = []
        for text in texts:
            folded = text.casefold()
            body = sum(word in folded for word in _BODY_WORDS)
            work = sum(word in folded for word in _WORK_WORDS)
            everyday = sum(word in folded for word in _EVERYDAY_WORDS)
            rows.append([body, work, everyday, 0.5])
        return normalise(np.array(rows, dtype=np.float32))

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self.embed_queries(texts)


EXAMPLES = [
    HealthExamples(
        lang="en",
        personal=("my knee has a rash", "tingling and fever at night", "I can't sleep, fever"),
        stakeholder=("my institute has a grant", "slides for my study", "our consortium and a study"),
    )
]


@pytest.mark.parametrize(
    ("text", "gated"),
    [
        ("I've had tingling in my fingers for weeks, what could it be?", True),
        ("Ho un neo che ha cambiato colore, cosa devo fare?", True),
        ("Is ibuprofen safe in pregnancy?", True),  # a health matter without a person
        ("Bruises on both shins for no reason, why?", True),  # no person, no word the patterns know
        ("Write me a poem about the sea", True),  # compared too: the examples hold ordinary questions
        ("My institute studies rare diseases: can we take part?", False),
        ("Can I use the InfoSheets in my presentation?", False),
        ("As a patient, what does EP PerMed do for me?", False),  # names the partnership
        ("When was the draft proposal published?", False),
    ],
)
def test_only_messages_of_no_partnership_organisation_or_document_are_compared(
    text: str, gated: bool
) -> None:
    assert may_be_personal_health(text) is gated


def test_a_message_nearer_the_personal_examples_is_personal() -> None:
    nearness = HealthNearness(SidedEmbedder(), EXAMPLES)
    asked = ["I have tingling and a fever, what is it?", "Could you give me the slides of my study?"]
    assert nearness.personal(asked) == [True, False]


def test_the_margin_decides_a_message_between_the_sides() -> None:
    between = ["my knee and my paperwork"]  # one word of each side
    (lean,) = HealthNearness(SidedEmbedder(), EXAMPLES).leanings(between)
    assert lean is not None
    assert lean.everyday is None  # no everyday examples given
    assert HealthNearness(SidedEmbedder(), EXAMPLES, margin=lean.stakeholder).personal(between) == [True]
    assert HealthNearness(SidedEmbedder(), EXAMPLES, margin=lean.stakeholder + 0.01).personal(between) == [
        False
    ]


def test_examples_are_embedded_once_on_first_need_and_not_for_ungated_messages() -> None:
    embedder = SidedEmbedder()
    nearness = HealthNearness(embedder, EXAMPLES)
    assert nearness.leanings(["When was the draft proposal published?"]) == [None]
    assert embedder.calls == []  # nothing gated: no model call at all
    nearness.personal(["I have a fever"])
    nearness.personal(["my knee hurts"])
    assert embedder.calls == [6, 1, 1]  # the six examples once, then each message


def test_a_personal_worry_that_is_not_health_is_not_refused() -> None:
    """Without everyday examples, "my laptop" leans personal (nearer than the stakeholder side); with them,
    it leans everyday."""
    worry = ["my laptop and my car broke, I can't sleep"]
    assert HealthNearness(SidedEmbedder(), EXAMPLES, margin=0.0).personal(worry) == [True]
    everyday = [
        EXAMPLES[0].model_copy(
            update={"everyday": ("my laptop broke", "a car noise", "a recipe for tonight")}
        )
    ]
    assert HealthNearness(SidedEmbedder(), everyday, margin=0.0).personal(worry) == [False]
    assert HealthNearness(SidedEmbedder(), everyday).personal(["I have tingling and a fever"]) == [True]


def test_no_examples_no_refusal() -> None:
    assert HealthNearness(SidedEmbedder(), []).personal(["I have a fever"]) == [False]


def test_the_answerer_refuses_what_the_examples_call_personal(searcher: Searcher) -> None:
    answerer = Answerer(searcher, min_confidence=0.3, health=HealthNearness(SidedEmbedder(), EXAMPLES))
    personal, stakeholder, plain = answerer.answer_many(
        [
            "tingling in my knee since Sunday?",
            "Could you give me the slides of my study?",
            "What is EP PerMed?",
        ]
    )
    assert personal.kind == "medical"
    assert not personal.passages
    assert stakeholder.kind != "medical"
    assert plain.kind == "answer"


class _Recording(HealthNearness):
    """Remembers which messages it was asked about."""

    def __init__(self) -> None:
        super().__init__(SidedEmbedder(), EXAMPLES)
        self.asked: list[str] = []

    def personal(self, questions: Sequence[str]) -> list[bool]:
        self.asked.extend(questions)
        return super().personal(questions)


def test_an_english_message_of_no_one_is_compared_only_when_the_search_found_nothing(
    searcher: Searcher,
) -> None:
    health = _Recording()
    answerer = Answerer(searcher, min_confidence=0.3, health=health)
    answered, declined, of_someone, _foreign = answerer.answer_many(
        [
            "What happened in November 2022?",  # answered: never compared
            "Stiff knee, bad sleep, why so?",  # found nothing, then compared
            "My knee and my sleep lately, why?",  # speaks of the asker: compared first
            "Kribbeln und Fieber jede Nacht, warum?",  # not English: compared first
        ]
    )
    assert answered.kind == "answer"
    assert "What happened in November 2022?" not in health.asked
    assert health.asked[:2] == [
        "My knee and my sleep lately, why?",
        "Kribbeln und Fieber jede Nacht, warum?",
    ]
    assert health.asked[2:] == ["Stiff knee, bad sleep, why so?"]
    assert declined.kind == "medical"
    assert of_someone.kind == "medical"


def test_the_repository_examples_are_valid_and_in_every_language() -> None:
    examples, problems = load_health_examples(KNOWLEDGE_DIR / HEALTH_EXAMPLES)
    assert problems == []
    assert {block.lang for block in examples} == {"en", "de", "fr", "es", "it"}
    assert all(len(block.personal) >= 10 and len(block.stakeholder) >= 10 for block in examples)


def test_examples_problems_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / HEALTH_EXAMPLES
    path.write_text(
        "- lang: en\n  personal: [a, b, c]\n  stakeholder: [d, e, f]\n"
        "- lang: en\n  personal: [a, b, c]\n  stakeholder: [d, e, f]\n"
        "- lang: xx\n  personal: [a]\n  stakeholder: [d, e, f]\n",
        encoding="utf-8",
    )
    examples, problems = load_health_examples(path)
    reasons = [f"{p.line}: {p.reason}" for p in problems]
    assert any(r.startswith("4: duplicate language 'en'") for r in reasons), reasons
    assert any("lang" in r and r.startswith("7") for r in reasons), reasons
    assert any("personal" in r for r in reasons), reasons
    assert len(examples) == 2


def test_no_examples_file_is_no_problem(tmp_path: Path) -> None:
    assert load_health_examples(tmp_path / HEALTH_EXAMPLES) == ([], [])
    assert load_guard_examples(tmp_path) == ([], [])


def test_the_asked_questions_join_the_worded_examples(tmp_path: Path) -> None:
    (tmp_path / HEALTH_EXAMPLES).write_text(
        "- lang: en\n  personal: [a, b, c]\n  stakeholder: [d, e, f]\n", encoding="utf-8"
    )
    (tmp_path / HEALTH_ASKED).write_text(
        "- lang: en\n  personal: [g, h, i]\n  stakeholder: [j, k, l]\n", encoding="utf-8"
    )
    examples, problems = load_guard_examples(tmp_path)
    assert problems == []
    assert [block.personal for block in examples] == [("a", "b", "c"), ("g", "h", "i")]
    assert HealthNearness(SidedEmbedder(), examples).stakeholder_examples == tuple("defjkl")


def test_a_question_of_two_kinds_across_the_files_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / HEALTH_EXAMPLES).write_text(
        "- lang: en\n  personal:\n  - My knee hurts, what's that\n  - b\n  - c\n  stakeholder: [d, e, f]\n",
        encoding="utf-8",
    )
    (tmp_path / HEALTH_ASKED).write_text(
        "- lang: en\n  personal: [g, h, i]\n  stakeholder:\n  - k\n  - 'my  knee hurts, what''s that'\n  - l\n",
        encoding="utf-8",
    )
    _examples, problems = load_guard_examples(tmp_path)
    assert [(p.path.name, p.line) for p in problems] == [(HEALTH_ASKED, 5)]
    assert "is stakeholder here and personal in health_examples.yaml (line 3)" in problems[0].reason


def test_a_question_of_two_kinds_in_one_file_names_both_lines(tmp_path: Path) -> None:
    (tmp_path / HEALTH_ASKED).write_text(
        "- lang: en\n  personal:\n  - My knee hurts\n  - b\n  - c\n"
        "  stakeholder:\n  - My knee hurts\n  - e\n  - f\n",
        encoding="utf-8",
    )
    _examples, problems = load_guard_examples(tmp_path)
    assert [(p.path.name, p.line) for p in problems] == [(HEALTH_ASKED, 7)]
    assert "personal in health_asked.yaml (line 3)" in problems[0].reason


def test_warming_embeds_the_examples_before_the_first_message(searcher: Searcher) -> None:
    embedder = SidedEmbedder()
    answerer = Answerer(searcher, min_confidence=0.3, health=HealthNearness(embedder, EXAMPLES))
    answerer.warm()
    assert embedder.calls == [6]
    answerer.answer("tingling in my knee since Sunday?")
    assert embedder.calls == [6, 1]  # the message only


def test_a_reload_keeps_unchanged_examples_and_embeds_changed_ones(searcher: Searcher) -> None:
    embedder = SidedEmbedder()
    first = Answerer(searcher, min_confidence=0.3, health=HealthNearness(embedder, EXAMPLES))
    first.warm()
    same = Answerer(searcher, min_confidence=0.3, health=HealthNearness(embedder, EXAMPLES))
    same.warm(previous=first)
    assert embedder.calls == [6]  # the examples once
    assert same.health is first.health
    changed = [EXAMPLES[0].model_copy(update={"personal": ("my knee", "a rash", "a fever", "tingling")})]
    other = Answerer(searcher, min_confidence=0.3, health=HealthNearness(embedder, changed))
    other.warm(previous=same)
    assert embedder.calls == [6, 7]


def test_examples_the_index_holds_are_not_embedded_again() -> None:
    """The index's vectors (`known`, made by the build with the same model) stand in for embedding; an example
    edited since the build is embedded, alone."""
    texts = example_texts(EXAMPLES)
    assert len(texts) == 6
    known = dict(zip(texts, SidedEmbedder().embed_queries(texts), strict=True))
    embedder = SidedEmbedder()
    nearness = HealthNearness(embedder, EXAMPLES, known=known)
    nearness.warm()
    assert embedder.calls == []
    assert nearness.personal(["tingling in my knee since Sunday?"]) == [True]
    assert embedder.calls == [1]  # the message only
    stale = {text: vector for text, vector in known.items() if text != "my knee has a rash"}
    stale["my institute has a grant"] = np.zeros(3, dtype=np.float32)  # another model's size: not used
    other = SidedEmbedder()
    HealthNearness(other, EXAMPLES, known=stale).warm()
    assert other.calls == [2]


def test_the_vectors_from_the_index_compare_as_embedded_ones() -> None:
    texts = example_texts(EXAMPLES)
    known = dict(zip(texts, SidedEmbedder().embed_queries(texts), strict=True))
    messages = ["tingling in my knee since Sunday?", "slides for my study and a fever", "my grant"]
    assert HealthNearness(SidedEmbedder(), EXAMPLES, known=known).leanings(messages) == HealthNearness(
        SidedEmbedder(), EXAMPLES
    ).leanings(messages)


def test_example_texts_are_each_example_once_in_file_order() -> None:
    doubled = [EXAMPLES[0], EXAMPLES[0].model_copy(update={"lang": "de"})]
    assert example_texts(doubled) == example_texts(EXAMPLES)
    assert example_texts(EXAMPLES)[0] == "my knee has a rash"
