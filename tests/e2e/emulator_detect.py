"""Entities Telegram finds by itself in what people write: mentions, bot commands, hashtags, URLs, e-mail.

A simplified port of tdlib's find_entities (MessageEntity.cpp), used for pushed messages so a bot sees
`/timeline@Bot`, `@EpPermedTestBot` or `https://...` marked as it would in production. URLs are only
recognised with an explicit scheme or a `www.` prefix (tdlib also knows bare domains by their TLD).
"""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.emulator_html import utf16_len

_MENTION = re.compile(r"(?<!\w)@([A-Za-z0-9_]{4,32})(?!\w)")
_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_HASHTAG = re.compile(r"(?<!\w)#\w*[^\W\d_]\w*(?![\w#])")
_EMAIL = re.compile(
    r"(?<![\w.+-])(?:[a-z0-9_-]{0,26}[.+]){0,10}[a-z0-9_-]{1,35}@(?:(?:[a-z0-9][a-z0-9_-]{0,28})?[a-z0-9][.]){1,6}"
    r"[a-z]{2,8}(?![\w])",
    re.IGNORECASE,
)
_URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_URL_TAIL = ".,:;!?'\")]}"


def find_entities(text: str) -> list[dict[str, Any]]:
    """The automatic entities of text, sorted, with UTF-16 offsets; overlapping finds keep the first."""
    found: list[tuple[int, int, str]] = []
    for kind, pattern in (("mention", _MENTION), ("bot_command", _COMMAND), ("hashtag", _HASHTAG)):
        found += [(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    found += [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TAIL:
            end -= 1
        found.append((match.start(), end, "url"))
    entities: list[dict[str, Any]] = []
    taken_until = -1
    for start, end, kind in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if start < taken_until:
            continue
        taken_until = end
        offset = utf16_len(text[:start])
        entities.append({"type": kind, "offset": offset, "length": utf16_len(text[start:end])})
    return entities
