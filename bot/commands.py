"""The bot's commands as data and plain functions: the Telegram bot, the terminal chat and `ask` share them.

/timeline and /infosheets are built from timeline.yaml and infosheets.yaml, never typed by hand here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from bot.i18n import t
from bot.render import SITE_URL, Reply, as_of_label, link, notice
from knowledge import CONTACT_EMAIL
from knowledge.models import Document, InfoSheet, Milestone

# `/name`, `/name@BotName`, optionally followed by arguments (Telegram's rules: a-z 0-9 _, 1-32 chars).
_COMMAND = re.compile(
    r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>[A-Za-z0-9_]{1,64}))?(?:\s+(?P<args>.*))?$", re.S
)


class KnowledgeView(Protocol):
    """What the commands read from `knowledge.loader.Knowledge`."""

    @property
    def documents(self) -> Sequence[Document]: ...

    @property
    def timeline(self) -> Sequence[Milestone]: ...

    @property
    def infosheets(self) -> Sequence[InfoSheet]: ...


CommandFunction = Callable[[KnowledgeView, str | None], Reply]


@dataclass(frozen=True)
class Command:
    """One command: its name (without the slash), its description key in the catalogue, what it does."""

    name: str
    description_key: str
    run: CommandFunction

    def description(self, lang: str | None = None) -> str:
        return t(self.description_key, lang)


@dataclass(frozen=True)
class ParsedCommand:
    """A message that is a command: its name (lower-case), the @bot it names if any, and its arguments."""

    name: str
    bot: str | None
    args: str


def parse_command(text: str) -> ParsedCommand | None:
    """The command in a message, or None when the message is not a command."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return ParsedCommand(match["name"].casefold(), match["bot"], (match["args"] or "").strip())


def command_list(lang: str | None = None) -> str:
    """One line per command, `/name – what it does`, for /start, /help and unknown commands."""
    return "\n".join(f"/{c.name} – {escape(c.description(lang))}" for c in COMMANDS)


def contact(knowledge: KnowledgeView, lang: str | None = None) -> Reply:
    return notice("command", t("contact", lang, email=CONTACT_EMAIL, site=SITE_URL), answered=True)


def start(knowledge: KnowledgeView, lang: str | None = None) -> Reply:
    as_of = escape(as_of_label(_latest_as_of(knowledge), lang))
    return notice("command", t("start", lang, as_of=as_of, commands=command_list(lang)), answered=True)


def help_(knowledge: KnowledgeView, lang: str | None = None, *, minutes: int = 10) -> Reply:
    """How to ask, the commands, and the privacy rules (`minutes`: how long a conversation is remembered)."""
    text = t("help", lang, commands=command_list(lang), email=CONTACT_EMAIL, minutes=minutes)
    return notice("command", text, answered=True)


def timeline(knowledge: KnowledgeView, lang: str | None = None) -> Reply:
    """The milestones in date order; planned ones say as of when they were planned."""
    milestones = sorted(knowledge.timeline, key=lambda m: m.sort_key)
    main_url = _most_common([str(m.url) for m in milestones])
    lines = [f"<b>{escape(t('timeline_header', lang))}</b>"]
    for milestone in milestones:
        when = milestone.when or _month_year(milestone.date.month, milestone.date.year, lang)
        line = f"<b>{escape(when)}</b> – {escape(_capitalised(milestone.description))}"
        if milestone.status == "planned":
            as_of = as_of_label(_as_of_for(knowledge, str(milestone.url), "timeline"), lang)
            line += " " + escape(t("planned_mark", lang, as_of=as_of))
        if str(milestone.url) != main_url:
            line += f" ({link(str(milestone.url), t('source_word', lang))})"
        lines.append(line)
    return _listing(lines, knowledge, main_url, "timeline", lang)


def infosheets(knowledge: KnowledgeView, lang: str | None = None) -> Reply:
    """The InfoSheets by number and title, with where to read them."""
    sheets = sorted(knowledge.infosheets, key=lambda s: s.number)
    main_url = _most_common([str(s.url) for s in sheets])
    lines = [f"<b>{escape(t('infosheets_header', lang))}</b>"]
    for sheet in sheets:
        line = escape(t("infosheet_item", lang, number=sheet.number, title=sheet.title))
        if str(sheet.url) != main_url:
            line += f" ({link(str(sheet.url), t('source_word', lang))})"
        lines.append(line)
    return _listing(lines, knowledge, main_url, "infosheets", lang)


def _listing(
    lines: list[str], knowledge: KnowledgeView, main_url: str, topic: str, lang: str | None
) -> Reply:
    """A command's list, closed by the source most of its items come from."""
    if main_url:
        lines += ["", _source_line(knowledge, main_url, topic, lang)]
    return notice("command", "\n".join(lines), answered=True)


def new(knowledge: KnowledgeView, lang: str | None = None) -> Reply:
    """The confirmation of /new; the router forgets the conversation before it answers."""
    return notice("command", t("new_done", lang), answered=True)


def unknown_command(lang: str | None = None) -> Reply:
    return notice("unknown_command", t("unknown_command", lang, commands=command_list(lang)))


COMMANDS: tuple[Command, ...] = (
    Command("start", "cmd_start", start),
    Command("help", "cmd_help", help_),
    Command("timeline", "cmd_timeline", timeline),
    Command("infosheets", "cmd_infosheets", infosheets),
    Command("contact", "cmd_contact", contact),
    Command("new", "cmd_new", new),
)
NEW_COMMAND = "new"
BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}


@dataclass(frozen=True)
class AdminCommand:
    """A command for configured admins only, run by the Telegram handlers; its menu line is in English."""

    name: str
    description: str


ADMIN_COMMANDS: tuple[AdminCommand, ...] = (
    AdminCommand("stats", "Counters: questions, answers, feedback"),
    AdminCommand("reload", "Reload the published index"),
    AdminCommand("gaps", "Declined questions and down votes by topic"),
)
ADMIN_COMMAND_NAMES = frozenset(c.name for c in ADMIN_COMMANDS)


def bot_commands(lang: str | None = None) -> list[tuple[str, str]]:
    """(command, description) pairs for Telegram's setMyCommands, in the given language."""
    return [(c.name, c.description(lang)) for c in COMMANDS]


def run_command(name: str, knowledge: KnowledgeView, lang: str | None = None) -> Reply:
    """The reply to `/name`; an unknown name gets the list of commands."""
    command = BY_NAME.get(name.casefold())
    return command.run(knowledge, lang) if command else unknown_command(lang)


def _capitalised(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _month_year(month: int, year: int, lang: str | None) -> str:
    return as_of_label(f"{year:04d}-{month:02d}", lang)


def _most_common(urls: list[str]) -> str:
    return Counter(urls).most_common(1)[0][0] if urls else ""


def _document_for(knowledge: KnowledgeView, url: str, topic: str = "") -> Document | None:
    """The document behind a source page: the one on this topic (a tag) published at or drawing on `url`,
    else the only document published there."""

    def at(doc: Document) -> bool:
        return str(doc.meta.url) == url or url in (str(u) for u in doc.meta.see_also)

    for doc in knowledge.documents:
        if at(doc) and topic.casefold() in (tag.casefold() for tag in doc.meta.tags):
            return doc
    published_there = [d for d in knowledge.documents if str(d.meta.url) == url]
    return published_there[0] if len(published_there) == 1 else None


def _latest_as_of(knowledge: KnowledgeView) -> str:
    return max((d.meta.as_of for d in knowledge.documents), default="")


def _as_of_for(knowledge: KnowledgeView, url: str, topic: str = "") -> str:
    doc = _document_for(knowledge, url, topic)
    return doc.meta.as_of if doc else _latest_as_of(knowledge)


def _source_line(knowledge: KnowledgeView, url: str, topic: str, lang: str | None) -> str:
    doc = _document_for(knowledge, url, topic)
    title = doc.meta.title if doc else url
    as_of = escape(as_of_label(doc.meta.as_of if doc else _latest_as_of(knowledge), lang))
    return t("source", lang, link=link(url, title), as_of=as_of)
