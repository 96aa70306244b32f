"""Answerability with the real model: sounds-in-scope questions the material does not answer are declined
with the website and the contact; basics (lower case, typos, two words) are answered, the lead said once."""

from __future__ import annotations

import pytest

from bot.render import SITE_URL, render_answer
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.answering import Answerer
from knowledge.chunking import chunk_document
from knowledge.embedding import Embedder
from knowledge.index_store import PublishedIndex
from knowledge.loader import GLOSSARY, PHRASINGS, load_glossary, load_knowledge
from knowledge.phrasings import place
from tests.unit.html_rules import check_telegram_html

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def answerer(real_embedder: Embedder) -> Answerer:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    chunks = [c for d in knowledge.documents for c in chunk_document(d)]
    rows, problems = place(knowledge.phrasings, chunks, KNOWLEDGE_DIR / PHRASINGS)
    assert not problems
    index = PublishedIndex.in_memory(
        chunks, real_embedder, phrasings=rows
    )  # as published: with curated questions
    return Answerer.for_index(index, real_embedder, known_gaps=knowledge.known_gaps)


@pytest.mark.parametrize(
    "question",
    [
        "Who coordinates EP PerMed?",
        "Until which year will the partnership run?",
        "Is Sweden a member of EP PerMed?",
        "What is the deadline for applications?",
        "How much money does the partnership have?",
        "Who is the chair of the board?",
    ],
)
def test_near_domain_questions_are_declined_with_the_handover(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert answer.kind == "not_found", answer.lead
    text = check_telegram_html(render_answer(answer, "en").html)
    assert "does not" in text
    assert SITE_URL in text
    assert CONTACT_EMAIL in text


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("what is ep permed", "European Partnership for Personalised Medicine"),
        ("wat is the vison", "Improve health outcomes"),
        ("when launch", "launched by the end of 2023"),
        ("When will EP PerMed be launched?", "launched by the end of 2023"),
    ],
)
def test_basics_are_answered_and_the_lead_is_said_once(answerer: Answerer, question: str, gold: str) -> None:
    answer = answerer.answer(question)
    assert answer.answered, (answer.reason, answer.missing)
    reply = render_answer(answer, "en")
    text = check_telegram_html(reply.html)
    assert gold in text
    assert text.count(answer.lead.strip()) == 1
    assert "eppermed@dlr.de" not in answer.context or "contact" in question


@pytest.mark.parametrize(
    "question",
    ["What is the email address?", "Which email address should I write to with questions?", "e-mail?"],
)
def test_the_email_address_is_the_contact_line(answerer: Answerer, question: str) -> None:
    """The contact line never says "email": its heading does, or "address" finds "address some of Europe's
    most pressing challenges" (Horizon Europe) instead."""
    answer = answerer.answer(question)
    assert answer.answered, (answer.reason, answer.missing)
    assert answer.passages[0].chunk_id == "overview#1"
    assert CONTACT_EMAIL in answer.lead


def test_a_postal_address_is_still_not_the_contact_line(answerer: Answerer) -> None:
    assert answerer.answer("What is the postal address of EP PerMed?").kind == "not_found"


@pytest.fixture(scope="module")
def answerer_with_glossary(real_embedder: Embedder) -> Answerer:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    chunks = [c for d in knowledge.documents for c in chunk_document(d)]
    rows, _ = place(knowledge.phrasings, chunks, KNOWLEDGE_DIR / PHRASINGS)
    index = PublishedIndex.in_memory(chunks, real_embedder, phrasings=rows)
    glossary = load_glossary(KNOWLEDGE_DIR / GLOSSARY)[0]
    return Answerer.for_index(index, real_embedder, known_gaps=knowledge.known_gaps, glossary=glossary)


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        # everyday words for the material's (glossary.yaml, `everyday`)
        (
            "Will the partnership bring the different players in the field together?",
            "connect key stakeholders",
        ),
        ("Is the road to the partnership already finished?", "work in process"),
        ("When was the partnership's application handed in?", "proposal submission took place in April 2023"),
    ],
)
def test_everyday_words_find_the_materials_sentence(
    answerer_with_glossary: Answerer, question: str, gold: str
) -> None:
    answer = answerer_with_glossary.answer(question)
    assert answer.kind == "answer", answer.reason
    assert gold in answer.context


@pytest.mark.parametrize(
    "question",
    [
        "When will the new iPhone go live?",
        "When does the Champions League kick off?",
        "How do I file the application for a passport?",
        "When does the Tour de France get going?",
    ],
)
def test_everyday_words_lift_no_off_topic_question(answerer_with_glossary: Answerer, question: str) -> None:
    # ranked with the material's words added, held to the threshold on its own words
    assert answerer_with_glossary.answer(question).kind != "answer"
