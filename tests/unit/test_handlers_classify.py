"""Which messages the bot takes up: everything in private chats; commands, mentions, replies in groups."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram import Chat, Message, MessageEntity, Sticker, User

from bot.handlers import Incoming, classify, keyboard, strip_mention
from bot.router import Button

BOT = User(id=4242, is_bot=True, first_name="EP PerMed", username="EpPermedBot")
ALICE = User(id=7, is_bot=False, first_name="Alice", language_code="de")
PRIVATE = Chat(id=7, type="private")
GROUP = Chat(id=-100, type="supergroup", title="Funders")


def msg(text: str | None, chat: Chat = PRIVATE, **kwargs: object) -> Message:
    return Message(
        message_id=1,
        date=datetime.now(UTC),
        chat=chat,
        from_user=ALICE,
        text=text,
        **kwargs,  # type: ignore[arg-type]
    )


def mention(text: str, name: str = "@EpPermedBot") -> list[MessageEntity]:
    return [MessageEntity(MessageEntity.MENTION, text.index(name), len(name))]


def check(message: Message) -> Incoming:
    return classify(message, bot_username="EpPermedBot", bot_id=BOT.id)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is EP PerMed?", Incoming("ask", "What is EP PerMed?")),
        ("/timeline", Incoming("ask", "/timeline", "timeline")),
        ("/Timeline@EpPermedBot", Incoming("ask", "/timeline", "timeline")),
        ("/help@OtherBot", Incoming("ignore")),
        ("/stats", Incoming("admin", "", "stats")),
        ("/reload now", Incoming("admin", "now", "reload")),
        ("/nosuchcommand", Incoming("ask", "/nosuchcommand", "nosuchcommand")),
        ("<b>bold</b> *question*", Incoming("ask", "<b>bold</b> *question*")),
    ],
)
def test_private_chat_takes_everything(text: str, expected: Incoming) -> None:
    assert check(msg(text)) == expected


def test_media_in_private_gets_a_reply_but_in_groups_silence() -> None:
    sticker = Sticker("f", "u", 512, 512, is_animated=False, is_video=False, type="regular")
    assert check(msg(None, sticker=sticker)).action == "media"
    assert check(msg(None, GROUP, sticker=sticker)).action == "ignore"
    assert check(msg(None)).action == "ignore"  # a service message


def test_groups_take_commands_mentions_and_replies_to_the_bot_only() -> None:
    assert check(msg("what is the SRIA?", GROUP)) == Incoming("ignore")
    assert check(msg("/infosheets@EpPermedBot", GROUP)) == Incoming("ask", "/infosheets", "infosheets")
    assert check(msg("/contact", GROUP)) == Incoming("ask", "/contact", "contact")
    text = "@EpPermedBot what is the SRIA?"
    assert check(msg(text, GROUP, entities=mention(text))) == Incoming("ask", "what is the SRIA?")
    other = "@SomeoneElse what is the SRIA?"
    assert check(msg(other, GROUP, entities=mention(other, "@SomeoneElse"))) == Incoming("ignore")
    bot_message = Message(message_id=2, date=datetime.now(UTC), chat=GROUP, from_user=BOT, text="An answer")
    reply = msg("and when?", GROUP, reply_to_message=bot_message)
    assert check(reply) == Incoming("ask", "and when?")
    human = Message(message_id=3, date=datetime.now(UTC), chat=GROUP, from_user=ALICE, text="hi")
    assert check(msg("and when?", GROUP, reply_to_message=human)) == Incoming("ignore")


def test_text_mention_of_the_bot_counts_as_a_mention() -> None:
    entity = MessageEntity(MessageEntity.TEXT_MENTION, 0, 3, user=BOT)
    assert check(msg("bot, who funds it?", GROUP, entities=[entity])).action == "ask"


def test_channels_are_ignored() -> None:
    assert check(msg("/start", Chat(id=-5, type="channel"))) == Incoming("ignore")


def test_strip_mention_anywhere_any_case() -> None:
    assert strip_mention("Hi @epPERMEDbot, what is ICPerMed?", "EpPermedBot") == "Hi , what is ICPerMed?"
    assert strip_mention("@EpPermedBot", "EpPermedBot") == ""
    assert strip_mention("@EpPermedBotX hello", "EpPermedBot") == "@EpPermedBotX hello"


def test_keyboard_keeps_rows_and_callback_data() -> None:
    markup = keyboard(
        ((Button("👍", "fb:+:abcd1234"), Button("👎", "fb:-:abcd1234")), (Button("More", "more:1"),))
    )
    assert markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [
        ["fb:+:abcd1234", "fb:-:abcd1234"],
        ["more:1"],
    ]
    assert keyboard(()) is None
