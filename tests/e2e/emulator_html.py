"""Telegram's `parse_mode=HTML` parser, ported from tdlib's `parse_html` so refusals match byte for byte.

Offsets in error messages are byte offsets into the UTF-8 text, entity offsets are UTF-16 code units,
exactly as tdlib computes them. Only the tags Telegram knows are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.e2e.emulator_errors import ApiRefusal, bad_request
from tests.e2e.emulator_links import checked_link

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_ENTITIES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_SPACES = frozenset(b" \t\r\n\0\v")
_NAME_STOPS = frozenset(b"=>/\"'")


def _is_space(c: int) -> bool:
    return c in _SPACES


def _is_alpha(c: int) -> bool:
    return 65 <= c <= 90 or 97 <= c <= 122


def _is_digit(c: int) -> bool:
    return 48 <= c <= 57


@dataclass
class ParsedText:
    """Plain text after entity parsing plus its Bot API `MessageEntity` dicts."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Open:
    tag: str
    argument: str
    utf16_offset: int
    result_pos: int


class _Bytes:
    """The UTF-8 text with C-string semantics: reading past the end gives 0, as tdlib relies on."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __getitem__(self, i: int) -> int:
        return self.data[i] if i < len(self.data) else 0


def _parse_error(reason: str) -> ApiRefusal:
    return bad_request(f"can't parse entities: {reason}")


def _decode_entity(text: _Bytes, pos: int, strict: bool) -> tuple[int, int]:
    """Decode `&...;` at pos: (code point, new position), or (0, pos) when it is not a known entity."""
    end = pos + 1
    value = 0
    if text[pos + 1] == ord("#"):
        end += 1
        if text[pos + 2] == ord("x"):
            end += 1
            while chr(text[end]) in "0123456789abcdefABCDEF" and text[end]:
                value = value * 16 + int(chr(text[end]), 16)
                end += 1
                if value >= 0x10FFFF:
                    return 0, pos
        else:
            while _is_digit(text[end]):
                value = value * 10 + text[end] - 48
                end += 1
                if value >= 0x10FFFF:
                    return 0, pos
        if value == 0 or value >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while _is_alpha(text[end]):
            end += 1
        name = text.data[pos + 1 : end]
        if name not in _NAMED_ENTITIES:
            if strict and name and text[end] == ord(";"):
                raise _parse_error(
                    f'Unsupported HTML entity "&{name.decode()};" at byte offset {pos}'
                    " (Telegram would show it literally)"
                )
            return 0, pos
        value = _NAMED_ENTITIES[name]
    return value, end + 1 if text[end] == ord(";") else end


def _append(result: bytearray, code_point: int) -> int:
    """Append one code point as UTF-8; return its length in UTF-16 code units."""
    result += chr(code_point).encode("utf-8", "surrogatepass")
    return 2 if code_point > 0xFFFF else 1


def _close_entity(entities: list[dict[str, Any]], opened: _Open, length: int, result: bytearray) -> None:
    tag, offset = opened.tag, opened.utf16_offset
    if tag in _SIMPLE_TYPES:
        entities.append({"type": _SIMPLE_TYPES[tag], "offset": offset, "length": length})
    elif tag == "a":
        url = opened.argument or result[opened.result_pos :].decode("utf-8", "replace")
        checked = checked_link(url)
        if checked is not None:
            entities.append({"type": "text_link", "offset": offset, "length": length, "url": checked})
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and last["offset"] == offset
            and last["length"] == length
            and opened.argument
        ):
            last["language"] = opened.argument
        else:
            entity: dict[str, Any] = {"type": "code", "offset": offset, "length": length}
            if opened.argument:
                entity["language"] = opened.argument
            entities.append(entity)
    elif tag == "tg-emoji":
        if not opened.argument.isdigit() or int(opened.argument) == 0:
            raise _parse_error("Invalid custom emoji identifier specified")
        entities.append(
            {"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": opened.argument}
        )
    elif tag == "blockquote":
        kind = "expandable_blockquote" if opened.argument else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})
    # tg-time (a formatted date) is accepted; PTB 22.8 has no entity type for it, so none is reported.


def _read_attributes(text: _Bytes, i: int, tag: str, begin: int) -> tuple[str, int]:
    """Read the attributes of a start tag from i; return (the tag's argument, position of '>')."""
    argument = ""
    while text[i] != ord(">"):
        while text[i] and _is_space(text[i]):
            i += 1
        if text[i] == ord(">"):
            break
        name_begin = i
        while not _is_space(text[i]) and text[i] not in _NAME_STOPS:
            i += 1
        name = text.data[name_begin:i].decode("utf-8", "replace")
        if not name:
            raise _parse_error(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        while text[i] and _is_space(text[i]):
            i += 1
        if text[i] != ord("="):
            if not text[i]:
                raise _parse_error(f'Unclosed start tag "{tag}" at byte offset {begin}')
            if tag == "blockquote" and name == "expandable":
                argument = "1"
            continue
        i += 1
        while text[i] and _is_space(text[i]):
            i += 1
        if not text[i]:
            raise _parse_error(f'Unclosed start tag "{tag}" at byte offset {begin}')
        value = bytearray()
        if text[i] not in (ord("'"), ord('"')):
            token_begin = i
            while _is_alpha(text[i]) or _is_digit(text[i]) or text[i] in b".-":
                i += 1
            value += text.data[token_begin:i].lower()
            if not _is_space(text[i]) and text[i] != ord(">"):
                raise _parse_error(f"Unexpected end of name token at byte offset {token_begin}")
        else:
            quote = text[i]
            i += 1
            while text[i] != quote and text[i]:
                if text[i] == ord("&"):
                    code_point, new_i = _decode_entity(text, i, strict=False)
                    if code_point:
                        _append(value, code_point)
                        i = new_i
                        continue
                value.append(text[i])
                i += 1
            if text[i] == quote:
                i += 1
        if not text[i]:
            raise _parse_error(f"Unclosed start tag at byte offset {begin}")
        decoded = value.decode("utf-8", "replace")
        if tag == "a" and name == "href":
            argument = decoded
        elif tag == "code" and name == "class" and decoded.startswith("language-"):
            argument = decoded[len("language-") :]
        elif tag == "span" and name == "class" and decoded.startswith("tg-"):
            argument = decoded[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            argument = decoded
        elif tag == "blockquote" and name == "expandable":
            argument = "1"
    return argument, i


def parse_html(source: str, *, strict_entities: bool = True) -> ParsedText:
    """Parse Telegram HTML; raise ApiRefusal(400, "Bad Request: can't parse entities: ...") like tdlib.

    With strict_entities, `&name;` references other than lt/gt/amp/quot are refused (Telegram
    would send them literally, which is a visible bug in a reply).
    """
    text = _Bytes(source.encode("utf-8", "surrogatepass"))
    size = len(text.data)
    result = bytearray()
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    utf16 = 0
    i = 0
    while i < size:
        c = text[i]
        if c == ord("&"):
            code_point, new_i = _decode_entity(text, i, strict_entities)
            if code_point:
                utf16 += _append(result, code_point)
                i = new_i
                continue
        if c != ord("<"):
            result.append(c)
            if (c & 0xC0) != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            i += 1
            continue
        begin = i
        i += 1
        if text[i] != ord("/"):
            while not _is_space(text[i]) and text[i] != ord(">"):
                i += 1
            if not text[i]:
                raise _parse_error(f"Unclosed start tag at byte offset {begin}")
            tag = text.data[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in SUPPORTED_TAGS:
                raise _parse_error(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument, i = _read_attributes(text, i, tag, begin)
            if tag == "span" and argument != "spoiler":
                raise _parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            stack.append(_Open(tag, argument, utf16, len(result)))
        else:
            if not stack:
                raise _parse_error(f"Unexpected end tag at byte offset {begin}")
            while not _is_space(text[i]) and text[i] != ord(">"):
                i += 1
            end_tag = text.data[begin + 2 : i].decode("utf-8", "replace").lower()
            while _is_space(text[i]) and text[i]:
                i += 1
            if text[i] != ord(">"):
                raise _parse_error(f"Unclosed end tag at byte offset {begin}")
            opened = stack[-1]
            if end_tag and end_tag != opened.tag:
                raise _parse_error(
                    f"Unmatched end tag at byte offset {begin}, "
                    f'expected "</{opened.tag}>", found "</{end_tag}>"'
                )
            if utf16 > opened.utf16_offset:
                _close_entity(entities, opened, utf16 - opened.utf16_offset, result)
            stack.pop()
        i += 1
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # a language only counts inside <pre>
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    try:
        plain = result.decode("utf-8")
    except UnicodeDecodeError:
        raise _parse_error(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        ) from None
    return ParsedText(plain, entities)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts message length and entity offsets in."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def trim(parsed: ParsedText) -> ParsedText:
    """tdlib's fix_formatted_text: drop trailing spaces/newlines, and leading ones before the first entity."""
    text = parsed.text.rstrip(" \n")
    if not text:
        return ParsedText("", [])
    total = utf16_len(text)
    first_entity = min((e["offset"] for e in parsed.entities), default=total)
    lead = 0
    while lead < min(first_entity, len(text)) and text[lead] in " \n":
        lead += 1
    entities: list[dict[str, Any]] = []
    for entity in parsed.entities:
        end = min(entity["offset"] + entity["length"], total)
        if end > entity["offset"]:
            entities.append({**entity, "offset": entity["offset"] - lead, "length": end - entity["offset"]})
    return ParsedText(text[lead:], entities)
