"""Telegram's `parse_mode=MarkdownV2` and legacy `Markdown` parsers, ported from tdlib's MessageEntity.cpp.

MarkdownV2 refuses the first unescaped one of `_*[]()~`>#+-=|{}.!` outside markup, exactly as tdlib
does; legacy Markdown only refuses an entity that is never closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.e2e.emulator_errors import ApiRefusal, bad_request
from tests.e2e.emulator_html import ParsedText
from tests.e2e.emulator_links import checked_link

_RESERVED = b"_*[]()~`>#+-=|{}.!\n"
_SPACES = b" \t\r\n\0\v"
_SIZE = "size"  # tdlib's marker for "no entity here"
_CODE_TYPES = frozenset({"code", "pre", "pre_code"})
_TYPE_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "pre_code": "PreCode",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
    "expandable_blockquote": "ExpandableBlockQuote",
}


@dataclass
class _Open:
    type: str
    argument: str
    utf16_offset: int
    byte_offset: int
    result_pos: int


class _Text:
    """UTF-8 bytes read like a C string: past the end is 0."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __getitem__(self, i: int) -> int:
        return self.data[i] if 0 <= i < len(self.data) else 0


def _error(reason: str) -> ApiRefusal:
    return bad_request(f"can't parse entities: {reason}")


def _reserved(c: int) -> ApiRefusal:
    return _error(f"Character '{chr(c)}' is reserved and must be escaped with the preceding '\\'")


def _unclosed(top: _Open) -> ApiRefusal:
    return _error(f"Can't find end of {_TYPE_NAMES[top.type]} entity at byte offset {top.byte_offset}")


def _units(c: int) -> int:
    """UTF-16 units a UTF-8 lead byte starts (0 for continuation bytes)."""
    if (c & 0xC0) == 0x80:
        return 0
    return 2 if c >= 0xF0 else 1


def _is_end(top: _Open, text: _Text, i: int, have_blockquote: bool) -> bool:
    c = text[i]
    if have_blockquote and c == ord("\n") and (i + 1 == len(text.data) or text[i + 1] != ord(">")):
        return True
    return {
        "bold": c == ord("*"),
        "italic": c == ord("_") and text[i + 1] != ord("_"),
        "code": c == ord("`"),
        "pre": c == ord("`") and text[i + 1] == ord("`") and text[i + 2] == ord("`"),
        "pre_code": c == ord("`") and text[i + 1] == ord("`") and text[i + 2] == ord("`"),
        "text_link": c == ord("]"),
        "underline": c == ord("_") and text[i + 1] == ord("_"),
        "strikethrough": c == ord("~"),
        "spoiler": c == ord("|") and text[i + 1] == ord("|"),
        "custom_emoji": c == ord("]"),
        "blockquote": False,
    }[top.type]


def _pre_start(text: _Text, i: int) -> tuple[str, str, int]:
    """After ``` at i: (pre or pre_code, language, index of the last byte consumed)."""
    i += 3
    kind, language = "pre", ""
    end = i
    while text[end] not in _SPACES and text[end] != ord("`"):
        end += 1
    if i != end and end < len(text.data) and text[end] != ord("`"):
        kind, language = "pre_code", text.data[i:end].decode("utf-8", "replace")
        i = end
    if text[i] in (ord("\n"), ord("\r")):
        pair = text[i + 1] in (ord("\n"), ord("\r")) and text[i] != text[i + 1]
        i += 2 if pair else 1
    return kind, language, i - 1


def _read_url(text: _Text, i: int) -> tuple[str, int]:
    """`(url)` right after position i (backslash escapes undone); returns the url and the index of `)`."""
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


def _entity(kind: str, offset: int, length: int, argument: str) -> dict[str, Any]:
    if kind == "pre_code":
        return {"type": "pre", "offset": offset, "length": length, "language": argument}
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        entity["url"] = argument
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = argument
    return entity


class _MarkdownV2:
    """One run of tdlib's parse_markdown_v2 over a text."""

    def __init__(self, source: str) -> None:
        self.text = _Text(source.encode("utf-8"))
        self.out = bytearray()
        self.entities: list[dict[str, Any]] = []
        self.stack: list[_Open] = []
        self.utf16 = 0
        self.have_blockquote = False
        self.can_start_blockquote = True

    def run(self) -> ParsedText:
        text, i = self.text, 0
        while i < len(text.data):
            c = text[i]
            if c == ord("\\") and 0 < text[i + 1] <= 126:
                i += 1
                self.utf16 += 1
                self.out.append(text[i])
                if text[i] != ord("\r"):
                    self.can_start_blockquote = text[i] == ord("\n")
            elif c not in (b"`" if self.stack and self.stack[-1].type in _CODE_TYPES else _RESERVED):
                self.utf16 += _units(c)
                if _units(c) and c != ord("\r"):
                    self.can_start_blockquote = False
                self.out.append(c)
            elif self.stack and _is_end(self.stack[-1], text, i, self.have_blockquote):
                i = self._close(i)
            else:
                i = self._open(i)
            i += 1
        self._finish()
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText(self.out.decode("utf-8"), self.entities)

    def _open(self, i: int) -> int:
        text, c = self.text, self.text[i]
        start, argument = i, ""
        if c == ord("_"):
            kind = "underline" if text[i + 1] == ord("_") else "italic"
            i += 1 if kind == "underline" else 0
        elif c in (ord("*"), ord("~"), ord("[")):
            kind = {ord("*"): "bold", ord("~"): "strikethrough", ord("["): "text_link"}[c]
        elif c == ord("|") and text[i + 1] == ord("|"):
            kind, i = "spoiler", i + 1
        elif c == ord("!") and text[i + 1] == ord("["):
            kind, i = "custom_emoji", i + 1
        elif c == ord("`"):
            if text[i + 1] == ord("`") and text[i + 2] == ord("`"):
                kind, argument, i = _pre_start(text, i)
            else:
                kind = "code"
        elif c == ord("\n"):
            self.utf16 += 1
            self.out.append(c)
            self.can_start_blockquote = True
            return i
        elif c == ord(">") and self.can_start_blockquote:
            if self.have_blockquote:
                return i
            kind, self.have_blockquote = "blockquote", True
        else:
            raise _reserved(c)
        self.stack.append(_Open(kind, argument, self.utf16, start, len(self.out)))
        return i

    def _close(self, i: int) -> int:
        text, top = self.text, self.stack[-1]
        kind = top.type
        if text[i] == ord("\n") and kind != "blockquote":
            right_after = top.byte_offset == i - 2 or (
                top.byte_offset == i - 3 and self.out and self.out[-1] == ord("\r")
            )
            if kind != "spoiler" or not right_after:
                raise _unclosed(top)
            self.stack.pop()
            top = self.stack[-1]
            if top.type != "blockquote":
                raise _unclosed(top)
            kind = "expandable_blockquote"
        argument = top.argument
        skip = self.utf16 == top.utf16_offset
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind in ("pre", "pre_code"):
            i += 2
        elif kind == "text_link":
            if text[i + 1] == ord("("):
                url, i = _read_url(text, i)
            else:
                url = self.out[top.result_pos :].decode("utf-8", "replace")
            checked = checked_link(url)
            skip = skip or checked is None
            argument = checked or ""
        elif kind == "custom_emoji":
            if text[i + 1] != ord("("):
                raise _error("The entity must contain a tg://emoji or tg://time URL")
            url, i = _read_url(text, i)
            emoji_id = url.removeprefix("tg://emoji?id=")
            if not url.startswith("tg://emoji?id=") or not emoji_id.isdigit():
                raise _error("Invalid tg://emoji or tg://time URL specified")
            argument = emoji_id
        elif kind in ("blockquote", "expandable_blockquote"):
            self.have_blockquote = False
            self.out.append(text[i])
            self.can_start_blockquote = True
            self.utf16 += 1
            skip = False
        if not skip:
            length = self.utf16 - top.utf16_offset
            self.entities.append(_entity(kind, top.utf16_offset, length, argument))
        self.stack.pop()
        return i

    def _finish(self) -> None:
        if self.have_blockquote:
            kind = "blockquote"
            top = self.stack[-1]
            if top.type == "spoiler" and top.byte_offset == len(self.text.data) - 2:
                self.stack.pop()
                kind = "expandable_blockquote"
            top = self.stack[-1]
            if top.type == "blockquote":
                self.have_blockquote = False
                if self.utf16 != top.utf16_offset:
                    self.entities.append(_entity(kind, top.utf16_offset, self.utf16 - top.utf16_offset, ""))
                self.stack.pop()
        if self.stack:
            raise _unclosed(self.stack[-1])


def parse_markdown_v2(source: str) -> ParsedText:
    """MarkdownV2 text -> plain text + entities, or the ApiRefusal Telegram sends."""
    return _MarkdownV2(source).run()


def parse_markdown(source: str) -> ParsedText:
    """Legacy Markdown (v1): *bold* _italic_ `code` ```pre``` [text](url); refuses an unclosed entity."""
    text = _Text(source.encode("utf-8"))
    out = bytearray()
    entities: list[dict[str, Any]] = []
    utf16, i, size = 0, 0, len(text.data)
    while i < size:
        c = text[i]
        if c == ord("\\") and text[i + 1] in b"_*`[" and text[i + 1]:
            i += 1
            out.append(text[i])
            utf16 += 1
            i += 1
            continue
        if c not in b"_*`[":
            utf16 += _units(c)
            out.append(c)
            i += 1
            continue
        begin = i
        end_char = ord("]") if c == ord("[") else c
        i += 1
        is_pre, language = False, ""
        if c == ord("`") and text[i] == ord("`") and text[i + 1] == ord("`"):
            kind, language, last = _pre_start(text, i - 1)
            is_pre, i = True, last + 1
        offset = utf16
        while i < size and (text[i] != end_char or (is_pre and not (text[i + 1] == text[i + 2] == ord("`")))):
            utf16 += _units(text[i])
            out.append(text[i])
            i += 1
        if i == size:
            raise _error(f"Can't find end of the entity starting at byte offset {begin}")
        if offset != utf16:
            length = utf16 - offset
            if c == ord("["):
                if text[i + 1] != ord("("):
                    url = text.data[begin + 1 : i].decode("utf-8", "replace")
                else:
                    i += 2
                    start = i
                    while i < size and text[i] != ord(")"):
                        i += 1
                    url = text.data[start:i].decode("utf-8", "replace")
                checked = checked_link(url)
                if checked is not None:
                    entities.append(_entity("text_link", offset, length, checked))
            elif c == ord("`"):
                kind = ("pre_code" if language else "pre") if is_pre else "code"
                entities.append(_entity(kind, offset, length, language))
            else:
                entities.append(_entity("italic" if c == ord("_") else "bold", offset, length, ""))
        i += 3 if is_pre else 1
    return ParsedText(out.decode("utf-8", "replace"), entities)
