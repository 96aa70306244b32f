"""From a message's text to a reply: commands, questions, callbacks and inline queries. No Telegram here.

The Telegram handlers, the terminal chat and `eppermed-bot ask` all go through one `Router`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from knowledge.models import Chunk, InfoSheet, Milestone, Passage

if TYPE_CHECKING:
    from knowledge.answering import Answer

ReplyKind = Literal[
    "answer",
    "not_found",
    "medical",
    "greeting",
    "thanks",
    "command",
    "unknown_command",
    "error",
    "empty",
    "too_long",
]

_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Button:
    """An inline keyboard button; `callback_data` is at most 64 bytes of UTF-8 (Telegram's limit)."""

    text: str
    callback_data: str


@dataclass(frozen=True)
class Reply:
    """What the bot sends: HTML for parse_mode HTML, whether it answered, the passages and buttons."""

    html: str
    answered: bool
    passages: tuple[Passage, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    kind: ReplyKind = "answer"

    @property
    def text(self) -> str:
        """The HTML with tags removed and entities decoded: what the user reads."""
        return html.unescape(_TAG.sub("", self.html))


@dataclass(frozen=True)
class CallbackReply:
    """The answer to a button press: a toast, maybe a new message, maybe feedback on one passage."""

    toast: str
    reply: Reply | None = None
    feedback: Literal["+", "-"] | None = None
    chunk_ref: str | None = None


@dataclass(frozen=True)
class InlineResult:
    """One result of an inline query (`@bot question` in any chat)."""

    id: str
    title: str
    description: str
    html: str


class AnswersQuestions(Protocol):
    """What the router needs from `knowledge.answering.Answerer`."""

    def answer(self, question: str) -> Answer: ...

    def answer_many(self, questions: list[str]) -> list[Answer]: ...


class KnowledgeView(Protocol):
    """What the router reads from `knowledge.loader.Knowledge`: the data behind the commands."""

    @property
    def timeline(self) -> Sequence[Milestone]: ...

    @property
    def infosheets(self) -> Sequence[InfoSheet]: ...


AnswererSource = Callable[[], AnswersQuestions] | AnswersQuestions
ChunkLookup = Callable[[], Sequence[Chunk]]
