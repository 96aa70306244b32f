"""Greetings, thanks and medical-advice requests are recognised before any search; topic questions are not."""

import pytest

from knowledge.intent import classify


@pytest.mark.parametrize(
    "text",
    ["Hello!", "hi", "Good morning", "Hallo zusammen", "Bonjour", "Hola", "Buongiorno", "hey there :)"],
)
def test_greetings(text: str) -> None:
    assert classify(text) == "greeting"


@pytest.mark.parametrize("text", ["Thanks!", "thank you so much", "Danke schön", "merci beaucoup", "Grazie"])
def test_thanks(text: str) -> None:
    assert classify(text) == "thanks"


@pytest.mark.parametrize(
    "text",
    [
        "Should I stop taking my blood pressure medication?",
        "Can I take ibuprofen with my pills?",
        "I have cancer, can EP PerMed help me?",
        "What dose of insulin should I take?",
        "Soll ich meine Tabletten absetzen?",
        "Dois-je arrêter mon traitement ?",
        "¿Debo dejar de tomar mis medicamentos?",
        "Devo smettere di prendere i miei farmaci?",
    ],
)
def test_medical_advice_requests(text: str) -> None:
    assert classify(text) == "medical"


@pytest.mark.parametrize(
    "text",
    [
        "What is the vision of EP PerMed?",
        "Does EP PerMed fund research on personalised diagnostics, therapies and prevention?",
        "Can I apply for funding for a cancer study?",
        "I am a researcher in cancer genomics, how can I join?",
        "Hello, when will EP PerMed be launched?",
        "What treatment approaches does the partnership support?",
        "Quand le partenariat sera-t-il lancé ?",
    ],
)
def test_topic_questions_are_searched(text: str) -> None:
    assert classify(text) == "question"
