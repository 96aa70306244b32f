"""Declines that say what the material does not cover, and the lead anchored by its position."""

from __future__ import annotations

import pytest

from bot.i18n import LANGUAGES
from bot.render import SITE_URL, render_answer
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.answering import Answer
from knowledge.loader import KNOWN_GAPS, load_known_gaps
from knowledge.models import Passage
from tests.unit.html_rules import check_telegram_html

GAPS = {g.id: g for g in load_known_gaps(KNOWLEDGE_DIR / KNOWN_GAPS)[0]}
NEAR = Passage(
    text="For questions, contact eppermed@dlr.de",
    title="Overview & contact",
    url=SITE_URL,
    as_of="2023",
    score=0.5,
)


def declined(**fields: object) -> Answer:
    base: dict[str, object] = {
        "question": "q",
        "kind": "not_found",
        "passages": (NEAR,),
        "suggestions": ("Overview & contact",),
        "as_of": "2023",
    }
    return Answer(**{**base, **fields})  # type: ignore[arg-type]


CASES = {
    "gap": declined(reason="gap", gap=GAPS["governance"], asked_for="body"),
    "missing": declined(reason="missing", missing=("<Italy>", "LinkedIn")),
    "asked_for": declined(reason="asked_for", asked_for="date"),
    "low_confidence": declined(reason="low_confidence", suggestions=()),
    "unknown": declined(reason=None),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_decline_hands_over_to_the_website_and_the_contact(lang: str, case: str) -> None:
    """`eval` counts a near-domain decline as handed over for any not_found reply: this pins why."""
    reply = render_answer(CASES[case], lang)
    text = check_telegram_html(reply.html)
    assert reply.kind == "not_found"
    assert not reply.answered
    assert SITE_URL in text
    assert CONTACT_EMAIL in text
    assert len(text) < 700


def test_a_gap_decline_says_the_topic_the_date_and_where_to_look() -> None:
    text = render_answer(CASES["gap"], "en").text
    assert text.startswith(
        "The EP PerMed material (as of 2023) does not cover who coordinates, chairs or runs the partnership."
    )
    assert 'For that, see the "about" pages of the EP PerMed website: https://www.eppermed.eu/' in text
    assert "Overview & contact" in text  # what it covers nearby


def test_a_gap_decline_speaks_the_users_language() -> None:
    text = render_answer(CASES["gap"], "de").text
    assert "wer die Partnerschaft koordiniert" in text
    assert "Stand 2023" in text


def test_missing_words_are_named_and_escaped() -> None:
    reply = render_answer(CASES["missing"], "en")
    assert "does not mention “&lt;Italy&gt;”, “LinkedIn”." in reply.html
    assert "<Italy>" not in reply.html


def test_a_missing_kind_of_answer_is_named() -> None:
    assert "does not give the date you ask about" in render_answer(CASES["asked_for"], "en").text


def test_the_lead_is_bold_where_the_answerer_found_it_not_at_an_earlier_copy() -> None:
    """Anchored by position: the same sentence twice in a passage, the second is the lead."""
    sentence = "The partnership is supposed to be launched by the end of 2023."
    context = f"{sentence} Then came the submission in April 2023. {sentence}"
    second = context.rindex(sentence)
    best = Passage(text=context, title="t", url=SITE_URL, as_of="2023", score=0.9)
    answer = Answer("q", "answer", (best,), lead=sentence, context=context, confidence=1.0, lead_start=second)
    reply = render_answer(answer, "en")
    check_telegram_html(reply.html)
    assert f"April 2023. <b>{sentence}</b></blockquote>" in reply.html
    assert reply.html.count("<b>") == 1
