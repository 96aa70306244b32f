"""The router: commands, @BotName, empty and long messages, batching, buttons, inline queries, reloads."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from bot.render import MAX_CALLBACK_BYTES, chunk_ref
from bot.router import Router
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.answering import Answer, Answerer
from knowledge.chunking import chunk_document
from knowledge.embedding_fake import FakeEmbedder
from knowledge.exceptions import EmbedderError, KnowledgeError
from knowledge.index_store import PublishedIndex
from knowledge.loader import Knowledge, load_knowledge
from knowledge.models import Chunk, Passage
from knowledge.search import Searcher
from tests.unit.html_rules import check_telegram_html

LAUNCH_Q = "When will the partnership be launched?"


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def chunks(knowledge: Knowledge) -> list[Chunk]:
    return [chunk for doc in knowledge.documents for chunk in chunk_document(doc)]


def real_answerer(chunks: Sequence[Chunk]) -> Answerer:
    embedder = FakeEmbedder()
    index = PublishedIndex.in_memory(list(chunks), embedder)
    return Answerer(Searcher(index, embedder), min_confidence=0.3)


@dataclass
class _Chunks:
    chunks: list[Chunk]


@dataclass
class ScriptedAnswerer:
    """Answers every question with one passage built from the first chunk; records its calls."""

    chunk_list: list[Chunk]
    calls: list[list[str]] = field(default_factory=list)
    fail: bool = False

    @property
    def searcher(self) -> _Chunks:
        return _Chunks(self.chunk_list)

    def answer(self, question: str) -> Answer:
        return self.answer_many([question])[0]

    def surroundings(self, chunk_id: str, ranked: Sequence[Passage]) -> tuple[str, str]:
        return "", ""

    def answer_many(self, questions: list[str]) -> list[Answer]:
        if self.fail:
            raise EmbedderError("model failed to encode")
        self.calls.append(list(questions))
        answers = []
        for question in questions:
            passages = tuple(
                Passage(c.text, c.title, c.url, c.as_of, 0.5, c.chunk_id, c.heading)
                for c in self.chunk_list[:3]
            )
            lead = passages[0].text.split(". ")[0]
            answers.append(Answer(question, "answer", passages, lead, passages[0].text, confidence=0.9))
        return answers


@pytest.fixture
def scripted(chunks: list[Chunk]) -> ScriptedAnswerer:
    return ScriptedAnswerer(chunks)


@pytest.fixture
def router(scripted: ScriptedAnswerer, knowledge: Knowledge) -> Router:
    return Router(scripted, knowledge, bot_username="EpPermedBot")


def test_commands_are_answered_without_the_answerer(knowledge: Knowledge) -> None:
    def factory() -> ScriptedAnswerer:
        raise AssertionError("a command must not load the index or the model")

    router = Router(factory, knowledge)
    for text in ["/timeline", "/infosheets", "/contact", "/start", "/help", "/start deep-link-payload"]:
        reply = router.reply(text)
        assert reply.kind == "command"
        check_telegram_html(reply.html)
    assert router.reply("/weather").kind == "unknown_command"
    assert router.reply("   ").kind == "empty"
    assert router.reply("x" * 1001).kind == "too_long"


def test_bot_name_suffix_is_stripped_when_it_is_ours(router: Router) -> None:
    assert router.reply("/timeline@EpPermedBot").kind == "command"
    assert router.reply("/timeline@eppermedbot").kind == "command"
    ignored = router.reply("/timeline@SomeOtherBot")
    assert ignored.kind == "ignored"
    assert ignored.html == ""
    anonymous = Router(router.answerer, router.knowledge)  # username unknown: accept any suffix
    assert anonymous.reply("/timeline@SomeOtherBot").kind == "command"


def test_empty_and_too_long_do_not_search(router: Router, scripted: ScriptedAnswerer) -> None:
    empty = router.reply(" \n\t ", language="fr")
    assert empty.kind == "empty"
    assert "texte" in check_telegram_html(empty.html)
    long = router.reply("<b>" + "a" * 1000 + "</b>")
    assert long.kind == "too_long"
    assert "1000" in check_telegram_html(long.html)
    assert "aaaa" not in long.html
    assert router.reply("a" * 1000).kind == "answer"  # exactly at the limit is searched
    assert scripted.calls == [["a" * 1000]]


def test_max_question_chars_is_configurable(knowledge: Knowledge, scripted: ScriptedAnswerer) -> None:
    router = Router(scripted, knowledge, max_question_chars=20)
    assert router.reply("x" * 21).kind == "too_long"
    assert scripted.calls == []


def test_questions_get_the_rendered_answer(chunks: list[Chunk], knowledge: Knowledge) -> None:
    router = Router(real_answerer(chunks), knowledge)
    reply = router.reply(LAUNCH_Q)
    text = check_telegram_html(reply.html)
    assert reply.kind == "answer"
    assert "launched by the end of 2023" in text
    assert "the plan as of 2023" in text
    assert CONTACT_EMAIL in text


def test_user_html_is_plain_text(chunks: list[Chunk], knowledge: Knowledge) -> None:
    router = Router(real_answerer(chunks), knowledge)
    for text in ["<script>alert(1)</script> launch?", "*launch* _date_ [x](http://e.org) & <b>"]:
        reply = router.reply(text)
        check_telegram_html(reply.html)
        assert "<script>" not in reply.html


def test_replies_batch_questions_in_order(router: Router, scripted: ScriptedAnswerer) -> None:
    texts = ["first question", "/contact", "", "second question", "x" * 2000, "third question"]
    replies = router.replies(texts)
    assert [r.kind for r in replies] == ["answer", "command", "empty", "answer", "too_long", "answer"]
    assert scripted.calls == [["first question", "second question", "third question"]]


def test_an_answering_failure_is_an_error_reply(knowledge: Knowledge, chunks: list[Chunk]) -> None:
    router = Router(ScriptedAnswerer(chunks, fail=True), knowledge)
    reply = router.reply("anything", language="es")
    assert reply.kind == "error"
    assert CONTACT_EMAIL in check_telegram_html(reply.html)
    with pytest.raises(KnowledgeError):  # the inline handler logs it and caches nothing
        router.inline("anything")


def test_a_factory_is_called_once_even_from_many_threads(knowledge: Knowledge, chunks: list[Chunk]) -> None:
    made: list[ScriptedAnswerer] = []
    barrier = threading.Barrier(4)

    def factory() -> ScriptedAnswerer:
        made.append(ScriptedAnswerer(chunks))
        return made[-1]

    router = Router(factory, knowledge)

    def ask() -> None:
        barrier.wait()
        router.reply("a question")

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1
    assert len(made[0].calls) == 4


def test_more_sources_are_resolved_through_the_current_index(router: Router, chunks: list[Chunk]) -> None:
    reply = router.reply("a question")
    more = [b.callback_data for row in reply.buttons for b in row if b.callback_data.startswith("more:")]
    assert len(more) == 1
    result = router.callback(more[0], language="de")
    assert result.reply is not None
    text = check_telegram_html(result.reply.html)
    assert chunks[1].text.split("\n")[0] in text
    assert "Weitere Passagen" in text
    assert [p.chunk_id for p in result.reply.passages] == [c.chunk_id for c in chunks[1:3]]


def test_refs_gone_after_a_reload_get_a_polite_message(router: Router, chunks: list[Chunk]) -> None:
    reply = router.reply("a question")
    more = next(b.callback_data for row in reply.buttons for b in row if b.callback_data.startswith("more:"))
    changed = [c.model_copy(update={"text": c.text + " Updated."}) for c in chunks]
    router.set_answerer(ScriptedAnswerer(changed))
    result = router.callback(more)
    assert result.reply is None
    assert "updated" in result.toast
    assert len(result.toast) <= 200
    partly = [changed[0], chunks[1], *changed[2:]]
    router.set_answerer(ScriptedAnswerer(partly))
    result = router.callback(more)
    assert result.reply is not None
    assert "Some of these sources were updated" in check_telegram_html(result.reply.html)


def test_feedback_buttons(router: Router, chunks: list[Chunk]) -> None:
    reply = router.reply("a question")
    up, down = reply.buttons[0]
    assert up.callback_data == f"fb:+:{chunk_ref(chunks[0])}"
    liked = router.callback(up.callback_data)
    assert (liked.feedback, liked.chunk_ref, liked.reply) == ("+", chunks[0].chunk_id, None)
    assert liked.toast
    disliked = router.callback(down.callback_data, language="it")
    assert disliked.feedback == "-"
    assert CONTACT_EMAIL in disliked.toast
    stale = router.callback("fb:+:deadbeef")
    assert (stale.feedback, stale.chunk_ref) == ("+", "deadbeef")


@pytest.mark.parametrize("data", ["", "garbage", "fb:x:abc", "fb:+:", "more:", "more:zzzzzzzz", "fb:+:a:b"])
def test_unknown_or_expired_callbacks(router: Router, data: str) -> None:
    result = router.callback(data)
    assert result.feedback is None
    assert result.reply is None
    assert result.toast
    assert len(result.toast) <= 200


def test_all_callback_data_fits_telegram(router: Router) -> None:
    for reply in router.replies(["one", "two"]):
        for row in reply.buttons:
            assert len(row) <= 8
            for button in row:
                assert 1 <= len(button.callback_data.encode()) <= MAX_CALLBACK_BYTES


def test_inline_results(chunks: list[Chunk], knowledge: Knowledge) -> None:
    router = Router(real_answerer(chunks), knowledge)
    results = router.inline(LAUNCH_Q, language="fr")
    assert 1 <= len(results) <= 3
    assert "launched by the end of 2023" in check_telegram_html(results[0].html)
    assert len({r.id for r in results}) == len(results)
    for result in results:
        check_telegram_html(result.html)
        assert 1 <= len(result.id.encode()) <= 64
        assert result.title
        assert len(result.description) <= 120
    assert router.inline("   ") == []
    assert router.inline("/timeline") == []
    medical = router.inline("Should I stop taking my blood pressure medication?")
    assert len(medical) == 1
    assert medical[0].title == "No medical advice"
    assert "doctor" in check_telegram_html(medical[0].html)
