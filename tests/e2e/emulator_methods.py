"""The Bot API methods the emulator serves (all but getUpdates), each refusing what Telegram refuses."""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable
from typing import Any

from tests.e2e.emulator_checks import (
    check_callback_answer,
    check_commands,
    check_inline_results,
    check_language_code,
    check_reply_markup,
    check_secret_token,
    check_webhook_url,
    decode_json_param,
    parse_text,
)
from tests.e2e.emulator_errors import ApiRefusal, bad_request, too_many_requests
from tests.e2e.emulator_flood import FloodGate
from tests.e2e.emulator_objects import GROUP_TYPES, now
from tests.e2e.emulator_photos import send_photo
from tests.e2e.emulator_server import Reply, Upload
from tests.e2e.emulator_state import MAX_DOWNLOAD_BYTES, State, scope_key

QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
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
BOOKKEEPING_KEYS = frozenset({"raw_text", "parse_mode", "reply_parameters"})


class Params:
    """Typed access to one call's string parameters, refusing malformed values like the Bot API."""

    def __init__(self, raw: dict[str, str], files: dict[str, Upload] | None = None) -> None:
        self.raw = raw
        self.files = files or {}

    def text(self, name: str) -> str | None:
        return self.raw.get(name)

    def integer(self, name: str, default: int = 0) -> int:
        """Like td::to_integer: an optional sign and leading digits; anything else reads as 0."""
        value = self.raw.get(name, "")
        if not value:
            return default
        match = re.match(r"\s*([+-]?\d+)", value)
        return int(match.group(1)) if match else 0

    def flag(self, name: str) -> bool:
        return self.raw.get(name, "").lower() in ("true", "1")

    def json_value(self, name: str) -> Any:
        return decode_json_param(name, self.raw.get(name))


def public(message: dict[str, Any]) -> dict[str, Any]:
    """The message as the Bot API returns it, without the emulator's bookkeeping keys."""
    return {key: copy.deepcopy(value) for key, value in message.items() if key not in BOOKKEEPING_KEYS}


def replied(message: dict[str, Any]) -> dict[str, Any]:
    """A message as it appears in `reply_to_message`: Telegram does not nest a further reply in it."""
    shown = public(message)
    shown.pop("reply_to_message", None)
    return shown


def _set_optional(message: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value


class BotApiMethods:
    """Method name (lower case) -> implementation over the shared State."""

    def __init__(
        self,
        state: State,
        *,
        flood: FloodGate | None,
        strict_entities: bool,
        query_answer_window: float,
        public_webhook_rules: bool,
        clock: Callable[[], float],
        on_webhook_set: Callable[[], None],
    ) -> None:
        self.state = state
        self.flood = flood
        self.strict_entities = strict_entities
        self.query_answer_window = query_answer_window
        self.public_webhook_rules = public_webhook_rules
        self._next_webhook_time = 0.0
        self._clock = clock
        self._on_webhook_set = on_webhook_set

    def table(self) -> dict[str, Callable[[Params], Reply]]:
        return {
            "getme": lambda p: Reply.ok(self.state.bot_user),
            "sendmessage": self.send_message,
            "sendphoto": lambda p: send_photo(self, p),
            "editmessagetext": self.edit_message_text,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "sendchataction": self.send_chat_action,
            "answercallbackquery": self.answer_callback_query,
            "answerinlinequery": self.answer_inline_query,
            "setmycommands": self.set_my_commands,
            "getmycommands": self.get_my_commands,
            "deletemycommands": self.delete_my_commands,
            "setwebhook": self.set_webhook,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.get_webhook_info,
            "getfile": self.get_file,
        }

    # ---- messages --------------------------------------------------------------------------------

    def _chat(self, p: Params) -> dict[str, Any]:
        raw = p.text("chat_id")
        if not raw:
            raise bad_request("chat_id is empty")
        chats = self.state.chats
        if raw.startswith("@"):
            found = [c for c in chats.values() if c.get("username", "").lower() == raw[1:].lower()]
            if not found:
                raise bad_request("chat not found")
            return found[0]
        try:
            chat_id = int(raw)
        except ValueError:
            raise bad_request("chat not found") from None
        if chat_id not in chats:
            raise bad_request("chat not found")
        if chats[chat_id]["type"] == "private" and chat_id in self.state.blocked:
            raise ApiRefusal(403, "Forbidden: bot was blocked by the user")
        return chats[chat_id]

    def _parsed(self, p: Params) -> tuple[str, list[dict[str, Any]]]:
        parsed = parse_text(
            p.text("text"),
            p.text("parse_mode"),
            p.json_value("entities"),
            strict_entities=self.strict_entities,
        )
        return parsed.text, parsed.entities

    def send_message(self, p: Params) -> Reply:
        chat = self._chat(p)
        text, entities = self._parsed(p)
        markup = check_reply_markup(p.json_value("reply_markup"))
        reply_to = self._reply_target(chat["id"], p)
        if self.flood is not None:
            self.flood.check(chat["id"], chat["type"] in GROUP_TYPES)
        message: dict[str, Any] = {
            "message_id": self.state.new_message_id(chat["id"]),
            "from": self.state.bot_user,
            "chat": chat,
            "date": now(),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if reply_to is not None:
            message["reply_to_message"] = replied(reply_to)
        link_preview = p.json_value("link_preview_options")
        if link_preview:
            message["link_preview_options"] = link_preview
        self.state.messages[(chat["id"], message["message_id"])] = message
        self.state.sent.append(message)
        self.state.sent_at.append(time.monotonic())
        message["raw_text"] = p.text("text")
        message["parse_mode"] = p.text("parse_mode")
        message["reply_parameters"] = p.json_value("reply_parameters")
        return Reply.ok(public(message))

    def _reply_target(self, chat_id: int, p: Params) -> dict[str, Any] | None:
        parameters = p.json_value("reply_parameters")
        if parameters is None:
            return None
        if not isinstance(parameters, dict) or not isinstance(parameters.get("message_id"), int):
            raise bad_request("can't parse reply parameters JSON object")
        target_chat = parameters.get("chat_id", chat_id)
        target = self.state.messages.get((int(target_chat), parameters["message_id"]))
        if target is None and not parameters.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return target

    def _own_message(self, p: Params) -> dict[str, Any]:
        if p.text("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(p)
        message = self.state.messages.get((chat["id"], p.integer("message_id")))
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.state.bot_id:
            raise bad_request("message can't be edited")
        return message

    def edit_message_text(self, p: Params) -> Reply:
        message = self._own_message(p)
        text, entities = self._parsed(p)
        markup = check_reply_markup(p.json_value("reply_markup"))
        if (
            text == message.get("text")
            and entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise bad_request(NOT_MODIFIED)
        message["text"] = text
        message["raw_text"] = p.text("text")
        message["parse_mode"] = p.text("parse_mode")
        _set_optional(message, "entities", entities or None)
        _set_optional(message, "reply_markup", markup)
        message["edit_date"] = now()
        return Reply.ok(public(message))

    def edit_message_reply_markup(self, p: Params) -> Reply:
        message = self._own_message(p)
        markup = check_reply_markup(p.json_value("reply_markup"))
        if markup is not None and not markup.get("inline_keyboard"):
            markup = None
        if markup == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED)
        _set_optional(message, "reply_markup", markup)
        message["edit_date"] = now()
        return Reply.ok(public(message))

    def delete_message(self, p: Params) -> Reply:
        chat = self._chat(p)
        message = self.state.messages.pop((chat["id"], p.integer("message_id")), None)
        if message is None:
            raise bad_request("message to delete not found")
        if message in self.state.sent:
            self.state.sent.remove(message)
        return Reply.ok(True)

    def send_chat_action(self, p: Params) -> Reply:
        self._chat(p)
        if p.text("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return Reply.ok(True)

    # ---- files -----------------------------------------------------------------------------------

    def get_file(self, p: Params) -> Reply:
        """A `File` with the `file_path` to download it from `/file/bot<token>/<file_path>`; files over
        20 MB are refused, as the Bot API refuses them."""
        file_id = p.text("file_id") or ""
        if not file_id:
            raise bad_request("file_id is empty")
        stored = self.state.files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        if stored.path is None:
            folder = {"voice": "voice", "audio": "music", "video_note": "video_notes"}.get(
                stored.kind, "documents"
            )
            extension = {"voice": "oga", "audio": "mp3", "video_note": "mp4"}.get(stored.kind, "bin")
            stored.path = f"{folder}/file_{len([f for f in self.state.files.values() if f.path])}.{extension}"
        return Reply.ok(
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "file_size": len(stored.data),
                "file_path": stored.path,
            }
        )

    # ---- queries ---------------------------------------------------------------------------------

    def _take_query(self, query_id: str | None) -> None:
        query = self.state.queries.get(query_id or "")
        if query is None or query.answered or self._clock() - query.created > self.query_answer_window:
            raise bad_request(QUERY_TOO_OLD)
        query.answered = True

    def answer_callback_query(self, p: Params) -> Reply:
        check_callback_answer(p.text("text"))
        self._take_query(p.text("callback_query_id"))
        return Reply.ok(True)

    def answer_inline_query(self, p: Params) -> Reply:
        check_inline_results(p.json_value("results"), strict_entities=self.strict_entities)
        self._take_query(p.text("inline_query_id"))
        return Reply.ok(True)

    # ---- commands --------------------------------------------------------------------------------

    def _command_key(self, p: Params) -> tuple[str, str]:
        return scope_key(p.json_value("scope")), check_language_code(p.text("language_code"))

    def set_my_commands(self, p: Params) -> Reply:
        key = self._command_key(p)
        self.state.commands[key] = check_commands(p.json_value("commands"))
        return Reply.ok(True)

    def get_my_commands(self, p: Params) -> Reply:
        return Reply.ok(list(self.state.commands.get(self._command_key(p), [])))

    def delete_my_commands(self, p: Params) -> Reply:
        self.state.commands.pop(self._command_key(p), None)
        return Reply.ok(True)

    # ---- webhook ---------------------------------------------------------------------------------

    def set_webhook(self, p: Params) -> Reply:
        url = p.text("url") or ""
        if not url:
            return self.delete_webhook(p)
        now = self._clock()
        if now < self._next_webhook_time:
            raise too_many_requests(1)
        self._next_webhook_time = now + 1
        secret = p.text("secret_token") or None
        webhook = self.state.webhook
        if url == webhook.url and secret == webhook.secret:
            return Reply.ok(True, "Webhook is already set")
        if p.flag("drop_pending_updates"):
            self.state.pending.clear()
        check_webhook_url(url, public_rules=self.public_webhook_rules)
        check_secret_token(secret)
        allowed = p.json_value("allowed_updates")
        self.state.set_allowed_updates(allowed)
        webhook.url, webhook.secret = url, secret
        webhook.allowed_updates = allowed if isinstance(allowed, list) else webhook.allowed_updates
        self._on_webhook_set()
        return Reply.ok(True, "Webhook was set")

    def delete_webhook(self, p: Params) -> Reply:
        if p.flag("drop_pending_updates"):
            self.state.pending.clear()
        webhook = self.state.webhook
        was_set = webhook.url is not None
        webhook.url, webhook.secret, webhook.allowed_updates = None, None, None
        return Reply.ok(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    def get_webhook_info(self, p: Params) -> Reply:
        webhook = self.state.webhook
        info: dict[str, Any] = {
            "url": webhook.url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.pending),
        }
        if webhook.url:
            info["max_connections"] = 40
            info["ip_address"] = "127.0.0.1"
            if webhook.allowed_updates is not None:
                info["allowed_updates"] = webhook.allowed_updates
        return Reply.ok(info)
