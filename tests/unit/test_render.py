"""Rendering an Answer as Telegram HTML: every kind is valid HTML for Telegram, escaped, short, buttoned."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.i18n import LANGUAGES
from bot.render import (
    MAX_ALSO_CHARS,
    MAX_CALLBACK_BYTES,
    MAX_MESSAGE_CHARS,
    Reply,
    as_of_label,
    cut_words,
    passage_ref,
    render_answer,
    render_more,
    render_passage,
    utf16_length,
)
from knowledge import CONTACT_EMAIL
from knowledge.answering import Answer
from knowledge.models import Passage
from tests.unit.html_rules import HtmlRuleError, check_telegram_html

URL = "https://www.icpermed.eu/en/ep-permed.php"
LAUNCH = (
    "The EP PerMed proposal submission took place in April 2023 and the partnership is supposed to be "
    "launched by the end of 2023."
)
BEFORE = "These are the steps in preparation of this new initiative so far. "


def passage(text: str, n: int = 0, *, title: str = "EP PerMed timeline", url: str = URL) -> Passage:
    return Passage(text=text, title=title, url=url, as_of="2023", score=0.6 - n / 100, chunk_id=f"doc#{n}")


def found(*, plans: bool = False, others: int = 3, lead: str = LAUNCH, context: str | None = None) -> Answer:
    best = passage(BEFORE + LAUNCH)
    rest = tuple(passage(f"Other passage number {i}.", i) for i in range(1, others + 1))
    return Answer(
        question="When will EP PerMed be launched?",
        kind="answer",
        passages=(best, *rest),
        lead=lead,
        context=BEFORE + LAUNCH if context is None else context,
        speaks_of_plans=plans,
        confidence=0.8,
    )


def all_callback_data(reply: Reply) -> list[str]:
    return [button.callback_data for row in reply.buttons for button in row]


def test_answer_quotes_the_passage_with_the_lead_bold_inside_once_then_source_date_and_contact() -> None:
    reply = render_answer(found(), "en")
    text = check_telegram_html(reply.html)
    assert reply.kind == "answer"
    assert reply.answered
    assert reply.html.startswith("<blockquote>")
    assert f"<b>{LAUNCH}</b>" in reply.html.split("</blockquote>")[0]
    assert text.count(LAUNCH) == 1  # said once: emphasised inside the quote, not printed before it
    assert BEFORE.strip() in text
    assert f'<a href="{URL}">EP PerMed timeline</a>' in reply.html
    assert "as of 2023" in text
    assert CONTACT_EMAIL in text
    assert len(text) < 1000
    assert reply.text == text


def test_a_context_that_is_only_the_lead_is_quoted_once() -> None:
    reply = render_answer(found(context=LAUNCH), "en")
    text = check_telegram_html(reply.html)
    assert reply.html.startswith(f"<blockquote><b>{LAUNCH}</b></blockquote>")
    assert text.count("proposal submission") == 1


def test_buttons_carry_feedback_and_more_sources_within_64_bytes() -> None:
    answer = found(others=6)
    reply = render_answer(answer, "en")
    data = all_callback_data(reply)
    best_ref = passage_ref(answer.passages[0])
    assert f"fb:+:{best_ref}" in data
    assert f"fb:-:{best_ref}" in data
    more = [d for d in data if d.startswith("more:")]
    assert len(more) == 1
    refs = more[0].removeprefix("more:").split(",")
    assert 1 <= len(refs) <= 4
    assert best_ref not in refs
    assert refs == [passage_ref(p) for p in answer.passages[1 : 1 + len(refs)]]
    assert all(1 <= len(d.encode()) <= MAX_CALLBACK_BYTES for d in data)
    assert reply.passages == answer.passages


def test_no_more_button_when_there_is_only_one_passage() -> None:
    data = all_callback_data(render_answer(found(others=0), "en"))
    assert not [d for d in data if d.startswith("more:")]
    assert len(data) == 2


def test_plans_are_dated_plainly() -> None:
    planned = check_telegram_html(render_answer(found(plans=True), "en").html)
    assert (
        "Note: this was the plan as of 2023; check https://www.eppermed.eu/ for the current state." in planned
    )
    assert "the plan as of" not in check_telegram_html(render_answer(found(plans=False), "en").html)


def test_source_and_user_text_is_escaped() -> None:
    nasty = "Funding <script>alert('x')</script> & partners <b>bold</b>."
    best = passage(nasty, title="R&D <i>title</i>", url="https://example.org/a?b=1&c=<2>")
    answer = Answer("q <b>?", "answer", (best,), lead=nasty, context=nasty, confidence=1.0)
    reply = render_answer(answer, "en")
    text = check_telegram_html(reply.html)
    assert "<script>" not in reply.html
    assert "&lt;script&gt;" in reply.html
    assert "&amp; partners" in reply.html
    assert nasty in text
    assert "R&D <i>title</i>" in text
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in reply.html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_is_valid_telegram_html_in_every_language(lang: str) -> None:
    answers = [
        found(plans=True),
        replace(
            found(), also=passage("A <b>second</b> & passage.", 1, title="Draft & co"), also_lead="A <b>"
        ),
        Answer("weather?", "not_found", suggestions=("Timeline & steps", "InfoSheets", "Contact", "Fourth")),
        Answer("weather?", "not_found"),
        Answer("my pills?", "medical"),
        Answer("hi", "greeting"),
        Answer("thanks", "thanks"),
        Answer("  ", "empty"),
    ]
    for answer in answers:
        reply = render_answer(answer, lang)
        check_telegram_html(reply.html)
        for data in all_callback_data(reply):
            assert len(data.encode()) <= MAX_CALLBACK_BYTES


def test_non_english_readers_are_told_the_quote_is_english() -> None:
    german = check_telegram_html(render_answer(found(plans=True), "de").html)
    assert "(Zitat aus der englischen Quelle)" in german
    assert "Quelle:" in german
    assert "Stand 2023" in german
    assert LAUNCH in german  # the quote itself stays in the source's words
    assert "quoted from the English source" not in check_telegram_html(render_answer(found(), "en").html)


def test_decline_offers_three_topics_and_the_contact_but_no_passage() -> None:
    best = passage("Personalised medicine funding text that must not be shown.")
    answer = Answer(
        "weather?",
        "not_found",
        (best,),
        suggestions=("Timeline <1>", "InfoSheets", "InfoSheets", "Contact", "Vision"),
        confidence=0.3,
    )
    reply = render_answer(answer, "en")
    text = check_telegram_html(reply.html)
    assert reply.kind == "not_found"
    assert not reply.answered
    assert reply.passages == ()
    assert reply.buttons == ()
    assert "does not answer this" in text
    assert CONTACT_EMAIL in text
    assert "• Timeline <1>\n• InfoSheets\n• Contact" in text
    assert "Vision" not in text
    assert "must not be shown" not in text


def test_decline_without_suggestions_offers_none() -> None:
    text = check_telegram_html(render_answer(Answer("x", "not_found"), "en").html)
    assert "I can tell you about" not in text
    assert CONTACT_EMAIL in text


def test_medical_question_gets_no_knowledge_only_the_notice() -> None:
    answer = Answer("Should I stop my pills?", "medical", (passage("Funding text."),))
    reply = render_answer(answer, "en")
    text = check_telegram_html(reply.html)
    assert reply.kind == "medical"
    assert not reply.answered
    assert "medical advice" in text
    assert "doctor" in text
    assert "eppermed@dlr.de" in text  # declines always hand over to the contact address
    assert "Funding text" not in text
    assert reply.passages == ()


@pytest.mark.parametrize(
    ("kind", "words"), [("greeting", "Hello"), ("thanks", "welcome"), ("empty", "question")]
)
def test_courtesies_are_short(kind: str, words: str) -> None:
    reply = render_answer(Answer("x", kind), "en")  # type: ignore[arg-type]
    text = check_telegram_html(reply.html)
    assert reply.kind == kind
    assert words in text
    assert len(text) < 300


def test_a_huge_passage_is_cut_at_sentences_to_fit_telegram() -> None:
    sentences = [f"Sentence {i} says something about personalised medicine in Europe." for i in range(400)]
    lead = sentences[200]
    context = " ".join(sentences)
    best = passage(context)
    answer = Answer("q", "answer", (best,), lead=lead, context=context, speaks_of_plans=True, confidence=1.0)
    reply = render_answer(answer, "en")
    text = check_telegram_html(reply.html)
    assert utf16_length(text) <= MAX_MESSAGE_CHARS
    assert utf16_length(text) > MAX_MESSAGE_CHARS - 200  # it keeps as much as fits
    assert text.count(lead) == 1
    assert f"<b>{lead}</b>" in reply.html
    assert text.startswith("… Sentence")  # cut before the lead at a sentence start
    assert "Europe. …" in text  # and after it at a sentence end
    assert CONTACT_EMAIL in text
    assert "the plan as of 2023" in text


def test_a_huge_lead_without_sentence_ends_is_cut_at_a_word() -> None:
    lead = " ".join(["word"] * 3000)
    answer = Answer("q", "answer", (passage(lead),), lead=lead, context=lead, confidence=1.0)
    text = check_telegram_html(render_answer(answer, "en").html)
    assert utf16_length(text) <= MAX_MESSAGE_CHARS
    assert "word word…" in text
    assert CONTACT_EMAIL in text


def test_length_is_counted_in_utf16_units_like_telegram() -> None:
    emoji = "😀 " * 1500  # 3 UTF-16 units each: 4,500 units in 3,000 characters
    context = f"Start. {emoji}End."
    answer = Answer("q", "answer", (passage(context),), lead="Start.", context=context, confidence=1.0)
    text = check_telegram_html(render_answer(answer, "en").html)
    assert len(text) < MAX_MESSAGE_CHARS
    assert utf16_length(text) <= MAX_MESSAGE_CHARS
    assert text.startswith("Start.")


def test_a_lead_missing_from_the_context_still_renders_the_context() -> None:
    context = "First sentence of the passage. Second sentence."
    answer = Answer("q", "answer", (passage(context),), lead="Not in there.", context=context, confidence=1.0)
    reply = render_answer(answer, "en")
    text = check_telegram_html(reply.html)
    assert text.startswith("First sentence of the passage.")
    assert "Second sentence." in text


def test_more_sources_quote_each_passage_with_its_source_within_the_limit() -> None:
    passages = [passage(("Long sentence about partners. " * 60) + f"Tail {i}.", i) for i in range(12)]
    reply = render_more(passages, "fr")
    text = check_telegram_html(reply.html)
    assert utf16_length(text) <= MAX_MESSAGE_CHARS
    assert 1 <= len(reply.passages) < len(passages)
    assert text.count("Source :") == len(reply.passages)
    assert "(citation de la source en anglais)" in text
    partial = check_telegram_html(render_more(passages[:1], "en", partly_updated=True).html)
    assert "updated" in partial


def test_helpers() -> None:
    assert as_of_label("2023") == "2023"
    assert as_of_label("2023-04", "en") == "April 2023"
    assert as_of_label("2023-04-21", "es") == "abril de 2023"
    assert as_of_label("2023-13") == "2023-13"
    assert cut_words("short", 10) == "short"
    cut = cut_words("One sentence here. Another sentence that is long.", 30)
    assert cut == "One sentence here. …"
    assert passage_ref(passage("a")) != passage_ref(passage("b"))
    assert len(passage_ref(passage("a"))) == 8


def test_the_checker_refuses_what_telegram_refuses() -> None:
    for bad in ["<br>", "<p>x</p>", "<b>x", "<b><i>x</b></i>", "a & b", "x < y", "", "<b> </b>", "a" * 4097]:
        with pytest.raises(HtmlRuleError):
            check_telegram_html(bad)
    assert check_telegram_html('<a href="https://x.org">x</a> &amp; &#39;') == "x & '"


def test_a_single_passage_is_quoted_with_source_and_contact() -> None:
    reply = render_passage(passage("A <passage> & more."), "es")
    text = check_telegram_html(reply.html)
    assert text.startswith("A <passage> & more.")
    assert "(cita de la fuente en inglés)" in text
    assert "Fuente: EP PerMed timeline, a fecha de 2023" in text
    assert CONTACT_EMAIL in text


def test_a_runner_up_is_one_line_with_its_lead_and_linked_source_between_quote_and_footer() -> None:
    runner_up = passage("Why: to mobilise national budget commitments. More words.", 1, title="Guide <aims>")
    reply = render_answer(
        replace(found(), also=runner_up, also_lead="Why: to mobilise national budget commitments.")
    )
    text = check_telegram_html(reply.html)
    quote, rest = reply.html.split("</blockquote>")
    assert "mobilise" not in quote
    line = rest.strip().splitlines()[0]
    assert line == (
        f'Also in <a href="{URL}">Guide &lt;aims&gt;</a>: “Why: to mobilise national budget commitments.”'
    )
    assert text.index("mobilise") < text.index("Source:")


def test_a_long_runner_up_lead_is_cut_at_a_word_and_no_runner_up_no_line() -> None:
    long_lead = "word " * 200
    reply = render_answer(replace(found(), also=passage(long_lead, 1), also_lead=long_lead), "de")
    line = next(x for x in reply.text.splitlines() if x.startswith("Auch in"))
    assert len(line) < MAX_ALSO_CHARS + 60
    assert "Also in" not in render_answer(found()).text
    assert "Also in" not in render_answer(replace(found(), also=passage("x", 1), also_lead="  ")).text
