"""From a message's text to a reply: commands, questions, callbacks and inline queries. No Telegram here.

The Telegram handlers, the terminal chat and `eppermed-bot ask` all go through one `Router`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Literal, Protocol, TypeGuard

from bot.commands import NEW_COMMAND, KnowledgeView, help_, parse_command, run_command
from bot.conversation import MAX_TURNS, Conversation, ConversationStore
from bot.i18n import t
from bot.render import (
    FEEDBACK_PREFIX,
    MORE_PREFIX,
    Button,
    Reply,
    ReplyKind,
    chunk_ref,
    notice,
    passage_from_chunk,
    passage_ref,
    render_answer,
    render_more,
    render_passage,
    with_about,
)
from knowledge import CONTACT_EMAIL
from knowledge.answerability import AskedFor, asked_for, has_asked_for
from knowledge.exceptions import KnowledgeError
from knowledge.followup import (
    Candidate,
    Resolution,
    Turn,
    candidates,
    choose,
    remember,
    resolve,
    standalone,
)
from knowledge.lexical import tokenize
from knowledge.models import Chunk, Passage

if TYPE_CHECKING:
    from knowledge.answering import Answer

__all__ = [
    "AnswersQuestions",
    "Button",
    "CallbackReply",
    "InlineResult",
    "Reply",
    "ReplyKind",
    "Router",
]


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


class ChunkSource(Protocol):
    """What the router reads from `knowledge.search.Searcher`: the chunks of the current index."""

    @property
    def chunks(self) -> Sequence[Chunk]: ...

    def idf_of(self, token: str) -> float: ...


class AnswersQuestions(Protocol):
    """What the router needs from `knowledge.answering.Answerer`."""

    @property
    def searcher(self) -> ChunkSource: ...

    def answer(self, question: str) -> Answer: ...

    def answer_many(self, questions: list[str]) -> list[Answer]: ...

    def surroundings(self, chunk_id: str, ranked: Sequence[Passage]) -> tuple[str, str]: ...


AnswererSource = Callable[[], AnswersQuestions] | AnswersQuestions
MAX_INLINE_PASSAGES = 3  # passages offered as results of one inline query (the answer first)
_LOG = logging.getLogger(__name__)


class Router:
    """Commands, questions, button presses and inline queries to replies; pure, thread-safe, reloadable.

    `answerer` may be a factory: it is called once, on the first question, so commands answer at once.
    """

    def __init__(
        self,
        answerer: AnswererSource,
        knowledge: KnowledgeView,
        *,
        bot_username: str | None = None,
        max_question_chars: int = 1000,
        conversations: ConversationStore | None = None,
    ) -> None:
        self._factory: Callable[[], AnswersQuestions] | None = None
        self._answerer: AnswersQuestions | None = None
        if _is_answerer(answerer):
            self._answerer = answerer
        elif callable(answerer):
            self._factory = answerer
        self.knowledge = knowledge
        self.bot_username = bot_username.lstrip("@") if bot_username else None
        self.max_question_chars = max_question_chars
        self._lock = threading.Lock()
        self._refs: tuple[Sequence[Chunk], dict[str, Chunk]] | None = None  # (chunk list, ref -> chunk)
        self._title_stems: tuple[Sequence[Chunk], frozenset[str]] | None = None
        self.conversations = conversations if conversations is not None else ConversationStore()

    @property
    def answerer(self) -> AnswersQuestions:
        """The current answerer, created on first use when a factory was given."""
        current = self._answerer
        if current is not None:
            return current
        with self._lock:
            if self._answerer is None:
                assert self._factory is not None
                self._answerer = self._factory()
            return self._answerer

    def set_answerer(self, answerer: AnswersQuestions) -> None:
        """Hot reload: later questions and buttons use the new index; one reference is swapped, and every
        conversation starts afresh (the passages it was about may have changed)."""
        self._answerer = answerer
        self.conversations.clear()

    def reply(
        self, text: str, *, language: str | None = None, conversation: Conversation | None = None
    ) -> Reply:
        """The reply to one message: a command's, a question's, or a polite refusal.

        With a `conversation`, a follow-up question is resolved against its earlier turns."""
        return self.replies([text], language=language, conversations=[conversation])[0]

    def replies(
        self,
        texts: Sequence[str],
        *,
        language: str | None = None,
        conversations: Sequence[Conversation | None] | None = None,
    ) -> list[Reply]:
        """Replies in order; the questions among the texts are answered in batches (one embedding call each).

        Messages of one conversation are taken in order, one per batch, so a follow-up sees the turn before.
        """
        where = list(conversations) if conversations is not None else [None] * len(texts)
        if len(where) != len(texts):
            raise ValueError("replies() needs one conversation (or None) per text")
        out: list[Reply | None] = [None] * len(texts)
        queues: dict[object, list[int]] = {}
        for i, conversation in enumerate(where):
            queues.setdefault(conversation.key if conversation else ("alone", i), []).append(i)
        while queues:
            wave: list[int] = []
            for key in list(queues):
                queue = queues[key]
                while queue and out[queue[0]] is None:
                    i = queue[0]
                    early = self._without_answerer(texts[i], language, where[i])
                    if early is None:
                        break
                    out[i] = early
                    queue.pop(0)
                if queue:
                    wave.append(queue.pop(0))
                if not queue:
                    del queues[key]
            if wave:
                self._answer_wave(texts, where, wave, out, language)
        return [r for r in out if r is not None]

    def _answer_wave(
        self,
        texts: Sequence[str],
        where: Sequence[Conversation | None],
        wave: list[int],
        out: list[Reply | None],
        language: str | None,
    ) -> None:
        """Answer one question of each conversation (and every lone one) in one batch, then remember them."""
        answerer = self.answerer  # one index for the whole wave, even if a reload swaps it meanwhile
        titles = self._titles(answerer)
        resolutions: list[Resolution] = []
        histories: list[tuple[Turn, ...]] = []
        for i in wave:
            conversation = where[i]
            history = self.conversations.turns(conversation.key) if conversation else ()
            histories.append(history)
            resolutions.append(resolve(texts[i], history[-1] if history else None, titles=titles))
        # a rewritten follow-up is answered in several readings, all in the same batch
        readings = [
            candidates(texts[i], r, h[-1] if h else None)
            for r, i, h in zip(resolutions, wave, histories, strict=True)
        ]
        questions = [reading.query for group in readings for reading in group]
        try:
            answers = answerer.answer_many(questions)
        except KnowledgeError as exc:
            _LOG.error("answering failed: %s", type(exc).__name__)
            for i in wave:
                out[i] = notice("error", t("error", language, email=CONTACT_EMAIL))
            return
        start = 0
        for i, asked, history, group in zip(wave, resolutions, histories, readings, strict=True):
            found = answers[start : start + len(group)]
            start += len(group)
            answer, resolution = self._settled(
                answerer, texts[i], asked, group, found, earlier=_quoted_before(asked, history)
            )
            reply = render_answer(answer, language)
            if reply.kind in ("answer", "not_found"):
                turn = remember(
                    resolution,
                    passages=tuple(p.chunk_id for p in answer.passages),
                    answered=answer.answered,
                )
                context = (*history, turn)[-MAX_TURNS:]
                reply = replace(reply, context=context)
                conversation = where[i]
                if conversation is not None and conversation.remember:
                    self.conversations.put(conversation.key, context)
            if resolution.rewritten:
                reply = replace(with_about(reply, resolution.about, language), understood_as=resolution.query)
            out[i] = reply

    @staticmethod
    def _settled(
        answerer: AnswersQuestions,
        text: str,
        asked: Resolution,
        readings: Sequence[Candidate],
        found: Sequence[Answer],
        *,
        earlier: str | None,
    ) -> tuple[Answer, Resolution]:
        """A follow-up's answer: the passage its readings agree on (or the one quoted before, when nearly as
        good); the message's own answer when only it found that passage; the rewrite's decline when no
        reading is answered."""
        if not asked.rewritten:
            return found[0], asked
        wanted = asked_for(asked.query)
        fits = partial(_holds, wanted) if wanted is not None else None
        choice = choose(
            readings,
            found,
            answerer.searcher.idf_of,
            earlier=earlier,
            fits=fits,
            surroundings=answerer.surroundings,
        )
        return choice.answer, (asked if choice.contextual else standalone(text))

    def _without_answerer(
        self, text: str, language: str | None, conversation: Conversation | None = None
    ) -> Reply | None:
        stripped = text.strip()
        if not stripped:
            return notice("empty", t("empty", language))
        command = parse_command(stripped)
        if command is not None:
            if command.bot and self.bot_username and command.bot.casefold() != self.bot_username.casefold():
                return notice("ignored", "")
            if command.name == NEW_COMMAND and conversation is not None:
                key = conversation.key
                self.conversations.forget(key)
                if isinstance(key, tuple) and key[:1] == ("thread",):
                    self.conversations.forget_chat(key[1])
            if command.name == "help":
                return help_(self.knowledge, language, minutes=self.conversations.quiet_minutes)
            return run_command(command.name, self.knowledge, language)
        if len(stripped) > self.max_question_chars:
            return notice("too_long", t("too_long", language, limit=self.max_question_chars))
        return None

    def callback(self, data: str, *, language: str | None = None) -> CallbackReply:
        """A button press: more sources, or 👍/👎 on the passage an answer relied on."""
        if data.startswith(MORE_PREFIX):
            refs = [r for r in data.removeprefix(MORE_PREFIX).split(",") if r]
            return self._more(refs, language)
        parts = data.split(":")
        if len(parts) == 3 and parts[0] + ":" == FEEDBACK_PREFIX and parts[1] in ("+", "-") and parts[2]:
            vote: Literal["+", "-"] = "+" if parts[1] == "+" else "-"
            toast = (
                t("feedback_up", language)
                if vote == "+"
                else t("feedback_down", language, email=CONTACT_EMAIL)
            )
            chunk = self._chunks_by_ref().get(parts[2])
            return CallbackReply(toast=toast, feedback=vote, chunk_ref=chunk.chunk_id if chunk else parts[2])
        return CallbackReply(toast=t("callback_unknown", language))

    def _more(self, refs: list[str], language: str | None) -> CallbackReply:
        by_ref = self._chunks_by_ref()
        found = [by_ref[r] for r in refs if r in by_ref]
        if not found:
            return CallbackReply(toast=t("sources_updated", language))
        passages = [passage_from_chunk(c) for c in found]
        reply = render_more(passages, language, partly_updated=len(found) < len(refs))
        return CallbackReply(toast="", reply=reply)

    def _titles(self, answerer: AnswersQuestions) -> frozenset[str]:
        """The stems of the words naming the answerer's documents and sections (for `resolve`)."""
        chunks = answerer.searcher.chunks
        cached = self._title_stems
        if cached is not None and cached[0] is chunks:
            return cached[1]
        # a document's own name, before its subtitle: "Draft Proposal", "EP PerMed Information Day"
        names = {re.split(r"[:(]", c.title, maxsplit=1)[0] for c in chunks}
        stems = frozenset(t for name in names for t in tokenize(name) if not t.isdigit())
        self._title_stems = (chunks, stems)
        return stems

    def _chunks_by_ref(self) -> dict[str, Chunk]:
        """Refs of the current index's chunks, recomputed only when the index changes."""
        chunks = self.answerer.searcher.chunks
        cached = self._refs  # holds the list itself: an id() could be reused once the old index is freed
        if cached is not None and cached[0] is chunks:
            return cached[1]
        table = {chunk_ref(c): c for c in chunks}
        self._refs = (chunks, table)
        return table

    def inline(self, query: str, *, language: str | None = None) -> list[InlineResult]:
        """Inline mode (`@bot question` in any chat): the answer, then the other passages it found."""
        text = query.strip()
        if not text or len(text) > self.max_question_chars or parse_command(text):
            return []
        answer = self.answerer.answer(text)  # a KnowledgeError reaches the handler, which caches nothing
        reply = render_answer(answer, language)
        if reply.kind == "ignored" or not reply.html:
            return []
        if not reply.answered:
            title = {"not_found": t("inline_not_found", language), "medical": t("inline_medical", language)}
            heading = title.get(reply.kind, "EP PerMed")
            return [InlineResult(f"{reply.kind}-{_digest(text)}", heading, _snippet(reply.text), reply.html)]
        results = []
        for position, passage in enumerate(answer.passages[:MAX_INLINE_PASSAGES]):
            html_text = reply.html if position == 0 else render_passage(passage, language).html
            lead = answer.lead if position == 0 and answer.lead else passage.text
            results.append(InlineResult(passage_ref(passage), passage.title, _snippet(lead), html_text))
        return results


def _holds(wanted: AskedFor, passage: Passage) -> bool:
    return has_asked_for(wanted, passage.text)


def _quoted_before(asked: Resolution, history: tuple[Turn, ...]) -> str | None:
    """The passage quoted for the previous answer, when the follow-up is about the same thing (after
    "And the launch?" the earlier passage is about what it no longer asks)."""
    if not asked.rewritten or not history or not history[-1].passages or asked.about != history[-1].focus:
        return None
    return history[-1].passages[0]


def _is_answerer(value: AnswererSource) -> TypeGuard[AnswersQuestions]:
    return hasattr(value, "answer_many")


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _snippet(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
