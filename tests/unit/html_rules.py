"""Telegram's parse_mode HTML rules, checked the way the Bot API checks them, for the unit tests.

Only the tags Telegram accepts, balanced and properly nested; `&` only as &lt; &gt; &amp; &quot; or a
numeric entity; at most 4,096 UTF-16 units of text after parsing, and not empty.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

MAX_TEXT = 4096
ALLOWED_TAGS = frozenset(
    "b strong i em u ins s strike del span tg-spoiler a code pre tg-emoji blockquote".split()
)
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class HtmlRuleError(AssertionError):
    """The text would be refused by Telegram: `Bad Request: can't parse entities` or a length error."""


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise HtmlRuleError(f'Unsupported start tag "{tag}"')
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if tag == "a" and (names != {"href"} or not values["href"]):
            raise HtmlRuleError("<a> needs exactly one non-empty href")
        if tag == "span" and values.get("class") != "tg-spoiler":
            raise HtmlRuleError('<span> is only allowed as class="tg-spoiler"')
        if tag == "blockquote" and not names <= {"expandable"}:
            raise HtmlRuleError("<blockquote> takes no attribute but expandable")
        if tag == "code" and names and not (self.stack and self.stack[-1] == "pre" and names == {"class"}):
            raise HtmlRuleError("<code class> is only allowed directly inside <pre>")
        if tag not in {"a", "span", "blockquote", "code", "tg-emoji"} and names:
            raise HtmlRuleError(f"<{tag}> takes no attributes")
        if tag == "a" and "a" in self.stack:
            raise HtmlRuleError("links cannot be nested")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise HtmlRuleError(f'Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise HtmlRuleError(f'Unmatched end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise HtmlRuleError("comments are not allowed")

    def handle_decl(self, decl: str) -> None:
        raise HtmlRuleError("declarations are not allowed")


def parsed_text(markup: str) -> str:
    """The text Telegram shows for `markup`; raises HtmlRuleError where Telegram would refuse it."""
    for match in re.finditer("&", markup):
        if not _ENTITY.match(markup, match.start()):
            raise HtmlRuleError(f"bare & at offset {match.start()}: only &lt; &gt; &amp; &quot; and &#N;")
    for match in re.finditer("<", markup):
        if not re.match(r"</?[a-z-]+(\s[^<>]*)?>", markup[match.start() :]):
            raise HtmlRuleError(f"bare < at offset {match.start()}")
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    if checker.stack:
        raise HtmlRuleError(f'Unclosed start tag "{checker.stack[-1]}"')
    return html.unescape("".join(checker.text))


def check_telegram_html(markup: str) -> str:
    """Assert `markup` is a message Telegram accepts; return its text."""
    text = parsed_text(markup)
    units = len(text.encode("utf-16-le")) // 2
    if units > MAX_TEXT:
        raise HtmlRuleError(f"message is too long: {units} UTF-16 units > {MAX_TEXT}")
    if not text.strip():
        raise HtmlRuleError("message text is empty")
    return text
