"""The one sentence splitter: where sentences end, as offsets, for chunking, lead extraction and replies."""

from typing import SupportsIndex

import pytest

from bot.render import cut_words
from knowledge.chunking import ChunkingParams, chunk_document
from knowledge.extract import units
from knowledge.models import Document, DocumentMeta
from knowledge.sentences import Span, sentence_ends, sentence_spans


def pieces(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


def test_ends_are_offsets_just_after_the_stop() -> None:
    text = "EP PerMed started in 2023. It funds research! Does it? Yes."
    assert sentence_ends(text) == [26, 45, 54]
    assert [text[:end][-1] for end in sentence_ends(text)] == [".", "!", "?"]


@pytest.mark.parametrize(
    "text",
    [
        "Partnerships replace e.g. ERA-Nets or JPIs.",
        "Use the template, i.e. Annex 2 of the call.",
        "Contact Dr. Smith or Prof. Jones about it.",
        "See No. 7 of the InfoSheets.",
        "As shown by Smith et al. The result held.",
        "Funders, regions etc. Others follow.",
    ],
)
def test_an_abbreviation_ends_no_sentence(text: str) -> None:
    assert pieces(text) == [text]


def test_an_abbreviation_counts_only_as_a_whole_word() -> None:
    # "Test." ends with "st." and "Prost." with "St.": neither is the abbreviation "St.".
    assert pieces("It was a Test. Then came more. A toast: Prost. Next one.") == [
        "It was a Test.",
        "Then came more.",
        "A toast: Prost.",
        "Next one.",
    ]


def test_times_and_numeric_dates_end_nothing() -> None:
    text = "It took place on May 31, 2021 (13.00 – 16.30 CEST) and again on 31.05.2021 in Berlin."
    assert pieces(text) == [text]


def test_a_date_at_the_end_of_a_sentence_ends_it() -> None:
    text = "The call opened on 31 May 2021. Proposals were due in autumn."
    assert pieces(text) == ["The call opened on 31 May 2021.", "Proposals were due in autumn."]


def test_a_sentence_may_start_with_a_digit() -> None:
    assert pieces("It ended in 2022. 2023 brought the SRIA.") == [
        "It ended in 2022.",
        "2023 brought the SRIA.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = "The vision: “Improve health outcomes.” The aims (see below.) Then ‘quoted.’ “Next” starts here."
    assert pieces(text) == [
        "The vision: “Improve health outcomes.”",
        "The aims (see below.)",
        "Then ‘quoted.’",
        "“Next” starts here.",
    ]


def test_a_lower_case_continuation_is_not_a_new_sentence() -> None:
    text = "Version 2. the draft was revised… then it went on."
    assert pieces(text) == [text]


def test_an_ellipsis_and_non_ascii_capitals_end_and_start_sentences() -> None:
    assert pieces("It was long… Élysée hosted it.") == ["It was long…", "Élysée hosted it."]


def test_list_items_are_whole_spans_with_their_bullet() -> None:
    text = "Steps so far:\n- April 2023: SRIA published. It was long.\n2. Second item. Really.\n* Third"
    spans = sentence_spans(text)
    assert pieces(text) == [
        "Steps so far:",
        "- April 2023: SRIA published. It was long.",
        "2. Second item. Really.",
        "* Third",
    ]
    assert [s.item for s in spans] == [False, True, True, True]


def test_every_line_break_ends_a_span_and_blank_lines_give_none() -> None:
    text = "  First line without stop\n\n\nSecond line. Third.\r\n"
    assert sentence_spans(text) == [Span(2, 25), Span(28, 40), Span(41, 47)]
    assert pieces(text) == ["First line without stop", "Second line.", "Third."]


def test_no_text_no_spans() -> None:
    assert sentence_spans("") == []
    assert sentence_spans(" \n ") == []
    assert sentence_ends("No end here") == []


def test_chunks_leads_and_reply_cuts_use_the_same_sentences() -> None:
    text = "Partners e.g. ERA-Nets join. Dr. Smith said: “Yes.” The call opened on 31 May 2021. Next."
    expected = pieces(text)
    assert len(expected) == 4
    meta = DocumentMeta.model_validate(
        {"id": "doc", "title": "Doc", "url": "https://example.eu/page", "as_of": "2023"}
    )
    document = Document(meta=meta, body=text, path="sources/doc.md")
    assert [c.text for c in chunk_document(document, ChunkingParams(max_words=1))] == expected
    assert units(text) == expected
    assert cut_words(text, len(expected[0]) + 5) == expected[0] + " …"


class _CountingStr(str):
    """A text that counts the characters copied out of it by slicing."""

    copied = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        piece = str.__getitem__(self, key)
        _CountingStr.copied += len(piece)
        return piece


def test_a_long_one_line_text_is_read_without_copying_its_rest_at_every_stop() -> None:
    """A fetched page may be one long paragraph: the work must grow with the text, not with its square."""
    text = _CountingStr("This is a sentence. " * 2000)
    _CountingStr.copied = 0
    assert len(sentence_ends(text)) == 1999
    assert _CountingStr.copied < len(text)
