"""Answerability: questions that sound in scope but that the material does not answer are declined, saying
why; answerable ones (lower case, typos, two words) still get their passage. Fake embedder, real knowledge."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KNOWLEDGE_DIR
from knowledge.answerability import (
    Verdict,
    asked_for,
    asks_what_happened,
    coverage,
    focus_of,
    has_amount,
    has_asked_for,
    judge,
    matching_gaps,
    without_aside,
)
from knowledge.answering import FALLBACK_MIN_CONFIDENCE, Answerer
from knowledge.chunking import chunk_document
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.lexical import tokenize
from knowledge.loader import KNOWN_GAPS, load_knowledge, load_known_gaps
from knowledge.search import Searcher
from knowledge.spelling import Speller

GAPS = tuple(load_known_gaps(KNOWLEDGE_DIR / KNOWN_GAPS)[0])


def _judged(question: str, passage: str) -> Verdict:
    """The verdict on `passage` for `question` with the repository's known gaps, every word known."""
    return judge(question, passage, set(tokenize(passage)), lambda _t: 1.0, gaps=GAPS)


def _gap_of(question: str, passage: str) -> str | None:
    """The id of the known gap `question` is declined with on `passage`, if any."""
    gap = _judged(question, passage).gap
    return gap.id if gap else None


CONTACT_LINE = "For questions around EP PerMed, please contact the EP PerMed drafting group: eppermed@dlr.de"


@pytest.fixture(scope="module")
def answerer(searcher: Searcher) -> Answerer:
    return Answerer(searcher, min_confidence=0.3, known_gaps=GAPS)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When will EP PerMed be launched?", "date"),
        ("what year was the SRIA published", "date"),
        ("By when should the partnership be up and running?", "date"),
        ("How long will the partnership run?", "duration"),
        ("Until which year is EP PerMed funded?", "duration"),
        ("When does EP PerMed end?", "duration"),
        ("When is the partnership due to end?", "duration"),
        ("In what year is the partnership scheduled to end?", "duration"),
        ("Quand se termine le partenariat ?", "duration"),
        ("¿Cuándo termina EP PerMed?", "duration"),
        ("Quando finisce il partenariato?", "duration"),
        ("Wann läuft die Partnerschaft aus?", "duration"),
        # "the end of" is a noun: a date asked about it
        ("When will it be launched, by the end of 2023?", "date"),
        ("When can end users get involved?", "date"),  # "end" of "end users" is no end
        ("Who presented the proposal at the information day?", "body"),  # bodies may answer
        ("What was the keynote topic?", None),
        ("How much money does it have?", "amount"),
        ("What is the budget of EP PerMed?", "amount"),
        ("Who coordinates EP PerMed?", "body"),
        ("Who were the speakers at the information day?", "person"),
        ("What are the names of the people in the drafting group?", "person"),
        ("¿Quiénes fueron los ponentes?", "person"),
        ("Which people were invited to the information day?", None),  # kinds of people, not names
        ("Who is the contact person?", "body"),  # the contact line answers
        ("Where is the secretariat?", "place"),
        ("Wann startet die Partnerschaft?", "date"),
        ("Wie lange läuft EP PerMed?", "duration"),
        ("Combien coûte le partenariat ?", "amount"),
        # a size asked for by its measure
        ("How big are the grants?", "amount"),
        ("What is the maximum funding per project?", "amount"),
        ("Is there a minimum budget for a national hub?", "amount"),
        ("Quel est le montant maximum par projet ?", "amount"),
        ("What is the aim of the partnership?", None),  # an aim, not a size
        ("How big a role do patients play in EP PerMed?", None),  # a degree, no figure
        ("How high is the priority of rare diseases?", None),
        ("How high-level is the SRIA?", None),
        ("How large is the co-funding from Horizon Europe?", "amount"),
        ("Gibt es einen Förderhöchstbetrag?", "amount"),
        ("¿Quién coordina EP PerMed?", "body"),
        ("Dove si trova la segreteria?", "place"),
        ("What is the vision of EP PerMed?", None),
    ],
)
def test_what_a_question_asks_for(question: str, kind: str | None) -> None:
    assert asked_for(question) == kind


@pytest.mark.parametrize(
    ("kind", "text", "present"),
    [
        ("date", "The proposal submission took place in April 2023.", True),
        ("date", CONTACT_LINE, False),
        ("amount", "Personalised Medicine is one out of currently 49 topics.", True),
        ("amount", "Within the EU’s 9th Framework Programme for Research and Innovation", False),
        ("body", "a drafting group was established by the Member States", True),
        ("place", "January 2023: ICPerMed Workshop in support of EP PerMed, Pamplona, Spain", True),
        ("place", "The paper is not the official partnership proposal.", False),
        ("duration", "The partnership runs until 2030.", True),
        ("person", "January 2023: ICPerMed Workshop in support of EP PerMed, Pamplona, Spain", False),
        ("person", "The keynote was given by Prof. Rossi of the University of Pavia.", True),
        ("duration", "the partnership is supposed to be launched by the end of 2023.", False),
        ("duration", "EP PerMed ends in 2030.", True),
        # a year or the day of a date counts nothing
        ("amount", "The virtual event took place on May 31, 2021.", False),
        ("amount", "April 2023: Publication of the Strategic Research and Innovation Agenda", False),
        ("amount", "approved by the over 50 organisations", True),
    ],
)
def test_whether_a_lead_holds_what_was_asked(kind: str, text: str, present: bool) -> None:
    assert has_asked_for(kind, text) is present  # type: ignore[arg-type]


def test_focus_leaves_out_question_words_and_the_partnership_name() -> None:
    focus = focus_of("What is the vision of EP PerMed?")
    assert focus.words == ("vision",)
    assert focus_of("what is ep permed").words == ()
    assert focus_of("Does Italy take part in EP PerMed?").names == tuple(tokenize("Italy"))


def test_coverage_counts_synonyms_and_word_forms() -> None:
    idf = lambda _t: 1.0  # noqa: E731
    share, missing = coverage(focus_of("When does it start?"), set(tokenize("to be launched")), idf)
    assert (share, missing) == (1.0, ())
    share, missing = coverage(focus_of("When is it up and running?"), set(tokenize("to be launched")), idf)
    assert (share, missing) == (1.0, ())
    share, _ = coverage(focus_of("when was it submitted"), set(tokenize("the proposal submission")), idf)
    assert share == 1.0


def test_who_coordinates_is_not_answered_by_the_contact_line() -> None:
    """The failure seen on main: "who coordinates" was answered with the contact line. The governance gap
    declines it; the question's own words no longer do (a paraphrase uses words the material does not)."""
    verdict = _judged("Who coordinates EP PerMed?", CONTACT_LINE)
    assert not verdict.answers
    assert verdict.reason == "gap"
    assert verdict.gap is not None
    assert verdict.gap.id == "governance"


def test_a_gap_term_the_passage_does_speak_of_does_not_decline() -> None:
    text = "to mobilise national budget commitments and receive stakeholder input"
    verdict = _judged("Why mobilise national budget commitments?", text)
    assert verdict.answers


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("Who coordinates the partnership?", "governance"),
        ("When is the deadline of the next call?", "calls"),
        ("Until which year does EP PerMed run?", "duration"),
        ("Which countries take part in EP PerMed?", "membership"),
        ("Is there an EP PerMed newsletter?", "news-channels"),
        ("Who wrote the EP PerMed InfoSheets?", "authors"),
        ("Which experts wrote InfoSheet 3?", "authors"),
        ("Who are the authors of the SRIA?", "authors"),
        ("Which data sharing platform does EP PerMed use for project data?", "data-systems"),
    ],
)
def test_near_domain_questions_are_declined_with_the_gap(answerer: Answerer, question: str, gap: str) -> None:
    answer = answerer.answer(question)
    assert answer.kind == "not_found"
    assert answer.gap is not None
    assert answer.gap.id == gap
    assert answer.as_of == "2023"


@pytest.mark.parametrize(
    "question",
    [
        "Does Italy take part in EP PerMed?",  # also a gap; the name alone would decline it
        "Is Canada a partner of ICPerMed?",
        "How many projects has EP PerMed funded so far?",
        "What is the success rate of proposals?",
    ],
)
def test_questions_the_material_does_not_answer_are_declined(searcher: Searcher, question: str) -> None:
    answer = Answerer(searcher, min_confidence=0.3).answer(question)  # without known gaps
    assert answer.kind == "not_found", answer.lead
    assert answer.reason in ("missing", "asked_for")


def test_until_which_year_is_not_answered_with_a_year_of_something_else(searcher: Searcher) -> None:
    answer = Answerer(searcher, min_confidence=0.3).answer("Until which year will EP PerMed be launched?")
    assert answer.kind == "not_found"
    assert answer.asked_for == "duration"


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("what is ep permed", "European Partnership for Personalised Medicine"),
        ("wat is the vison", "Improve health outcomes"),
        ("when launch", "launched by the end of 2023"),
        ("who published the draft propsal", "published by the European Commission"),
        ("When was the proposal submitted?", "proposal submission took place in April 2023"),
        ("Where was the ICPerMed workshop held?", "Pamplona"),
    ],
)
def test_basics_are_answered(answerer: Answerer, question: str, gold: str) -> None:
    answer = answerer.answer(question)
    assert answer.answered, (answer.reason, answer.missing)
    assert gold in answer.context


def test_what_is_ep_permed_gets_what_it_is_not_the_contact_line(answerer: Answerer) -> None:
    for question in ("what is ep permed", "What is EP PerMed?", "ep permed"):
        answer = answerer.answer(question)
        assert answer.best is not None
        assert "eppermed@dlr.de" not in answer.best.text
        assert "EP PerMed)" in answer.best.text or ", EP PerMed," in answer.best.text


def test_when_questions_take_the_dated_sentence(answerer: Answerer) -> None:
    answer = answerer.answer("When was the draft concept paper published?")
    assert answer.answered
    assert "February 2021" in answer.lead


def test_the_lead_position_is_where_it_stands_in_the_context(answerer: Answerer) -> None:
    answer = answerer.answer("What happened in November 2022?")
    assert answer.context[answer.lead_start : answer.lead_start + len(answer.lead)] == answer.lead


def test_speller_corrects_misspellings_but_not_real_words_or_names() -> None:
    speller = Speller(
        chunk.text for doc in load_knowledge(KNOWLEDGE_DIR).documents for chunk in chunk_document(doc)
    )
    assert speller.correct("wat is the vison of the partnrship") == "what is the vision of the partnership"
    assert speller.correct("what does it cost") == "what does it cost"  # not "cest", not "most"
    assert speller.correct("Does Italy take part") == "Does Italy take part"
    assert speller.corrections("whta is the aim") == {"whta": "what"}
    # common English words the material lacks are meant as typed: not "order", "process", "there"
    assert speller.corrections("Do they replace the older schemes?") == {}
    assert speller.corrections("What progress was made in the three years?") == {}
    # common short forms are written out; a capitalised word that is not one is left alone
    assert speller.correct("how many orgs approved") == "how many organisations approved"
    assert speller.correct("Which EU docs exist?") == "Which EU documents exist?"  # the material says "EU"
    assert speller.correct("Is Info a name?") == "Is Info a name?"
    # two words run together are split, a short form written out
    assert speller.correct("was infoday online") == "was information day online"
    assert speller.correct("conceptpaper date") == "concept paper date"
    assert speller.corrections("infosheets list") == {}  # the material's own word
    assert speller.corrections("furthermore, when") == {}  # English as it stands: not "further more"
    # months written out whatever their case; a long word of the material misspelt with a capital, not a name
    assert speller.correct("Was it in feb 2022 or 3 Sept?") == "Was it in February 2022 or 3 September?"
    assert speller.correct("Jan asked about it") == "Jan asked about it"  # a name, no month beside a number
    assert speller.correct("Did Jan 2 partners join?") == "Did Jan 2 partners join?"
    assert speller.corrections("Feb 2022") == {"Feb": "February"}
    assert speller.correct("Who owns the Patents?") == "Who owns the Patents?"  # English as it stands
    assert speller.correct("Did the Comission publish it?") == "Did the commission publish it?"
    assert speller.correct("Is Slovenia or Estonia in?") == "Is Slovenia or Estonia in?"


def test_an_uncalibrated_second_model_does_not_borrow_the_english_threshold(searcher: Searcher) -> None:
    """Scores of different models are not comparable: no calibration means the generic fallback."""
    other = FakeEmbedder(32)
    index = searcher.index
    multilingual = Searcher(PublishedIndex.in_memory(index.chunks, other), other)
    answerer = Answerer(searcher, multilingual=multilingual, min_confidence=0.123)
    assert answerer.min_confidence == 0.123
    assert answerer.min_confidence_foreign == FALLBACK_MIN_CONFIDENCE
    same_model = Answerer(searcher, min_confidence=0.123)
    assert same_model.min_confidence_foreign == 0.123  # the same model: its own threshold applies


def test_known_gaps_file_of_the_repository_is_valid() -> None:
    gaps, problems = load_known_gaps(KNOWLEDGE_DIR / KNOWN_GAPS)
    assert problems == []
    assert {"calls", "budget", "membership", "eligibility", "governance", "duration", "events"} <= {
        g.id for g in gaps
    }


def test_known_gaps_problems_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / KNOWN_GAPS
    path.write_text(
        "- id: calls\n  topic: {en: calls}\n  terms: [deadline]\n  look: {en: site}\n  url: https://x.eu/\n"
        "- id: calls\n  topic: {en: again}\n  terms: [the]\n  look: {en: site}\n  url: https://x.eu/\n"
        "- id: bad\n  topic: {de: nur deutsch}\n  terms: [x]\n  look: {en: site}\n  url: nope\n",
        encoding="utf-8",
    )
    gaps, problems = load_known_gaps(path)
    rendered = [str(p) for p in problems]
    assert f"{path}:6: duplicate known gap id 'calls': also on line 1" in rendered
    assert any(r.startswith(f"{path}:6:") and "no searchable word" in r for r in rendered)
    assert any(r.startswith(f"{path}:12:") and "English" in r for r in rendered)
    assert any(r.startswith(f"{path}:15:") and "url" in r for r in rendered)
    assert [g.id for g in gaps] == ["calls", "calls"]
    assert load_known_gaps(tmp_path / "absent.yaml") == ([], [])


def test_two_letters_and_function_words_do_not_decline() -> None:
    """Transcribed speech splits names ("IC PerMed") and keeps filler ("some out"): neither is a focus."""
    assert "ic" not in focus_of("Where was the IC PerMed workshop held in January 2023?").names
    assert focus_of("Who can I contact some out EP PerMed?").words == ("contact",)


SHEETS = "In addition, topic-specific Information Sheets are available: EP PerMed InfoSheet 5 – Joint Funding Activities"
APPROVAL = "The paper was approved by the over 50 organisations from more than 30 countries."


def _judge(question: str, passage: str, known: frozenset[str] | None = None) -> bool:
    material = known if known is not None else frozenset(tokenize(passage))
    return judge(
        question, passage, set(tokenize(passage)), lambda _t: 1.0, known=lambda t: t in material
    ).answers


@pytest.mark.parametrize(
    ("question", "passage", "answers"),
    [
        # words the material does not use do not decline on their own
        (
            "Who put together the draft proposal?",
            "a drafting group was established by the Member States",
            True,
        ),
        ("Will the guideline be revised later?", "a dynamic document that will be updated", True),
        # "how many X": the figure must count X when the material knows X
        ("How many projects has it funded?", SHEETS + " for research projects", False),
        ("How many organisations approved the paper?", APPROVAL, True),
        ("How many nations approved the paper?", APPROVAL, True),  # synonym
        # a number word counts too, when what it counts follows it closely (a title is judged with its text)
        ("How many information sheets are there?", "The seven Information Sheets\n" + SHEETS, True),
        (
            "How many partner organisations are in the partnership?",
            "The seven Information Sheets\n" + SHEETS + " for partner organisations",
            False,
        ),
        # "how many national hubs": the figure must count hubs, not countries; both words of the thing counted
        ("How many national hubs have been set up?", APPROVAL + " National hubs.", False),
        (
            "How many partner organisations are in the consortium?",
            APPROVAL + " The partner consortium.",
            False,
        ),
        ("How many European countries approved the paper?", APPROVAL, True),
        # money wants a sum, a rate a share
        ("What is the maximum grant per project?", SHEETS + " 5 projects", False),
        ("How much funding is there?", APPROVAL, False),
        ("What is the success rate of proposals?", APPROVAL + " proposals", False),
    ],
)
def test_precise_checks_rather_than_coverage(question: str, passage: str, answers: bool) -> None:
    assert _judge(question, passage) is answers


def test_a_figure_the_material_never_mentions_declines() -> None:
    passage = "The partnership is supposed to be launched by the end of 2023."
    assert _judge("What will the 2023 call fund?", passage + " The call will fund research.")
    material = set(tokenize(passage))
    verdict = judge(
        "What will the 2031 call fund?", passage, material, lambda _t: 1.0, known=lambda t: t in material
    )
    assert not verdict.answers
    assert verdict.missing == ("2031",)


def test_a_name_the_material_knows_elsewhere_leaves_the_question_to_another_passage() -> None:
    verdict = judge(
        "Who is the contact point for Spain?", CONTACT_LINE, set(tokenize(CONTACT_LINE)), lambda _t: 1.0
    )
    assert not verdict.answers
    assert verdict.reason == "missing"
    assert verdict.missing == ()  # the material mentions Spain elsewhere: the reply must not say it does not


def test_a_gap_term_counts_only_said_in_a_row() -> None:
    """ "next call" in the question, "next" and "calling" apart in the passage: the gap still declines."""
    passage = "Calling for national involvement. As next step, a drafting group was established."
    verdict = _judged("When is the next call?", passage)
    assert verdict.reason == "gap"
    assert verdict.gap is not None
    assert verdict.gap.id == "calls"


def test_a_gap_word_in_passing_does_not_decline_what_the_passage_answers() -> None:
    """ "signed" is a membership word, but the question is about the concept paper's endorsement, and the
    passage has every other thing it names."""
    passage = "The draft concept paper was endorsed by over 50 organisations from more than 30 countries."
    question = "How many organisations signed off on the concept paper?"
    assert _judged(question, passage).answers


@pytest.mark.parametrize(
    "question",
    [
        "Which organisations have signed up?",  # nothing besides the gap: about the gap
        "How many organisations signed the partnership agreement?",  # "agreement": not in the passage
    ],
)
def test_a_question_about_the_gap_itself_still_declines(question: str) -> None:
    passage = "The draft concept paper was endorsed by over 50 organisations from more than 30 countries."
    verdict = _judged(question, passage)
    assert verdict.reason == "gap"


@pytest.mark.parametrize(
    "question",
    [
        "What is the deadline for national and regional priority setting and funding?",
        "Who coordinates the national and regional priority setting and funding for research?",
        "Please tell me the deadline for national and regional priority setting and funding.",  # framing first
    ],
)
def test_a_question_whose_subject_is_the_gap_declines_however_much_else_it_names(question: str) -> None:
    passage = (
        "The EP PerMed aims to align and promote national and regional priority setting and funding for "
        "research and implementation projects in the area of personalised medicine."
    )
    verdict = _judged(question, passage)
    assert verdict.reason == "gap"


def test_words_beside_the_gap_count_only_word_for_word() -> None:
    """ "address" is a synonym of the contact line's "contact", but a postal address is not an e-mail."""
    question = "What is the postal address of the EP PerMed drafting group?"
    verdict = _judged(question, CONTACT_LINE)
    assert verdict.reason == "gap"


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("How long will the partnership run?", "duration"),
        ("Who is in charge of the partnership?", "governance"),
        ("Who coordinates the partnership?", "governance"),
        ("Is there a coordination office?", "governance"),
        ("Where do I find the call for proposals?", "calls"),
        ("How do I submit a proposal to an open call?", "calls"),
        ("Which topics will the first call fund?", "calls"),
        ("Wer leitet die Geschäftsstelle von EP PerMed?", "governance"),
        ("Come posso candidare il mio progetto?", "eligibility"),
        ("What is the partnership's long-term vision?", None),  # "long" without "how"
        ("Which InfoSheet is for a regional government?", None),  # "government" is not "governance"
        ("Can a charge be made for the InfoSheets?", None),  # "charge" without "in"
        ("Who is supposed to benefit in the end?", None),  # "in the end" is no end date
        ("Is the road to EP PerMed finished?", None),
        ("Why is the draft proposal important?", None),  # Spanish "importe" is no "important"
        ("What topics does the concept paper call for?", None),  # the verb "call"
        ("Is participation open to companies?", "membership"),
        ("Which countries are taking part in EP PerMed?", "membership"),  # "taking" is "take"
        ("Is my country joining EP PerMed?", "membership"),
        ("Which member countries are there?", "membership"),  # "countries" is "country"
        ("Which countries are partners in EP PerMed?", "membership"),  # the list of partners
        ("To whom did the partner organisations send the paper?", None),  # "partner" of organisations
        ("What were the main findings of the consultation?", "results"),
        ("Quels pays font partie d'EP PerMed ?", "membership"),
        ("Who has applied so far?", "eligibility"),  # "applied" is "apply"
        # the participants of an event attended it: no membership ("how many" declines for want of a figure)
        ("What was presented to participants at the information day?", None),
    ],
)
def test_gap_terms_are_matched_as_words_not_stems_alone(question: str, gap: str | None) -> None:
    found = [g.id for g, _words in matching_gaps(question, GAPS)]
    assert found[:1] == ([gap] if gap else [])


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("The virtual event took place on May 31, 2021 (13.00 – 16.30 CEST).", False),  # a date and times
        ("The webinar starts at 9.30 am.", False),
        ("L'événement a lieu de 13h00 à 16h30.", False),
        ("over 50 organisations from more than 30 countries", True),
        ("The session lasted 1.5 hours.", True),
    ],
)
def test_clock_times_are_no_amount(text: str, amount: bool) -> None:
    assert has_amount(text) is amount


def test_what_is_asked_for_is_looked_for_in_the_whole_passage() -> None:
    passage = "ICPerMed organised a virtual information event. It took place on May 31, 2021."
    verdict = judge("When was the information event?", passage, set(tokenize(passage)), lambda _t: 1.0)
    assert verdict.answers


def test_the_search_order_stands_when_the_first_passage_answers(answerer: Answerer) -> None:
    question = "What is the vision of the partnership?"
    ranked = answerer.searcher.score_many([question], 5)[0]
    answer = answerer.answer(question)
    assert answer.answered
    assert answer.passages[0] == answerer.searcher.passage(ranked[0])


def test_a_passage_sharing_only_a_name_does_not_answer() -> None:
    """The timeline names Spain but nothing else asked of it: not the workshop line for the contact in Spain."""
    line = "January 2023: ICPerMed Workshop in support of EP PerMed, Pamplona, Spain"
    material = set(tokenize(line + " " + CONTACT_LINE))
    verdict = judge(
        "Who is the contact person in Spain?",
        line,
        set(tokenize(line)),
        lambda _t: 1.0,
        known=material.__contains__,
    )
    assert not verdict.answers
    assert verdict.reason == "missing"
    assert verdict.missing == ()  # "contact" is a word of the material: no "does not mention “contact”"
    assert _judge("What happened in Pamplona in January 2023?", line)


OVERVIEW = (
    "ICPerMed promotes the establishment of a European Partnership for Personalised Medicine, EP PerMed, "
    "together with the closely connected ERA-Net ERA PerMed."
)


@pytest.mark.parametrize(
    "question",
    [
        "Which ERA-Net works hand in hand with EP PerMed?",  # a name asked about in other words
        "Is the ERA-Net ERA PerMed still around?",
    ],
)
def test_a_name_that_is_no_place_is_answered_in_other_words(question: str) -> None:
    """Only a place ("in Spain") shared alone declines: the passage names the thing asked about itself."""
    material = frozenset(tokenize(OVERVIEW + " " + CONTACT_LINE + " works hand around still"))
    assert _judge(question, OVERVIEW, material)


def test_a_numbered_title_counts_nothing() -> None:
    sheets = "- EP PerMed InfoSheet 3 – National Hubs for Personalised Medicine"
    assert not _judge("How many national hubs have been set up?", sheets)
    assert _judge("How many national hubs are there?", "There are 12 national hubs.")


def test_how_long_an_event_lasted_is_answered_by_its_hours() -> None:
    line = (
        "On May 31, 2021 (13.00 – 16.30 CEST), ICPerMed and ERA PerMed organised a virtual information event."
    )
    assert has_asked_for("duration", line)
    assert has_asked_for("duration", "The workshop ran 13h00 – 16h30.")
    assert not has_asked_for("duration", "The partnership is supposed to be launched by the end of 2023.")
    assert _judged("How long did the information day last?", line).answers
    assert _judged("When did the virtual information event finish?", line).answers
    assert (
        _gap_of("How long will the partnership run?", line) == "duration"
    )  # the day's hours: not its duration


def test_a_gap_term_describing_a_thing_the_material_covers_does_not_decline() -> None:
    line = "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event."
    events = next(g for g in GAPS if g.id == "events")
    assert "information day" in events.unless
    verdict = _judged("Was the info day an in-person meeting?", line)
    assert verdict.answers
    other = _judged("When is the next annual meeting?", line)
    assert other.gap is not None
    assert other.gap.id == "events"


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("As a biotech manager I wonder whether the partnership covers health economics.", False),
        ("As a programme officer, what does the partnership cover?", False),
        ("Who is the manager of EP PerMed?", True),  # asked about, not the asker
        ("As a funder, who coordinates the partnership?", True),
        ("As a funder who coordinates the partnership?", True),  # no comma: the question word ends it
        ("Who coordinates it, asked as a funder?", True),  # not at the start: not stripped
    ],
)
def test_who_the_asker_is_names_no_gap(question: str, declined: bool) -> None:
    passage = "The partnership covers research and implementation projects in personalised medicine."
    verdict = _judged(question, passage)
    assert (verdict.reason == "gap") is declined


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("Apart from handing out money, what role does the partnership want to play?", False),
        ("What role does the partnership play for the field, besides the money?", False),
        ("Abgesehen vom Geld, welche Rolle spielt die Partnerschaft?", False),
        ("Besides the research, what is the budget of the partnership?", True),  # the gap asked after it
        ("What role does the partnership play with the budget?", True),  # nothing set aside
        ("What is the budget apart from the EC share?", True),  # set aside mid-question: not stripped
    ],
)
def test_what_a_question_sets_aside_names_no_gap(question: str, declined: bool) -> None:
    passage = (
        "The partnership will be the most significant platform to connect key stakeholders in the field."
    )
    verdict = _judged(question, passage)
    assert (verdict.reason == "gap") is declined


def test_signing_off_is_approving_not_joining() -> None:
    passage = (
        "The current version of the draft concept paper was provided to the European Commission after "
        "receiving the approval by the over 50 organisations from more than 30 countries."
    )
    assert _judged(
        "What happened to the concept paper once the organisations signed it off?", passage
    ).answers
    assert _judged("How many organisations signed off on the concept paper?", passage).answers
    assert _gap_of("Which countries have signed the agreement?", passage) == "membership"


def test_what_the_sria_says_is_a_gap_its_publication_is_not() -> None:
    line = "April 2023: Publication of the Strategic Research and Innovation Agenda (SRIA) in support of EP PerMed"
    for question in (
        "Which research priorities does the SRIA set out?",
        "What does the SRIA say about cancer?",
    ):
        assert _gap_of(question, line) == "sria-contents", question
    assert _judged("When was the SRIA published?", line).answers
    assert _judged("What does SRIA stand for?", line).answers


@pytest.mark.parametrize(
    "question",
    [
        "What is the name of the person who handles EP PerMed questions?",
        "Who gave presentations at the information day?",
        "Who gave the keynote?",
        "Who spoke at the information day?",
        "Which people sit on the drafting group?",
        "Who serves on the drafting group?",
    ],
)
def test_questions_for_a_person_by_name(question: str) -> None:
    assert asked_for(question) == "person"
    verdict = _judged(
        question, "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event."
    )
    assert verdict.reason == "asked_for"


@pytest.mark.parametrize(
    "question",
    ["What are the names of the member states?", "What is the name of the expert group?"],
)
def test_the_name_of_a_body_asks_for_no_person(question: str) -> None:
    assert asked_for(question) != "person"


@pytest.mark.parametrize(
    "question", ["What is the name of the author?", "What is the name of the organizer?"]
)
def test_the_name_of_one_person_asks_for_a_person(question: str) -> None:
    assert asked_for(question) == "person"


def test_a_spelling_of_a_word_the_material_knows_is_known() -> None:
    passage = "EP PerMed InfoSheet 3 – National Hubs for Personalised Medicine"
    words = set(tokenize(passage + " information sheet"))
    verdict = judge(
        "Is there a Factsheet on national hubs?", passage, words, lambda _t: 1.0, known=words.__contains__
    )
    assert verdict.reason != "missing"


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("It ran from 9:30-12:00.", True),
        ("open from 20:00 to 24:00", True),
        ("Grants of EUR 1.50 – 2.00 million.", False),
        ("Grants of 1.50 – 2.00 EUR", False),
        ("CHF 1.50-2.00", False),
        ("See sections 2.10 to 2.20.", False),
        ("pages 1.10-1.20", False),
        ("from 11.11 - 12.12.2023", False),
    ],
)
def test_hours_are_clock_times_not_sums_pages_or_dates(text: str, hours: bool) -> None:
    assert has_asked_for("duration", text) is hours


def test_an_aside_of_everything_asked_is_kept() -> None:
    assert without_aside("Besides the SRIA, what else?") == "Besides the SRIA, what else?"
    assert without_aside("Apart from handing out money, what does it do?").strip() == "what does it do?"
    verdict = _judged(
        "Apart from handing out money, what does it do?", "The partnership connects stakeholders."
    )
    assert verdict.gap is None


def test_a_question_for_the_exact_day_wants_a_day_not_a_month() -> None:
    month = "January 2023: ICPerMed Workshop in support of EP PerMed, Pamplona, Spain"
    day = "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event."
    exact = "On which exact day in January 2023 was the Pamplona workshop held?"
    assert asked_for(exact) == "date"
    assert _judged(exact, month).reason == "asked_for"
    assert _judged("On what day was the information event?", day).answers
    assert _judged("When was the Pamplona workshop?", month).answers  # the month answers "when"
    assert _judged("What date was the Pamplona workshop?", month).answers


def test_brussels_is_the_commission() -> None:
    passage = "The paper was provided to the European Commission after receiving the approval."
    words = set(tokenize(passage))
    known = words.__contains__
    verdict = judge("When did the paper go to Brussels?", passage, words, lambda _t: 1.0, known=known)
    assert verdict.reason != "missing"
    other = judge("When did the paper go to Vienna?", passage, words, lambda _t: 1.0, known=known)
    assert other.reason == "missing"


def test_a_name_of_the_material_does_not_hold_a_gap_term() -> None:
    """ "Member States" are not the partnership's members, unless the question names them."""
    line = "a drafting group was established by the Member States in close collaboration with the Commission"
    people = _judged("Which people are members of the drafting group?", line)
    assert people.reason == "gap"
    states = _judged("Did the Member States set up the drafting group members?", line)
    assert states.answers


def test_a_name_of_the_material_is_matched_whatever_its_case() -> None:
    line = "a drafting group was established by the Member States in close collaboration with the Commission"
    verdict = _judged("Did the member states set up the group members?", line)
    assert verdict.answers


def test_a_question_about_what_comes_next_is_about_the_gap() -> None:
    line = "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event."
    for question in (
        "When is the next information day?",
        "Is there another info day planned?",
        "Will there be another one the information day?",
    ):
        assert _gap_of(question, line) == "events", question
    # "more" is no event to come, nor "another question", nor a "next" the question sets aside
    assert _judged("Was the info day a meeting or more of a webinar?", line).answers
    assert _judged("Another question: was the information day online?", line).answers
    assert _judged("Another thing: where was the info day held?", line).answers
    assert _judged("Apart from the next call, when was the information day?", line).answers
    assert _judged("Abgesehen vom nächsten Aufruf, wann war der Informationstag?", line).gap is None


@pytest.mark.parametrize(
    "question",
    ["As a funder, what is the budget?", "Quick question: what is the budget?", "Hi, what is the budget?"],
)
def test_what_is_asked_for_is_read_after_a_greeting_or_who_the_asker_is(question: str) -> None:
    assert asked_for(question) == "amount"


def test_an_aside_alone_is_kept() -> None:
    assert without_aside("Apart from that, ?") == "Apart from that, ?"
    assert without_aside("Besides the budget, what is the deadline?").strip() == "what is the deadline?"


@pytest.mark.parametrize(
    ("question", "rest"),
    [
        ("Rather than the vision, what is the aim?", "what is the aim?"),
        ("Not the vision — what is it trying to do?", "what is it trying to do?"),
        ("Leaving the vision aside, what does it coordinate?", "what does it coordinate?"),
        ("Who wrote the proposal, as opposed to the concept paper?", "Who wrote the proposal ?"),
        ("What is the long-term picture — not its aim?", "What is the long-term picture ?"),
        ("Instead of the guide, which sheet covers regions?", "which sheet covers regions?"),
        ("Plutôt que la vision, quel est l'objectif ?", "quel est l'objectif ?"),
        ("En lugar de la visión, ¿cuál es el objetivo?", "¿cuál es el objetivo?"),
    ],
)
def test_a_question_contrasting_another_part_is_searched_without_it(question: str, rest: str) -> None:
    """The words of what a question excludes ("not the vision") would rank that part first."""
    assert " ".join(without_aside(question).split()) == rest


@pytest.mark.parametrize(
    "question",
    [
        "Is the paper not the official proposal?",  # a "not" inside the question excludes nothing
        "Why not the SRIA?",
        "Is it unlikely to start in 2023?",
        "Was it not approved?",
    ],
)
def test_a_not_inside_the_question_sets_nothing_aside(question: str) -> None:
    assert without_aside(question) == question


@pytest.mark.parametrize(
    ("question", "happened"),
    [
        ("When was the concept paper put together?", True),
        ("When did the guide appear?", True),
        ("Quand le guide a été publié ?", True),
        ("When was the latest InfoSheet published?", True),  # the most recent, no later version
        ("When was the guide last updated?", False),  # a later version: the material dates the first
        ("When was InfoSheet 3 revised?", False),
        ("When will the next guide come out?", False),
        ("When is the launch planned?", False),
        ("When does the call open?", False),
    ],
)
def test_what_happened_is_a_past_question_about_no_later_version(question: str, happened: bool) -> None:
    assert asks_what_happened(question, foreign=not question.startswith("When")) is happened


def test_what_a_question_sets_aside_is_not_searched_for(answerer: Answerer) -> None:
    plain = answerer.answer("Where did the workshop take place?")
    aside = answerer.answer(
        "Apart from the information day and its virtual event, where did the workshop take place?"
    )
    assert plain.answered
    assert aside.answered
    assert aside.passages[0].chunk_id == plain.passages[0].chunk_id
    assert aside.lead == plain.lead


PROPOSAL = (
    "It is a further step in the establishment and preparation of the partnership for personalised "
    "medicine, to be co-funded by the EC in the European Union's 9th Framework Programme."
)
AIM = (
    "The EP PerMed aims to align and promote national and regional priority setting and funding for "
    "research and implementation projects between the EU Member States, regions and associated countries."
)


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("Is the EU going to put money into the partnership?", None),  # money alone asks of the partnership
        ("Wird die EU Geld in die Partnerschaft stecken?", None),
        ("Can companies receive money from EP PerMed calls?", "eligibility"),
        ("Can patient organisations get money from EP PerMed?", "eligibility"),
        # how much money is the budget's, named first, in every language
        ("How much money is the EC putting into the partnership?", "budget"),
        ("How much money will the partners get?", "budget"),
        ("Combien d'argent la Commission met-elle dans le partenariat ?", "budget"),
        ("¿Cuánto dinero aporta la UE?", "budget"),
        ("¿Cuanto dinero aporta la UE?", "budget"),  # written without the accent
        ("Wieviel Geld gibt die EU?", "budget"),
    ],
)
def test_money_asked_of_the_partnership_is_no_budget_gap_money_for_applicants_is_eligibility(
    question: str, gap: str | None
) -> None:
    assert _gap_of(question, PROPOSAL) == gap


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("Between which countries is EP PerMed trying to coordinate funding?", None),
        ("Between which countries does it want to coordinate priorities?", None),
        # what the partnership coordinates, asked in other languages
        ("Entre quels pays EP PerMed coordonne-t-il le financement ?", None),
        ("¿Entre qué países coordina EP PerMed la financiación?", None),
        ("Tra quali paesi EP PerMed coordina il finanziamento?", None),
        ("Zwischen welchen Ländern koordiniert EP PerMed die Förderung?", None),
        ("Who coordinates EP PerMed?", "governance"),
        ("Which organisation coordinates the partnership?", "governance"),
        # who does the coordinating is governance, whatever is coordinated
        ("Who coordinates the funding of EP PerMed?", "governance"),
        ("Which organisation coordinates funding in EP PerMed?", "governance"),
        ("Who is in charge of the coordination of funding?", "governance"),
        ("Quel organisme coordonne le financement ?", "governance"),
        ("Which bodies coordinate funding in EP PerMed?", "governance"),
        ("And who coordinates the funding?", "governance"),
        ("Welche Organisationen koordinieren die Förderung?", "governance"),
    ],
)
def test_coordinating_funding_is_the_partnerships_aim_not_its_governance(
    question: str, gap: str | None
) -> None:
    assert _gap_of(question, AIM) == gap


def test_asking_who_is_only_the_governance_gaps_exception() -> None:
    """ "Who organised the information day meeting?" names an events term and the information day, which the
    events gap spares: the material says who organised it."""
    day = (
        "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event for the EP PerMed "
        "Information Day. All interested stakeholders, in particular national and regional authorities, were invited."
    )
    for question in (
        "Who organised the information day meeting?",
        "Who was invited to the information day meeting?",
        "Which organisation organised the information day meeting?",
        "Wer hat das Treffen zum Informationstag organisiert?",
        "Qui a organisé la réunion de la journée d'information ?",
    ):
        assert _gap_of(question, day) is None, question


def test_a_country_the_material_never_names_declines_in_any_language() -> None:
    """English names are capitalised names; other languages say "deutschen", "français" in lower case."""
    passage = (
        "January 2023: ICPerMed Workshop in support of EP PerMed, Pamplona, Spain. Ministries and funders."
    )
    words = set(tokenize(passage + " participate finance"))
    for question, word in (
        ("Welche deutschen Ministerien finanzieren EP PerMed mit?", "deutschen"),
        ("Quels organismes français financent EP PerMed ?", "français"),
        ("Quali ministeri italiani finanziano EP PerMed?", "italiani"),
    ):
        verdict = judge(question, passage, words, lambda _t: 1.0, known=words.__contains__, foreign=True)
        assert (verdict.reason, verdict.missing) == ("missing", (word,)), question
    spain = judge(
        "Which Spanish city hosted the workshop?", passage, words, lambda _t: 1.0, known=words.__contains__
    )
    assert spain.answers  # Spanish is Spain, which the material names
    taller = judge(
        "¿Fue el taller en España?", passage, words, lambda _t: 1.0, known=words.__contains__, foreign=True
    )
    assert taller.reason != "missing"
    # who the asker is, before the question, names no country asked about
    asker = judge(
        "Sono un ricercatore italiano: quando è stato il workshop?",
        passage,
        words,
        lambda _t: 1.0,
        known=words.__contains__,
        foreign=True,
    )
    assert asker.reason != "missing"
    # a courtesy after the question, an abbreviation inside it: the country is still read
    for question in (
        "Welche Rolle spielen deutsche Forschungsförderer in EP PerMed? Danke!",
        "Quel est le rôle des agences françaises, p. ex. l'ANR ? Merci.",
    ):
        verdict = judge(question, passage, words, lambda _t: 1.0, known=words.__contains__, foreign=True)
        assert verdict.reason == "missing", question


@pytest.mark.parametrize(
    ("question", "gap"),
    [
        ("Quante persone lavorano nel segretariato di EP PerMed?", "governance"),
        ("Wer arbeitet im Sekretariat?", "governance"),
        ("Will ERA PerMed keep running once EP PerMed has started?", "duration"),
        ("Which online submission system takes the proposals?", "calls"),
        ("Are decisions among the partners taken by vote or by consensus?", "governance"),
        ("Which stakeholder groups were the consultation's main respondents?", "results"),
        ("What strategic objectives does the SRIA list?", "sria-contents"),
        ("¿Es el Instituto Carlos III socio de EP PerMed?", "membership"),
        ("Combien de partenaires faut-il pour un consortium ?", "membership"),
    ],
)
def test_gap_words_of_other_languages_and_phrasings(question: str, gap: str) -> None:
    assert _gap_of(question, "ICPerMed and ERA PerMed published the paper.") == gap


def test_international_partners_are_a_kind_of_country_the_material_names() -> None:
    aim = (
        "The EP PerMed aims to align funding between the EU Member States (MS), regions and associated "
        "countries as well as international partner countries."
    )
    assert _judged("Are countries beyond Europe involved as international partners?", aim).answers
    assert _gap_of("Which countries are partners of the partnership?", aim) == "membership"
    approval = "The paper was approved by the over 50 organisations from more than 30 countries."
    assert _judged("How many countries did the partner organisations come from?", approval).answers


def test_events_to_come_are_a_gap_events_past_are_the_materials() -> None:
    line = "January 2023: ICPerMed Workshop in support of EP PerMed, Pamplona, Spain"
    day = "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event."
    assert _gap_of("Which Spanish city hosted a meeting to support the partnership?", line) is None
    assert _gap_of("Was the 2021 info session held in a conference hall?", day) is None
    assert _gap_of("Where did ICPerMed meet in 2023?", line) is None
    assert _gap_of("Is the partnership meant to be a meeting point for researchers?", line) is None
    for question, passage in (
        ("When is the next EP PerMed conference?", line),
        ("Where will the annual meeting be held?", line),
        ("Are there webinars this autumn?", line),
        ("Was there a plan for an annual conference?", line),  # past, but about what is to come
        ("Did EP PerMed hold any webinars on data sharing?", line),  # no event the passage records
        ("Where was the kick-off meeting held?", line),
        ("Is there an annual workshop?", line),  # the material's workshop, but one to come
    ):
        assert _gap_of(question, passage) == "events", question
    german = judge(
        "Was kostet die Teilnahme an der Konferenz 2023?",  # "Was" asks what: no past tense
        line,
        set(tokenize(line)),
        lambda _t: 1.0,
        gaps=GAPS,
        foreign=True,
    )
    assert german.gap is not None
    assert german.gap.id in {"events", "budget"}


def test_getting_organisations_on_board_names_no_board() -> None:
    line = "The aim is to foster participation of interested organisations."
    assert _gap_of("Were the sheets put out to get organisations on board?", line) is None
    assert _gap_of("Who sits on the board of EP PerMed?", line) == "governance"


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote the concept paper?",
        "Which two bodies jointly wrote the guidance on next steps?",
        "Who produced the guide to the next steps?",  # "next steps" is the guide's name, nothing to come
        "Who wrote the guideline paper?",
        "On another subject, who wrote the concept paper?",  # another subject is nothing to come
        "Who wrote the vision of EP PerMed?",
    ],
)
def test_who_wrote_what_the_material_names_the_authors_of_is_answered(
    answerer: Answerer, question: str
) -> None:
    answer = answerer.answer(question)
    assert answer.gap is None or answer.gap.id != "authors", question
    assert not (answer.kind == "not_found" and answer.reason == "gap")


def test_a_gaps_word_in_another_sense_is_no_gap() -> None:
    day = "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event."
    # joining an event is attending it; getting people on board involves them: no membership, no board
    for question in (
        "Did people have to travel to the 2021 information event, or could they join from their desk?",
        "Which kinds of organisations were especially asked to join the info day?",
        "Who else did the organisers of the info event want to get on board?",
    ):
        assert _gap_of(question, day) is None, question
    for question, gap in (
        ("Can Norway join EP PerMed?", "membership"),
        ("Can institutions join from their country?", "membership"),
        ("Can my organisation join from abroad?", "membership"),
        ("Can a country join in person or only through a funder?", "membership"),
        ("Can Norway join the information day and the partnership?", "membership"),
        ("Can I join the webinar in 2025?", "events"),  # attending it, still an event to come
        ("Who got the steering committee on board?", "governance"),
        ("Which organisations joined the partnership?", "membership"),
        ("Who sits on the board of EP PerMed?", "governance"),
    ):
        assert _gap_of(question, day) == gap, question


def test_a_dated_gap_leaves_the_publication_date_to_the_material() -> None:
    line = "April 2023: Publication of the Strategic Research and Innovation Agenda (SRIA) in support of EP PerMed"
    asked_when = "When did the strategy document setting out the partnership's research priorities come out?"
    assert _gap_of(asked_when, line) is None
    assert _gap_of("When were the SRIA research priorities published?", line) is None
    for question in (
        "Which research priorities does the SRIA set?",
        "When will the SRIA research priorities be updated?",  # to come, not the publication
        "When did the SRIA research priorities change?",  # past, but no publication
        "When were the SRIA research priorities decided?",
        "Which research priorities does the SRIA set for national funders?",
        "What are the aims and research priorities of the SRIA?",  # an aim is no priority setting
    ):
        assert _gap_of(question, line) == "sria-contents", question
    aim = "The EP PerMed aims to align and promote national and regional priority setting and funding."
    assert (
        _gap_of("How does its aim relate to national priority setting and research priorities?", aim) is None
    )


def test_the_proposals_submission_is_dated_applying_is_the_gap() -> None:
    line = "The EP PerMed proposal submission took place in April 2023."
    for question in (
        "When was the partnership's application handed in?",
        "By when did the drafting group hand in their application for the partnership?",
        "When was the application for EP PerMed submitted?",
    ):
        assert _gap_of(question, line) is None, question
    for question in (
        "When can I apply?",  # to come: how to apply
        "When will applications open?",
        "Who may submit an application?",  # no date asked
        "When were applications for projects evaluated?",  # past, but no submission
        "When did applicants submit their proposals?",  # applicants' proposals, not the partnership's
    ):
        assert _gap_of(question, line) == "eligibility", question


def test_what_the_askers_organisation_does_names_no_gap() -> None:
    sheets = "EP PerMed InfoSheet 5 – Joint Funding Activities"
    assert (
        _gap_of("Our agency co-finances transnational calls; which sheet covers joint funding?", sheets)
        is None
    )
    assert _gap_of("My ministry runs calls: which sheet is about joint funding?", sheets) is None
    # the question itself names the gap; so does a context with nothing after it
    assert _gap_of("Our agency funds research; when is the next transnational call?", sheets) == "calls"
    assert _gap_of("Our agency co-finances transnational calls;", sheets) == "calls"
    assert _gap_of("Our agency wants the deadline of the transnational call", sheets) == "calls"
    # the question itself before the colon
    line = "For questions around EP PerMed, please contact the EP PerMed drafting group: eppermed@dlr.de"
    assert (
        _gap_of("Our agency would like to know who coordinates EP PerMed: is it DLR?", line) == "governance"
    )


def test_the_future_partnership_asks_about_what_comes_next() -> None:
    day = "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event."
    assert _gap_of("When is the information day for the future partnership?", day) is not None


def test_fostering_participation_is_the_materials_aim_joining_is_the_gap() -> None:
    aim = "The aim is to foster participation of interested organisations."
    assert _gap_of("Were the documents meant to encourage organisations to join in?", aim) is None
    assert _gap_of("How do the sheets foster participation?", aim) is None
    assert _gap_of("Which organisations joined the partnership?", aim) == "membership"
    assert _gap_of("Can my organisation join EP PerMed?", aim) == "membership"


def test_the_material_international_partners_are_no_membership_question_in_french_or_spanish() -> None:
    aim = "between the EU Member States (MS), regions and associated countries as well as international partner countries."
    assert _gap_of("Quels partenaires internationaux sont visés ?", aim) is None
    assert _gap_of("¿Incluye a socios internacionales?", aim) is None


def test_when_it_comes_to_a_topic_asks_for_no_date() -> None:
    assert asked_for("When it comes to money, what did the documents hope countries would commit?") is None
    assert asked_for("When it came out, who read it?") == "date"


def test_a_partner_of_icpermed_and_socio_economic_are_no_membership_question() -> None:
    line = "ICPerMed promotes EP PerMed together with the closely connected ERA-Net ERA PerMed."
    assert _gap_of("Qui est le partenaire d'ICPerMed ?", line) is None
    assert _gap_of("¿Quién es el socio de ICPerMed?", line) is None
    assert _gap_of("What socio-economic impact will EP PerMed have?", line) != "membership"


def test_jobs_event_records_and_updates_are_gaps_the_guides_update_is_the_materials() -> None:
    day = "On May 31, 2021, ICPerMed and ERA PerMed organised a virtual information event."
    for question, gap in (
        ("Are there internships at the partnership?", "jobs"),
        ("Does EP PerMed have open vacancies for data scientists?", "jobs"),
        ("Ci sono borse di studio per giovani ricercatori?", "jobs"),
        ("Are there recordings of the 2021 information event?", "event-records"),
        ("Can I find the slides of the 2021 information event?", "event-records"),
        ("Gibt es eine Aufzeichnung der Veranstaltung?", "event-records"),
        ("When will the SRIA be revised?", "updates"),
        ("Is there a new version of the InfoSheets?", "updates"),
    ):
        assert _gap_of(question, day) == gap, question
    guide = "This guideline is a dynamic document that will be updated as EP PerMed develops."
    for question in (
        "Will the guide be revised over time?",
        "Is there a track record in the field already?",  # "record" is no recording
        "For our ministry's records: what is the job of the drafting group?",  # nor a job offer
    ):
        assert _gap_of(question, guide) is None, question


def test_what_the_partnership_will_fund_is_its_plan_what_it_has_funded_is_the_gap() -> None:
    aims = (
        "Generate research and results through funding activities for example via transnational and "
        "cross-sectorial research consortia, networks, pilots and collaborations"
    )
    for question in (
        "Will the partnership fund pilot projects?",
        "What kinds of projects could be funded?",
        "How will the partnership produce new research findings?",
    ):
        assert _gap_of(question, aims) is None, question
    for question, gap in (
        ("Which projects has EP PerMed funded so far?", "results"),
        ("What were the main findings of the funded projects?", "results"),
        ("When will the first funded projects be announced?", "results"),  # asks when: still the gap
        ("How will proposals be evaluated?", "evaluation"),  # evaluation is no plan the material gives
        ("What is the success rate of proposals?", "evaluation"),
    ):
        assert _gap_of(question, aims) == gap, question


def test_the_materials_own_participation_commitments_and_events_name_no_gap() -> None:
    passage = "Information on EP PerMed's preparations is provided. The aim is to foster participation."
    for question in (
        "Is there a fact sheet explaining how businesses can take part?",
        "Which number is the InfoSheet on companies taking part?",
        "Could people take part in the SRIA consultation from home?",
        "Was it the Member States alone that drafted the proposal?",
        "Are the documents meant to get countries to commit money?",
        "How long did the online event last?",
    ):
        assert _gap_of(question, passage) is None, question
    assert _gap_of("Can companies take part in EP PerMed?", passage) == "membership"
    assert _gap_of("How long will the partnership last?", passage) == "duration"


def test_what_the_asker_says_of_themselves_names_no_gap_nor_missing_name() -> None:
    sheets = "EP PerMed InfoSheet 3 – National Hubs for Personalised Medicine"
    assert _gap_of("I coordinate a national network. Is there an InfoSheet on national hubs?", sheets) is None
    assert _gap_of("I coordinate a national network. Who coordinates EP PerMed?", sheets) == "governance"
    assert _gap_of("We want to join. How?", sheets) == "membership"  # too little said without it
    timeline = "The EP PerMed proposal submission took place in April 2023. ICPerMed promotes EP PerMed."
    words = set(tokenize(timeline))

    def judged(
        question: str,
    ) -> Verdict:  # a word the timeline does not have is one the material never mentions
        return judge(question, timeline, words, lambda _t: 1.0, gaps=GAPS, known=words.__contains__)

    assert judged("I'm a PhD student. In which month was the proposal submitted?").answers
    assert judged("In which month was the PhD proposal submitted?").reason == "missing"
    # of a word with hyphens only its capitalised parts are a name
    assert judged("Is ICPerMed pushing for a Europe-wide partnership?").answers
    assert judged("Is ICPerMed pushing for a Europe-Asia partnership?").reason == "missing"


def test_a_lead_before_a_colon_and_gap_words_in_another_sense_name_no_gap() -> None:
    vision = "The European Partnership for Personalised Medicine Vision: Improve health outcomes."
    for question in (
        "For an early-career researcher briefing: what is the vision of EP PerMed?",
        "I don't have the slides: what did the information day presenters inform about?",
        "Is the concept paper the official proposal, or was it revised into one?",
        "What do euro partnerships replace?",
        "Do the guidance documents try to get more organisations to take part?",
    ):
        assert _gap_of(question, vision) is None, question
    for question, gap in (
        ("About the next call: when?", "calls"),  # too little said after the colon
        ("When will the SRIA be revised?", "updates"),
        ("When were the InfoSheets last updated?", "updates"),
        ("How many euros does the partnership cost?", "budget"),
        ("Does EP PerMed offer fellowships for early-career researchers?", "jobs"),
    ):
        assert _gap_of(question, vision) == gap, question


def test_what_an_infosheet_says_is_a_gap_which_sheet_covers_a_topic_is_not() -> None:
    sheets = "EP PerMed InfoSheet 3 – National Hubs for Personalised Medicine"
    for question in (
        "What does InfoSheet 3 recommend about how national hubs should be financed?",
        "What does InfoSheet 7 say about international partner countries?",
        "What tasks does the sheet on national hubs say a hub should carry out?",
    ):
        assert _gap_of(question, sheets) == "infosheet-contents", question
    for question in (
        "Which InfoSheet describes national hubs?",
        "Is there an InfoSheet that explains national hubs?",
        "What is InfoSheet 3 called?",
        "What does the first InfoSheet contain?",
        "infosheets list",
    ):
        assert _gap_of(question, sheets) is None, question


def test_legal_form_history_and_continuation_are_gaps() -> None:
    line = "ICPerMed promotes the establishment of EP PerMed, together with ERA PerMed."
    for question, gap in (
        ("Is EP PerMed a legal entity with its own statutes?", "rules"),
        ("Is there a consortium agreement template?", "rules"),
        ("When was ICPerMed founded?", "history"),
        ("Will ICPerMed continue to exist after EP PerMed has started?", "duration"),
        ("Is the partnership going into a second phase?", "duration"),
        ("Is there a matchmaking event for consortium partners?", "events"),
        ("What impact has EP PerMed had so far?", "results"),
    ):
        assert _gap_of(question, line) == gap, question
    for question in (
        "Why not just continue the existing initiatives?",
        "Does the alignment extend to international partner countries?",
        "How many InfoSheets are there, and what is the last one called?",
        "Will ICPerMed continue to promote EP PerMed?",
        "Who is the contact person for questions about EP PerMed?",  # the contact line answers
        "Was the guide created by ICPerMed alone?",
        "What is the legal status of the draft concept paper?",
    ):
        assert _gap_of(question, line) is None, question


def test_a_common_word_opening_a_later_sentence_is_no_name_a_programme_number_no_amount() -> None:
    assert focus_of("Which countries does it want to line up? Only EU members?").names == ()
    assert focus_of("Is Norway in? Sweden?").names == ("norway", "sweden")
    assert asked_for("What is the programme number of Horizon Europe?") is None
    assert asked_for("What is the number of countries?") == "amount"


def test_a_lead_that_asks_or_is_referred_back_to_stays_and_polite_modals_are_no_plans() -> None:
    line = "ICPerMed promotes the establishment of EP PerMed, together with ERA PerMed."
    for question, gap in (
        ("Who is the coordinator of the partnership: a ministry or an agency?", "governance"),
        ("Regarding the first joint call: which topics will it cover?", "calls"),
        ("Hi. I am wondering who chairs the EP PerMed board.", "governance"),
        ("Could you list the projects EP PerMed has funded?", "results"),
        ("Can you tell me which projects were funded, if you could?", "results"),
        ("Is there a new version of the SRIA?", "updates"),
    ):
        assert _gap_of(question, line) == gap, question
    assert asked_for("Any update on the SRIA: when was it published?") == "date"  # after the colon
    # which InfoSheet covers a topic is answered by the titles, whatever gap its topic names
    sheets = "EP PerMed InfoSheet 6 – Industry Involvement"
    assert _gap_of("Is there a fact sheet explaining how businesses can take part?", sheets) is None
    assert _gap_of("Can businesses take part?", sheets) == "membership"
    assert asked_for("Which InfoSheet came first in the list?") is None
    assert asked_for("Can it fund research and connect stakeholders at the same time?") is None


def test_what_is_asked_is_read_in_the_clause_that_asks_and_other_sheets_are_no_infosheets() -> None:
    assert asked_for("Regarding how many countries joined: who coordinates it?") == "body"
    assert asked_for("I'm looking for the coordinator. Who is it?") == "body"
    assert asked_for("When was the SRIA published: 2022 or 2023?") == "date"
    assert focus_of("Who funds it? Horizon Europe?").names == ("horizon",)
    passage = "ICPerMed promotes the establishment of EP PerMed."
    assert _gap_of("Is there a balance sheet of the partnership budget?", passage) == "budget"
    assert _gap_of("Will we be able to join EP PerMed as a regional funder?", passage) == "membership"
    assert _gap_of("I would like to know which projects EP PerMed has funded.", passage) == "results"
