"""The shipped knowledge holds the whole EP PerMed page verbatim; its timeline and InfoSheets are right."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from bot.i18n import month_name
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.loader import Knowledge, load_knowledge, validate_knowledge
from tests.shared_folder import SHARED

_PAGE_NAME = "icpermed-ep-permed-page.txt"
# The page text the knowledge was curated from: named by EPPERMED_PAGE_TEXT, kept in tests/data, or shared.
PAGE_TEXT = next(
    (
        path
        for path in (
            Path(os.environ.get("EPPERMED_PAGE_TEXT", "/nonexistent")),
            Path(__file__).resolve().parents[1] / "data" / _PAGE_NAME,
            SHARED / "source" / _PAGE_NAME,
        )
        if path.is_file()
    ),
    SHARED / "source" / _PAGE_NAME,
)
PAGE_URL = "https://www.icpermed.eu/en/ep-permed.php"
SOURCE_URLS = {
    PAGE_URL,
    "https://www.icpermed.eu/en/817.php",
    "https://www.icpermed.eu/news/ep-permed-information-sheets/",
    "https://www.icpermed.eu/en/ep-permed-information-event-presentations-online-850.php",
    "https://www.icpermed.eu/en/751.php",
    "https://www.eppermed.eu/",
}
INFOSHEETS_ON_PAGE = {
    1: "Summary of Draft Concept Paper",
    2: "Stakeholder Community",
    3: "National Hubs for Personalised Medicine",
    4: "Regional Opportunities",
    5: "Joint Funding Activities",
    6: "Industry Involvement",
    7: "International Perspective",
}
MONTHS = [month_name(month, "en") for month in range(1, 13)]
_STEP = re.compile(rf"^- ({'|'.join(MONTHS)}) (\d{{4}}): ")


def normalise(text: str) -> str:
    return " ".join(text.split())


def page_lines() -> list[str]:
    if not PAGE_TEXT.is_file():
        pytest.skip(f"the page text is not on this machine: {PAGE_TEXT}")
    return [normalise(line) for line in PAGE_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]


def page_sentences() -> list[str]:
    """Every sentence of the page text: lines cut after . ! ? or a closing quote followed by a capital."""
    sentences: list[str] = []
    for line in page_lines():
        sentences += [part for part in re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", line) if part]
    return sentences


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def bodies(knowledge: Knowledge) -> list[str]:
    return [normalise(doc.body) for doc in knowledge.documents]


def test_shipped_knowledge_has_no_problems() -> None:
    assert [str(problem) for problem in validate_knowledge(KNOWLEDGE_DIR)] == []


def test_documents_cover_the_page_topics(knowledge: Knowledge) -> None:
    assert [doc.id for doc in knowledge.documents] == [
        "alignment-aim",
        "background-european-partnerships",
        "draft-concept-paper",
        "draft-proposal",
        "guidance-and-infosheets",
        "information-day",
        "overview",
        "timeline",
        "vision-and-activities",
    ]
    for doc in knowledge.documents:
        assert doc.path == f"sources/{doc.id}.md"  # one file per id, named after it
        assert doc.body.startswith("# "), doc.id


def test_every_page_sentence_stands_verbatim_in_a_document(bodies: list[str]) -> None:
    sentences = page_sentences()
    assert len(sentences) > 60  # the split really cut the page into sentences
    missing = [sentence for sentence in sentences if not any(sentence in body for body in bodies)]
    assert missing == []


def test_every_page_line_stands_whole_in_a_document(bodies: list[str]) -> None:
    missing = [line for line in page_lines() if not any(line in body for body in bodies)]
    assert missing == []


def test_timeline_steps_stay_one_list_line_each(knowledge: Knowledge) -> None:
    timeline_lines = set(knowledge.document("timeline").body.splitlines())
    steps = [line for line in page_lines() if line.startswith("- ") and "InfoSheet" not in line]
    assert len(steps) == 11  # nine timeline steps and the two activities of the vision
    assert [step for step in steps[:9] if step not in timeline_lines] == []


def test_metadata_of_the_page_documents(knowledge: Knowledge) -> None:
    for doc in knowledge.documents:
        assert str(doc.meta.url) == PAGE_URL
        assert doc.meta.as_of == "2023"
        assert doc.meta.language == "en"
        assert {str(url) for url in doc.meta.see_also} <= SOURCE_URLS
    assert "https://www.icpermed.eu/news/ep-permed-information-sheets/" in {
        str(url) for url in knowledge.document("guidance-and-infosheets").meta.see_also
    }
    assert "https://www.icpermed.eu/en/ep-permed-information-event-presentations-online-850.php" in {
        str(url) for url in knowledge.document("information-day").meta.see_also
    }


def test_contact_address_is_in_the_overview(knowledge: Knowledge) -> None:
    assert CONTACT_EMAIL == "eppermed@dlr.de"
    assert (
        f"please contact the EP PerMed drafting group: {CONTACT_EMAIL}" in knowledge.document("overview").body
    )


def test_timeline_is_sorted_and_has_every_dated_step(knowledge: Knowledge) -> None:
    keys = [milestone.sort_key for milestone in knowledge.timeline]
    assert keys == sorted(keys)
    page_steps: Counter[str] = Counter()
    for line in page_lines():
        match = _STEP.match(line)
        if match:
            page_steps[f"{match[2]}-{MONTHS.index(match[1]) + 1:02d}"] += 1
    assert sum(page_steps.values()) == 8  # "Background: European Partnerships" has no date
    assert page_steps["2021-05"] == 2
    extra = {"Proposal submission", "Launch of the partnership"}  # from the sentence below the list
    listed = Counter(str(m.date) for m in knowledge.timeline if m.title not in extra)
    assert listed == page_steps


def test_timeline_has_submission_and_planned_launch(knowledge: Knowledge) -> None:
    submission = [m for m in knowledge.timeline if m.title == "Proposal submission"]
    assert len(submission) == 1
    assert (str(submission[0].date), submission[0].status) == ("2023-04", "done")
    launch = knowledge.timeline[-1]
    assert (str(launch.date), launch.status, launch.when) == ("2023-12", "planned", "by the end of 2023")
    assert [m for m in knowledge.timeline if m.status == "planned"] == [launch]


def test_milestone_descriptions_are_source_words(knowledge: Knowledge) -> None:
    page = normalise(" ".join(page_lines()))
    assert [m.description for m in knowledge.timeline if normalise(m.description) not in page] == []
    assert {str(m.url) for m in knowledge.timeline} <= SOURCE_URLS


def test_exactly_the_seven_infosheets_of_the_page(knowledge: Knowledge) -> None:
    assert {sheet.number: sheet.title for sheet in knowledge.infosheets} == INFOSHEETS_ON_PAGE
    assert [sheet.number for sheet in knowledge.infosheets] == list(range(1, 8))
    on_page: dict[int, str] = {}
    for line in page_lines():
        match = re.fullmatch(r"EP PerMed InfoSheet ?(\d) – (.+)", line)
        if match:
            on_page[int(match[1])] = match[2]
    assert on_page == INFOSHEETS_ON_PAGE
    assert {str(sheet.url) for sheet in knowledge.infosheets} == {
        "https://www.icpermed.eu/news/ep-permed-information-sheets/"
    }
