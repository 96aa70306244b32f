"""Commands as data: /timeline, /infosheets, /contact, /start, /help from the knowledge files."""

from __future__ import annotations

import re

import pytest

from bot.commands import (
    ADMIN_COMMAND_NAMES,
    ADMIN_COMMANDS,
    COMMANDS,
    bot_commands,
    parse_command,
    run_command,
)
from bot.i18n import LANGUAGES
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.loader import Knowledge, load_knowledge
from knowledge.models import Document, DocumentMeta, InfoSheet, Milestone
from tests.unit.html_rules import check_telegram_html

PAGE = "https://www.icpermed.eu/en/ep-permed.php"
NEWS = "https://www.icpermed.eu/en/751.php"


@pytest.fixture(scope="module")
def real() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


def milestone(
    date: str, description: str, *, url: str = PAGE, planned: bool = False, when: str | None = None
) -> Milestone:
    return Milestone.model_validate(
        {
            "date": date,
            "title": description[:20],
            "description": description,
            "url": url,
            "status": "planned" if planned else "done",
            "when": when,
        }
    )


@pytest.fixture
def small() -> Knowledge:
    doc = Document(
        meta=DocumentMeta(
            id="timeline", title="Timeline & steps", url=PAGE, as_of="2023", tags=("timeline",)
        ),
        body="Body.",
        path="timeline.md",
    )
    other = Document(
        meta=DocumentMeta(id="aaa-first", title="Another page", url=PAGE, as_of="2022", tags=("other",)),
        body="Body.",
        path="aaa.md",
    )
    timeline = (
        milestone("2023-04", "Publication of the <SRIA>"),
        milestone("2021-02", "draft concept paper", url=NEWS),
        milestone("2023-12", "launch of the partnership", planned=True, when="by the end of 2023"),
        milestone("2022-11", "Online-Consultation"),
    )
    sheets = tuple(InfoSheet(number=n, title=f"Sheet {n}", url=NEWS) for n in (3, 1, 2))
    return Knowledge(documents=(other, doc), timeline=timeline, infosheets=sheets)


def test_parse_command() -> None:
    assert parse_command("/timeline") == parse_command("  /Timeline  ")
    parsed = parse_command("/timeline@EpPermedBot please")
    assert parsed is not None
    assert (parsed.name, parsed.bot, parsed.args) == ("timeline", "EpPermedBot", "please")
    assert parse_command("what is /timeline?") is None
    assert parse_command("/") is None
    assert parse_command("/ timeline") is None
    assert parse_command("/" + "x" * 33) is None


def test_timeline_is_in_date_order_with_planned_items_marked(small: Knowledge) -> None:
    reply = run_command("timeline", small, "en")
    text = check_telegram_html(reply.html)
    lines = text.splitlines()
    assert lines[0] == "The steps towards EP PerMed:"
    assert lines[1:5] == [
        "February 2021 – Draft concept paper (source)",
        "November 2022 – Online-Consultation",
        "April 2023 – Publication of the <SRIA>",
        "by the end of 2023 – Launch of the partnership (planned as of 2023)",
    ]
    assert f'<a href="{NEWS}">source</a>' in reply.html
    assert f'<a href="{PAGE}">Timeline &amp; steps</a>' in reply.html  # the document on this topic
    assert "as of 2023" in lines[-1]
    assert reply.kind == "command"
    assert reply.answered


def test_timeline_speaks_the_users_language(small: Knowledge) -> None:
    text = check_telegram_html(run_command("timeline", small, "de").html)
    assert "Februar 2021 – Draft concept paper (Quelle)" in text
    assert "(geplant, Stand 2023)" in text


def test_infosheets_by_number_with_link(small: Knowledge) -> None:
    reply = run_command("infosheets", small, "en")
    text = check_telegram_html(reply.html)
    assert text.splitlines()[1:4] == ["InfoSheet 1: Sheet 1", "InfoSheet 2: Sheet 2", "InfoSheet 3: Sheet 3"]
    assert f'<a href="{NEWS}">{NEWS}</a>' in reply.html  # no document names this page: the address itself


def test_real_timeline_and_infosheets(real: Knowledge) -> None:
    timeline = check_telegram_html(run_command("timeline", real, "en").html)
    assert "April 2023 – Publication of the Strategic Research and Innovation Agenda (SRIA)" in timeline
    assert "(planned as of 2023)" in timeline
    months = [line.split(" – ")[0] for line in timeline.splitlines()[1:] if " – " in line]
    assert months[0] == "February 2021"
    sheets = check_telegram_html(run_command("infosheets", real, "en").html)
    numbers = re.findall(r"^InfoSheet (\d):", sheets, flags=re.M)
    assert numbers == [str(n) for n in range(1, 8)]
    assert "International Perspective" in sheets


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", [c.name for c in COMMANDS])
def test_every_command_is_valid_html_in_every_language(real: Knowledge, name: str, lang: str) -> None:
    reply = run_command(name, real, lang)
    check_telegram_html(reply.html)
    assert reply.kind == "command"


def test_contact_start_and_help(real: Knowledge) -> None:
    contact = check_telegram_html(run_command("contact", real).html)
    assert CONTACT_EMAIL in contact
    assert "https://www.eppermed.eu/" in contact
    start = check_telegram_html(run_command("start", real).html)
    help_text = check_telegram_html(run_command("help", real).html)
    for command in COMMANDS:
        assert f"/{command.name} – " in start
        assert f"/{command.name} – " in help_text
    assert "as of 2023" in start
    assert "No message text is stored by default" in help_text
    assert "What happened in November 2022?" in help_text


def test_unknown_command_lists_the_commands(real: Knowledge) -> None:
    reply = run_command("weather", real, "it")
    text = check_telegram_html(reply.html)
    assert reply.kind == "unknown_command"
    assert not reply.answered
    assert "Non conosco questo comando" in text
    assert "/timeline" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bot_commands_meet_set_my_commands_rules(lang: str) -> None:
    pairs = bot_commands(lang)
    assert [name for name, _ in pairs] == ["start", "help", "timeline", "infosheets", "contact", "new"]
    for name, description in pairs:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name)
        assert 1 <= len(description) <= 256


def test_admin_commands_are_apart_from_the_public_ones_and_meet_set_my_commands_rules() -> None:
    assert not ADMIN_COMMAND_NAMES & {c.name for c in COMMANDS}  # a public command is never admin-only
    for command in ADMIN_COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command.name)
        assert 1 <= len(command.description) <= 256
