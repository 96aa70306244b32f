""" "More sources" stays within Telegram's 4,096 characters with the closing lines included."""

from __future__ import annotations

import pytest

from bot.render import MAX_MESSAGE_CHARS, render_more, utf16_length
from knowledge.models import Passage
from tests.unit.html_rules import check_telegram_html


def passages_of(words: int) -> list[Passage]:
    text = " ".join(f"w{i}" for i in range(words))
    return [
        Passage(text=text, title=f"Doc {n}", url=f"https://example.eu/{n}", as_of="2023", score=0.5)
        for n in range(12)
    ]


@pytest.mark.parametrize("lang", ["de", "fr", "it"])
@pytest.mark.parametrize("partly_updated", [False, True])
def test_more_sources_fit_whatever_the_passage_length(lang: str, partly_updated: bool) -> None:
    too_long = []
    for words in range(60, 220, 3):  # passage lengths that fill the message to every possible edge
        reply = render_more(passages_of(words), lang, partly_updated=partly_updated)
        text = check_telegram_html(reply.html)
        if utf16_length(text) > MAX_MESSAGE_CHARS:
            too_long.append((words, utf16_length(text)))
        assert reply.passages
    assert too_long == []
