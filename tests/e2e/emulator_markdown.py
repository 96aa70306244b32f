"""Telegram's `parse_mode=MarkdownV2` parser, ported from tdlib's `parse_markdown_v2` for its refusals.

Every one of `_*[]()~`>#+-=|{}.!` outside markup must be escaped with a backslash; tdlib refuses the
first one that is not. Line-start `>` blockquotes are accepted (as a plain blockquote entity).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.e2e.emulator_errors import ApiRefusal, bad_request
from tests.e2e.emulator_html import ParsedText, check_link

_RESERVED = b"_*[]()~`>#+-=|{}.!"
_TYPE_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


@dataclass
class _Open:
    type: str
    argument: str
    utf16_offset: int
    byte_offset: int
    result_pos: int


def _error(reason: str) -> ApiRefusal:
    return bad_request(f"can't parse entities: {reason}")


def _reserved(c: int) -> ApiRefusal:
    return _error(f"Character '{chr(c)}' is reserved and must be escaped with the preceding '\\'")


class _Text:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def __getitem__(self, i: int) -> int:
        return self.data[i] if i < len(self.data) else 0


def _is_end(top: _Open, text: _Text, i: int) -> bool:
    c = text[i]
    return {
        "bold": c == ord("*"),
        "italic": c == ord("_") and text[i + 1] != ord("_"),
        "code": c == ord("`"),
        "pre": c == ord("`") and text[i + 1] == ord("`") and text[i + 2] == ord("`"),
        "text_link": c == ord("]"),
        "underline": c == ord("_") and text[i + 1] == ord("_"),
        "strikethrough": c == ord("~"),
        "spoiler": c == ord("|") and text[i + 1] == ord("|"),
        "custom_emoji": c == ord("]"),
    }[top.type]


def _open_entity(text: _Text, i: int) -> tuple[str, str, int]:  # noqa: PLR0911 - one return per markup
    """Start an entity at i: (type, argument, index of the last byte consumed)."""
    c = text[i]
    if c == ord("_"):
        return ("underline", "", i + 1) if text[i + 1] == ord("_") else ("italic", "", i)
    if c == ord("*"):
        return "bold", "", i
    if c == ord("~"):
        return "strikethrough", "", i
    if c == ord("|"):
        if text[i + 1] == ord("|"):
            return "spoiler", "", i + 1
        raise _reserved(c)
    if c == ord("["):
        return "text_link", "", i
    if c == ord("!") and text[i + 1] == ord("["):
        return "custom_emoji", "", i + 1
    if c == ord("`"):
        if not (text[i + 1] == ord("`") and text[i + 2] == ord("`")):
            return "code", "", i
        i += 3
        end = i
        while text[end] and text[end] not in b" \t\r\n`":
            end += 1
        argument = ""
        if i != end and end < len(text.data) and text[end] != ord("`"):
            argument = text.data[i:end].decode("utf-8", "replace")
            i = end
        if text[i] in (ord("\n"), ord("\r")):
            pair = text[i + 1] in (ord("\n"), ord("\r")) and text[i] != text[i + 1]
            i += 2 if pair else 1
        return "pre", argument, i - 1
    raise _reserved(c)


def _read_url(text: _Text, i: int) -> tuple[str, int]:
    """After `]` at i: the `(url)` that follows, and the index of `)`; ('', i) when there is none."""
    if text[i + 1] != ord("("):
        return "", i
    i += 2
    begin = i
    url = bytearray()
    while i < len(text.data) and text[i] != ord(")"):
        if text[i] == ord("\\") and 0 < text[i + 1] <= 126:
            url.append(text[i + 1])
            i += 2
            continue
        url.append(text[i])
        i += 1
    if text[i] != ord(")"):
        raise _error(f"Can't find end of a URL at byte offset {begin}")
    return url.decode("utf-8", "replace"), i


def parse_markdown_v2(source: str) -> ParsedText:
    """Parse MarkdownV2 into text + entities, refusing unescaped reserved characters like Telegram."""
    text = _Text(source.encode("utf-8", "surrogatepass"))
    result = bytearray()
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    quote_start: int | None = None
    utf16 = 0
    i = 0
    while i < len(text.data):
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == ord("\n")
        if at_line_start and quote_start is not None and c != ord(">"):
            entities.append({"type": "blockquote", "offset": quote_start, "length": utf16 - quote_start})
            quote_start = None
        if c == ord("\\") and 0 < text[i + 1] <= 126:
            result.append(text[i + 1])
            utf16 += 1
            i += 2
            continue
        in_code = bool(stack) and stack[-1].type in ("code", "pre")
        if c == ord(">") and at_line_start and not stack:
            quote_start = utf16 if quote_start is None else quote_start
            i += 1
            continue
        if c not in (b"`" if in_code else _RESERVED):
            result.append(c)
            if (c & 0xC0) != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            i += 1
            continue
        if not stack or not _is_end(stack[-1], text, i):
            kind, argument, last = _open_entity(text, i)
            stack.append(_Open(kind, argument, utf16, i, len(result)))
            i = last + 1
            continue
        top = stack.pop()
        entity: dict[str, Any] = {
            "type": top.type,
            "offset": top.utf16_offset,
            "length": utf16 - top.utf16_offset,
        }
        if top.type in ("underline", "spoiler"):
            i += 1
        elif top.type == "pre":
            i += 2
            if top.argument:
                entity["language"] = top.argument
        elif top.type in ("text_link", "custom_emoji"):
            url, i = _read_url(text, i)
            url = url or result[top.result_pos :].decode("utf-8", "replace")
            if top.type == "custom_emoji":
                entity["custom_emoji_id"] = url.removeprefix("tg://emoji?id=")
            else:
                checked = check_link(url)
                entity = entity if checked is None else {**entity, "url": checked}
                if checked is None:
                    entity["length"] = 0
        if entity["length"] > 0:
            entities.append(entity)
        i += 1
    if stack:
        top = stack[-1]
        raise _error(f"Can't find end of {_TYPE_NAMES[top.type]} entity at byte offset {top.byte_offset}")
    if quote_start is not None and utf16 > quote_start:
        entities.append({"type": "blockquote", "offset": quote_start, "length": utf16 - quote_start})
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(result.decode("utf-8", "surrogatepass"), entities)
