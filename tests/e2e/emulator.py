"""A local Telegram Bot API for end-to-end tests: the real PTB Application talks to it over HTTP.

It refuses what api.telegram.org refuses (same status, same description), so a bot that breaks
Telegram's limits fails here and not in production. Usage (more in docs/development.md):

    async with BotApiEmulator() as emu:
        app = ApplicationBuilder().token(emu.token).base_url(emu.base_url).build()
        ...start polling...
        emu.push_message(chat_id=42, text="hello")
        await emu.wait_until(lambda: emu.sent_messages(42))
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Literal, NamedTuple

import httpx
import tornado.httpserver
import tornado.netutil

from tests.e2e.emulator_errors import ApiRefusal
from tests.e2e.emulator_flood import FloodGate, FloodLimits
from tests.e2e.emulator_methods import BotApiMethods, Params, public, replied
from tests.e2e.emulator_objects import (
    GROUP_TYPES,
    ChatType,
    MessageKind,
    bot_user,
    chat,
    content,
    human_user,
    is_for_bot,
    now,
    speech,
)
from tests.e2e.emulator_server import NGINX_502, Connection, Reply, Upload, make_app
from tests.e2e.emulator_state import State, StoredFile, scope_key

__all__ = ["ApiCall", "BotApiEmulator", "FloodLimits", "Refusal"]

_LOG = logging.getLogger("tests.e2e.emulator")
DEFAULT_TOKEN = "123456:ABC-test"
MAX_POLL_TIMEOUT = 50
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "allowed_updates",
        "results",
        "scope",
        "link_preview_options",
        "reply_parameters",
        "entities",
    }
)


class ApiCall(NamedTuple):
    """One call the bot made: method as sent, parameters (JSON ones decoded), HTTP status answered."""

    method: str
    params: dict[str, Any]
    status: int


class Refusal(NamedTuple):
    """One refused call with the description Telegram would have sent."""

    method: str
    params: dict[str, Any]
    status: int
    description: str


@dataclass
class _Fault:
    method: str
    status: int | None
    times: int
    retry_after: int
    delay: float
    description: str | None


@dataclass
class _Poll:
    """The getUpdates request waiting right now; a newer poller or setWebhook terminates it."""

    wake: asyncio.Event = field(default_factory=asyncio.Event)
    terminated_by: str | None = None


def _decoded(raw: dict[str, str]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for key, value in raw.items():
        decoded[key] = value
        if key in _JSON_PARAMS:
            with contextlib.suppress(json.JSONDecodeError):
                decoded[key] = json.loads(value)
    return decoded


class BotApiEmulator:
    """An in-process Bot API server on 127.0.0.1 (ephemeral port) with Telegram's refusals and limits."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        flood_limits: bool | FloodLimits = True,
        bot_username: str = "EpPermedTestBot",
        bot_name: str = "EP PerMed Test Bot",
        query_answer_window: float = 15.0,
        strict_entities: bool = True,
        public_webhook_rules: bool = False,
        privacy_mode: bool = True,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.privacy_mode = privacy_mode
        self.withheld: list[dict[str, Any]] = []
        bot_id = int(token.split(":", 1)[0])
        self.state = State(
            bot_user(bot_id, bot_username, bot_name, reads_all_group_messages=not privacy_mode)
        )
        limits = FloodLimits() if flood_limits is True else flood_limits
        self.flood = FloodGate(limits) if isinstance(limits, FloodLimits) else None
        self.methods = BotApiMethods(
            self.state,
            flood=self.flood,
            strict_entities=strict_entities,
            query_answer_window=query_answer_window,
            public_webhook_rules=public_webhook_rules,
            clock=time.monotonic,
            on_webhook_set=lambda: self._terminate_poll("setWebhook request"),
        )
        self.calls: list[ApiCall] = []
        self.refusals: list[Refusal] = []
        self.errors: list[BaseException] = []
        self.pushed_updates: list[dict[str, Any]] = []
        self.downloads: list[str] = []  # file paths served at the file endpoint, in order
        self._table = self.methods.table()
        self._faults: list[_Fault] = []
        self._poll: _Poll | None = None
        self._changed = asyncio.Event()
        self._server: tornado.httpserver.HTTPServer | None = None
        self._port = 0
        self._stopping = False

    # ---- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 on an ephemeral port inside the running event loop."""
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        self._port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(make_app(self._dispatch, self._download))
        self._server.add_sockets(sockets)
        self._stopping = False

    async def stop(self) -> None:
        """Wake any long poll, stop listening and drop open connections."""
        self._stopping = True
        self._notify()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What ApplicationBuilder().base_url() takes; PTB appends `<token>/<method>`."""
        if not self._port:
            raise RuntimeError("BotApiEmulator.base_url is only known after `await start()`")
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """What ApplicationBuilder().base_file_url() takes; PTB appends `<token>/<file_path>`."""
        if not self._port:
            raise RuntimeError("BotApiEmulator.base_file_url is only known after `await start()`")
        return f"http://127.0.0.1:{self._port}/file/bot"

    @property
    def bot_id(self) -> int:
        return self.state.bot_id

    # ---- test-facing inspection ------------------------------------------------------------------

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent, oldest first, as they are now (edits applied): Bot API Message dicts
        (`text` is the plain text after parsing, `entities` the parsed entities) plus `raw_text`,
        `parse_mode` and `reply_parameters` exactly as sent."""
        return [copy.deepcopy(m) for m in self.state.sent if chat_id is None or m["chat"]["id"] == chat_id]

    def photo_bytes(self, message: dict[str, Any]) -> bytes:
        """The image a sent photo message carries (its largest size), as the bot uploaded it."""
        return self.state.photos[message["photo"][-1]["file_id"]]

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls of one method (case-insensitive)."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, str]]:
        """The command list setMyCommands stored for a scope and language."""
        return list(self.state.commands.get((scope_key(scope), language_code), []))

    def query_answered(self, query_id: str) -> bool:
        """Whether the bot answered this callback or inline query (in time, once)."""
        return self.state.queries[query_id].answered

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates the bot has not confirmed yet."""
        return copy.deepcopy(self.state.pending)

    @property
    def webhook_url(self) -> str | None:
        return self.state.webhook.url

    @property
    def webhook_secret(self) -> str | None:
        return self.state.webhook.secret

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until condition() is truthy, re-checking after every call to the emulator."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                recent = [(c.method, c.status) for c in self.calls[-8:]]
                raise TimeoutError(f"condition not met within {timeout} s; last calls: {recent}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))

    # ---- test-facing control ---------------------------------------------------------------------

    def inject(
        self,
        method: str,
        status: int | None = None,
        *,
        times: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
        description: str | None = None,
    ) -> None:
        """Make the next `times` calls of method fail with status (429, 500, 502, ...) and/or answer
        after `delay` seconds; a delayed call without status is then carried out normally."""
        if status is None and delay <= 0:
            raise ValueError("inject() needs a status or a delay")
        self._faults.append(_Fault(method.lower(), status, times, retry_after, delay, description))

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot: sends to their private chat get 403 like Telegram's."""
        self.state.blocked.add(user_id)

    # ---- pushing updates -------------------------------------------------------------------------

    def push_raw(self, update: dict[str, Any]) -> int:
        """Queue an update dict as is (update_id assigned when missing); returns its update_id."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update["update_id"] = self.state.next_update_id
        self.state.next_update_id = max(self.state.next_update_id, update["update_id"]) + 1
        self.state.pending.append(update)
        self.pushed_updates.append(update)
        self._notify()
        return int(update["update_id"])

    def push_message(
        self,
        chat_id: int,
        user_id: int | None = None,
        text: str | None = None,
        *,
        chat_type: ChatType = "private",
        language_code: str | None = "en",
        username: str | None = None,
        reply_to_bot: bool = False,
        entities: list[dict[str, Any]] | None = None,
        kind: MessageKind = "text",
        edited: bool = False,
        reply_to: int | None = None,
    ) -> int | None:
        """A person sends (or, with edited=True, edits their last) message; returns the update_id, or
        None when the bot's group privacy mode keeps the message from it (see `withheld`).

        user_id defaults to chat_id (a private chat's id is the user's). Unless entities are given,
        the text gets Telegram's automatic ones; reply_to_bot replies to the bot's last message, reply_to
        to the message with that id in this chat."""
        state = self.state
        user_id = chat_id if user_id is None else user_id
        if chat_type == "private" and user_id != chat_id:
            raise ValueError("in a private chat the chat id is the user's id")
        if kind == "text" and not text:
            raise ValueError("a text message needs text")
        user = human_user(user_id, username, language_code)
        state.users[user_id] = user
        the_chat = state.chats.setdefault(chat_id, chat(chat_id, chat_type, user))
        previous = state.last_message(chat_id, user_id)
        if edited and previous is None:
            raise ValueError("edited=True needs an earlier message of this user in this chat")
        message_id = previous["message_id"] if edited and previous else state.new_message_id(chat_id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": user,
            "chat": the_chat,
            "date": now(),
            **content(kind, text, entities, message_id),
        }
        if edited:
            message["edit_date"] = now()
        if reply_to_bot:
            bot_message = state.last_message(chat_id, state.bot_id)
            if bot_message is None:
                raise ValueError("reply_to_bot=True but the bot has not sent anything to this chat")
            message["reply_to_message"] = replied(bot_message)
        if reply_to is not None:
            target = state.messages.get((chat_id, reply_to))
            if target is None:
                raise ValueError(f"reply_to={reply_to}: no such message in chat {chat_id}")
            message["reply_to_message"] = replied(target)
        state.messages[(chat_id, message_id)] = message
        if self.privacy_mode and chat_type in GROUP_TYPES and not is_for_bot(message, self.bot_username):
            self.withheld.append(copy.deepcopy(message))
            return None
        return self.push_raw({"edited_message" if edited else "message": copy.deepcopy(message)})

    def push_speech(
        self,
        chat_id: int,
        data: bytes,
        *,
        kind: Literal["voice", "audio", "video_note"] = "voice",
        duration: int = 2,
        language_code: str | None = "en",
    ) -> int:
        """A person in a private chat sends a recording (voice message, audio file or round video note)
        whose bytes the bot can fetch with getFile and the file endpoint; returns the update_id."""
        state = self.state
        user = human_user(chat_id, None, language_code)
        state.users[chat_id] = user
        the_chat = state.chats.setdefault(chat_id, chat(chat_id, "private", user))
        message_id = state.new_message_id(chat_id)
        serial = len(state.files) + 1
        stored = StoredFile(f"{kind}-file-{serial}-{chat_id}", f"{kind}-unique-{serial}", data, kind)
        state.files[stored.file_id] = stored
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": user,
            "chat": the_chat,
            "date": now(),
            **speech(kind, stored.file_id, stored.unique_id, duration, len(data)),
        }
        state.messages[(chat_id, message_id)] = message
        return self.push_raw({"message": copy.deepcopy(message)})

    def push_callback_query(self, chat_id: int, user_id: int, message_id: int, data: str) -> str:
        """A person presses an inline button under the bot's message; returns the query id."""
        message = self.state.messages.get((chat_id, message_id))
        if message is None or message["from"]["id"] != self.state.bot_id:
            raise ValueError(f"the bot sent no message {message_id} to chat {chat_id}")
        user = self.state.users.get(user_id) or human_user(user_id, None, "en")
        query_id = self.state.new_query(user_id)
        query = {
            "id": query_id,
            "from": user,
            "message": public(message),
            "chat_instance": f"instance-{chat_id}",
            "data": data,
        }
        self.push_raw({"callback_query": query})
        return query_id

    def push_inline_query(self, user_id: int, query: str) -> str:
        """A person types `@bot query` in a chat with the bot; returns the query id."""
        user = self.state.users.get(user_id) or human_user(user_id, None, "en")
        query_id = self.state.new_query(user_id)
        inline = {"id": query_id, "from": user, "query": query, "offset": "", "chat_type": "sender"}
        self.push_raw({"inline_query": inline})
        return query_id

    # ---- webhook delivery ------------------------------------------------------------------------

    async def deliver_webhook(
        self, url: str | None = None, secret: str | None = None, update: dict[str, Any] | None = None
    ) -> int:
        """POST one update (the oldest pending one by default) to the webhook the way Telegram does,
        with header X-Telegram-Bot-Api-Secret-Token; a 2xx answer confirms it. Returns the status."""
        target = url or self.state.webhook.url
        if target is None:
            raise RuntimeError("no webhook URL: the bot has not called setWebhook and no url was given")
        if update is None:
            pending = self.state.deliverable()
            if not pending:
                raise RuntimeError("no pending update to deliver")
            update = pending[0]
        token = secret if secret is not None else self.state.webhook.secret
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = token
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(target, content=json.dumps(update), headers=headers)
        if 200 <= response.status_code < 300 and update in self.state.pending:
            self.state.pending.remove(update)
        self._notify()
        return response.status_code

    async def deliver_pending_to_webhook(
        self, url: str | None = None, secret: str | None = None
    ) -> list[int]:
        """Deliver every pending update once, oldest first; refused ones stay pending (Telegram retries)."""
        return [await self.deliver_webhook(url, secret, update) for update in list(self.state.deliverable())]

    # ---- serving ---------------------------------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        if self._poll is not None:
            self._poll.wake.set()

    def _terminate_poll(self, by: str) -> None:
        if self._poll is not None:
            self._poll.terminated_by = by
            self._poll.wake.set()

    def _download(self, token: str, path: str) -> bytes | None:
        """The file endpoint: the bytes of a file getFile gave `path` to, for the right token only."""
        if token != self.token:
            return None
        found = next((f for f in self.state.files.values() if f.path == path), None)
        if found is not None:
            self.downloads.append(path)
        self._changed.set()
        return found.data if found is not None else None

    async def _dispatch(
        self,
        token: str,
        method: str,
        raw: dict[str, str],
        connection: Connection,
        files: dict[str, Upload] | None = None,
    ) -> Reply:
        if token != self.token:
            reply = Reply.refusal(ApiRefusal(401, "Unauthorized"))
        else:
            try:
                reply = await self._answer(method, Params(raw, files), connection)
            except Exception as exc:  # an emulator bug: answer like a broken server, keep it for the test
                _LOG.exception("emulator failed in %s", method)
                self.errors.append(exc)
                reply = Reply.refusal(
                    ApiRefusal(500, f"Internal Server Error: emulator {type(exc).__name__}")
                )
        params = _decoded(raw)
        self.calls.append(ApiCall(method, params, reply.status))
        if reply.status >= 300:
            description = reply.body["description"] if reply.body else HTTPStatus(reply.status).phrase
            self.refusals.append(Refusal(method, params, reply.status, description))
        self._changed.set()
        return reply

    async def _answer(self, method: str, params: Params, connection: Connection) -> Reply:
        name = method.lower()
        handler = self._table.get(name)
        if handler is None and name != "getupdates":
            return Reply.refusal(ApiRefusal(404, "Not Found"))
        fault = next((f for f in self._faults if f.method == name and f.times > 0), None)
        if fault is not None:
            fault.times -= 1
            if fault.delay > 0:
                await asyncio.sleep(fault.delay)
            if fault.status is not None:
                return _fault_reply(fault)
        try:
            if handler is None:
                return Reply.ok(await self._get_updates(params, connection))
            return handler(params)
        except ApiRefusal as refusal:
            return Reply.refusal(refusal)

    async def _get_updates(self, p: Params, connection: Connection) -> list[dict[str, Any]]:
        """Long polling: answer at once when updates are pending, else when one arrives or time is up."""
        state = self.state
        if state.webhook.url:
            raise ApiRefusal(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        limit = min(max(p.integer("limit", 100), 1), 100)
        timeout = min(max(p.integer("timeout"), 0), MAX_POLL_TIMEOUT)
        state.set_allowed_updates(p.json_value("allowed_updates"))
        state.confirm(p.integer("offset"))
        self._terminate_poll("other getUpdates request; make sure that only one bot instance is running")
        poll = _Poll()
        connection.on_close = poll.wake.set
        self._poll = poll
        deadline = time.monotonic() + timeout
        try:
            while True:
                updates = copy.deepcopy(state.deliverable()[:limit])
                remaining = deadline - time.monotonic()
                if updates or remaining <= 0 or self._stopping or connection.closed:
                    return updates
                poll.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poll.wake.wait(), remaining)
                if poll.terminated_by is not None:
                    raise ApiRefusal(409, f"Conflict: terminated by {poll.terminated_by}")
        finally:
            if self._poll is poll:
                self._poll = None


def _fault_reply(fault: _Fault) -> Reply:
    status = fault.status or 500
    if status == 502:
        return Reply(502, raw=NGINX_502)
    if status == 429:
        retry = fault.retry_after
        return Reply.refusal(
            ApiRefusal(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        )
    return Reply.refusal(ApiRefusal(status, fault.description or HTTPStatus(status).phrase))
