"""Thin Telegram handlers: decide whether a message is for the bot, ask the router, send, count.

Every decision about wording lives in the router; every durable fact goes to the state store.
None of these handlers raises to PTB for a user's input; the error handler logs what slips through.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, InlineQueryLimit, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.batching import AnswerThread
from bot.commands import ADMIN_COMMAND_NAMES, parse_command
from bot.conversation import Conversation, ConversationStore, private_key, thread_key
from bot.exceptions import StateError
from bot.i18n import language_of, t
from bot.index_watch import ReloadResult
from bot.render import MAX_MESSAGE_CHARS, utf16_length
from bot.router import Button, CallbackReply, InlineResult, Reply
from bot.storage import StateStore, Stats, Vote
from bot.usage_chart import CHART_CAPTION, CHART_DAYS, render_usage_chart
from bot.voice.service import VoiceService
from knowledge import CONTACT_EMAIL

_LOG = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")

QUESTION_KINDS = frozenset({"answer", "not_found", "medical"})  # what counts as a question asked
KEEP_KINDS = frozenset({"not_found"})  # unanswered questions maintainers may want to read
INLINE_CACHE_SECONDS = 10
INLINE_CACHE_SIZE = 1024  # (language, query) pairs whose inline results are kept for INLINE_CACHE_SECONDS
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_MEDIA_FIELDS = (
    "sticker",
    "photo",
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
    "story",
)


class RoutesMessages(Protocol):
    """The part of `bot.router.Router` the handlers call (all synchronous, run in worker threads)."""

    @property
    def conversations(self) -> ConversationStore: ...

    def reply(
        self, text: str, *, language: str | None = None, conversation: Conversation | None = None
    ) -> Reply: ...

    def callback(self, data: str, *, language: str | None = None) -> CallbackReply: ...

    def inline(self, query: str, *, language: str | None = None) -> list[InlineResult]: ...


Ask = Callable[[str, str | None, Conversation | None], Awaitable[Reply]]
AskInline = Callable[[str, str | None], Awaitable[list[InlineResult]]]
IndexInfo = Callable[[], Mapping[str, Any] | None]


@dataclass(frozen=True, slots=True)
class Incoming:
    """What a message asks of the bot: a question or command for the router, an admin command, or nothing."""

    action: Literal["ask", "admin", "media", "voice", "ignore"]
    text: str = ""
    command: str = ""


def _mentions_bot(message: Message, username: str, bot_id: int) -> bool:
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value.lstrip("@").casefold() == username.casefold():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id:
            return True
    return False


def strip_mention(text: str, username: str) -> str:
    """The question without `@BotName` (anywhere, any case), white space tidied."""
    cleaned = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(cleaned.split())


def _classify_command(text: str, bot_username: str) -> Incoming | None:
    command = parse_command(text)
    if command is None:
        return None
    name, addressee, rest = command.name, command.bot, command.args
    if addressee is not None and addressee.casefold() != bot_username.casefold():
        return Incoming("ignore")  # /help@OtherBot
    if name in ADMIN_COMMAND_NAMES:
        return Incoming("admin", rest, name)
    return Incoming("ask", f"/{name} {rest}".strip(), name)


def _addressed_in_group(message: Message, text: str, bot_username: str, bot_id: int) -> Incoming:
    if _mentions_bot(message, bot_username, bot_id):
        return Incoming("ask", strip_mention(text, bot_username))
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return Incoming("ask", text)
    return Incoming("ignore")


def classify(message: Message, *, bot_username: str, bot_id: int) -> Incoming:
    """Private chats: everything is for the bot. Groups: commands, mentions and replies to the bot only."""
    chat_type = message.chat.type
    private = chat_type == ChatType.PRIVATE
    if chat_type not in (ChatType.PRIVATE, ChatType.GROUP, ChatType.SUPERGROUP):
        return Incoming("ignore")
    text = message.text
    if text is None:
        if private and (message.voice or message.audio or message.video_note):
            return Incoming("voice")  # speech: transcribed when the extra `voice` is installed
        media = private and any(getattr(message, name, None) for name in _MEDIA_FIELDS)
        return Incoming("media") if media else Incoming("ignore")  # service messages, media in groups
    command = _classify_command(text, bot_username)
    if command is not None:
        return command
    return Incoming("ask", text) if private else _addressed_in_group(message, text, bot_username, bot_id)


def conversation_of(message: Message) -> Conversation:
    """Private chat: the chat is the conversation. Group: the thread of the bot answer replied to (a new
    thread otherwise); the handler keeps the answer's context under the answer it sends."""
    chat_id = message.chat.id
    if message.chat.type == ChatType.PRIVATE:
        return Conversation(private_key(chat_id))
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None and replied.from_user.is_bot
    return Conversation(thread_key(chat_id, replied.message_id if replied and to_bot else 0), remember=False)


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.callback_data) for b in row] for row in rows if row]
    )


def format_stats(stats: Stats, index: Mapping[str, Any] | None) -> str:
    lines = [
        "<b>Bot statistics</b>",
        f"Questions: {stats.questions}",
        f"Answered: {stats.answered}",
        f"Declined: {stats.declined}",
        f"👍: {stats.feedback_up}",
        f"👎: {stats.feedback_down}",
    ]
    if stats.unanswered_kept:
        lines.append(f"Unanswered questions kept: {stats.unanswered_kept}")
    if index:
        shown = ("built_at", "chunks", "model_id")
        facts = ", ".join(f"{k}: {html.escape(str(v))}" for k, v in index.items() if k in shown)
        lines.append(f"Index: {facts}")
    return "\n".join(lines)


class _Recent:
    """A bounded set of recent keys: a second press of the same "more" button sends nothing new."""

    def __init__(self, size: int = 4096) -> None:
        self._keys: OrderedDict[tuple[object, ...], None] = OrderedDict()
        self._size = size

    def add(self, key: tuple[object, ...]) -> bool:
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self._size:
            self._keys.popitem(last=False)
        return True


class _InlineCache:
    """Inline results per (user language, query) for a few seconds: a German user never gets English ones."""

    def __init__(self, size: int = INLINE_CACHE_SIZE, seconds: float = INLINE_CACHE_SECONDS) -> None:
        self._items: OrderedDict[tuple[str, str], tuple[float, list[InlineResult]]] = OrderedDict()
        self._size = size
        self._seconds = seconds

    def get(self, key: tuple[str, str]) -> list[InlineResult] | None:
        found = self._items.get(key)
        if found is None or time.monotonic() - found[0] > self._seconds:
            return None
        return found[1]

    def put(self, key: tuple[str, str], results: list[InlineResult]) -> None:
        self._items[key] = (time.monotonic(), results)
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)


class Handlers:
    """The handlers the Application registers, bound to the router, the store and the admin list."""

    def __init__(
        self,
        router: RoutesMessages,
        store: StateStore,
        *,
        admin_user_ids: frozenset[int],
        worker: AnswerThread,
        ask: Ask | None = None,
        ask_inline: AskInline | None = None,
        reload: Callable[[], Awaitable[ReloadResult]] | None = None,
        index_info: IndexInfo | None = None,
        gaps: Callable[[], Awaitable[str]] | None = None,
        voice: VoiceService | None = None,
    ) -> None:
        self.router = router
        self.store = store
        self.admin_user_ids = admin_user_ids
        self.worker = worker
        self._ask = ask or self._ask_in_thread
        self._ask_inline = ask_inline or self._inline_in_thread
        self._inline_cache = _InlineCache()
        self._reload = reload
        self._index_info = index_info or (lambda: None)
        self._gaps = gaps
        self._shown = _Recent()
        self.voice = voice

    async def _ask_in_thread(
        self, text: str, language: str | None, conversation: Conversation | None
    ) -> Reply:
        return await self.worker.run(self.router.reply, text, language=language, conversation=conversation)

    async def _inline_in_thread(self, query: str, language: str | None) -> list[InlineResult]:
        return await self.worker.run(self.router.inline, query, language=language)

    async def _best_effort(self, what: str, fn: Callable[[], T]) -> T | None:
        """Counters and votes must never cost a reply: a locked or full database is logged and skipped."""
        try:
            return await asyncio.to_thread(fn)
        except StateError as exc:
            _LOG.warning("%s not recorded: %s", what, exc)
            return None

    async def on_message(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or update.edited_message is not None:
            return
        incoming = classify(message, bot_username=context.bot.username, bot_id=context.bot.id)
        if incoming.action == "ignore":
            return
        user = update.effective_user
        language = user.language_code if user is not None else None
        if incoming.action == "voice" and self.voice is not None:
            await self._voice(self.voice, message, context, language)
            return
        if incoming.action in ("media", "voice"):  # voice without the extra: say how to ask by text
            await message.reply_text(t("media_only", language), parse_mode=ParseMode.HTML)
            return
        if incoming.action == "admin":
            await self._admin(message, incoming.command, language)
            return
        await self._answer(message, incoming.text, language)

    async def _voice(
        self, voice: VoiceService, message: Message, context: Context, language: str | None
    ) -> None:
        """A spoken question: transcribed off the loop, then answered exactly like the same text typed."""
        heard = await voice.listen(message, context.bot)
        if heard.transcript is None:
            refusal = t(heard.refusal or "voice_unreadable", language, **heard.fields)
            await message.reply_text(refusal, parse_mode=ParseMode.HTML)
            return
        await self._answer(message, heard.transcript, language, heard=heard.transcript)

    async def _answer(
        self, message: Message, text: str, language: str | None, *, heard: str | None = None
    ) -> None:
        try:
            reply = await self._ask(text, language, conversation_of(message))
        except Exception as exc:  # the router failed: tell the user; log the type, not the question
            _LOG.error("answering failed in a %s chat: %s", message.chat.type, type(exc).__name__)
            _LOG.debug("answering failure", exc_info=exc)
            apology = t("error", language, email=CONTACT_EMAIL)
            await message.reply_text(apology, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
            return
        if reply.kind == "ignored" or not reply.html:
            return  # e.g. a command addressed to another bot
        if reply.kind in QUESTION_KINDS:  # counted before sending: /stats never lags a visible reply
            await self._best_effort("a question", lambda: self._count(reply, text, language))
        body = reply.html
        if heard is not None:  # "You asked: …" above the answer, or on its own when both do not fit
            said = t("voice_heard", language, text=html.escape(heard))
            if utf16_length(said) + utf16_length(reply.text) + 2 <= MAX_MESSAGE_CHARS:  # HTML: an overcount
                body = f"{said}\n\n{body}"
            else:
                await message.reply_text(said, parse_mode=ParseMode.HTML)
        sent = await message.reply_text(
            body,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply.buttons),
            link_preview_options=NO_PREVIEW,
        )
        if reply.context and message.chat.type != ChatType.PRIVATE:  # replies to this answer continue it
            self.router.conversations.put(thread_key(message.chat.id, sent.message_id), reply.context)

    def _count(self, reply: Reply, text: str, language: str | None) -> None:
        self.store.count_question(answered=reply.answered, medical=reply.kind == "medical")
        if not reply.answered and reply.kind in KEEP_KINDS:
            self.store.keep_question(text, language=language)

    async def _admin(self, message: Message, command: str, language: str | None) -> None:
        user = message.from_user
        if user is None or user.id not in self.admin_user_ids:
            _LOG.info("admin command /%s refused for a non-admin user", command)
            await message.reply_text(t("admin_only", language))
            return
        if command == "stats":
            try:
                stats = await asyncio.to_thread(self.store.stats)
            except sqlite3.Error as exc:  # locked past the busy timeout or damaged: say so, keep running
                _LOG.error("stats could not be read: %s", type(exc).__name__)
                await message.reply_text(f"The figures could not be read from the state database ({exc}).")
                return
            await message.reply_text(format_stats(stats, self._index_info()), parse_mode=ParseMode.HTML)
            await self._send_chart(message)
            return
        if command == "gaps":
            report = await self._gaps_reply()
            await message.reply_text(report, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
            return
        if self._reload is None:
            await message.reply_text("Reloading is not available in this mode.")
            return
        result = await self._reload()
        await message.reply_text(f"Reload: {result.outcome}. {result.detail}".strip())

    async def _gaps_reply(self) -> str:
        if self._gaps is None:
            return "The gaps report is not available in this mode."
        try:
            return await self._gaps()
        except Exception as exc:  # an unreadable state database or a failing model: say so, keep running
            _LOG.error("gaps report failed: %s", type(exc).__name__)
            return html.escape(f"The gaps report could not be made: {exc}")

    def _chart(self) -> bytes:
        return render_usage_chart(self.store.daily(days=CHART_DAYS))

    async def _send_chart(self, message: Message) -> None:
        """The usage chart after the figures; the figures stand alone when it cannot be drawn."""
        try:
            png = await asyncio.to_thread(self._chart)
        except Exception as exc:  # matplotlib or the database: the figures were sent already
            _LOG.error("usage chart failed: %s", type(exc).__name__)
            return
        await message.reply_photo(png, caption=CHART_CAPTION)

    async def on_callback(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        language = query.from_user.language_code
        try:
            # not on the answer thread: a button is answered at once, even behind a burst of questions
            result = await asyncio.to_thread(self.router.callback, query.data or "", language=language)
        except Exception:  # old or foreign callback data: answer it anyway, never leave the spinner
            _LOG.warning("callback could not be routed", exc_info=True)
            await query.answer(t("callback_unknown", language))
            return
        toast = result.toast
        origin = query.message
        chat_id = origin.chat.id if origin is not None else None
        message_id = origin.message_id if origin is not None else 0
        if result.feedback is not None:
            vote: Vote = "up" if result.feedback == "+" else "down"
            new = await self._best_effort(
                "a vote",
                lambda: self.store.record_feedback(
                    chat_id=chat_id or 0,
                    message_id=message_id,
                    user_id=query.from_user.id,
                    vote=vote,
                    answer_ref=result.chunk_ref or "",
                ),
            )
            if new is False:
                toast = t("feedback_already", language)
        send = result.reply
        if send is not None and not self._shown.add((chat_id, message_id, query.data)):
            send, toast = None, t("more_already_shown", language)
        await query.answer(toast[:200] or None)
        if send is not None and chat_id is not None:
            await context.bot.send_message(
                chat_id,
                send.html,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(send.buttons),
                link_preview_options=NO_PREVIEW,
            )

    async def on_inline(self, update: Update, context: Context) -> None:
        query = update.inline_query
        if query is None:
            return
        language = query.from_user.language_code
        key = (language_of(language), " ".join(query.query.split()))
        found = self._inline_cache.get(key)
        if found is None:
            try:
                found = await self._ask_inline(query.query, language)
                self._inline_cache.put(key, found)
            except Exception:  # not cached: the next keystroke tries again
                _LOG.exception("inline query failed")
                found = []
        results = [
            InlineQueryResultArticle(
                id=r.id[:64],
                title=r.title,
                description=r.description,
                input_message_content=InputTextMessageContent(
                    r.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                ),
            )
            for r in found[: InlineQueryLimit.RESULTS]  # Telegram's limit for answerInlineQuery
        ]
        # personal: Telegram's own cache would hand one user's language to everyone typing the same words
        await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=True)

    async def on_flood(self, update: object) -> None:
        """Sent once when a chat's lane overflows: the latest messages are answered, the others dropped."""
        message = update.effective_message if isinstance(update, Update) else None
        if message is None:
            return
        user = message.from_user
        language = user.language_code if user is not None else None
        await message.get_bot().send_message(chat_id=message.chat_id, text=t("slow_down", language))

    async def on_edited(self, update: Update, context: Context) -> None:
        """Edits are ignored on purpose: the answer to the first version stands, and re-answering spams."""
        _LOG.debug("edited message ignored (update %s)", update.update_id)

    async def on_error(self, update: object, context: Context) -> None:
        """Log the failure by type and update id only: no message text, no token."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        level = logging.WARNING if isinstance(error, TelegramError) else logging.ERROR
        _LOG.log(
            level,
            "update %s failed: %s",
            update_id,
            type(error).__name__,
            exc_info=error if level == logging.ERROR else None,
        )
