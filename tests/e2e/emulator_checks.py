"""What a bot sends, checked with Telegram's refusal texts: message text, keyboards, commands, results."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from tests.e2e.emulator_errors import ApiRefusal, bad_request
from tests.e2e.emulator_html import ParsedText, parse_html, trim, utf16_len
from tests.e2e.emulator_links import LinkError, normalize_link
from tests.e2e.emulator_markdown import parse_markdown, parse_markdown_v2

MAX_TEXT = 4096
MAX_RAW_TEXT_BYTES = 1 << 15
MAX_CALLBACK_DATA_BYTES = 64
MAX_ROW_BUTTONS = 8
MAX_BUTTONS = 100
MAX_COMMANDS = 100
MAX_COMMAND_LENGTH = 32
MAX_DESCRIPTION_LENGTH = 256
MAX_INLINE_RESULTS = 50
MAX_CALLBACK_ANSWER = 200
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]*")
# What makes an inline button more than text: a non-empty value, or the mere presence of the field.
_VALUE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query_chosen_chat",
    "copy_text",
)
_PRESENCE_ACTIONS = frozenset(
    {"callback_game", "pay", "switch_inline_query", "switch_inline_query_current_chat"}
)
_ENTITY_TYPES = frozenset(
    {
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "blockquote",
        "expandable_blockquote",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
    }
)


def parse_text(
    text: str | None,
    parse_mode: str | None,
    entities: Any = None,
    *,
    strict_entities: bool = True,
) -> ParsedText:
    """Turn sent text + parse_mode (or explicit entities) into the message Telegram would show, or refuse.

    Order and wording follow the Bot API server and tdlib: empty text, raw size, parsing, trimming,
    then the 4096 limit (counted here in UTF-16 code units, the stricter of the two ways Telegram counts).
    """
    if not text:
        raise bad_request("message text is empty")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_RAW_TEXT_BYTES:
        raise bad_request("text is too long")
    mode = (parse_mode or "").lower()
    if mode == "html":
        parsed = parse_html(text, strict_entities=strict_entities)
    elif mode == "markdownv2":
        parsed = parse_markdown_v2(text)
    elif mode == "markdown":
        parsed = parse_markdown(text)
    elif mode in ("", "none"):
        parsed = ParsedText(text, _explicit_entities(entities, text))
    else:
        raise bad_request("unsupported parse_mode")
    parsed = trim(parsed)
    if not parsed.text:
        raise bad_request("text must be non-empty")
    if utf16_len(parsed.text) > MAX_TEXT:
        raise bad_request("message is too long")
    return parsed


def _explicit_entities(entities: Any, text: str) -> list[dict[str, Any]]:
    if entities is None:
        return []
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        raise bad_request("can't parse entities JSON object")
    total = utf16_len(text)
    checked: list[dict[str, Any]] = []
    for entity in entities:
        kind, offset, length = entity.get("type"), entity.get("offset"), entity.get("length")
        if kind not in _ENTITY_TYPES:
            raise bad_request(f'can\'t parse MessageEntity: Unsupported type "{kind}" specified')
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length <= 0:
            raise bad_request('can\'t parse MessageEntity: field "offset" or "length" is invalid')
        if offset + length <= total:
            checked.append(dict(entity))
    return checked


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate reply_markup like the Bot API server, tdlib and Telegram, in that order."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("object expected as reply markup")
    if "inline_keyboard" in markup:
        rows = _rows(markup["inline_keyboard"], 'Field "inline_keyboard" of the InlineKeyboardMarkup')
        for row in rows:
            for button in row:
                _check_inline_button(button)
        _check_size(rows)
        for row in rows:
            for button in row:
                data = button.get("callback_data")
                if data and len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
                    raise bad_request("BUTTON_DATA_INVALID")
        return markup if rows else None
    if "keyboard" in markup:
        rows = _rows(markup["keyboard"], 'Field "keyboard"')
        for row in rows:
            for button in row:
                text = (
                    button
                    if isinstance(button, str)
                    else button.get("text")
                    if isinstance(button, dict)
                    else None
                )
                if not isinstance(text, str):
                    raise bad_request(
                        "can't parse keyboard button: KeyboardButton must be a String or an Object"
                    )
                if not text:
                    raise bad_request("keyboard button text must be non-empty")
        _check_size(rows)
    return markup


def _rows(rows: Any, field: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f"{field} must be an Array of Arrays")
    return rows


def _check_size(rows: list[list[Any]]) -> None:
    """Telegram's REPLY_MARKUP_TOO_LONG: more than 8 buttons in a row or 100 in all."""
    if any(len(row) > MAX_ROW_BUTTONS for row in rows) or sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")


def _check_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button"
    if not isinstance(button, dict):
        raise bad_request(f"{prefix}: InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise bad_request(f'{prefix}: Field "text" must be of type String')
    if not any(button.get(key) for key in _VALUE_ACTIONS) and not _PRESENCE_ACTIONS & button.keys():
        raise bad_request(f"{prefix}: Text buttons are unallowed in the inline keyboard")
    if not button["text"]:
        raise bad_request("inline keyboard button text must be non-empty")
    url = button.get("url")
    if url:
        try:
            normalize_link(url)
        except LinkError as exc:
            raise bad_request(f"inline keyboard button {exc}") from None


def check_language_code(language_code: str | None) -> str:
    """Commands are per language: empty or two lower-case letters."""
    if language_code and not re.fullmatch(r"[a-z]{2}", language_code):
        raise bad_request("invalid language code specified")
    return language_code or ""


def check_commands(commands: Any) -> list[dict[str, str]]:
    """setMyCommands like tdlib (trim, drop a leading "/", lengths) then Telegram (count, characters)."""
    if commands is None:
        return []
    if not isinstance(commands, list):
        raise bad_request("expected an Array of BotCommand")
    checked: list[dict[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: expected an Object")
        for field in ("command", "description"):
            if not isinstance(item.get(field), str):
                raise bad_request(f'can\'t parse BotCommand: Field "{field}" must be of type String')
        command = item["command"].strip().removeprefix("/")
        description = item["description"].strip()
        if not command:
            raise bad_request("command must be non-empty")
        if len(command) > MAX_COMMAND_LENGTH:
            raise bad_request(f"command length must not exceed {MAX_COMMAND_LENGTH}")
        if not description:
            raise bad_request("command description must be non-empty")
        if len(description) > MAX_DESCRIPTION_LENGTH:
            raise bad_request(f"command description length must not exceed {MAX_DESCRIPTION_LENGTH}")
        checked.append({"command": command, "description": description})
    if len(checked) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    if not all(_COMMAND.fullmatch(c["command"]) for c in checked):
        raise bad_request("BOT_COMMAND_INVALID")
    return checked


def check_secret_token(secret: str | None) -> None:
    """setWebhook's secret_token: up to 256 of A-Z a-z 0-9 _ -."""
    if secret and len(secret) > 256:
        raise bad_request("secret token is too long")
    if secret and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")


def check_webhook_url(url: str, *, public_rules: bool) -> None:
    """A webhook URL must parse; api.telegram.org (public_rules) also wants HTTPS on port 443, 80, 88 or 8443.

    Without public_rules the emulator acts like a self-hosted Bot API server in --local mode, which
    delivers to any http(s) URL, so a test can run PTB's webhook server on 127.0.0.1.
    """
    parts = urlsplit(url if "://" in url else f"https://{url}")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or port == -1:
        raise bad_request("invalid webhook URL specified")
    if not public_rules:
        return
    if parts.scheme.lower() != "https":
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (port or 443) not in (443, 80, 88, 8443):
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")


def check_callback_answer(text: str | None) -> None:
    """answerCallbackQuery text: at most 200 characters."""
    if text is not None and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")


def check_inline_results(results: Any, *, strict_entities: bool = True) -> list[dict[str, Any]]:
    """answerInlineQuery results: at most 50, articles with a sendable text, ids 1-64 bytes and unique."""
    if results is None:
        return []
    if not isinstance(results, list):
        raise bad_request("expected an Array of inline query results")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("too many inline query results specified")
    for result in results:
        _check_inline_result(result, strict_entities)
    ids = [result["id"] for result in results]
    if any(not 1 <= len(result_id.encode("utf-8")) <= 64 for result_id in ids):
        raise bad_request("RESULT_ID_INVALID")
    if len(set(ids)) != len(ids):
        raise bad_request("RESULT_ID_DUPLICATE")
    return results


def _check_inline_result(result: Any, strict_entities: bool) -> None:
    prefix = "can't parse inline query result"
    if not isinstance(result, dict):
        raise bad_request(f"{prefix}: Inline query result must be an object")
    for field in ("type", "id"):
        if not isinstance(result.get(field), str):
            raise bad_request(f'{prefix}: Field "{field}" must be of type String')
    kind = result["type"].lower()
    if kind != "article":
        raise bad_request(f'{prefix}: type "{kind}" is unsupported for the inline query result')
    content = result.get("input_message_content")
    if not isinstance(content, dict):
        raise bad_request(f'{prefix}: Field "input_message_content" must be of type Object')
    try:
        parse_text(
            content.get("message_text"),
            content.get("parse_mode"),
            content.get("entities"),
            strict_entities=strict_entities,
        )
    except ApiRefusal as refusal:
        raise bad_request(f"{prefix}: {refusal.description.removeprefix('Bad Request: ')}") from None
    if "reply_markup" in result:
        check_reply_markup(result["reply_markup"])
    if not isinstance(result.get("title"), str):
        raise bad_request(f'{prefix}: Field "title" must be of type String')


def decode_json_param(name: str, raw: str | None) -> Any:
    """A JSON-valued parameter (PTB sends these as JSON strings inside the form)."""
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ApiRefusal(400, f"Bad Request: can't parse {name} JSON object") from exc
