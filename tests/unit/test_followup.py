"""Follow-up detection and resolution (knowledge/followup.py): pure functions, no index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from knowledge.answering import Answer
from knowledge.followup import (
    Candidate,
    Turn,
    candidates,
    choose,
    focus_of,
    names_a_topic,
    remember,
    resolve,
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
        ("What does the guideline recommend?", "the guideline"),  # the bare verb after "does" closes it
        ("Which countries will the programme support?", "the programme"),
        ("When will the call be opened?", "the call"),  # closed by "be": nothing more is cut
        ("Who will co-fund the hubs?", "the hubs"),  # "will" belongs to "Who", not to the phrase
        ("What does EP PerMed cover?", "EP PerMed"),
        ("Is there a guidance document on EP PerMed?", "a guidance document on EP PerMed"),  # English "a"
        ("Qui a publié la feuille de route ?", "la feuille de route"),  # French "a" is a verb
        # "ERA" is a name, not Spanish "was"; names joined by "and" are one subject, the verb ends it
        ("What did ICPerMed and ERA PerMed publish in May 2021?", "ICPerMed and ERA PerMed"),
        ("What did ICPerMed publish in May 2021?", "ICPerMed"),
        ("What will ICPerMed and the EC publish?", "ICPerMed and the EC"),  # "the" is no verb
        ("Will EP PerMed support SMEs?", "EP PerMed"),  # the first lower-case word after the names
        ("Can ERA PerMed finance clinical trials in Italy?", "ERA PerMed"),
        ("What did ICPerMed and its partners publish?", "ICPerMed and its partners"),  # "and" brings a name
        ("How did ICPerMed and ERA PerMed and the EC cooperate?", "ICPerMed and ERA PerMed and the EC"),
        ("Qu'est-ce qu'EP PerMed ?", "EP PerMed"),  # a name after the elision
        ("WHEN WILL THE CALL BE OPENED?", "THE CALL"),  # all in capitals: capitals name nothing
        ("Qu'est-ce qu'un partenariat européen ?", "partenariat européen"),  # the article elided into "qu'un"
        ("Quand l'agenda stratégique a-t-il été publié ?", "l'agenda stratégique"),
        ("Quando è stata pubblicata l'agenda strategica?", "l'agenda strategica"),
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
        # a particle closing the clause goes before the focus, as before any noun phrase
        ("Which document sets it out?", "Which document sets out the draft concept paper?"),
        ("Who put it together?", "Who put together the draft concept paper?"),
        ("Is it over?", "Is the draft concept paper over?"),  # "be" takes no particle
        ("Who is behind it in Germany?", "Who is behind the draft concept paper in Germany?"),
        # contracted forms of "be" and stranded prepositions take no particle
        ("Isn't it over?", "Isn't the draft concept paper over?"),
        ("When's it out?", "When's the draft concept paper out?"),
        ("Which folder do I find it in?", "Which folder do I find the draft concept paper in?"),
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
    ("previous", "message", "query"),
    [
        ("What is the fourth InfoSheet about?", "And the seventh?", "What is the seventh InfoSheet about?"),
        ("Was ist das vierte InfoSheet?", "Und das siebte?", "Was ist das siebte InfoSheet?"),
        ("When was the first milestone?", "And the last?", "When was the last milestone?"),
        (
            "When was the proposal submitted?",
            "And the second?",
            "When was the second submitted?",
        ),  # no ordinal
    ],
)
def test_an_ordinal_asks_for_another_of_the_series(previous: str, message: str, query: str) -> None:
    assert resolve(message, turn(previous)).query == query


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


TITLES = frozenset({"draft", "propos", "concept", "paper", "inform", "day", "vision", "guidanc", "document"})


def test_a_short_question_naming_a_document_of_its_own_starts_afresh() -> None:
    """Two words of its own, and "the proposal" is a document the previous turn never mentioned."""
    resolution = resolve(
        "Who drafted the proposal?", turn("Who organised the information day?"), titles=TITLES
    )
    assert not resolution.rewritten
    assert resolution.reason == "new_topic"


@pytest.mark.parametrize(
    ("earlier", "message"),
    [
        ("When was the information day?", "What was the agenda?"),  # no document is called an agenda
        ("When was the information day?", "Who was the audience?"),
        ("What is the draft proposal?", "Who are the authors?"),
    ],
)
def test_a_short_question_about_an_attribute_still_leans(earlier: str, message: str) -> None:
    resolution = resolve(message, turn(earlier), titles=TITLES)
    assert resolution.rewritten
    assert resolution.reason == "short"


def test_a_short_question_naming_what_was_just_discussed_still_leans() -> None:
    """ "the paper" after the concept paper is that paper: read with the conversation."""
    resolution = resolve("Who wrote the paper?", turn("What is the concept paper about?"), titles=TITLES)
    assert resolution.rewritten
    assert resolution.reason == "short"
    assert "concept paper" in resolution.query


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


def test_a_turn_is_bounded_in_size() -> None:
    long = "When was the " + "very " * 100 + "long meeting?"
    kept = remember(resolve(long, None), passages=tuple(f"c#{n}" for n in range(9)), answered=True)
    assert kept.question == ""
    assert len(kept.focus) <= 100
    assert len(kept.passages) == 3
    assert resolve("And the workshop?", kept).query.startswith("the workshop")


def _found(question: str, *passages: Passage, kind: str = "answer") -> Answer:
    best = passages[0]
    answered = kind == "answer"
    return Answer(
        question,
        "answer" if answered else "not_found",
        passages,
        best.text if answered else "",
        best.text if answered else "",
        confidence=0.9 if answered else 0.1,
    )


def test_a_rewritten_follow_up_is_read_several_ways() -> None:
    previous = turn("When was the EP PerMed information day?")
    resolution = resolve("Was it held online?", previous)
    readings = candidates("Was it held online?", resolution, previous)
    assert readings[0] == Candidate("Was the EP PerMed information day held online?", True)
    assert readings[1] == Candidate("Was it held online?", False)  # the message alone
    assert Candidate("Was it held online the EP PerMed information day?", True) in readings
    # the message first: what it asks for ("when", "who") is read from the start of a question
    assert Candidate("Was it held online? When was the EP PerMed information day?", True) in readings
    assert len({r.query for r in readings}) == len(readings)


def test_a_demonstrative_noun_names_the_earlier_thing_in_every_reading() -> None:
    """ "that paper" after the draft proposal is the proposal: the user's noun must not pull the other
    readings to the concept paper."""
    previous = turn("Who drew up the draft proposal for the partnership?")
    message = "And who published that paper?"
    resolution = resolve(message, previous)
    assert resolution.query == "who published the draft proposal for the partnership?"
    readings = candidates(message, resolution, previous)
    assert all("paper" not in r.query for r in readings)
    assert Candidate("And who published that?", False) in readings
    first = candidates(
        "Who wrote that paper first?", resolve("Who wrote that paper first?", previous), previous
    )
    assert Candidate("Who wrote that first?", False) in first  # only the noun goes
    both = candidates(
        "Who wrote that concept paper?", resolve("Who wrote that concept paper?", previous), previous
    )
    assert Candidate("Who wrote that?", False) in both  # a two-word noun goes whole


def test_a_demonstrative_noun_in_another_language_stays_in_every_reading() -> None:
    """Only English rewrites replace the phrase: elsewhere the user's noun is the reading's only topic."""
    previous = turn("Qui a rédigé la proposition ?")
    message = "Qui a publié ce document ?"
    readings = candidates(message, resolve(message, previous), previous)
    assert all("document" in r.query for r in readings)


@pytest.mark.parametrize(
    ("previous", "message", "query"),
    [
        (
            "Why is a European Partnership for Personalised Medicine needed?",
            "Under which programme could that happen?",
            "Under which programme could a European Partnership for Personalised Medicine happen?",
        ),
        ("What is the SRIA?", "Does this mean it is final?", "Does this mean the SRIA is final?"),
        # "out" is no noun: a particle, before the focus
        ("What is the SRIA?", "Who put that out?", "Who put out the SRIA?"),
        ("What is the SRIA?", "Who put those out?", "Who put out the SRIA?"),
        ("What is the SRIA?", "Who wrote that one?", "Who wrote the SRIA?"),  # "one" is the noun
        ("What are the hubs?", "Where are these located?", "Where are the hubs located?"),
        ("What are the hubs?", "Who runs those?", "Who runs the hubs?"),
        # a grammar word after the demonstrative is no noun: the rest of the question stays
        ("What is the SRIA?", "Who implements this in Germany?", "Who implements the SRIA in Germany?"),
        ("What is the SRIA?", "Do you know if this is final?", "Do you know if the SRIA is final?"),
        ("What is the SRIA?", "Who wrote that paper first?", "Who wrote the SRIA first?"),
        ("What is the C:\\data folder?", "Who made it?", "Who made the C:\\data folder?"),  # no escapes read
    ],
)
def test_a_demonstrative_before_a_verb_is_the_subject(previous: str, message: str, query: str) -> None:
    assert resolve(message, turn(previous)).query == query


def test_a_follow_up_asking_about_a_new_thing_is_not_read_with_the_old_one() -> None:
    previous = turn("When was the proposal submitted?")
    resolution = resolve("And the launch?", previous)
    assert candidates("And the launch?", resolution, previous) == (
        Candidate("When was the launch submitted?", True),
        Candidate("And the launch?", False),
    )


@pytest.mark.parametrize(
    "message",
    ["Par qui ?", "By whom?", "¿Cuándo?", "Von wem?", "And by whom?", "Until when?", "Und wie viel?"],
)
def test_a_follow_up_of_question_words_only_is_not_also_read_alone(message: str) -> None:
    """Alone it names nothing, and the multilingual model still finds passages for it (its scores sit in a
    narrow band): those would outvote the passage the conversation is about."""
    previous = turn("When was the draft proposal published?")
    readings = candidates(message, resolve(message, previous), previous)
    assert readings[0].contextual
    assert Candidate(message, False) not in readings
    assert all(r.contextual for r in readings)


def test_a_message_not_rewritten_has_one_reading() -> None:
    message = "What is the vision of EP PerMed?"
    previous = turn("When was the EP PerMed information day?")
    assert candidates(message, resolve(message, previous), previous) == (Candidate(message, False),)
    assert candidates("When?", resolve("When?", None), None) == (Candidate("When?", False),)


def test_the_passage_the_readings_agree_on_is_quoted() -> None:
    """Readings vote by rank (1/2 for a first place, 1/3 for a second): b, first for two of three, wins."""
    readings = (Candidate("rewrite", True), Candidate("alone", False), Candidate("joined", True))
    a, b = _passage("a#0", "A was held in 2020.", 0.8), _passage("b#0", "B was held online.", 0.8)
    answers = [_found("rewrite", a, b), _found("alone", b, a), _found("joined", b, a)]
    choice = choose(readings, answers, lambda _token: 1.0)  # b: 1/3 + 1/2 + 1/2 against a: 1/2 + 1/3 + 1/3
    assert choice.contextual
    assert choice.answer is answers[2]  # the contextual reading that ranks b first quotes it as it is


def test_votes_are_by_rank_not_by_score() -> None:
    """The multilingual model's scores sit in a narrow band: a passage every reading lists lower down must
    not beat the one most readings put first because one reading did not list it."""
    readings = (Candidate("rewrite", True), Candidate("alone", False), Candidate("joined", True))
    topic, other, generic = (_passage(f"{n}#0", f"{n}.", 0.0) for n in ("topic", "other", "generic"))
    answers = [
        _found("rewrite", replace(topic, score=1.20), replace(generic, score=0.96)),
        _found("alone", replace(other, score=1.18), replace(generic, score=1.09)),
        _found("joined", replace(topic, score=1.19), replace(generic, score=0.95)),
    ]
    choice = choose(readings, answers, lambda _token: 1.0)  # by score, generic 3.00 against topic 2.39
    assert choice.answer.passages[0].chunk_id == "topic#0"


def test_a_passage_first_for_no_contextual_reading_is_quoted_with_a_lead_picked_again() -> None:
    readings = (Candidate("rewrite", True), Candidate("alone", False))
    a, b = _passage("a#0", "A was held in 2020.", 0.5), _passage("b#0", "B was held online.", 0.5)
    c, d = _passage("c#0", "C.", 0.5), _passage("d#0", "D.", 0.5)
    answers = [_found("rewrite", a, b), _found("alone", a, b, kind="not_found")]
    assert choose(readings, answers, lambda _token: 1.0).answer is answers[0]
    answers[1] = _found("alone", b, a, kind="not_found")
    assert choose(readings, answers, lambda _token: 1.0).answer is answers[0]  # declines do not vote
    # b second for all three readings (1/3 x 3) beats each first (1/2): no reading has it first
    answers = [_found("rewrite", a, b), _found("alone", c, b), _found("other", d, b)]
    choice = choose((*readings, Candidate("other", True)), answers, lambda _token: 1.0)
    assert [p.chunk_id for p in choice.answer.passages] == ["b#0", "a#0"]
    assert choice.answer.lead == "B was held online."
    assert choice.answer.context == "B was held online."


def test_when_only_the_message_alone_finds_the_passage_first_it_was_a_new_topic() -> None:
    readings = (Candidate("rewrite", True), Candidate("alone", False))
    vision = _passage("vision#0", "The vision: improve health outcomes.", 0.9)
    day = _passage("day#0", "The virtual event took place on May 31, 2021.", 0.5)
    other = _passage("other#0", "Something else.", 0.6)
    answers = [_found("rewrite", other, vision, day), _found("alone", vision, day)]
    choice = choose(readings, answers, lambda _token: 1.0)  # vision 1/3 + 1/2, other 1/2, day 1/4 + 1/3
    assert not choice.contextual
    assert choice.answer is answers[1]
    answers[0] = _found("rewrite", vision, day)  # both find it first: the follow-up keeps its context
    choice = choose(readings, answers, lambda _token: 1.0)
    assert choice.contextual
    assert choice.answer is answers[0]


def test_only_passages_holding_what_the_message_asks_for_compete() -> None:
    """ "When was it published?": the passage quoted before, about the paper, has no date; the one with the
    date wins though the conversation leans on the other."""
    readings = (Candidate("rewrite", True), Candidate("alone", False))
    paper = _passage("paper#0", "The concept paper proposes a vision.", 0.0)
    dated = _passage("timeline#0", "February 2021: Draft Concept Paper", 0.0)
    answers = [
        _found("rewrite", replace(paper, score=0.90), replace(dated, score=0.88)),
        _found("alone", replace(paper, score=0.60), replace(dated, score=0.55)),
    ]

    def has_date(p: Passage) -> bool:
        return "2021" in p.text

    unfit = choose(readings, answers, lambda _token: 1.0, earlier="paper#0")
    assert unfit.answer.passages[0].chunk_id == "paper#0"
    fit = choose(readings, answers, lambda _token: 1.0, earlier="paper#0", fits=has_date)
    assert fit.answer.passages[0].chunk_id == "timeline#0"
    assert fit.answer.lead == "February 2021: Draft Concept Paper"
    nothing = choose(readings, answers, lambda _token: 1.0, fits=lambda _p: False)  # none fits: as before
    assert nothing.answer.passages[0].chunk_id == "paper#0"


def test_when_no_reading_is_answered_the_rewrite_declines() -> None:
    readings = (Candidate("rewrite", True), Candidate("alone", False))
    passage = _passage("a#0", "x", 0.2)
    answers = [_found("rewrite", passage, kind="not_found"), _found("alone", passage, kind="not_found")]
    choice = choose(readings, answers, lambda _token: 1.0)
    assert choice.answer is answers[0]
    assert choice.contextual
    with pytest.raises(ValueError, match="one answer per reading"):
        choose(readings, answers[:1], lambda _token: 1.0)


@pytest.mark.parametrize(
    ("earlier", "message", "query"),
    [
        (
            "Is there an InfoSheet for regions?",
            "And one on international cooperation?",
            "Is there an InfoSheet on international cooperation?",
        ),
        ("Is there a guide for funders?", "And one for hospitals?", "Is there a guide for hospitals?"),
        ("Who is the contact point in Spain?", "And one in Italy?", "Who is the contact point in Italy?"),
        # "the <kind> one" after a "which N" question: the N of that kind
        ("Which InfoSheet is about national hubs?", "And the regional one?", "the regional InfoSheet?"),
        ("What document is meant for funders?", "And the most recent one?", "the most recent document?"),
    ],
)
def test_one_in_an_ellipsis_stands_for_the_earlier_noun_phrase(
    earlier: str, message: str, query: str
) -> None:
    resolution = resolve(message, turn(earlier))
    assert resolution.reason == "ellipsis"
    assert resolution.query == query


@pytest.mark.parametrize(
    "earlier",
    [
        "Is there a guide for funders?",
        "What happened in May 2021?",
        "What changed in 2023?",
        "What really is the draft proposal?",  # an adverb is no noun either
    ],
)
def test_the_kind_of_one_needs_a_which_noun_before(earlier: str) -> None:
    resolution = resolve("And the next one?", turn(earlier))
    assert "happened?" not in resolution.query  # a verb is no noun to stand for
    assert "changed?" not in resolution.query
    assert resolution.query != "the next happened?"
    assert "really?" not in resolution.query


@pytest.mark.parametrize("message", ["And one more?", "And one year later?"])
def test_one_as_a_number_is_no_pronoun(message: str) -> None:
    resolution = resolve(message, turn("Is there a guide for funders?"))
    assert "guide more" not in resolution.query
    assert "guide year" not in resolution.query


def test_an_ellipsis_keeps_one_preposition() -> None:
    resolution = resolve("And in March 2023?", turn("What was published in April 2023?"))
    assert resolution.query == "What was published in March 2023?"
    assert resolve("And the launch?", turn("When was the proposal submitted?")).query == (
        "When was the launch submitted?"
    )


@pytest.mark.parametrize(
    ("message", "start"), [("Und wann?", "wann"), ("¿Y cuándo?", "cuándo"), ("And when?", "when")]
)
def test_the_rewritten_question_drops_the_leading_and(message: str, start: str) -> None:
    resolution = resolve(message, turn("Wer hat den Informationstag organisiert?"))
    assert resolution.query.startswith(start)
    assert resolution.query.endswith("den Informationstag?")


def test_a_french_inverted_pronoun_leans_on_the_previous_turn() -> None:
    resolution = resolve("Sera-t-il mis à jour ?", turn("Qu'est-ce que le document d'orientation ?"))
    assert resolution.reason == "pronoun"
    assert resolution.about == "le document d'orientation"
    assert resolve("Is it well-known?", turn("What is the SRIA?")).reason == "pronoun"  # "it", not "known"


def test_a_german_noun_alone_names_no_topic() -> None:
    assert not names_a_topic("In welchem Bereich?")
    assert names_a_topic("Und die SRIA?")  # an acronym still does
    resolution = resolve("In welchem Bereich?", turn("Was ist das Ziel von EP PerMed?"))
    assert resolution.rewritten
    assert resolution.about == "das Ziel von EP PerMed"


def test_the_passage_quoted_before_wins_when_nearly_as_good() -> None:
    readings = (Candidate("rewrite", True), Candidate("joined", True))
    a, b = _passage("a#0", "A was held in 2020.", 0.8), _passage("b#0", "B was held online.", 0.8)
    close = [_found("rewrite", a, b), _found("joined", b, a)]  # a tie: 1/2 + 1/3 each
    assert choose(readings, close, lambda _token: 1.0).answer.best == close[0].best  # the first seen
    preferred = choose(readings, close, lambda _token: 1.0, earlier="b#0")  # within 0.03 x 2 readings
    assert [p.chunk_id for p in preferred.answer.passages] == ["b#0", "a#0"]
    assert preferred.answer.lead == "B was held online."
    assert preferred.contextual
    far = [close[0], _found("joined", a, b)]  # a: 1, b: 2/3
    chosen = choose(readings, far, lambda _token: 1.0, earlier="b#0").answer
    assert chosen.best is not None
    assert chosen.best.chunk_id == "a#0"
    assert choose(readings, close, lambda _token: 1.0, earlier="c#0").answer is close[0]  # not found now


def test_a_message_naming_nothing_and_saying_little_is_read_with_the_conversation_whatever_its_length() -> (
    None
):
    previous = turn("Why is the partnership needed?")
    resolution = resolve("What else was decided back then?", previous)
    assert resolution.rewritten
    assert resolution.reason == "short"
    assert resolution.about == "the partnership"
    longer = resolve("Which funding rules apply to research consortia now?", previous)
    assert not longer.rewritten  # says enough of its own: a new topic


def test_a_demonstrative_subject_is_replaced_alone() -> None:
    previous = turn("When will the programme start?")
    assert resolve("Is that definite?", previous).query == "Is the programme definite?"
    assert resolve("Who approved that plan?", previous).query == "Who approved the programme?"


def test_quoting_another_passage_places_the_new_lead_by_position() -> None:
    from knowledge.followup import _led_by

    filler = " ".join(f"Sentence number {n} talks about something else entirely." for n in range(20))
    target = filler + " The information day was held online on 31 May 2021. " + filler
    first = Passage(
        "The SRIA was published in April 2023.", "SRIA", "https://example.org/a", "2023", 0.9, "a"
    )
    second = Passage(target, "Information day", "https://example.org/b", "2023", 0.8, "b")
    answer = Answer(
        "When was the information day held online?",
        "answer",
        (first, second),
        lead="The SRIA was published in April 2023.",
        context=first.text,
        lead_start=0,
    )
    led = _led_by(answer, 1, lambda token: 1.0)
    assert led.passages[0] is second
    assert "information day was held online" in led.lead
    assert len(led.context) < len(target)  # a long passage is quoted around its lead
    assert led.context[led.lead_start : led.lead_start + len(led.lead)] == led.lead


def test_quoting_another_passage_quotes_its_surroundings_too() -> None:
    from knowledge.followup import _led_by

    first = Passage(
        "The SRIA was published in April 2023.", "SRIA", "https://example.org/a", "2023", 0.9, "a"
    )
    second = Passage(
        "The day was held online on 31 May 2021.", "Day", "https://example.org/b", "2023", 0.8, "b#1"
    )
    answer = Answer(
        "When was the day held?",
        "answer",
        (first, second),
        lead=first.text,
        context=first.text,
        also=second,
        also_lead=second.text,
    )
    asked: list[str] = []

    def beside(chunk_id: str, ranked: Sequence[Passage]) -> tuple[str, str]:
        asked.append(chunk_id)
        assert ranked == (first, second)
        return "It was announced in April.\n\n", ""

    led = _led_by(answer, 1, lambda token: 1.0, beside)
    assert asked == ["b#1"]
    assert led.context == "It was announced in April.\n\nThe day was held online on 31 May 2021."
    assert led.also is None  # the runner-up is now the passage quoted
    assert led.context[led.lead_start : led.lead_start + len(led.lead)] == led.lead
