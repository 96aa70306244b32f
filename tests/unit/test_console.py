"""The terminal chat: HTML turned into terminal text, piped questions, /more, /quit, the interactive loop."""

from __future__ import annotations

import builtins
import io
from collections.abc import Iterator

import pytest

from bot.console import TerminalChat, to_terminal
from bot.router import Router
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.answering import Answerer
from knowledge.chunking import chunk_document
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from knowledge.loader import load_knowledge
from knowledge.search import Searcher

LAUNCH_Q = "When will the partnership be launched?"


@pytest.fixture(scope="module")
def router() -> Router:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    chunks = [chunk for doc in knowledge.documents for chunk in chunk_document(doc)]
    embedder = FakeEmbedder()
    answerer = Answerer(Searcher(PublishedIndex.in_memory(chunks, embedder), embedder), min_confidence=0.3)
    return Router(answerer, knowledge)


def test_terminal_text_plain() -> None:
    html = (
        "<b>Lead &amp; more</b>\n\n<blockquote>Line one\nline <b>two</b></blockquote>\n"
        'Source: <a href="https://x.org/a?b=1&amp;c=2">Title &lt;1&gt;</a>\n'
        '<a href="https://x.org">https://x.org</a> <a href="mailto:a@b.c">a@b.c</a> <i>it</i>'
    )
    text = to_terminal(html)
    assert text == (
        "Lead & more\n\n  │ Line one\n  │ line two\n"
        "Source: Title <1> <https://x.org/a?b=1&c=2>\n"
        "https://x.org a@b.c it"
    )


def test_terminal_text_with_ansi() -> None:
    text = to_terminal("<b>bold</b> and <i>italic</i>", ansi=True)
    assert text == "\x1b[1mbold\x1b[22m and \x1b[3mitalic\x1b[23m"


def test_piped_questions_get_one_answer_each_then_exit(router: Router) -> None:
    stdin = io.StringIO(f"{LAUNCH_Q}\n\n/contact\n/quit\n/timeline\n")
    stdout = io.StringIO()
    code = TerminalChat(router, stdin=stdin, stdout=stdout).run()
    out = stdout.getvalue()
    assert code == 0
    assert "launched by the end of 2023" in out
    assert "  │ " in out  # the quote is indented
    assert "Source: EP PerMed timeline" in out
    assert "<https://www.icpermed.eu/en/ep-permed.php>" in out
    assert CONTACT_EMAIL in out
    assert "The steps towards EP PerMed" not in out  # after /quit
    assert "\x1b[" not in out
    assert "›" not in out
    assert "/more" not in out  # no hints without a person at the keyboard


def test_more_shows_the_other_sources_of_the_last_answer(router: Router) -> None:
    stdout = io.StringIO()
    TerminalChat(router, stdin=io.StringIO(f"/more\n{LAUNCH_Q}\n/more\n"), stdout=stdout, language="en").run()
    out = stdout.getvalue()
    assert out.startswith("There are no more sources for the last answer.")
    assert "More passages from the EP PerMed material:" in out


def test_the_interactive_chat_greets_hints_and_leaves_on_ctrl_d(
    router: Router, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: Iterator[str] = iter([LAUNCH_Q, "", "/help"])
    prompts: list[str] = []

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr(builtins, "input", fake_input)
    stdout = io.StringIO()
    chat = TerminalChat(
        router, stdin=io.StringIO(), stdout=stdout, language="de", interactive=True, ansi=True
    )
    assert chat.run() == 0
    out = stdout.getvalue()
    assert out.startswith("EP-PerMed-Assistent:")
    assert "/quit" in out.splitlines()[0]
    assert "(/more zeigt" in out
    assert "\x1b[1m" in out
    assert "Datenschutz" in out
    assert len(prompts) == 4


def test_quit_leaves_the_interactive_chat(router: Router, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["/quit", "never read"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    stdout = io.StringIO()
    assert TerminalChat(router, stdin=io.StringIO(), stdout=stdout, interactive=True).run() == 0
    assert next(answers) == "never read"
