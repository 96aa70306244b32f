"""What a bot sends, checked with Telegram's refusal texts: message text, keyboards, commands, results."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.e2e.emulator_errors import ApiRefusal, bad_request
from tests.e2e.emulator_html import ParsedText, parse_html, trim, utf16_len
from tests.e2e.emulator_markdown import parse_markdown_v2

MAX_TEXT = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_ROW_BUTTONS = 8
MAX_BUTTONS = 100
MAX_COMMANDS = 100
MAX_INLINE_RESULTS = 50
MAX_CALLBACK_ANSWER = 200
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]*")
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
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
    empty_reason: str = "message text is empty",
    max_length: int = MAX_TEXT,
    long_reason: str = "message is too long",
) -> ParsedText:
    """Turn sent text + parse_mode (or explicit entities) into the message Telegram would show, or refuse."""
    if text is None:
        raise bad_request(empty_reason)
    mode = (parse_mode or "").lower()
    if mode == "html":
        parsed = parse_html(text, strict_entities=strict_entities)
    elif mode in ("markdownv2", "markdown"):
        parsed = parse_markdown_v2(text) if mode == "markdownv2" else ParsedText(text, [])
    elif mode:
        raise bad_request("unsupported parse_mode")
    else:
        parsed = ParsedText(text, _explicit_entities(entities, text))
    parsed = trim(parsed)
    if not parsed.text:
        raise bad_request(empty_reason)
    if utf16_len(parsed.text) > max_length:
        raise bad_request(long_reason)
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
    """Validate reply_markup like Telegram: callback_data bytes, buttons a row and in total."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _check_rows(markup["keyboard"], inline=False)
    elif not ({"remove_keyboard", "force_reply"} & markup.keys()):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _check_rows(rows: Any, *, inline: bool) -> list[list[dict[str, Any]]]:
    kind = "inline keyboard" if inline else "keyboard"
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            f'field "{"inline_keyboard" if inline else "keyboard"}" of the {kind} must be an Array'
        )
    total = 0
    for row in rows:
        if len(row) > MAX_ROW_BUTTONS:
            raise bad_request("reply markup is too long")
        total += len(row)
    if total > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request(f'can\'t parse {kind} button: Field "text" must be of type String')
    return rows


def _check_inline_keyboard(rows: Any) -> None:
    for row in _check_rows(rows, inline=True):
        for button in row:
            actions = [key for key in _BUTTON_ACTIONS if key in button]
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA_BYTES:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not _is_button_url(button["url"]):
                raise bad_request(f"inline keyboard button URL '{button['url']}' is invalid: Wrong HTTP URL")


def _is_button_url(url: Any) -> bool:
    return isinstance(url, str) and re.match(r"(https?|tg)://\S+$", url) is not None


def check_commands(commands: Any) -> list[dict[str, str]]:
    """setMyCommands: at most 100, command 1-32 of a-z 0-9 _, description 1-256, else BOT_COMMAND_INVALID."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMAND_INVALID")
    checked: list[dict[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: expected an Object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_INVALID")
        checked.append({"command": command, "description": description})
    return checked


def check_secret_token(secret: str | None) -> str | None:
    """setWebhook's secret_token: up to 256 of A-Z a-z 0-9 _ - (empty means none)."""
    if not secret:
        return None
    if len(secret) > 256:
        raise bad_request("secret token is too long")
    if not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    return secret


def check_callback_answer(text: str | None) -> None:
    """answerCallbackQuery text: at most 200 characters."""
    if text is not None and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")


def check_inline_results(results: Any, *, strict_entities: bool = True) -> list[dict[str, Any]]:
    """answerInlineQuery results: at most 50, unique ids of 1-64 bytes, articles with a sendable text."""
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict):
            raise bad_request("can't parse inline query result: expected an Object")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= 64:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        _check_inline_result(result, strict_entities)
        if "reply_markup" in result:
            check_reply_markup(result["reply_markup"])
    return results


def _check_inline_result(result: dict[str, Any], strict_entities: bool) -> None:
    kind = result.get("type")
    if kind != "article":
        raise bad_request(f'can\'t parse inline query result: Unsupported inline query result type "{kind}"')
    if not isinstance(result.get("title"), str) or not result["title"]:
        raise bad_request('can\'t parse inline query result: Field "title" must be of type String')
    content = result.get("input_message_content")
    if not isinstance(content, dict):
        raise bad_request(
            'can\'t parse inline query result: Field "input_message_content" must be of type Object'
        )
    parse_text(
        content.get("message_text"),
        content.get("parse_mode"),
        content.get("entities"),
        strict_entities=strict_entities,
    )


def decode_json_param(name: str, raw: str | None) -> Any:
    """A JSON-valued parameter (PTB sends these as JSON strings inside the form)."""
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ApiRefusal(400, f"Bad Request: can't parse {name} JSON object") from exc
