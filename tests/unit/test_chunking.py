"""Chunking keeps structure: verbatim text, heading paths, whole lists and dated lines, stable ids."""

from __future__ import annotations

import hashlib

import pytest

from knowledge.chunking import ChunkingParams, chunk_document, content_hash
from knowledge.models import Document, DocumentMeta


def doc(body: str, *, doc_id: str = "doc", title: str = "The Title") -> Document:
    meta = DocumentMeta.model_validate(
        {"id": doc_id, "title": title, "url": "https://example.eu/page", "as_of": "2023"}
    )
    return Document(meta=meta, body=body, path=f"sources/{doc_id}.md")


def sentence(n: int, word: str = "word") -> str:
    """A sentence of exactly n words."""
    return "Alpha " + " ".join([word] * (n - 1)) + "."


def test_text_is_a_verbatim_slice_and_headings_form_the_path() -> None:
    body = "# Top\n\nIntro text here.\n\n## Sub\n\nSub text one. Sub text two.\n\n### Deep\n\nDeep text.\n"
    chunks = chunk_document(doc(body))
    assert [c.heading for c in chunks] == ["Top", "Top > Sub", "Top > Sub > Deep"]
    assert [c.text for c in chunks] == ["Intro text here.", "Sub text one. Sub text two.", "Deep text."]
    for chunk in chunks:
        assert chunk.text in body
        assert "#" not in chunk.text


def test_sibling_heading_replaces_the_previous_one() -> None:
    chunks = chunk_document(doc("# A\n\n## B\n\nb text.\n\n## C\n\nc text.\n"))
    assert [c.heading for c in chunks] == ["A > B", "A > C"]


def test_a_document_without_headings_uses_its_title() -> None:
    chunks = chunk_document(doc("Just a paragraph of text.", title="Plain"))
    assert chunks[0].heading == "Plain"


def test_ids_ordinals_metadata_and_hash() -> None:
    body = "# H\n\n" + "\n\n".join(sentence(50) for _ in range(3))
    chunks = chunk_document(doc(body, doc_id="my-doc"))
    assert [c.chunk_id for c in chunks] == [f"my-doc#{i}" for i in range(len(chunks))]
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    first = chunks[0]
    assert (first.doc_id, first.title, first.url, first.as_of) == (
        "my-doc",
        "The Title",
        "https://example.eu/page",
        "2023",
    )
    assert first.content_hash == hashlib.sha256(f"{first.heading}\n{first.text}".encode()).hexdigest()
    assert content_hash("a", "b") != content_hash("a", "c")
    assert chunk_document(doc(body, doc_id="my-doc")) == chunks  # deterministic


def test_paragraphs_are_packed_up_to_max_words() -> None:
    paragraphs = [sentence(30) for _ in range(5)]
    chunks = chunk_document(doc("\n\n".join(paragraphs)), ChunkingParams(max_words=80))
    counts = [len(c.text.split()) for c in chunks]
    assert counts == [60, 60, 30]


def test_a_long_paragraph_splits_between_sentences_only() -> None:
    sentences = [sentence(25, w) for w in ("one", "two", "three", "four", "five", "six")]
    paragraph = " ".join(sentences)
    chunks = chunk_document(doc(paragraph), ChunkingParams(max_words=60))
    assert len(chunks) > 1
    pieces = [s for c in chunks for s in sentences if s in c.text]
    assert pieces == sentences  # every sentence whole, in order, exactly once
    assert all(len(c.text.split()) <= 60 for c in chunks)


def test_a_sentence_longer_than_max_words_stays_whole() -> None:
    long = sentence(150)
    chunks = chunk_document(doc(long), ChunkingParams(max_words=40))
    assert [c.text for c in chunks] == [long]


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Partnerships replace older forms, e.g. ERA-Nets or JPIs. " + sentence(30)
    chunks = chunk_document(doc(text), ChunkingParams(max_words=10))
    assert chunks[0].text.startswith("Partnerships replace older forms, e.g. ERA-Nets or JPIs.")


def test_a_list_that_fits_stays_whole_with_its_intro() -> None:
    body = "# T\n\nThe sheets are:\n- Sheet 1 – Summary\n- Sheet 2 – Community\n- Sheet 3 – Hubs\n"
    chunks = chunk_document(doc(body))
    assert len(chunks) == 1
    assert chunks[0].text == "The sheets are:\n- Sheet 1 – Summary\n- Sheet 2 – Community\n- Sheet 3 – Hubs"


def test_a_long_list_splits_between_items_never_inside_one() -> None:
    items = [
        f"- {month} 2022: " + " ".join(["event"] * 12)
        for month in ("January", "March", "May", "July", "October")
    ]
    body = "Steps so far:\n" + "\n".join(items)
    chunks = chunk_document(doc(body), ChunkingParams(max_words=30))
    assert len(chunks) > 1
    assert chunks[0].text.startswith("Steps so far:\n- January 2022:")  # the intro stays with the first item
    lines = [line for c in chunks for line in c.text.splitlines() if line.startswith("- ")]
    assert lines == items  # each dated entry whole, in order


def test_a_date_line_stays_with_its_paragraph() -> None:
    body = "# Draft\n\n" + sentence(70) + "\n\nFebruary 2022\n\n" + sentence(40)
    chunks = chunk_document(doc(body), ChunkingParams(max_words=80))
    dated = [c for c in chunks if "February 2022" in c.text]
    assert len(dated) == 1
    assert dated[0].text.startswith("February 2022\n\nAlpha")


def test_an_intro_ending_in_a_colon_stays_with_what_follows() -> None:
    body = sentence(70) + "\n\nThe vision, as outlined:\n\n“" + sentence(30) + "”"
    chunks = chunk_document(doc(body), ChunkingParams(max_words=80))
    assert chunks[-1].text.startswith("The vision, as outlined:\n\n“Alpha")


def test_indented_continuation_lines_belong_to_their_item() -> None:
    body = "- first item\n  continues here\n- second item\n"
    chunks = chunk_document(doc(body))
    assert chunks[0].text == "- first item\n  continues here\n- second item"


@pytest.mark.parametrize("max_words", [20, 40, 80, 200])
def test_every_word_of_the_body_lands_in_exactly_one_chunk(max_words: int) -> None:
    body = (
        "# A\n\nFirst para. "
        + sentence(30)
        + "\n\n## B\n\nList:\n- "
        + sentence(12)
        + "\n- "
        + sentence(14)
        + "\n\n"
        + sentence(45)
        + " "
        + sentence(20)
        + "\n"
    )
    chunks = chunk_document(doc(body), ChunkingParams(max_words=max_words))
    body_words = [w for line in body.splitlines() if not line.startswith("#") for w in line.split()]
    chunk_words = [w for c in chunks for w in c.text.split()]
    assert chunk_words == body_words


@pytest.mark.parametrize(
    "lines",
    [
        [f"Label number {i} of the list" for i in range(200)],  # short lines without final punctuation
        [f"{i} May 2024" if i % 2 else f"Milestone {i} reached" for i in range(200)],
    ],
)
def test_chained_short_lines_do_not_grow_a_chunk_past_max_words(lines: list[str]) -> None:
    body = "\n".join(lines) + "\nThe last sentence ends here."
    chunks = chunk_document(doc(body), ChunkingParams(max_words=30))
    assert len(chunks) > 1
    assert max(len(c.text.split()) for c in chunks) <= 30 * 1.25
    assert " ".join(" ".join(c.text.split()) for c in chunks) == " ".join(body.split())  # nothing lost
