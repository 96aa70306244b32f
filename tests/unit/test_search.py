"""Hybrid search over the real EP PerMed knowledge with the fake embedder: lexical evidence must carry
names, dates and acronyms even when the dense signal is weak."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.models import Passage
from knowledge.search import _WHEN, FusionWeights, Searcher
from tests.unit.chunks import chunks_of


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Where was the workshop in Pamplona?", "Pamplona, Spain"),
        ("What replaces the JPIs?", "ERA-Nets or JPIs"),
        ("When was the SRIA published?", "Strategic Research and Innovation Agenda (SRIA)"),
        ("What happened on 31 May 2021?", "May 31, 2021"),
        ("What happened in November 2022?", "November 2022: Online-Consultation"),
    ],
)
def test_names_dates_and_acronyms_rank_first_or_close(searcher: Searcher, question: str, phrase: str) -> None:
    passages = searcher.search(question, k=3)
    assert any(phrase in p.text for p in passages), [p.chunk_id for p in passages]


def test_results_are_typed_sorted_and_sourced(searcher: Searcher) -> None:
    passages = searcher.search("InfoSheet international perspective", k=5)
    assert len(passages) == 5
    assert all(isinstance(p, Passage) for p in passages)
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    assert all(p.url.startswith("https://") and p.as_of == "2023" and p.title for p in passages)
    assert "International Perspective" in passages[0].text


def test_search_many_matches_search(searcher: Searcher) -> None:
    questions = ["What is the vision?", "Who approved the concept paper?"]
    batched = searcher.search_many(questions, k=3)
    assert batched == [searcher.search(q, k=3) for q in questions]


def test_foreign_questions_lean_less_on_words(searcher: Searcher) -> None:
    english = searcher.score_many(["JPIs"], 1)[0][0]
    foreign = searcher.score_many(["JPIs"], 1, foreign=[True])[0][0]
    assert english.lexical == foreign.lexical == 1.0
    assert foreign.fused < english.fused


def test_empty_index_returns_nothing() -> None:
    embedder = FakeEmbedder()
    empty = Searcher(PublishedIndex.in_memory([], embedder), embedder)
    assert empty.search("anything") == []


def test_tokenize_is_thread_safe() -> None:
    """The bot searches from worker threads; a shared stemmer once returned wrong tokens under load."""
    from concurrent.futures import ThreadPoolExecutor

    from knowledge.lexical import tokenize

    text = "Partnerships, consultations and organisations published the funding activities of regions"
    expected = tokenize(text)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: tokenize(text), range(2000)))
    assert all(r == expected for r in results)


def test_word_statistics_come_from_the_lexical_index(searcher: Searcher) -> None:
    """Coverage and idf read BM25's matrix instead of tokenizing every passage again at load time."""
    from knowledge.index_store import search_text
    from knowledge.lexical import tokenize

    tokens = [tokenize(search_text(c)) for c in searcher.chunks]
    for word in ("pamplona", "infosheet", "partnership", "2023", "horizon"):
        token = tokenize(word)[0]
        expected = [i for i, found in enumerate(tokens) if token in found]
        assert sorted(searcher.index.lexical.documents_with(token).tolist()) == expected
    assert searcher.index.lexical.documents_with("lasagna").size == 0
    assert searcher.idf_of("lasagna") > searcher.idf_of(tokenize("partnership")[0]) > 0


def test_a_question_of_framing_words_only_is_about_them(searcher: Searcher) -> None:
    """ "Who can I contact?" names nothing but contacting: the contact line covers it."""
    scored = searcher.score_many(["Who can I contact?"], len(searcher.chunks))[0]
    contact = next(s for s in scored if "eppermed@dlr.de" in searcher.chunks[s.index].text)
    assert contact.coverage > 0
    framed = searcher.score_many(["Who can I contact about the vision?"], len(searcher.chunks))[0]
    assert next(s for s in framed if s.index == contact.index).coverage == 0  # "contact" frames "vision"


def _passages(*texts: str) -> PublishedIndex:
    return PublishedIndex.in_memory(chunks_of(*texts), FakeEmbedder())


def _two_passages() -> PublishedIndex:
    return _passages(
        "The guide was published in 2022 by the two networks.", "The guide was published in order to help."
    )


@pytest.mark.parametrize(
    ("question", "bonus"),
    [
        ("Why was the guide published?", True),
        ("What is the guide for?", True),
        ("What was the purpose of the guide?", True),
        ("What were they hoping to achieve by publishing the guide?", True),  # an aim in other words
        ("What is the guide trying to achieve?", True),
        ("What did they intend to achieve with the InfoSheets?", True),
        ("When is the partnership aiming to achieve its goals?", False),  # asks when
        ("What date is EP PerMed hoping to achieve its goals by?", False),  # asks when, too
        ("What does EP PerMed aim to achieve?", True),
        ("And what were they hoping to achieve?", True),
        ("Who is trying to achieve alignment?", False),  # asks who
        ("When was the guide published?", False),
        ("What does EP PerMed stand for?", False),
        ("What is the acronym ICPerMed short for?", False),
        ("What funding can I apply for?", False),
        ("Why not?", False),  # a reason against: an aim does not answer it
        ("Who wrote the guide? Why was the guide published?", False),  # a follow-up's reading asks who
    ],
)
def test_a_question_asking_why_lifts_passages_that_state_an_aim(question: str, bonus: bool) -> None:
    """The documents say why in other sentences than those that say what was done ("in order to", "the aim
    is", "a need of"); MiniLM ranks the latter first."""
    index, embedder = _two_passages(), FakeEmbedder()
    plain = Searcher(index, embedder, FusionWeights(purposeful=0.0)).score_many([question], 2)[0]
    lifted = Searcher(index, embedder, FusionWeights(purposeful=0.2)).score_many([question], 2)[0]
    gain = {s.index: s.fused for s in lifted}
    for s in plain:
        expected = 0.2 if bonus and s.index == 1 else 0.0
        assert gain[s.index] - s.fused == pytest.approx(expected)


def test_only_the_first_three_passages_are_lifted() -> None:
    """A purpose stated in a passage about something else (fourth or lower) stays where it was: the three
    passages the decline threshold reads do not change."""
    index = _passages(
        "The guide was published in 2022 by the guide team for the guide readers.",
        "The guide was published by the two networks, the guide says.",
        "The guide was published as a dynamic guide.",
        "Stakeholders were invited in order to discuss.",
    )
    embedder = FakeEmbedder()
    question = ["Why was the guide published?"]
    plain = Searcher(index, embedder, FusionWeights(purposeful=0.0)).score_many(question, 4)[0]
    lifted = Searcher(index, embedder, FusionWeights(purposeful=0.5)).score_many(question, 4)[0]
    assert plain[3].index == 3  # the purposeful passage is fourth on its words
    assert lifted == plain


def test_a_question_in_another_language_gets_no_purpose_bonus() -> None:
    index, embedder = _two_passages(), FakeEmbedder()
    searcher = Searcher(index, embedder, FusionWeights(purposeful=0.2))
    plain = Searcher(index, embedder, FusionWeights(purposeful=0.0))
    question = ["Why was the guide published?"]
    assert searcher.score_many(question, 2, foreign=[True]) == plain.score_many(question, 2, foreign=[True])


def test_surroundings_are_the_same_documents_passages_either_side(searcher: Searcher) -> None:
    chunks = {c.chunk_id: c.text for c in searcher.chunks}
    before, after = searcher.surroundings("guidance-and-infosheets#1", 1000)
    assert before == chunks["guidance-and-infosheets#0"] + "\n\n"
    assert after == "\n\n" + chunks["guidance-and-infosheets#2"]
    assert searcher.surroundings("alignment-aim#0", 1000) == ("", "")  # a document of one passage
    assert searcher.surroundings("no-such#0", 1000) == ("", "")
    # the next passage of another document is never taken
    assert searcher.surroundings("guidance-and-infosheets#2", 1000)[1] == ""


def test_surroundings_stop_once_the_limit_is_reached(searcher: Searcher) -> None:
    before, after = searcher.surroundings("guidance-and-infosheets#0", 1)
    chunks = {c.chunk_id: c.text for c in searcher.chunks}
    assert (before, after) == ("", "\n\n" + chunks["guidance-and-infosheets#1"])


def test_surroundings_among_takes_only_the_passages_named(searcher: Searcher) -> None:
    chunks = {c.chunk_id: c.text for c in searcher.chunks}
    among = {"guidance-and-infosheets#0", "guidance-and-infosheets#1"}
    before, after = searcher.surroundings("guidance-and-infosheets#1", 1000, among)
    assert (before, after) == (chunks["guidance-and-infosheets#0"] + "\n\n", "")
    # a passage not named stops the walk: #0's neighbour #1 is not taken past a gap
    assert searcher.surroundings("guidance-and-infosheets#2", 1000, {"guidance-and-infosheets#0"}) == ("", "")


def _background_and_sheets() -> PublishedIndex:
    chunks = [
        *chunks_of("Regions and countries work together across regions.", doc="bg", title="Background"),
        *chunks_of("Sheet 4 covers opportunities for them.", doc="sheets", title="Information Sheets"),
    ]
    return PublishedIndex.in_memory(chunks, FakeEmbedder())


@pytest.mark.parametrize(
    ("question", "lifted"),
    [
        ("Which sheet covers regions?", True),
        ("Is there a sheet about regions?", True),
        ("Which kind of sheet covers regions?", True),
        ("Which fact sheet covers regions?", True),  # the word after next may name it
        ("Which regions work together?", False),  # asks for regions: no title names them
        ("How do regions work together, according to the sheet?", False),  # asks how
    ],
)
def test_a_title_naming_what_the_question_asks_for_lifts_its_passages(question: str, lifted: bool) -> None:
    """ "Which sheet ... regions?" asks for a sheet: the question's other words pull towards the sections
    about them."""
    index, embedder = _background_and_sheets(), FakeEmbedder()
    plain = Searcher(index, embedder, FusionWeights(headed=0.0)).score_many([question], 2)[0]
    headed = Searcher(index, embedder, FusionWeights(headed=0.5)).score_many([question], 2)[0]
    gain = {s.index: s.fused for s in headed}
    assert [round(gain[s.index] - s.fused, 6) for s in plain if s.index == 1] == [0.5 if lifted else 0.0]
    if lifted:
        assert headed[0].index == 1
    # other languages' questions are read as they are
    foreign = [
        Searcher(index, embedder, FusionWeights(headed=w)).score_many([question], 2, foreign=[True])
        for w in (0.0, 0.5)
    ]
    assert foreign[0] == foreign[1]


def _guide_and_list(items: int) -> PublishedIndex:
    lines = "\n".join(f"- InfoSheet {n} – Topic {n} for regions" for n in range(1, items + 1))
    chunks = chunks_of(
        "The guide supports regions and the sheets.",
        f"Sheets are available:\n{lines}",
        doc="guide",
        title="Guidance Document and Information Sheets",
    )
    return PublishedIndex.in_memory(chunks, FakeEmbedder())


@pytest.mark.parametrize(
    ("question", "items", "lifted"),
    [
        ("Which sheet covers regions?", 3, True),  # "sheet" inside "InfoSheet", in three items
        ("Which of the seven sheets covers regions?", 7, True),
        ("Is there an InfoSheet on regions?", 3, True),
        ("Which sheet covers regions?", 2, False),  # two items make no list of sheets
        ("How do the sheets help regions?", 3, False),  # asks how, not for a sheet
    ],
)
def test_a_passage_listing_what_the_question_asks_for_is_lifted(
    question: str, items: int, lifted: bool
) -> None:
    """Both passages share the title that names sheets; the one listing them is the one asked for."""
    index, embedder = _guide_and_list(items), FakeEmbedder()
    plain = Searcher(index, embedder, FusionWeights(listed=0.0)).score_many([question], 2)[0]
    listed = Searcher(index, embedder, FusionWeights(listed=0.5)).score_many([question], 2)[0]
    gain = {s.index: s.fused for s in listed}
    assert [round(gain[s.index] - s.fused, 6) for s in plain] == [
        0.5 if lifted and s.index == 1 else 0.0 for s in plain
    ]


def test_a_weak_word_match_counts_against_the_floor_a_strong_one_in_full() -> None:
    """BM25 counts relative to the best passage's score, unless that passage shares little of the question:
    then relative to `lexical_floor`, so one shared word ("one") does not win the whole lexical weight."""
    index = _passages(
        "Personalised medicine is one out of many topics.",
        "The vision is to improve health outcomes for patients.",
    )
    embedder = FakeEmbedder()
    weak = "In one sentence, what long-term picture does the partnership paint of where it wants to get to?"
    strong = "What is the vision for patients?"
    floored = Searcher(index, embedder, FusionWeights(lexical_floor=100.0, lexical_coverage=0.2))
    relative = Searcher(index, embedder, FusionWeights(lexical_floor=0.0))
    by_floor = {s.index: s.lexical for s in floored.score_many([weak], 2)[0]}
    by_best = {s.index: s.lexical for s in relative.score_many([weak], 2)[0]}
    assert by_best[0] == 1.0  # the best passage takes the full weight for one shared word
    assert 0 < by_floor[0] < 0.1
    # a passage sharing most of the question keeps the full weight whatever the floor
    assert max(s.lexical for s in floored.score_many([strong], 2)[0]) == 1.0
    # other languages' questions are not floored
    foreign = floored.score_many([weak], 2, foreign=[True])[0]
    assert max(s.lexical for s in foreign) == 1.0


def test_the_best_word_match_coverage_is_the_same_read_or_computed() -> None:
    """The best BM25 passage's share of the question is read from the candidates' shares; when tied scores
    leave it out of the candidates (a large index), it is computed, to the same figure."""
    index = _passages("Alpha beta gamma.", "Beta delta.", "Epsilon zeta.")
    searcher = Searcher(index, FakeEmbedder())
    focus = {"alpha", "beta", "omega"}
    lexical = index.lexical.scores_of(["alpha", "beta", "omega"])
    order = [0, 1, 2]
    coverage = searcher._coverage(focus, np.asarray(order, dtype=np.int32))
    read = searcher._best_coverage(lexical, order, coverage, focus)
    computed = searcher._best_coverage(lexical, [1, 2], coverage[1:], focus)
    assert read == computed > 0


@pytest.mark.parametrize(
    ("question", "asks_when"),
    [
        ("When was the workshop?", True),
        ("By when is it expected to launch?", True),
        ("Journalist here: by when is it expected to launch?", True),
        ("How far back does the paper go: when was it first put out?", True),
        ("About the guide; and when was it published?", True),
        ("What happened when the paper was approved?", False),  # "when" inside a clause asks no date
        ("Who was invited, and when?", False),
        ("When it comes to money, what did the documents hope for?", False),  # a topic, not a date
        # which of two came first, or whether they fell together: the dates answer
        ("Which came first, the concept paper or the draft proposal?", True),
        ("Which was published first: the concept paper or the guide?", True),
        ("Were the guide and the information day in the same month?", True),
        ("What is the first InfoSheet?", False),
    ],
)
def test_a_question_asking_when_is_read_at_the_start_of_any_clause(question: str, asks_when: bool) -> None:
    assert bool(_WHEN.search(question)) is asks_when
