"""The router with conversations: follow-ups resolved, chats isolated, /new, reloads, batches in order."""

from __future__ import annotations

import pytest

from bot.conversation import Conversation, ConversationStore, private_key, thread_key
from bot.router import Router
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.answering import Answerer
from knowledge.chunking import chunk_document
from knowledge.loader import Knowledge, load_knowledge
from knowledge.models import Chunk
from tests.unit.html_rules import check_telegram_html
from tests.unit.test_router import ScriptedAnswerer, real_answerer

ORGANISED = "Who organised the EP PerMed information day?"
CONCEPT = "What is the draft concept paper?"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def chunks(knowledge: Knowledge) -> list[Chunk]:
    return [chunk for doc in knowledge.documents for chunk in chunk_document(doc)]


@pytest.fixture(scope="module")
def answerer(chunks: list[Chunk]) -> Answerer:
    return real_answerer(chunks)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def router(answerer: Answerer, knowledge: Knowledge, clock: Clock) -> Router:
    return Router(answerer, knowledge, conversations=ConversationStore(ttl_seconds=600, clock=clock))


def chat(n: int) -> Conversation:
    return Conversation(private_key(n))


def test_a_follow_up_is_answered_about_the_previous_topic(router: Router) -> None:
    first = router.reply(ORGANISED, conversation=chat(1))
    assert first.about == ""
    follow = router.reply("When?", conversation=chat(1))
    text = check_telegram_html(follow.html)
    assert follow.answered
    assert "May 2021" in text
    assert text.startswith("(about: the EP PerMed information day)")
    assert follow.about == "the EP PerMed information day"
    assert follow.understood_as == "When the EP PerMed information day?"


def test_the_same_message_alone_is_answered_as_before(router: Router, answerer: Answerer) -> None:
    alone = router.reply("When?")
    assert alone.kind == "not_found"
    assert alone.about == ""
    # a question with no context, in a conversation or not, gets exactly the reply it always got
    for question in (ORGANISED, CONCEPT, "Which InfoSheet covers the international perspective?"):
        plain = router.reply(question)
        fresh = router.reply(question, conversation=chat(hash(question)))
        assert (fresh.html, fresh.buttons, fresh.passages) == (plain.html, plain.buttons, plain.passages)


def test_chats_never_see_each_other(router: Router) -> None:
    router.reply(ORGANISED, conversation=chat(1))
    router.reply(CONCEPT, conversation=chat(2))
    one = router.reply("Who approved it?", conversation=chat(1))
    two = router.reply("Who approved it?", conversation=chat(2))
    # the information day was approved by no one: chat 1 gets the message's own answer, never chat 2's topic
    assert one.about in ("the EP PerMed information day", "")
    assert "concept paper" not in one.understood_as
    assert two.about == "the draft concept paper"
    assert "over 50 organisations" in two.text
    assert router.reply("When?", conversation=chat(3)).about == ""


def test_a_new_topic_is_not_bent_towards_the_previous_one(router: Router) -> None:
    router.reply(ORGANISED, conversation=chat(1))
    reply = router.reply("Which InfoSheet covers the international perspective?", conversation=chat(1))
    assert reply.about == ""
    assert "InfoSheet 7" in reply.text
    assert not reply.text.startswith("(about")


def test_new_forgets_the_conversation(router: Router) -> None:
    router.reply(ORGANISED, conversation=chat(1))
    done = router.reply("/new", conversation=chat(1))
    assert done.kind == "command"
    assert "forgotten" in done.text
    assert router.reply("When?", conversation=chat(1)).about == ""


def test_new_in_a_group_forgets_every_thread_of_that_group(router: Router) -> None:
    store = router.conversations
    reply = router.reply(ORGANISED, conversation=Conversation(thread_key(-5, 0), remember=False))
    assert store.last(thread_key(-5, 0)) is None  # a group thread is kept by the handler, under the answer
    store.put(thread_key(-5, 11), reply.context)
    store.put(thread_key(-6, 11), reply.context)
    router.reply("/new", conversation=Conversation(thread_key(-5, 0), remember=False))
    assert store.last(thread_key(-5, 11)) is None
    assert store.last(thread_key(-6, 11)) is not None


def test_context_is_gone_after_the_quiet_period(router: Router, clock: Clock) -> None:
    router.reply(ORGANISED, conversation=chat(1))
    clock.now += 601
    assert router.reply("When?", conversation=chat(1)).about == ""


def test_a_reload_drops_every_conversation(router: Router, chunks: list[Chunk]) -> None:
    router.reply(ORGANISED, conversation=chat(1))
    assert len(router.conversations) == 1
    router.set_answerer(real_answerer(chunks))
    assert len(router.conversations) == 0
    assert router.reply("When?", conversation=chat(1)).about == ""


def test_one_batch_answers_each_conversation_in_order(router: Router) -> None:
    texts = [ORGANISED, CONCEPT, "When?", "Who approved it?", "/new", "When?"]
    where = [chat(1), chat(2), chat(1), chat(2), chat(1), chat(1)]
    replies = router.replies(texts, conversations=where)
    assert [r.about for r in replies] == [
        "",
        "",
        "the EP PerMed information day",
        "the draft concept paper",
        "",
        "",
    ]
    assert replies[4].kind == "command"


def test_a_batch_needs_one_conversation_per_text(router: Router) -> None:
    with pytest.raises(ValueError, match="one conversation"):
        router.replies(["a", "b"], conversations=[chat(1)])


def test_the_medical_guard_applies_to_a_follow_up(router: Router) -> None:
    router.reply("What is the vision of EP PerMed?", conversation=chat(1))
    reply = router.reply("Should I stop taking my pills then?", conversation=chat(1))
    assert reply.kind == "medical"
    assert reply.passages == ()


def test_a_decline_keeps_the_topic_for_the_next_follow_up(router: Router) -> None:
    router.reply(ORGANISED, conversation=chat(1))
    router.reply("Hello", conversation=chat(1))  # courtesy replies leave the context as it was
    assert router.reply("When?", conversation=chat(1)).about == "the EP PerMed information day"


def test_an_answering_failure_is_an_error_reply(knowledge: Knowledge, chunks: list[Chunk]) -> None:
    router = Router(ScriptedAnswerer(chunks, fail=True), knowledge)
    reply = router.reply("anything", conversation=chat(1))
    assert reply.kind == "error"
    assert CONTACT_EMAIL in reply.text
    assert len(router.conversations) == 0


def test_help_states_the_quiet_period(knowledge: Knowledge, answerer: Answerer) -> None:
    router = Router(answerer, knowledge, conversations=ConversationStore(ttl_seconds=300))
    text = check_telegram_html(router.reply("/help").html)
    assert "/new" in text
    assert "5 quiet minutes" in text
    assert "memory only" in text


def test_the_passage_quoted_before_is_offered_only_for_the_same_thing() -> None:
    from bot.router import _quoted_before
    from knowledge.followup import Turn, resolve

    before = (Turn("When was the proposal submitted?", "the proposal", ("timeline#2",)),)
    same = resolve("Who wrote it?", before[-1])
    assert _quoted_before(same, before) == "timeline#2"
    swapped = resolve("And the launch?", before[-1])  # asks about something else now
    assert _quoted_before(swapped, before) is None
    assert _quoted_before(resolve("Who wrote it?", None), ()) is None
    assert _quoted_before(same, (Turn("q", "the proposal", ()),)) is None  # nothing was quoted


def test_a_short_question_naming_another_document_starts_afresh(router: Router) -> None:
    """The router knows the material's titles: "the proposal" is a document the day's question never named,
    while "the agenda" names nothing of the material and is read with the conversation."""
    router.reply(ORGANISED, conversation=chat(41))
    assert router.reply("Who drafted the proposal?", conversation=chat(41)).about == ""
    router.reply(ORGANISED, conversation=chat(42))
    assert router.reply("What was the agenda?", conversation=chat(42)).about != ""


def test_only_documents_names_start_afresh_not_their_sections_words(router: Router) -> None:
    """ "the next step" is a word of a section's heading, not the name of a document: it leans."""
    router.reply(ORGANISED, conversation=chat(43))
    assert router.reply("What is the next step?", conversation=chat(43)).about != ""
