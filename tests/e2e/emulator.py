"""A local Telegram Bot API for end-to-end tests: the real PTB Application talks to it over HTTP.

It refuses what api.telegram.org refuses (same status, same description), so a bot that breaks
Telegram's limits fails here and not in production. Usage (see docs/readme/emulator.md):

    emu = BotApiEmulator()
    await emu.start()
    app = ApplicationBuilder().token(emu.token).base_url(emu.base_url).build()
    emu.push_message(chat_id=42, text="hello")
    await emu.wait_until(lambda: emu.sent_messages(42))
    await emu.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, NamedTuple

import httpx
import tornado.httpserver
import tornado.netutil

from tests.e2e.emulator_checks import (
    check_callback_answer,
    check_commands,
    check_inline_results,
    check_reply_markup,
    check_secret_token,
    decode_json_param,
    parse_text,
)
from tests.e2e.emulator_errors import ApiRefusal, bad_request
from tests.e2e.emulator_flood import FloodGate, FloodLimits
from tests.e2e.emulator_objects import (
    DEFAULT_ALLOWED_UPDATES,
    GROUP_TYPES,
    ChatType,
    MessageKind,
    bot_user,
    chat,
    content,
    human_user,
    now,
)
from tests.e2e.emulator_server import NGINX_502, Connection, Reply, make_app

__all__ = ["ApiCall", "BotApiEmulator", "FloodLimits", "Refusal"]

DEFAULT_TOKEN = "123456:ABC-test"
MAX_POLL_TIMEOUT = 50
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
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
        "button",
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
class _Query:
    user_id: int
    created: float
    answered: bool = False


@dataclass
class _Poll:
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    terminated: bool = False
    connection: Connection | None = None


class _Params:
    """Typed access to one call's string parameters, refusing malformed values like the Bot API."""

    def __init__(self, raw: dict[str, str]) -> None:
        self.raw = raw

    def text(self, name: str) -> str | None:
        return self.raw.get(name)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise bad_request(f'field "{name}" must be a valid Number') from None

    def flag(self, name: str) -> bool:
        return self.raw.get(name, "").lower() in ("true", "1")

    def json_value(self, name: str) -> Any:
        return decode_json_param(name, self.raw.get(name))


def _decoded(raw: dict[str, str]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _JSON_PARAMS:
            try:
                decoded[key] = json.loads(value)
            except json.JSONDecodeError:
                decoded[key] = value
        else:
            decoded[key] = value
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
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_user = bot_user(self.bot_id, bot_username, bot_name)
        self.query_answer_window = query_answer_window
        self.strict_entities = strict_entities
        limits = FloodLimits() if flood_limits is True else flood_limits
        self.flood: FloodGate | None = FloodGate(limits) if isinstance(limits, FloodLimits) else None
        self.calls: list[ApiCall] = []
        self.refusals: list[Refusal] = []
        self.pushed_updates: list[dict[str, Any]] = []
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self._pending: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self._webhook_allowed: list[str] | None = None
        self._chats: dict[int, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._next_message_id: dict[int, int] = {}
        self._sent: list[dict[str, Any]] = []
        self._blocked: set[int] = set()
        self._queries: dict[str, _Query] = {}
        self._next_query = 1
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
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
        self._server = tornado.httpserver.HTTPServer(make_app(self._dispatch))
        self._server.add_sockets(sockets)
        self._stopping = False

    async def stop(self) -> None:
        """Wake every long poll, stop listening and drop open connections."""
        self._stopping = True
        if self._poll is not None:
            self._poll.wake.set()
        self._changed.set()
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

    # ---- test-facing inspection ------------------------------------------------------------------

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent (current state after edits), oldest first: Bot API Message dicts plus
        `raw_text`, `parse_mode`, `link_preview_options` and `reply_parameters` as sent."""
        return [copy.deepcopy(m) for m in self._sent if chat_id is None or m["chat"]["id"] == chat_id]

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls of one method (case-insensitive)."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, str]]:
        """The command list setMyCommands stored for a scope and language."""
        return list(self._commands.get((_scope_key(scope), language_code), []))

    def query_answered(self, query_id: str) -> bool:
        """Whether the bot answered this callback or inline query in time."""
        return self._queries[query_id].answered

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot."""
        return copy.deepcopy(self._pending)

    async def wait_until(self, condition: Callable[[], Any], timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until condition() is truthy, re-checking after every call; TimeoutError names the wait."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout} s; last calls: {self.calls[-5:]}")
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
        after `delay` seconds (a delayed call without status is then executed normally)."""
        if status is None and delay <= 0:
            raise ValueError("inject() needs a status or a delay")
        self._faults.append(_Fault(method.lower(), status, times, retry_after, delay, description))

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot: sends to their private chat get 403 like Telegram's."""
        self._blocked.add(user_id)

    # ---- pushing updates -------------------------------------------------------------------------

    def push_raw(self, update: dict[str, Any]) -> int:
        """Queue an update dict as is (update_id assigned when missing); returns its update_id."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
        self._pending.append(update)
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
    ) -> int:
        """A person sends (or edits, with edited=True) a message; returns the update_id."""
        user_id = chat_id if user_id is None else user_id
        if chat_type == "private" and user_id != chat_id:
            raise ValueError("in a private chat the chat id is the user's id")
        if kind == "text" and not text:
            raise ValueError("a text message needs text")
        user = human_user(user_id, username, language_code)
        self._users[user_id] = user
        the_chat = self._chats.setdefault(chat_id, chat(chat_id, chat_type, user))
        if edited:
            previous = self._last_message(chat_id, user_id)
            if previous is None:
                raise ValueError("edited=True needs an earlier message of this user in this chat")
            message_id = previous["message_id"]
        else:
            message_id = self._new_message_id(chat_id)
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
            replied = self._last_message(chat_id, self.bot_id)
            if replied is None:
                raise ValueError("reply_to_bot=True but the bot has not sent anything to this chat")
            message["reply_to_message"] = _public(replied)
        self._messages[(chat_id, message_id)] = message
        return self.push_raw({"edited_message" if edited else "message": copy.deepcopy(message)})

    def push_callback_query(self, chat_id: int, user_id: int, message_id: int, data: str) -> str:
        """A person presses an inline button of the bot's message; returns the query id."""
        message = self._messages.get((chat_id, message_id))
        if message is None or message["from"]["id"] != self.bot_id:
            raise ValueError(f"the bot sent no message {message_id} to chat {chat_id}")
        user = self._users.get(user_id) or human_user(user_id, None, "en")
        query_id = self._new_query(user_id)
        update = {
            "callback_query": {
                "id": query_id,
                "from": user,
                "message": _public(message),
                "chat_instance": f"instance-{chat_id}",
                "data": data,
            }
        }
        self.push_raw(update)
        return query_id

    def push_inline_query(self, user_id: int, query: str) -> str:
        """A person types `@bot query` anywhere; returns the query id."""
        user = self._users.get(user_id) or human_user(user_id, None, "en")
        query_id = self._new_query(user_id)
        self.push_raw(
            {
                "inline_query": {
                    "id": query_id,
                    "from": user,
                    "query": query,
                    "offset": "",
                    "chat_type": "sender",
                }
            }
        )
        return query_id

    # ---- webhook delivery ------------------------------------------------------------------------

    async def deliver_webhook(
        self, url: str | None = None, secret: str | None = None, update: dict[str, Any] | None = None
    ) -> int:
        """POST one update (the oldest pending one by default) to the webhook like Telegram does;
        a 2xx answer confirms it. Returns the HTTP status the bot's server answered."""
        target = url or self.webhook_url
        if target is None:
            raise RuntimeError("no webhook URL: the bot has not called setWebhook and no url was given")
        if update is None:
            if not self._pending:
                raise RuntimeError("no pending update to deliver")
            update = self._pending[0]
        token = secret if secret is not None else self.webhook_secret
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = token
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(target, content=json.dumps(update), headers=headers)
        if 200 <= response.status_code < 300 and update in self._pending:
            self._pending.remove(update)
        self._notify()
        return response.status_code

    async def deliver_pending_to_webhook(
        self, url: str | None = None, secret: str | None = None
    ) -> list[int]:
        """Deliver every pending update once, oldest first; refused ones stay pending (Telegram retries)."""
        statuses = []
        for update in list(self._pending):
            statuses.append(await self.deliver_webhook(url, secret, update))
        return statuses

    # ---- internals -------------------------------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        if self._poll is not None:
            self._poll.wake.set()

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _new_query(self, user_id: int) -> str:
        query_id = f"{user_id}{self._next_query:08d}"
        self._next_query += 1
        self._queries[query_id] = _Query(user_id, time.monotonic())
        return query_id

    def _last_message(self, chat_id: int, sender_id: int) -> dict[str, Any] | None:
        found = [
            m for (cid, _), m in self._messages.items() if cid == chat_id and m["from"]["id"] == sender_id
        ]
        return max(found, key=lambda m: m["message_id"]) if found else None

    async def _dispatch(self, token: str, method: str, raw: dict[str, str], connection: Connection) -> Reply:
        params = _decoded(raw)
        if token != self.token:
            reply = Reply.refusal(ApiRefusal(401, "Unauthorized"))
        else:
            reply = await self._answer(method, _Params(raw), connection)
        status = reply.status
        self.calls.append(ApiCall(method, params, status))
        if status >= 300:
            description = reply.body["description"] if reply.body else HTTPStatus(status).phrase
            self.refusals.append(Refusal(method, params, status, description))
        self._changed.set()
        return reply

    async def _answer(self, method: str, params: _Params, connection: Connection) -> Reply:
        handler = self._methods().get(method.lower())
        if handler is None:
            return Reply.refusal(ApiRefusal(404, "Not Found"))
        fault = next((f for f in self._faults if f.method == method.lower() and f.times > 0), None)
        if fault is not None:
            fault.times -= 1
            if fault.delay > 0:
                await asyncio.sleep(fault.delay)
            if fault.status is not None:
                return _fault_reply(fault)
        try:
            if method.lower() == "getupdates":
                return Reply.ok(await self._get_updates(params, connection))
            return handler(params)
        except ApiRefusal as refusal:
            return Reply.refusal(refusal)

    def _methods(self) -> dict[str, Callable[[_Params], Reply]]:
        return {
            "getme": lambda p: Reply.ok(self.bot_user),
            "getupdates": lambda p: Reply.ok([]),
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "answerinlinequery": self._answer_inline_query,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendchataction": self._send_chat_action,
        }

    # ---- updates ---------------------------------------------------------------------------------

    async def _get_updates(self, p: _Params, connection: Connection) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise ApiRefusal(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = p.integer("offset", 0) or 0
        limit = min(max(p.integer("limit", 100) or 100, 1), 100)
        timeout = min(max(p.integer("timeout", 0) or 0, 0), MAX_POLL_TIMEOUT)
        allowed = p.json_value("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED_UPDATES
        self._confirm(offset)
        if self._poll is not None:
            self._poll.terminated = True
            self._poll.wake.set()
        poll = _Poll(connection=connection)
        connection.on_close = poll.wake.set
        self._poll = poll
        deadline = time.monotonic() + timeout
        try:
            while True:
                updates = self._deliverable(limit)
                remaining = deadline - time.monotonic()
                if updates or remaining <= 0 or self._stopping or connection.closed:
                    return updates
                poll.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poll.wake.wait(), remaining)
                if poll.terminated:
                    raise ApiRefusal(409, "Conflict: terminated by other getUpdates request")
        finally:
            if self._poll is poll:
                self._poll = None

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]

    def _deliverable(self, limit: int) -> list[dict[str, Any]]:
        self._pending = [u for u in self._pending if _update_type(u) in self._allowed_updates]
        return copy.deepcopy(self._pending[:limit])

    # ---- messages --------------------------------------------------------------------------------

    def _chat(self, p: _Params) -> dict[str, Any]:
        raw = p.text("chat_id")
        if not raw:
            raise bad_request("chat_id is empty")
        if raw.startswith("@"):
            found = [c for c in self._chats.values() if c.get("username", "").lower() == raw[1:].lower()]
            if not found:
                raise bad_request("chat not found")
            return found[0]
        try:
            chat_id = int(raw)
        except ValueError:
            raise bad_request("chat not found") from None
        if chat_id not in self._chats:
            raise bad_request("chat not found")
        the_chat = self._chats[chat_id]
        if the_chat["type"] == "private" and chat_id in self._blocked:
            raise ApiRefusal(403, "Forbidden: bot was blocked by the user")
        return the_chat

    def _parsed(self, p: _Params) -> tuple[str, list[dict[str, Any]]]:
        parsed = parse_text(
            p.text("text"),
            p.text("parse_mode"),
            p.json_value("entities"),
            strict_entities=self.strict_entities,
        )
        return parsed.text, parsed.entities

    def _send_message(self, p: _Params) -> Reply:
        the_chat = self._chat(p)
        text, entities = self._parsed(p)
        markup = check_reply_markup(p.json_value("reply_markup"))
        reply_to = self._reply_target(the_chat["id"], p)
        if self.flood is not None:
            self.flood.check(the_chat["id"], the_chat["type"] in GROUP_TYPES)
        message: dict[str, Any] = {
            "message_id": self._new_message_id(the_chat["id"]),
            "from": self.bot_user,
            "chat": the_chat,
            "date": now(),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if reply_to is not None:
            message["reply_to_message"] = _public(reply_to)
        link_preview = p.json_value("link_preview_options")
        if link_preview:
            message["link_preview_options"] = link_preview
        self._messages[(the_chat["id"], message["message_id"])] = message
        self._sent.append(message)
        message["raw_text"] = p.text("text")
        message["parse_mode"] = p.text("parse_mode")
        message["reply_parameters"] = p.json_value("reply_parameters")
        return Reply.ok(_public(message))

    def _reply_target(self, chat_id: int, p: _Params) -> dict[str, Any] | None:
        parameters = p.json_value("reply_parameters")
        if parameters is None:
            return None
        if not isinstance(parameters, dict) or not isinstance(parameters.get("message_id"), int):
            raise bad_request("can't parse reply parameters JSON object")
        target_chat = parameters.get("chat_id", chat_id)
        target = self._messages.get((int(target_chat), parameters["message_id"]))
        if target is None and not parameters.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return target

    def _own_message(self, p: _Params) -> dict[str, Any]:
        if p.text("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        the_chat = self._chat(p)
        message_id = p.integer("message_id")
        message = self._messages.get((the_chat["id"], message_id or 0))
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_id:
            raise bad_request("message can't be edited")
        return message

    def _edit_message_text(self, p: _Params) -> Reply:
        message = self._own_message(p)
        text, entities = self._parsed(p)
        markup = check_reply_markup(p.json_value("reply_markup"))
        if (
            text == message.get("text")
            and entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        message["text"] = text
        message["raw_text"] = p.text("text")
        message["parse_mode"] = p.text("parse_mode")
        _set_optional(message, "entities", entities or None)
        _set_optional(message, "reply_markup", markup)
        message["edit_date"] = now()
        return Reply.ok(_public(message))

    def _edit_reply_markup(self, p: _Params) -> Reply:
        message = self._own_message(p)
        markup = check_reply_markup(p.json_value("reply_markup"))
        if markup == message.get("reply_markup") or (
            markup == {"inline_keyboard": []} and "reply_markup" not in message
        ):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        _set_optional(message, "reply_markup", markup if markup and markup.get("inline_keyboard") else None)
        message["edit_date"] = now()
        return Reply.ok(_public(message))

    def _delete_message(self, p: _Params) -> Reply:
        the_chat = self._chat(p)
        message = self._messages.pop((the_chat["id"], p.integer("message_id") or 0), None)
        if message is None:
            raise bad_request("message to delete not found")
        if message in self._sent:
            self._sent.remove(message)
        return Reply.ok(True)

    def _send_chat_action(self, p: _Params) -> Reply:
        self._chat(p)
        if p.text("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return Reply.ok(True)

    # ---- queries ---------------------------------------------------------------------------------

    def _take_query(self, query_id: str | None) -> None:
        query = self._queries.get(query_id or "")
        if query is None or query.answered or time.monotonic() - query.created > self.query_answer_window:
            raise bad_request(QUERY_TOO_OLD)
        query.answered = True

    def _answer_callback_query(self, p: _Params) -> Reply:
        check_callback_answer(p.text("text"))
        self._take_query(p.text("callback_query_id"))
        return Reply.ok(True)

    def _answer_inline_query(self, p: _Params) -> Reply:
        check_inline_results(p.json_value("results"), strict_entities=self.strict_entities)
        self._take_query(p.text("inline_query_id"))
        return Reply.ok(True)

    # ---- commands and webhook --------------------------------------------------------------------

    def _set_my_commands(self, p: _Params) -> Reply:
        commands = check_commands(p.json_value("commands"))
        self._commands[(_scope_key(p.json_value("scope")), p.text("language_code") or "")] = commands
        return Reply.ok(True)

    def _get_my_commands(self, p: _Params) -> Reply:
        return Reply.ok(self.commands(p.json_value("scope"), p.text("language_code") or ""))

    def _delete_my_commands(self, p: _Params) -> Reply:
        self._commands.pop((_scope_key(p.json_value("scope")), p.text("language_code") or ""), None)
        return Reply.ok(True)

    def _set_webhook(self, p: _Params) -> Reply:
        url = p.text("url") or ""
        secret = check_secret_token(p.text("secret_token"))
        if not url:
            return self._delete_webhook(p)
        if not url.lower().startswith(("http://", "https://")):
            raise bad_request("bad webhook: Webhook URL is invalid")
        if p.flag("drop_pending_updates"):
            self._pending.clear()
        allowed = p.json_value("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED_UPDATES
            self._webhook_allowed = allowed
        already = url == self.webhook_url and secret == self.webhook_secret
        self.webhook_url, self.webhook_secret = url, secret
        if self._poll is not None:
            self._poll.terminated = True
            self._poll.wake.set()
        return Reply.ok(True, "Webhook is already set" if already else "Webhook was set")

    def _delete_webhook(self, p: _Params) -> Reply:
        if p.flag("drop_pending_updates"):
            self._pending.clear()
        was_set = self.webhook_url is not None
        self.webhook_url, self.webhook_secret, self._webhook_allowed = None, None, None
        return Reply.ok(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    def _get_webhook_info(self, p: _Params) -> Reply:
        info: dict[str, Any] = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            info["ip_address"] = "127.0.0.1"
            if self._webhook_allowed is not None:
                info["allowed_updates"] = self._webhook_allowed
        return Reply.ok(info)


def _fault_reply(fault: _Fault) -> Reply:
    status = fault.status or 500
    if status == 502:
        return Reply(502, raw=NGINX_502)
    if status == 429:
        return Reply.refusal(
            ApiRefusal(
                429, f"Too Many Requests: retry after {fault.retry_after}", {"retry_after": fault.retry_after}
            )
        )
    description = fault.description or HTTPStatus(status).phrase
    return Reply.refusal(ApiRefusal(status, description))


def _update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


def _scope_key(scope: Any) -> str:
    if not scope:
        return "default"
    return json.dumps(scope, sort_keys=True)


def _public(message: dict[str, Any]) -> dict[str, Any]:
    """The message as the Bot API returns it, without the emulator's bookkeeping keys."""
    hidden = {"raw_text", "parse_mode", "reply_parameters"}
    return {key: copy.deepcopy(value) for key, value in message.items() if key not in hidden}


def _set_optional(message: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value
