"""`eppermed-bot ask --jsonl` with the real embedding model over the real EP PerMed knowledge."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from bot import cli
from bot.router import Router
from bot.settings import BotSettings
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.answering import Answerer
from knowledge.chunking import chunk_document
from knowledge.embedding import Embedder
from knowledge.index_store import PublishedIndex
from knowledge.loader import load_knowledge
from knowledge.search import Searcher
from tests.shared_folder import DEV_QUESTIONS
from tests.unit.html_rules import check_telegram_html

pytestmark = pytest.mark.integration

QUESTIONS = [
    {"q": "What is the contact email for EP PerMed questions?", "gold": ["eppermed@dlr.de"]},
    {"q": "When will EP PerMed be launched?", "gold": ["launched by the end of 2023"]},
    {
        "q": "What is the vision of EP PerMed?",
        "gold": ["improve health outcomes within sustainable healthcare"],
    },
    {"q": "Where did the ICPerMed workshop of January 2023 take place?", "gold": ["pamplona"]},
    {
        "q": "Which information sheet is about the international perspective?",
        "gold": ["international perspective"],
    },
]
OUT_OF_SCOPE = [
    "How tall is the Eiffel Tower?",
    "Give me a recipe for lasagna.",
    "What is the best smartphone?",
]


@pytest.fixture(scope="module")
def router(real_embedder: Embedder) -> Router:
    embedder = real_embedder
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    chunks = [chunk for doc in knowledge.documents for chunk in chunk_document(doc)]
    answerer = Answerer(Searcher(PublishedIndex.in_memory(chunks, embedder), embedder))
    return Router(answerer, knowledge)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold().replace("’", "'")).strip()


def _ask_jsonl(
    router: Router, lines: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[dict[str, object]]:
    opened: list[BotSettings] = []

    def open_router(settings: BotSettings, *, lazy: bool = False) -> Router:
        opened.append(settings)
        return router

    monkeypatch.setattr(cli, "open_router", open_router)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert cli.main(["ask", "--jsonl"]) == 0
    assert len(opened) == 1  # the index and model are opened once for every line
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_ask_jsonl_answers_real_questions_with_the_gold_in_the_reply(
    router: Router, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps({"q": item["q"]}) for item in QUESTIONS] + OUT_OF_SCOPE + ["/timeline"]
    objects = _ask_jsonl(router, lines, monkeypatch, capsys)
    assert len(objects) == len(lines)
    hits = 0
    for item, obj in zip(QUESTIONS, objects, strict=False):
        assert obj["question"] == item["q"]
        assert check_telegram_html(str(obj["reply_html"])) == obj["reply_text"]
        assert len(str(obj["reply_text"])) <= 4096
        hits += obj["answered"] is True and any(
            _fold(g) in _fold(str(obj["reply_text"])) for g in item["gold"]
        )
    assert hits >= len(QUESTIONS) - 1, f"only {hits} of {len(QUESTIONS)} replies hold their gold phrase"
    for obj in objects[len(QUESTIONS) : -1]:
        assert obj["answered"] is False, obj["question"]
        assert obj["passages"] == []
        assert CONTACT_EMAIL in str(obj["reply_text"])
    assert "April 2023" in str(objects[-1]["reply_text"])


@pytest.mark.skipif(
    not DEV_QUESTIONS.is_file(),
    reason=f"the shared development questions are not beside the repository: {DEV_QUESTIONS}",
)
def test_ask_jsonl_reads_the_shared_question_file_format(
    router: Router, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = DEV_QUESTIONS.read_text(encoding="utf-8").splitlines()
    objects = _ask_jsonl(router, lines, monkeypatch, capsys)
    questions = [json.loads(line) for line in lines if line.strip()]
    assert [obj["question"] for obj in objects] == [q["q"] for q in questions]
    for obj in objects:
        check_telegram_html(str(obj["reply_html"]))
        if obj["answered"]:
            assert obj["passages"]
