"""The terminal chat: the same `Router` as the Telegram bot, its HTML replies turned into terminal text.

Interactive on a terminal (line editing and history through `readline`); with questions piped on standard
input it answers each one and exits, without prompts or colours.
"""

from __future__ import annotations

import contextlib
import os
from html.parser import HTMLParser
from typing import TextIO

from bot.conversation import Conversation, private_key
from bot.i18n import t
from bot.render import MORE_PREFIX, Reply
from bot.router import Router

_BOLD = ("\x1b[1m", "\x1b[22m")
_ITALIC = ("\x1b[3m", "\x1b[23m")
QUOTE_MARGIN = "  │ "
QUIT_COMMANDS = frozenset({"/quit", "/exit", "/q"})
MORE_COMMAND = "/more"
PROMPT = "› "


class _TerminalText(HTMLParser):
    """Telegram HTML to plain text: bold and italic as ANSI (optional), links as `title <url>`."""

    def __init__(self, *, ansi: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.ansi = ansi
        self.buffers: list[list[str]] = [[]]
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("b", "strong") and self.ansi:
            self.buffers[-1].append(_BOLD[0])
        elif tag in ("i", "em") and self.ansi:
            self.buffers[-1].append(_ITALIC[0])
        elif tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
            self.buffers.append([])
        elif tag == "blockquote":
            self.buffers.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("b", "strong") and self.ansi:
            self.buffers[-1].append(_BOLD[1])
        elif tag in ("i", "em") and self.ansi:
            self.buffers[-1].append(_ITALIC[1])
        elif tag == "a" and self.hrefs:
            text = "".join(self.buffers.pop())
            href = self.hrefs.pop()
            shown = text if href in ("", text, f"mailto:{text}") else f"{text} <{href}>"
            self.buffers[-1].append(shown)
        elif tag == "blockquote" and len(self.buffers) > 1:
            quote = "".join(self.buffers.pop()).strip("\n")
            self.buffers[-1].append("\n".join((QUOTE_MARGIN + line).rstrip() for line in quote.split("\n")))

    def handle_data(self, data: str) -> None:
        self.buffers[-1].append(data)

    def result(self) -> str:
        while len(self.buffers) > 1:
            inner = self.buffers.pop()
            self.buffers[-1].extend(inner)
        return "".join(self.buffers[0])


def to_terminal(html: str, *, ansi: bool = False) -> str:
    """The reply as a terminal shows it: entities decoded, quotes indented, links as `title <url>`."""
    parser = _TerminalText(ansi=ansi)
    parser.feed(html)
    parser.close()
    return parser.result()


def _more_button(reply: Reply | None) -> str | None:
    if reply is None:
        return None
    for row in reply.buttons:
        for button in row:
            if button.callback_data.startswith(MORE_PREFIX):
                return button.callback_data
    return None


class TerminalChat:
    """A chat on standard input and output; `/more` presses the last answer's "More sources" button."""

    def __init__(
        self,
        router: Router,
        *,
        stdin: TextIO,
        stdout: TextIO,
        language: str | None = None,
        interactive: bool | None = None,
        ansi: bool | None = None,
    ) -> None:
        self.router = router
        self.stdin = stdin
        self.stdout = stdout
        self.language = language
        self.interactive = stdin.isatty() and stdout.isatty() if interactive is None else interactive
        if ansi is None:
            ansi = stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        self.ansi = ansi
        self._last: Reply | None = None
        self.conversation = Conversation(private_key(0))  # one person at the terminal: one conversation

    def run(self) -> int:
        """Chat until /quit, Ctrl-D or the end of piped input; returns the exit status."""
        if self.interactive:
            return self._interactive()
        first = True
        for line in self.stdin:
            text = line.strip()
            if not text:
                continue
            if text.casefold() in QUIT_COMMANDS:
                break
            if not first:
                self.stdout.write("\n")
            first = False
            self._respond(text)
        self.stdout.flush()
        return 0

    def _interactive(self) -> int:
        with contextlib.suppress(ImportError):  # not on every platform; the chat works without it
            import readline  # noqa: F401 - importing it gives input() line editing and history
        self._print(t("console_greeting", self.language))
        while True:
            try:
                text = input(PROMPT).strip()
            except EOFError:
                self.stdout.write("\n")
                return 0
            except KeyboardInterrupt:
                self.stdout.write("\n")
                continue
            if text.casefold() in QUIT_COMMANDS:
                return 0
            if text:
                self._respond(text)

    def _respond(self, text: str) -> None:
        if text.casefold() == MORE_COMMAND:
            self._more()
            return
        reply = self.router.reply(text, language=self.language, conversation=self.conversation)
        if reply.kind == "ignored":
            return
        self._last = reply
        self._print(to_terminal(reply.html, ansi=self.ansi))
        more = _more_button(reply)
        if more is not None and self.interactive:
            count = len(more.removeprefix(MORE_PREFIX).split(","))
            self._print(t("console_more_hint", self.language, count=count))

    def _more(self) -> None:
        data = _more_button(self._last)
        if data is None:
            self._print(t("console_no_more", self.language))
            return
        result = self.router.callback(data, language=self.language)
        if result.reply is not None:
            self._print(to_terminal(result.reply.html, ansi=self.ansi))
        elif result.toast:
            self._print(result.toast)

    def _print(self, text: str) -> None:
        self.stdout.write(text.rstrip("\n") + "\n")
        self.stdout.flush()
