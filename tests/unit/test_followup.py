"""Follow-up detection and resolution (knowledge/followup.py): pure functions, no index."""

from __future__ import annotations

import pytest

from knowledge.answering import Answer
from knowledge.followup import (
    Turn,
    focus_of,
    names_a_topic,
    needs_alone,
    own_words,
    prefer_earlier,
    remember,
    resolve,
    settle,
)
from knowledge.models import Passage


def turn(question: str) -> Turn:
    return Turn(question, focus_of(question), ("c#0",))


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("When was the ICPerMed workshop held?", "the ICPerMed workshop"),
        ("What is the draft concept paper?", "the draft concept paper"),
        ("Who will fund the national hubs?", "the national hubs"),
        ("What are European Partnerships?", "European Partnerships"),
        ("When will EP PerMed be launched?", "EP PerMed"),
        ("Tell me about the open consultation for the agenda", "the open consultation for the agenda"),
        ("Wann wurde der Konzeptentwurf veröffentlicht?", "der Konzeptentwurf"),
        ("Qui a rédigé la proposition de partenariat ?", "la proposition de partenariat"),
        ("¿Cuándo se publicó la agenda estratégica?", "la agenda estratégica"),
        ("Quando è stata pubblicata la bozza di proposta?", "la bozza di proposta"),
        ("When?", ""),
    ],
)
def test_focus_is_the_noun_phrase_a_question_is_about(question: str, focus: str) -> None:
    assert focus_of(question) == focus


def test_without_context_every_message_stands_alone() -> None:
    resolution = resolve("When was it published?", None)
    assert (resolution.rewritten, resolution.reason, resolution.about) == (False, "standalone", "")
    assert resolution.query == "When was it published?"


@pytest.mark.parametrize(
    ("message", "query"),
    [
        ("Who wrote it?", "Who wrote the draft concept paper?"),
        ("When did they publish it?", "When did they publish the draft concept paper?"),
        ("Who approved that paper?", "Who approved the draft concept paper?"),
        ("Is it official?", "Is the draft concept paper official?"),
    ],
)
def test_a_pronoun_is_replaced_by_the_previous_focus(message: str, query: str) -> None:
    resolution = resolve(message, turn("What is the draft concept paper?"))
    assert resolution.reason == "pronoun"
    assert resolution.rewritten
    assert resolution.query == query
    assert resolution.about == "the draft concept paper"


def test_a_possessive_names_the_focus() -> None:
    resolution = resolve("What are its objectives?", turn("What is the draft concept paper?"))
    assert resolution.query == "What are the draft concept paper's objectives?"


def test_expletive_it_is_not_a_reference() -> None:
    resolution = resolve("Is it possible to join the national hubs?", turn("What is the SRIA?"))
    assert not resolution.rewritten


@pytest.mark.parametrize("message", ["When?", "Where?", "Who?", "Why?", "In which year?", "How long?"])
def test_a_question_word_alone_continues_the_topic(message: str) -> None:
    resolution = resolve(message, turn("Who organised the EP PerMed information day?"))
    assert resolution.reason == "short"
    assert "the EP PerMed information day" in resolution.query
    assert resolution.query.startswith(message.rstrip("?"))


def test_and_a_noun_asks_the_earlier_question_of_something_new() -> None:
    resolution = resolve("And the launch?", turn("When was the proposal submitted?"))
    assert resolution.reason == "ellipsis"
    assert resolution.query == "When was the launch submitted?"
    assert resolution.about == resolution.focus == "the launch"


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        ("Wann wurde der Konzeptentwurf veröffentlicht?", "Und wer hat ihn geschrieben?"),
        ("Wer hat den Informationstag organisiert?", "Und wann?"),
        ("Qui a organisé la journée d'information ?", "Et quand ?"),
        ("¿Quién organizó la jornada informativa?", "¿Y cuándo?"),
        ("Chi ha organizzato la giornata informativa?", "E quando?"),
        ("Was ist die SRIA?", "Wann wurde sie veröffentlicht?"),
    ],
)
def test_follow_ups_in_the_other_languages(previous: str, message: str) -> None:
    before = turn(previous)
    resolution = resolve(message, before)
    assert resolution.rewritten
    assert before.focus
    assert before.focus in resolution.query


@pytest.mark.parametrize(
    "message",
    [
        "Which InfoSheet covers the international perspective?",
        "What happened in November 2022?",
        "Where was the ICPerMed workshop in January 2023?",
        "What does the Strategic Research and Innovation Agenda propose?",
        "Welches InfoSheet behandelt regionale Möglichkeiten?",
    ],
)
def test_a_new_topic_starts_afresh(message: str) -> None:
    resolution = resolve(message, turn("When was the EP PerMed information day?"))
    assert not resolution.rewritten
    assert resolution.reason == "new_topic"
    assert resolution.query == message
    assert resolution.about == ""


@pytest.mark.parametrize("message", ["thanks!", "Hello", "Should I stop taking my pills then?", "  "])
def test_greetings_thanks_and_medical_questions_are_never_bent(message: str) -> None:
    resolution = resolve(message, turn("What is the vision of EP PerMed?"))
    assert not resolution.rewritten


def test_a_turn_without_a_focus_gives_no_context() -> None:
    assert not resolve("When?", Turn("When?", "")).rewritten


def test_the_focus_carries_on_through_a_chain_of_follow_ups() -> None:
    first = turn("When was the EP PerMed information day?")
    second = resolve("Was it held online?", first)
    third = resolve("Who was invited?", remember(second, passages=("c#1",), answered=True))
    assert third.about == "the EP PerMed information day"
    assert "the EP PerMed information day" in third.query


def test_names_a_topic() -> None:
    assert names_a_topic("What is the SRIA?")
    assert names_a_topic("What happened in 2022?")
    assert not names_a_topic("And when?")
    assert not names_a_topic("Who was invited?")


def _passage(chunk_id: str, text: str, score: float) -> Passage:
    return Passage(text, "Title", "https://example.org/", "2023", score, chunk_id)


def _answer(*passages: Passage) -> Answer:
    best = passages[0]
    return Answer("When was it held?", "answer", passages, best.text, best.text, confidence=0.9)


def test_the_passage_that_answered_before_is_preferred_when_nearly_as_good() -> None:
    answer = _answer(
        _passage("a#0", "Something else was held in 2020.", 0.80),
        _passage("b#0", "It was held online.", 0.75),
    )
    preferred = prefer_earlier(answer, ("b#0",), lambda _token: 1.0)
    assert [p.chunk_id for p in preferred.passages] == ["b#0", "a#0"]
    assert preferred.lead == "It was held online."
    assert preferred.context == "It was held online."
    assert preferred.confidence == answer.confidence


def test_a_clearly_better_passage_keeps_its_place() -> None:
    answer = _answer(_passage("a#0", "Held in 2020.", 0.95), _passage("b#0", "Held online.", 0.70))
    assert prefer_earlier(answer, ("b#0",), lambda _token: 1.0) is answer


def test_a_decline_stays_a_decline() -> None:
    declined = Answer("q", "not_found", (_passage("a#0", "x", 0.2), _passage("b#0", "y", 0.2)))
    assert prefer_earlier(declined, ("b#0",), lambda _token: 1.0) is declined


def test_a_turn_is_bounded_in_size() -> None:
    long = "When was the " + "very " * 100 + "long meeting?"
    kept = remember(resolve(long, None), passages=tuple(f"c#{n}" for n in range(9)), answered=True)
    assert kept.question == ""
    assert len(kept.focus) <= 100
    assert len(kept.passages) == 3
    assert resolve("And the workshop?", kept).query.startswith("the workshop")


def _found(chunk_id: str, text: str) -> Answer:
    passage = _passage(chunk_id, text, 0.8)
    return Answer("q", "answer", (passage,), text, text, confidence=0.9)


def test_own_words_leave_out_grammar_and_the_carried_focus() -> None:
    assert own_words("Who was invited?", "the information day") == {"invit"}
    assert own_words("When?", "the information day") == set()
    assert own_words("And the information day?", "the information day") == set()


def test_a_follow_up_asking_for_what_the_material_never_mentions_is_declined() -> None:
    asked = resolve("Who chairs it?", turn("What is the draft concept paper?"))
    answer, rewritten = settle(
        asked, "Who chairs it?", _found("a#0", "The paper was approved."), None, {"chair"}.__contains__
    )
    assert rewritten
    assert answer.kind == "not_found"
    assert answer.lead == ""


def test_a_short_message_found_alone_where_its_words_stand_is_a_new_topic() -> None:
    message = "What is the vision?"
    asked = resolve(message, turn("When was the EP PerMed information day?"))
    assert needs_alone(asked, message)
    bent = _found("day#0", "The virtual event took place on May 31, 2021.")
    alone = _found("vision#0", "The vision: improve health outcomes.")
    answer, rewritten = settle(asked, message, bent, alone, lambda _w: False)
    assert (answer, rewritten) == (alone, False)
    same = _found("vision#0", "The vision: improve health outcomes.")
    assert settle(asked, message, same, alone, lambda _w: False) == (alone, False)  # context changed nothing
    kept = _found("day#1", "The vision of the day was shared.")
    assert settle(asked, message, kept, alone, lambda _w: False) == (kept, True)


def test_other_languages_and_pronouns_are_not_second_guessed() -> None:
    german = resolve("Und wer wurde eingeladen?", turn("Wann war der Informationstag?"))
    assert not needs_alone(german, "Und wer wurde eingeladen?")
    found = _found("a#0", "Authorities were invited.")
    assert settle(german, "Und wer wurde eingeladen?", found, None, lambda _w: True) == (found, True)
    pronoun = resolve("Was it held online?", turn("When was the EP PerMed information day?"))
    assert not needs_alone(pronoun, "Was it held online?")


@pytest.mark.parametrize(
    ("message", "start"), [("Und wann?", "wann"), ("¿Y cuándo?", "cuándo"), ("And when?", "when")]
)
def test_the_rewritten_question_drops_the_leading_and(message: str, start: str) -> None:
    resolution = resolve(message, turn("Wer hat den Informationstag organisiert?"))
    assert resolution.query.startswith(start)
    assert resolution.query.endswith("den Informationstag?")
