"""The answer decision: declines below the threshold, medical advice never searched, leads verbatim."""

from __future__ import annotations

import pytest

from knowledge import answering
from knowledge.answering import MAX_CONTEXT_CHARS, Answerer, _audience, _dates, _without_preamble, quote
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.models import Passage
from knowledge.search import Searcher
from tests.unit.chunks import chunks_of


@pytest.fixture(scope="module")
def answerer(searcher: Searcher) -> Answerer:
    return Answerer(searcher, min_confidence=0.3)


def test_answer_quotes_the_source_verbatim(answerer: Answerer) -> None:
    answer = answerer.answer("What happened in November 2022?")
    assert answer.answered
    assert answer.lead.startswith("November 2022: Online-Consultation")
    assert answer.best is not None
    assert answer.lead in answer.best.text
    assert answer.context in answer.best.text or answer.lead in answer.context


def test_planned_launch_is_flagged(answerer: Answerer) -> None:
    answer = answerer.answer("When is the partnership supposed to be launched?")
    assert answer.answered
    assert "launched by the end of 2023" in answer.context
    assert answer.speaks_of_plans


def test_unrelated_question_is_declined(answerer: Answerer) -> None:
    answer = answerer.answer("Lasagna recipe, cheese, oven")
    assert answer.kind == "not_found"
    assert not answer.answered
    assert answer.lead == ""
    assert answer.confidence < answerer.min_confidence


def test_threshold_decides(searcher: Searcher) -> None:
    strict = Answerer(searcher, min_confidence=10.0)
    assert strict.answer("What is the vision of EP PerMed?").kind == "not_found"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Should I stop taking my blood pressure medication?", "medical"),
        ("Hello!", "greeting"),
        ("thanks!", "thanks"),
        ("   ", "empty"),
    ],
)
def test_not_searched(answerer: Answerer, text: str, kind: str) -> None:
    answer = answerer.answer(text)
    assert answer.kind == kind
    assert answer.passages == ()
    assert not answer.answered


def test_answer_many_keeps_order(answerer: Answerer) -> None:
    kinds = [a.kind for a in answerer.answer_many(["Hello", "What is the vision of EP PerMed?", ""])]
    assert kinds == ["greeting", "answer", "empty"]


def test_threshold_defaults_to_manifest_calibration(searcher: Searcher) -> None:
    calibrated = searcher.index.manifest.model_copy(update={"calibration": {"min_confidence": 0.42}})
    index = PublishedIndex(
        None, calibrated, searcher.index.chunks, searcher.index._dense, searcher.index.lexical
    )
    assert Answerer(Searcher(index, searcher.embedder)).min_confidence == 0.42


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("Who is the guidance document aimed at?", "Who is the guidance document intended for?"),
        ("who is it targeted at", "who is it intended for"),
        ("What is EP PerMed aimed at?", "What is EP PerMed aimed at?"),  # an aim, not an audience
        # the full name by the short one the curated questions use
        ("What is the European Partnership for Personalized Medicine doing?", "What is EP PerMed doing?"),
    ],
)
def test_an_audience_is_searched_in_the_words_of_an_audience(question: str, searched: str) -> None:
    assert _audience(question) == searched


def test_a_passage_that_fits_is_quoted_whole_with_its_neighbours_in_the_room_left() -> None:
    text = "The guide was published in May 2021. It names the next steps."
    before, after = "Earlier words of the page.\n\n", "\n\nWhy: to mobilise national budget commitments."
    lead, context, lead_start, _ = quote(
        "When was the guide published?", text, lambda _t: 1.0, surroundings=(before, after)
    )
    assert lead == "The guide was published in May 2021."
    assert text in context
    assert "mobilise national budget commitments" in context
    assert "Earlier words" in context
    assert context[lead_start : lead_start + len(lead)] == lead


def test_a_passage_longer_than_the_quote_takes_nothing_from_its_neighbours() -> None:
    text = (
        " ".join(f"Sentence number {n} says little." for n in range(60))
        + " The guide was published in May 2021."
    )
    assert len(text) > MAX_CONTEXT_CHARS
    lead, context, lead_start, _ = quote(
        "When was the guide published?", text, lambda _t: 1.0, surroundings=("Before.\n\n", "\n\nAfter.")
    )
    assert "Before." not in context
    assert "After." not in context
    assert len(context) <= MAX_CONTEXT_CHARS
    assert context[lead_start : lead_start + len(lead)] == lead


def test_the_quote_reaches_into_a_neighbour_only_when_the_search_ranked_it_second(answerer: Answerer) -> None:
    answer = answerer.answer("Which topic-specific Information Sheets are available?")
    assert answer.answered
    assert answer.best is not None
    assert [p.chunk_id for p in answer.passages[:2]] == [
        "guidance-and-infosheets#1",
        "guidance-and-infosheets#0",
    ]
    assert answer.best.text in answer.context
    assert "further published a jointly developed guide" in answer.context  # #0, ranked second
    assert "With these documents" not in answer.context  # #2, beside it too but ranked lower
    assert answer.context[answer.lead_start : answer.lead_start + len(answer.lead)] == answer.lead


def test_a_runner_up_that_answers_is_offered_when_nearly_as_high(
    answerer: Answerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "What is the draft concept paper?"
    monkeypatch.setattr(answering, "RUNNER_UP_SHARE", 0.0)  # any runner-up is near enough
    answer = answerer.answer(question)
    assert answer.answered
    assert answer.also is not None
    assert answer.also.chunk_id == "draft-proposal#0"  # "draft" in its title lifts it (titled)
    assert answer.also.text not in answer.context
    assert answer.also_lead
    assert answer.also_lead in answer.also.text
    monkeypatch.undo()  # at the real share, the runner-up is too far below
    answer = answerer.answer(question)
    assert answer.answered
    assert answer.also is None
    assert answer.also_lead == ""


def test_a_runner_up_the_checks_refuse_is_not_offered(
    answerer: Answerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answering, "RUNNER_UP_SHARE", 0.0)
    answer = answerer.answer("What happened in November 2022?")
    assert answer.answered
    assert answer.passages[1].chunk_id == "draft-proposal#0"  # ranked second, but says nothing of November
    assert answer.also is None


def test_the_contact_line_is_never_quoted_as_a_neighbour(answerer: Answerer, searcher: Searcher) -> None:
    def ranked(*ids: str) -> list[Passage]:
        chunks = {c.chunk_id: c for c in searcher.chunks}
        return [Passage(chunks[i].text, chunks[i].title, chunks[i].url, "2023", 1.0, i) for i in ids]

    assert answerer.surroundings("overview#0", ranked("overview#0", "overview#1")) == ("", "")
    before, _ = answerer.surroundings(
        "guidance-and-infosheets#1", ranked("guidance-and-infosheets#1", "guidance-and-infosheets#0")
    )
    assert before.startswith("ICPerMed and ERA PerMed further published")


def test_a_passage_opening_with_a_bullet_keeps_the_quote_within_the_limit() -> None:
    before = " ".join(f"Earlier sentence number {n} of the page." for n in range(26)) + "\n\n"
    text = "- April 2023: the proposal was submitted.\n- The partnership is supposed to be launched by the end of 2023."
    lead, context, lead_start, _ = quote(
        "When is the launch?", text, lambda _t: 1.0, surroundings=(before, "\n\nAfter words.")
    )
    assert len(context) <= MAX_CONTEXT_CHARS
    assert text in context
    assert context[lead_start : lead_start + len(lead)] == lead


def test_the_runner_up_is_never_the_contact_line_nor_from_the_quoted_passages_document(
    answerer: Answerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answering, "RUNNER_UP_SHARE", 0.0)
    answer = answerer.answer("Who is the drafting group?")
    assert [p.chunk_id for p in answer.passages[:2]] == ["draft-proposal#0", "overview#1"]
    assert answer.also is not None
    assert answer.also.chunk_id == "draft-concept-paper#0"  # the contact line, ranked second, is passed over
    sheets = answerer.answer("Which topic-specific Information Sheets are available?")
    assert sheets.passages[1].chunk_id == "guidance-and-infosheets#0"
    assert sheets.also is None  # its own document's passages, quoted beside it or not, are never offered


def test_a_runner_up_with_a_lead_too_long_for_one_line_is_not_offered(
    answerer: Answerer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answering, "RUNNER_UP_SHARE", 0.0)
    assert answerer.answer("Who is the drafting group?").also is not None
    monkeypatch.setattr(answering, "RUNNER_UP_MAX_CHARS", 20)
    answer = answerer.answer("Who is the drafting group?")
    assert answer.answered
    assert answer.also is None


def _manual_and_timeline() -> Answerer:
    """A manual that holds no date, and a timeline that dates it by the manual's title, not its words."""
    chunks = [
        *chunks_of("The manual explains the steps for partners.", doc="manual", title="Handbook"),
        *chunks_of(
            "- May 2021: Handbook published\n- April 2023: Proposal submitted", doc="dates", title="Timeline"
        ),
    ]
    embedder = FakeEmbedder()
    return Answerer(Searcher(PublishedIndex.in_memory(chunks, embedder), embedder), min_confidence=0.0)


def test_a_when_question_is_dated_by_the_line_naming_its_passage_title() -> None:
    """The first passage is about the thing asked of but holds no date; the timeline's line naming its
    title does ("When did the guide appear?": the guide's section, dated by the timeline)."""
    answer = _manual_and_timeline().answer("When did the manual come out?")
    assert answer.answered
    assert answer.passages[0].chunk_id == "dates#0"
    assert answer.lead.startswith("May 2021")


@pytest.mark.parametrize(
    "question", ["When was the manual last updated?", "When will the next manual come out?"]
)
def test_a_later_version_or_one_to_come_is_not_dated_by_the_first(question: str) -> None:
    answer = _manual_and_timeline().answer(question)
    assert not answer.answered
    assert answer.reason == "asked_for"


def test_a_dated_line_must_name_the_first_passage_title() -> None:
    assert _dates("- May 2021: Handbook published\n- April 2023: Proposal", frozenset({"handbook"}))
    assert not _dates("- May 2021: Handbook published", frozenset({"proposal"}))  # dated, another thing
    assert not _dates("The handbook was published.", frozenset({"handbook"}))  # names it, no date
    assert _dates("- May 2021: Guidance Document", frozenset({"guidanc"}))  # stems as the index has them
    # half of the title's words at least, its figures aside: a drafting group's line does not date the
    # "Draft Concept Paper", nor "February 2022" the "Draft Proposal (February 2022)"
    assert not _dates("February 2022: a drafting group was set up", frozenset({"concept", "draft", "paper"}))
    assert _dates("February 2021: Draft Concept Paper", frozenset({"concept", "draft", "paper"}))
    assert not _dates("February 2022: the launch", frozenset({"draft", "propos", "2022", "februari"}))


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        (
            "Journalist here: by when is the partnership expected to launch?",
            "by when is the partnership expected to launch?",
        ),
        # what they said is the topic, referred back to
        ("I'm curious about the Pamplona workshop - when was it?", None),
        ("I'm new to the concept paper. Who wrote it?", None),
        ("As an outcome of the consultation, what was published?", None),
        ("I'm preparing a briefing; what is the vision?", "what is the vision?"),
        ("As a funder, which sheet covers joint funding?", "which sheet covers joint funding?"),
        ("I work at a university. Who organised the info day?", "Who organised the info day?"),
        # the question refers back to the asker: who they are is what it is about
        ("As a policy maker, is there a document aimed at me?", None),
        ("I work in a ministry. Which document helps people like me?", None),
        # no question after it, or no preamble
        ("I'm a researcher: personalised medicine", None),
        ("What is here: the vision?", None),
        ("When was the workshop?", None),
    ],
)
def test_who_the_asker_is_is_not_searched_for(question: str, searched: str | None) -> None:
    assert _without_preamble(question) == (searched or question)
