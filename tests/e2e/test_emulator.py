"""The Bot API emulator refuses what Telegram refuses, as the real python-telegram-bot sees it."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import socket
import warnings
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.e2e.emulator import BotApiEmulator, FloodLimits
from tests.e2e.emulator_errors import ApiRefusal
from tests.e2e.emulator_flood import FloodGate
from tests.e2e.emulator_html import parse_html, trim
from tests.e2e.emulator_links import checked_link
from tests.e2e.emulator_markdown import parse_markdown, parse_markdown_v2

pytestmark = [
    pytest.mark.e2e,
    # PTB 22 itself reads RetryAfter.retry_after (deprecated int) when it formats or waits out a 429.
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
]

CHAT = 4242


def _seconds(exc: RetryAfter) -> float:
    """retry_after in seconds, whichever type PTB_TIMEDELTA makes PTB 22 return."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def _refused(exc: pytest.ExceptionInfo[BadRequest], reason: str) -> None:
    """PTB strips "Bad Request: " and capitalizes the rest, so compare case-insensitively."""
    assert exc.value.message.lower() == reason.lower()


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    emulator.push_message(chat_id=CHAT, text="hi")
    async with Bot(emulator.token, base_url=emulator.base_url) as the_bot:
        yield the_bot


# ---- identity, tokens, methods ------------------------------------------------------------------


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "EpPermedTestBot"
    assert me.id == 123456


async def test_wrong_token_is_unauthorized(emulator: BotApiEmulator) -> None:
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with Bot("999:wrong", base_url=emulator.base_url):
            pass
    assert emulator.refusals[-1][2:] == (401, "Unauthorized")


async def test_unknown_method_is_not_found(bot: Bot, emulator: BotApiEmulator) -> None:
    with pytest.raises(EndPointNotFound, match="sendTelepathy"):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": CHAT})
    refusal = emulator.refusals[-1]
    assert (refusal.method, refusal.status, refusal.description) == ("sendTelepathy", 404, "Not Found")


# ---- sendMessage: HTML, length, keyboards ---------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("Hi<br>there", 'can\'t parse entities: unsupported start tag "br" at byte offset 2'),
        ("<p>para</p>", 'can\'t parse entities: unsupported start tag "p" at byte offset 0'),
        ("<ul><li>x</li></ul>", 'can\'t parse entities: unsupported start tag "ul" at byte offset 0'),
        ("Ü <h1>t</h1>", 'can\'t parse entities: unsupported start tag "h1" at byte offset 3'),
        ("<b>bold", "can't parse entities: can't find end tag corresponding to start tag \"b\""),
        (
            "<b>x</i>",
            'can\'t parse entities: unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
        ),
        ("x</b>", "can't parse entities: unexpected end tag at byte offset 1"),
        (
            "a &nbsp; b",
            'can\'t parse entities: unsupported html entity "&nbsp;" at byte offset 2 '
            "(telegram would show it literally)",
        ),
        ("<span>x</span>", 'can\'t parse entities: tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b> </b>\n", "text must be non-empty"),
        ("", "message text is empty"),
    ],
)
async def test_html_that_telegram_refuses(bot: Bot, emulator: BotApiEmulator, html: str, reason: str) -> None:
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(CHAT, html, parse_mode="HTML")
    _refused(exc, reason)
    assert emulator.refusals[-1].description.lower() == f"bad request: {reason}".lower()
    assert emulator.sent_messages(CHAT) == []


async def test_html_entities_are_parsed_like_telegram(bot: Bot, emulator: BotApiEmulator) -> None:
    html = (
        '<b>EP PerMed</b> &lt;calls&gt; &amp; <i>news</i> 🧬 <a href="https://www.eppermed.eu/">site</a>\n'
        '<pre><code class="language-python">x = 1</code></pre><span class="tg-spoiler">s</span>'
        "<blockquote expandable>q</blockquote> &#x27;&#39;&quot;"
    )
    message = await bot.send_message(CHAT, html, parse_mode="HTML")
    assert message.text == "EP PerMed <calls> & news 🧬 site\nx = 1sq ''\""
    kinds = [(e.type, e.offset, e.length) for e in message.entities]
    assert kinds == [
        ("bold", 0, 9),
        ("italic", 20, 4),
        ("text_link", 28, 4),
        ("pre", 33, 5),
        ("spoiler", 38, 1),
        ("expandable_blockquote", 39, 1),
    ]
    assert message.entities[2].url == "https://www.eppermed.eu/"
    assert message.entities[3].language == "python"
    [sent] = emulator.sent_messages(CHAT)
    assert sent["text"] == message.text
    assert sent["raw_text"] == html
    assert sent["parse_mode"] == "HTML"


async def test_length_is_counted_in_utf16_after_parsing(bot: Bot) -> None:
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(CHAT, "x" * 4097)
    _refused(exc, "message is too long")
    await bot.send_message(CHAT, "🧬" * 2048)
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(CHAT, "🧬" * 2048 + "x")
    _refused(exc, "message is too long")


async def test_markdown_v2_reserved_characters_must_be_escaped(bot: Bot) -> None:
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(CHAT, "Calls open in 2025.", parse_mode="MarkdownV2")
    _refused(
        exc, "can't parse entities: character '.' is reserved and must be escaped with the preceding '\\'"
    )
    message = await bot.send_message(CHAT, "*Calls* open in 2025\\.", parse_mode="MarkdownV2")
    assert message.text == "Calls open in 2025."


async def test_unknown_chat_and_blocked_user(bot: Bot, emulator: BotApiEmulator) -> None:
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(777, "hello")
    _refused(exc, "chat not found")
    emulator.block_bot(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "hello")


def _keyboard(rows: list[list[str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(d[:10] or "x", callback_data=d) for d in row] for row in rows]
    )


async def test_callback_data_is_limited_to_64_bytes(bot: Bot) -> None:
    await bot.send_message(CHAT, "ok", reply_markup=_keyboard([["a" * 64]]))
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(CHAT, "too long", reply_markup=_keyboard([["é" * 33]]))  # 66 bytes, 33 chars
    _refused(exc, "BUTTON_DATA_INVALID")


async def test_keyboards_are_limited_to_8_a_row_and_100_in_all(bot: Bot) -> None:
    await bot.send_message(CHAT, "8 a row", reply_markup=_keyboard([[str(i) for i in range(8)]]))
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(CHAT, "9 a row", reply_markup=_keyboard([[str(i) for i in range(9)]]))
    _refused(exc, "reply markup is too long")
    rows = [[f"{r}-{c}" for c in range(8)] for r in range(13)]  # 104 buttons
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(CHAT, "104", reply_markup=_keyboard(rows))
    _refused(exc, "reply markup is too long")


async def test_reply_parameters_and_link_preview_are_kept(bot: Bot, emulator: BotApiEmulator) -> None:
    user_message_id = emulator.pushed_updates[-1]["message"]["message_id"]
    message = await bot.send_message(
        CHAT,
        "see https://www.eppermed.eu/",
        reply_parameters=ReplyParameters(user_message_id),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert message.reply_to_message is not None
    assert message.reply_to_message.text == "hi"
    [sent] = emulator.sent_messages(CHAT)
    assert sent["link_preview_options"] == {"is_disabled": True}
    emulator.push_message(chat_id=CHAT, text="and?", reply_to_bot=True)
    *_, update = await bot.get_updates()
    assert update.message is not None
    assert update.message.reply_to_message is not None
    assert update.message.reply_to_message.message_id == message.message_id
    assert update.message.reply_to_message.reply_to_message is None  # Telegram does not nest replies
    with pytest.raises(BadRequest) as exc:
        await bot.send_message(CHAT, "x", reply_parameters=ReplyParameters(9999))
    _refused(exc, "message to be replied not found")


async def test_send_chat_action(bot: Bot) -> None:
    assert await bot.send_chat_action(CHAT, "typing")
    with pytest.raises(BadRequest) as exc:
        await bot.send_chat_action(CHAT, "dancing")
    _refused(exc, "wrong parameter action in request")


# ---- editing --------------------------------------------------------------------------------------


async def test_edit_to_identical_content_is_not_modified(bot: Bot, emulator: BotApiEmulator) -> None:
    markup = _keyboard([["more"]])
    message = await bot.send_message(CHAT, "<b>v1</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text(
            "<b>v1</b>", CHAT, message.message_id, parse_mode="HTML", reply_markup=markup
        )
    edited = await bot.edit_message_text("<b>v2</b>", CHAT, message.message_id, parse_mode="HTML")
    assert not isinstance(edited, bool)
    assert edited.text == "v2"
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(CHAT, message.message_id, reply_markup=None)
    await bot.edit_message_reply_markup(CHAT, message.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(CHAT, message.message_id, reply_markup=markup)
    with pytest.raises(BadRequest) as exc:
        await bot.edit_message_text("x<br>", CHAT, message.message_id, parse_mode="HTML")
    assert "unsupported start tag" in exc.value.message
    assert emulator.sent_messages(CHAT)[0]["text"] == "v2"


async def test_edit_of_a_missing_or_foreign_message(bot: Bot, emulator: BotApiEmulator) -> None:
    with pytest.raises(BadRequest) as exc:
        await bot.edit_message_text("x", CHAT, 999)
    _refused(exc, "message to edit not found")
    user_message_id = emulator.pushed_updates[-1]["message"]["message_id"]
    with pytest.raises(BadRequest) as exc:
        await bot.edit_message_text("x", CHAT, user_message_id)
    _refused(exc, "message can't be edited")


# ---- callback and inline queries ------------------------------------------------------------------

QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


async def test_callback_query_answer_rules(bot: Bot, emulator: BotApiEmulator) -> None:
    message = await bot.send_message(CHAT, "pick", reply_markup=_keyboard([["a"]]))
    query_id = emulator.push_callback_query(CHAT, CHAT, message.message_id, "a")
    with pytest.raises(BadRequest) as exc:
        await bot.answer_callback_query(query_id, text="x" * 201)
    _refused(exc, "MESSAGE_TOO_LONG")
    assert await bot.answer_callback_query(query_id, text="x" * 200)
    assert emulator.query_answered(query_id)
    with pytest.raises(BadRequest) as exc:
        await bot.answer_callback_query(query_id)
    _refused(exc, QUERY_TOO_OLD)
    with pytest.raises(BadRequest) as exc:
        await bot.answer_callback_query("no-such-query")
    _refused(exc, QUERY_TOO_OLD)


async def test_callback_query_answered_too_late() -> None:
    async with BotApiEmulator(query_answer_window=0.0) as emu:
        emu.push_message(chat_id=CHAT, text="hi")
        async with Bot(emu.token, base_url=emu.base_url) as bot:
            message = await bot.send_message(CHAT, "pick", reply_markup=_keyboard([["a"]]))
            query_id = emu.push_callback_query(CHAT, CHAT, message.message_id, "a")
            await asyncio.sleep(0.01)
            with pytest.raises(BadRequest) as exc:
                await bot.answer_callback_query(query_id)
            _refused(exc, QUERY_TOO_OLD)


def _article(result_id: str, text: str = "EP PerMed") -> InlineQueryResultArticle:
    return InlineQueryResultArticle(result_id, "title", InputTextMessageContent(text, parse_mode="HTML"))


async def test_inline_query_results_rules(bot: Bot, emulator: BotApiEmulator) -> None:
    query_id = emulator.push_inline_query(CHAT, "calls")
    with pytest.raises(BadRequest) as exc:
        await bot.answer_inline_query(query_id, [_article(str(i)) for i in range(51)])
    _refused(exc, "too many inline query results specified")
    with pytest.raises(BadRequest) as exc:
        await bot.answer_inline_query(query_id, [_article("1"), _article("1")])
    _refused(exc, "RESULT_ID_DUPLICATE")
    with pytest.raises(BadRequest) as exc:
        await bot.answer_inline_query(query_id, [_article("1", "a<br>b")])
    assert "unsupported start tag" in exc.value.message
    assert await bot.answer_inline_query(query_id, [_article(str(i)) for i in range(50)])
    with pytest.raises(BadRequest) as exc:
        await bot.answer_inline_query(query_id, [_article("1")])
    _refused(exc, QUERY_TOO_OLD)


# ---- commands -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("commands", "reason"),
    [
        ([BotCommand("Timeline", "upper case")], "BOT_COMMAND_INVALID"),
        ([BotCommand("time-line", "dash")], "BOT_COMMAND_INVALID"),
        ([BotCommand("x" * 33, "33 characters")], "command length must not exceed 32"),
        ([BotCommand("ok", "d" * 257)], "command description length must not exceed 256"),
        ([BotCommand("ok", "  ")], "command description must be non-empty"),
        ([BotCommand("/", "slash only")], "command must be non-empty"),
        ([BotCommand(f"c{i}", "d") for i in range(101)], "BOT_COMMANDS_TOO_MUCH"),
    ],
)
async def test_set_my_commands_refuses_invalid_commands(
    bot: Bot, commands: list[BotCommand], reason: str
) -> None:
    with pytest.raises(BadRequest) as exc:
        await bot.set_my_commands(commands)
    _refused(exc, reason)


async def test_commands_need_a_two_letter_language_code(bot: Bot) -> None:
    with pytest.raises(BadRequest) as exc:
        await bot.set_my_commands([BotCommand("start", "Start")], language_code="deu")
    _refused(exc, "invalid language code specified")


async def test_commands_round_trip(bot: Bot, emulator: BotApiEmulator) -> None:
    commands = [BotCommand("/timeline", " Key dates "), BotCommand("x" * 32, "d" * 256)]
    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands([BotCommand("zeitplan", "Termine")], language_code="de")
    assert [c.command for c in await bot.get_my_commands()] == ["timeline", "x" * 32]
    assert [c.command for c in await bot.get_my_commands(language_code="de")] == ["zeitplan"]
    assert emulator.commands(language_code="de") == [{"command": "zeitplan", "description": "Termine"}]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


# ---- updates: offsets, long polling, conflicts, webhooks ------------------------------------------


async def test_offset_confirms_updates(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.push_message(chat_id=CHAT, text="second")
    emulator.push_message(chat_id=CHAT, text="third")
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["hi", "second"]
    again = await bot.get_updates()
    assert [u.update_id for u in again] == [first[0].update_id, first[1].update_id, first[1].update_id + 1]
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["third"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == ()
    assert emulator.pending_updates == []


async def test_allowed_updates_filters_and_is_remembered(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.push_inline_query(CHAT, "q")
    updates = await bot.get_updates(allowed_updates=["inline_query"])
    assert [u.inline_query is not None for u in updates] == [True]
    emulator.push_message(chat_id=CHAT, text="dropped")
    assert await bot.get_updates(offset=updates[-1].update_id + 1) == ()


async def test_long_poll_returns_as_soon_as_an_update_arrives(bot: Bot, emulator: BotApiEmulator) -> None:
    await bot.get_updates(offset=-1)
    confirmed = emulator.pushed_updates[-1]["update_id"] + 1
    poll = asyncio.create_task(bot.get_updates(offset=confirmed, timeout=40, read_timeout=45))
    await emulator.wait_until(
        lambda: len(emulator.calls_to("getUpdates")) >= 1 and not poll.done(), timeout=5
    )
    await asyncio.sleep(0.1)
    assert not poll.done()
    emulator.push_message(chat_id=CHAT, text="wake up")
    updates = await asyncio.wait_for(poll, timeout=10)
    assert [u.message.text for u in updates if u.message] == ["wake up"]


async def test_second_poller_terminates_the_first(bot: Bot, emulator: BotApiEmulator) -> None:
    await bot.get_updates(offset=-1)
    first = asyncio.create_task(bot.get_updates(offset=10**6, timeout=40, read_timeout=45))
    await asyncio.sleep(0.2)
    async with Bot(emulator.token, base_url=emulator.base_url) as other:
        assert await other.get_updates(offset=10**6, timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, timeout=10)


async def test_webhook_settings_and_conflict(bot: Bot, emulator: BotApiEmulator) -> None:
    with pytest.raises(BadRequest) as exc:
        await bot.set_webhook("https://example.org/hook", secret_token="bad secret!")
    _refused(exc, "secret token contains unallowed characters")
    with pytest.raises(RetryAfter) as flood:  # Telegram allows one setWebhook a second
        await bot.set_webhook("https://example.org/hook", secret_token="s" * 257)
    assert _seconds(flood.value) == 1
    await asyncio.sleep(1.05)
    with pytest.raises(BadRequest) as exc:
        await bot.set_webhook("https://example.org/hook", secret_token="s" * 257)
    _refused(exc, "secret token is too long")
    await asyncio.sleep(1.05)
    assert await bot.set_webhook("https://example.org/hook", secret_token="A-z_09")
    info = await bot.get_webhook_info()
    assert info.url == "https://example.org/hook"
    assert info.pending_update_count == 1
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).pending_update_count == 0
    assert await bot.get_updates() == ()


async def test_public_webhook_rules_want_https_on_known_ports() -> None:
    async with BotApiEmulator(public_webhook_rules=True) as emu, Bot(emu.token, base_url=emu.base_url) as bot:
        with pytest.raises(BadRequest) as exc:
            await bot.set_webhook("http://example.org/hook")
        _refused(exc, "bad webhook: An HTTPS URL must be provided for webhook")
        await asyncio.sleep(1.05)
        with pytest.raises(BadRequest) as exc:
            await bot.set_webhook("https://example.org:8080/hook")
        _refused(exc, "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")


async def test_set_webhook_ends_a_long_poll(bot: Bot, emulator: BotApiEmulator) -> None:
    await bot.get_updates(offset=-1)
    poll = asyncio.create_task(bot.get_updates(offset=10**6, timeout=40, read_timeout=45))
    await asyncio.sleep(0.2)
    async with Bot(emulator.token, base_url=emulator.base_url) as other:
        assert await other.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict, match="terminated by setWebhook request"):
        await asyncio.wait_for(poll, timeout=10)


# ---- faults and flood control ---------------------------------------------------------------------


async def test_injected_429_then_success(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.inject("sendMessage", 429, times=1, retry_after=3)
    with pytest.raises(RetryAfter) as exc:
        await bot.send_message(CHAT, "first try")
    assert _seconds(exc.value) == 3
    message = await bot.send_message(CHAT, "second try")
    assert message.text == "second try"
    assert [c.status for c in emulator.calls_to("sendMessage")] == [429, 200]


async def test_rate_limiter_retries_an_injected_429(emulator: BotApiEmulator) -> None:
    emulator.push_message(chat_id=CHAT, text="hi")
    emulator.inject("sendMessage", 429, times=1, retry_after=1)
    bot = ApplicationBuilder().token(emulator.token).base_url(emulator.base_url)
    app = bot.rate_limiter(AIORateLimiter(max_retries=2)).build()
    async with app:
        message = await app.bot.send_message(CHAT, "delivered after a wait")
    assert message.text == "delivered after a wait"
    assert [c.status for c in emulator.calls_to("sendMessage")] == [429, 200]


@pytest.mark.parametrize(("status", "match"), [(500, "Internal Server Error"), (502, "Bad Gateway")])
async def test_injected_server_errors(bot: Bot, emulator: BotApiEmulator, status: int, match: str) -> None:
    emulator.inject("sendMessage", status, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match=match):
            await bot.send_message(CHAT, "x")
    assert (await bot.send_message(CHAT, "x")).text == "x"


async def test_injected_delay_times_out_but_the_call_still_happens(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    emulator.inject("sendMessage", delay=1.0)
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "slow", read_timeout=0.2)
    await emulator.wait_until(lambda: emulator.sent_messages(CHAT), timeout=10)
    assert emulator.sent_messages(CHAT)[0]["text"] == "slow"


async def test_flood_limit_per_chat() -> None:
    limits = FloodLimits(per_chat_per_second=0.01, per_chat_burst=3)
    async with BotApiEmulator(flood_limits=limits) as emu:
        emu.push_message(chat_id=CHAT, text="hi")
        emu.push_message(chat_id=CHAT + 1, text="hi")
        async with Bot(emu.token, base_url=emu.base_url) as bot:
            for i in range(3):
                await bot.send_message(CHAT, f"burst {i}")
            with pytest.raises(RetryAfter) as exc:
                await bot.send_message(CHAT, "one too many")
            assert _seconds(exc.value) >= 1
            assert (await bot.send_message(CHAT + 1, "another chat")).text == "another chat"
        assert emu.refusals[-1].description.startswith("Too Many Requests: retry after ")
        assert len(emu.sent_messages(CHAT)) == 3


async def test_flood_limit_per_group_per_minute() -> None:
    limits = FloodLimits(per_chat_per_second=1000, per_chat_burst=1000, group_per_minute=20)
    async with BotApiEmulator(flood_limits=limits) as emu:
        emu.push_message(chat_id=-100, user_id=7, text="hi", chat_type="supergroup")
        async with Bot(emu.token, base_url=emu.base_url) as bot:
            for i in range(20):
                await bot.send_message(-100, f"m{i}")
            with pytest.raises(RetryAfter):
                await bot.send_message(-100, "21st")


async def test_flood_limits_switch_off(lax_emulator: BotApiEmulator) -> None:
    lax_emulator.push_message(chat_id=CHAT, text="hi")
    async with Bot(lax_emulator.token, base_url=lax_emulator.base_url) as bot:
        for i in range(40):
            await bot.send_message(CHAT, f"m{i}")
    assert len(lax_emulator.sent_messages(CHAT)) == 40


# ---- a real Application ---------------------------------------------------------------------------


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    text = (
        update.effective_message.text
        or f"<{update.effective_message.effective_attachment.__class__.__name__}>"
    )
    await update.effective_message.reply_text(text)


async def _on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("noted")
    await query.edit_message_text(f"you chose {query.data}")


async def _on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("welcome", reply_markup=_keyboard([["a", "b"]]))


def _application(
    emu: BotApiEmulator, request: HTTPXRequest | None = None
) -> Application[Any, Any, Any, Any, Any, Any]:
    builder = ApplicationBuilder().token(emu.token).base_url(emu.base_url)
    app = builder.get_updates_request(request).build() if request else builder.build()
    app.add_handler(CommandHandler("start", _on_start))
    app.add_handler(CallbackQueryHandler(_on_button))
    app.add_handler(MessageHandler(~filters.COMMAND, _echo))
    return app


async def test_application_polls_echoes_and_handles_buttons(emulator: BotApiEmulator) -> None:
    app = _application(emulator)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        emulator.push_message(chat_id=CHAT, text="Was ist EP PerMed?", language_code="de")
        await emulator.wait_until(lambda: emulator.sent_messages(CHAT), timeout=10)
        emulator.push_message(chat_id=-200, user_id=5, text="/start@EpPermedTestBot", chat_type="group")
        await emulator.wait_until(lambda: emulator.sent_messages(-200), timeout=10)
        welcome = emulator.sent_messages(-200)[0]
        query_id = emulator.push_callback_query(-200, 5, welcome["message_id"], "b")
        await emulator.wait_until(
            lambda: emulator.sent_messages(-200)[0]["text"] == "you chose b", timeout=10
        )
        emulator.push_message(chat_id=CHAT, kind="sticker")
        emulator.push_message(chat_id=CHAT, text="thanks", reply_to_bot=True)
        await emulator.wait_until(lambda: len(emulator.sent_messages(CHAT)) == 3, timeout=10)
        await app.updater.stop()
        await app.stop()
    texts = [m["text"] for m in emulator.sent_messages(CHAT)]
    assert texts == ["Was ist EP PerMed?", "<Sticker>", "thanks"]
    assert emulator.query_answered(query_id)
    assert emulator.pending_updates == []
    assert emulator.refusals == []


async def test_application_rides_out_a_polling_conflict_and_a_502(emulator: BotApiEmulator) -> None:
    emulator.inject("getUpdates", 502, times=1)
    app = _application(emulator)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        emulator.push_message(chat_id=CHAT, text="still there?")
        await emulator.wait_until(lambda: emulator.sent_messages(CHAT), timeout=20)
        await app.updater.stop()
        await app.stop()
    assert 502 in [c.status for c in emulator.calls_to("getUpdates")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_delivery_with_secret(emulator: BotApiEmulator) -> None:
    app = _application(emulator)
    port = _free_port()
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret-token",
        )
        assert emulator.webhook_url == f"http://127.0.0.1:{port}/hook"
        emulator.push_message(chat_id=CHAT, text="via webhook")
        assert await emulator.deliver_pending_to_webhook(secret="wrong") == [403]
        assert len(emulator.pending_updates) == 1
        assert await emulator.deliver_pending_to_webhook() == [200]
        await emulator.wait_until(lambda: emulator.sent_messages(CHAT), timeout=10)
        await app.updater.stop()
        await app.stop()
    assert emulator.sent_messages(CHAT)[0]["text"] == "via webhook"
    assert emulator.pending_updates == []


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document", "location"])
async def test_pushed_message_kinds_parse_in_ptb(emulator: BotApiEmulator, kind: Any) -> None:
    emulator.push_message(chat_id=CHAT, text="caption" if kind in ("photo", "document") else None, kind=kind)
    async with Bot(emulator.token, base_url=emulator.base_url) as bot:
        [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.from_user is not None
    assert not update.message.from_user.is_bot
    assert update.message.effective_attachment is not None
    assert update.message.date.tzinfo is not None


# ---- the parsers and limits on their own (no HTTP) ------------------------------------------------


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
        ("<b x>y</b ", "Unclosed end tag at byte offset 6"),
        ("<b =x>y</b>", 'Empty attribute name in the tag "b" at byte offset 0'),
        ("<code class=a$b>x</code>", "Unexpected end of name token at byte offset 12"),
        ("<tg-emoji emoji-id=abc>x</tg-emoji>", "Invalid custom emoji identifier specified"),
        (
            "&#xD800;",
            "Text contains invalid Unicode characters after decoding HTML entities, check for "
            "unmatched surrogate code units",
        ),
        ("😀<h1>", 'Unsupported start tag "h1" at byte offset 4'),
    ],
)
def test_html_parser_refusals(html: str, reason: str) -> None:
    with pytest.raises(ApiRefusal) as exc:
        parse_html(html)
    assert exc.value.description == f"Bad Request: can't parse entities: {reason}"


def test_html_parser_details() -> None:
    parsed = parse_html(
        '<B>x</B><b unknown>y</b><a href="www.EPPerMed.eu?a=1&amp;b=2">z</a><a href="x">w</a>'
    )
    assert parsed.text == "xyzw"
    assert parsed.entities[:2] == [
        {"type": "bold", "offset": 0, "length": 1},
        {"type": "bold", "offset": 1, "length": 1},
    ]
    assert parsed.entities[2] == {
        "type": "text_link",
        "offset": 2,
        "length": 1,
        "url": "http://www.eppermed.eu/?a=1&b=2",
    }
    assert len(parsed.entities) == 3  # "x" is no valid link: Telegram drops the entity, keeps the text
    assert parse_html('<code class="language-py">c</code>').entities == [
        {"type": "code", "offset": 0, "length": 1}
    ]
    assert parse_html("a &nbsp; b", strict_entities=False).text == "a &nbsp; b"
    assert parse_html("R&D &amp &#65").text == "R&D & A"


def test_trim_keeps_entities_in_place() -> None:
    parsed = trim(parse_html("\n \n<b>bold</b> tail \n\n"))
    assert parsed.text == "bold tail"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 4}]
    assert trim(parse_html("<b>  x</b>")).text == "  x"  # leading spaces inside an entity stay


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1-2", "Character '-' is reserved and must be escaped with the preceding '\\'"),
        ("a > b", "Character '>' is reserved and must be escaped with the preceding '\\'"),
        ("*bold", "Can't find end of Bold entity at byte offset 0"),
        ("x __u", "Can't find end of Underline entity at byte offset 2"),
        ("[link](https://x.org", "Can't find end of a URL at byte offset 7"),
        ("_a\nb", "Can't find end of Italic entity at byte offset 0"),
        ("![e](https://x.org)", "Invalid tg://emoji or tg://time URL specified"),
    ],
)
def test_markdown_v2_refusals(text: str, reason: str) -> None:
    with pytest.raises(ApiRefusal) as exc:
        parse_markdown_v2(text)
    assert exc.value.description == f"Bad Request: can't parse entities: {reason}"


def test_markdown_v2_entities() -> None:
    parsed = parse_markdown_v2("*b* _i_ __u__ ~s~ ||p|| `c` [l](https://x.org) ```py\nx\n```\n>q\n>r")
    assert parsed.text == "b i u s p c l x\n\nq\nr"
    assert [e["type"] for e in parsed.entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_link",
        "pre",
        "blockquote",
    ]
    assert parsed.entities[6]["url"] == "https://x.org/"
    assert parsed.entities[7]["language"] == "py"
    assert parse_markdown_v2("**>hidden\n>more||").entities == [
        {"type": "expandable_blockquote", "offset": 0, "length": 11}
    ]


def test_legacy_markdown() -> None:
    parsed = parse_markdown("*b* _i_ `c` [l](http://x.org) 1.5 - ok!")
    assert parsed.text == "b i c l 1.5 - ok!"
    assert [e["type"] for e in parsed.entities] == ["bold", "italic", "code", "text_link"]
    with pytest.raises(ApiRefusal) as exc:
        parse_markdown("snake_case")
    assert exc.value.description == (
        "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 5"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.eppermed.eu", "https://www.eppermed.eu/"),
        ("WWW.EPPERMED.EU/calls?x=1", "http://www.eppermed.eu/calls?x=1"),
        ("tg://user?id=5", "tg://user?id=5"),
        ("ftp://x.org", None),
        ("localhost", None),
    ],
)
def test_links_are_normalised_or_dropped(url: str, expected: str | None) -> None:
    assert checked_link(url) == expected


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_flood_gate_refills_over_time() -> None:
    clock = _Clock()
    gate = FloodGate(FloodLimits(per_chat_per_second=1, per_chat_burst=2), clock=clock)
    gate.check(1, is_group=False)
    gate.check(1, is_group=False)
    with pytest.raises(ApiRefusal) as exc:
        gate.check(1, is_group=False)
    assert (exc.value.status, exc.value.parameters) == (429, {"retry_after": 1})
    gate.check(2, is_group=False)  # another chat has its own allowance
    clock.now += 1.0
    gate.check(1, is_group=False)


def test_flood_gate_overall_and_group_limits() -> None:
    clock = _Clock()
    limits = FloodLimits(per_chat_burst=100, per_chat_per_second=100, overall_per_second=5, overall_burst=5)
    gate = FloodGate(limits, clock=clock)
    for chat_id in range(5):
        gate.check(chat_id, is_group=False)
    with pytest.raises(ApiRefusal):
        gate.check(99, is_group=False)
    groups = FloodGate(
        FloodLimits(per_chat_burst=100, per_chat_per_second=100, group_per_minute=20), clock=clock
    )
    for _ in range(20):
        groups.check(-1, is_group=True)
    with pytest.raises(ApiRefusal) as exc:
        groups.check(-1, is_group=True)
    assert exc.value.parameters == {"retry_after": 3}
    clock.now += 3
    groups.check(-1, is_group=True)


# ---- the HTTP surface -----------------------------------------------------------------------------


async def test_raw_http_requests(emulator: BotApiEmulator) -> None:
    emulator.push_message(chat_id=CHAT, text="hi")
    root = emulator.base_url.removesuffix("/bot")
    async with httpx.AsyncClient() as client:
        got = await client.get(f"{emulator.base_url}{emulator.token}/GETME")
        assert got.status_code == 200
        assert got.json()["result"]["is_bot"] is True
        sent = await client.post(
            f"{emulator.base_url}{emulator.token}/sendMessage",
            json={
                "chat_id": CHAT,
                "text": "<i>json</i>",
                "parse_mode": "HTML",
                "reply_markup": {"inline_keyboard": []},
            },
        )
        assert sent.json()["result"]["entities"] == [{"type": "italic", "offset": 0, "length": 4}]
        elsewhere = await client.get(f"{root}/file/bot{emulator.token}/x")
        assert (elsewhere.status_code, elsewhere.json()) == (
            404,
            {"ok": False, "error_code": 404, "description": "Not Found"},
        )
        emulator.inject("getMe", 502)
        gateway = await client.post(f"{emulator.base_url}{emulator.token}/getMe")
        assert gateway.status_code == 502
        assert gateway.headers["content-type"].startswith("text/html")
    assert emulator.calls_to("sendmessage")[0].params["reply_markup"] == {"inline_keyboard": []}


async def test_logs_never_carry_the_token_or_text(
    emulator: BotApiEmulator, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="tornado")
    caplog.set_level(logging.DEBUG, logger="tests.e2e.emulator")
    await bot.send_message(CHAT, "secret question text")
    with pytest.raises(BadRequest):
        await bot.send_message(CHAT, "<p>secret</p>", parse_mode="HTML")
    ours = [r for r in caplog.records if r.name.startswith(("tornado", "tests.e2e.emulator"))]
    assert any("sendMessage" in r.getMessage() for r in ours)
    for record in ours:
        assert emulator.token not in record.getMessage()
        assert "secret" not in record.getMessage()


async def test_edited_messages_and_explicit_entities(bot: Bot, emulator: BotApiEmulator) -> None:
    first = emulator.pushed_updates[-1]["message"]["message_id"]
    emulator.push_message(chat_id=CHAT, text="hi there", edited=True)
    entities = [{"type": "bold", "offset": 0, "length": 2}]
    emulator.push_message(chat_id=CHAT, text="no command", entities=entities)
    updates = await bot.get_updates()
    assert updates[1].edited_message is not None
    assert updates[1].edited_message.message_id == first
    assert updates[1].edited_message.edit_date is not None
    assert updates[2].message is not None
    assert [e.type for e in updates[2].message.entities] == ["bold"]
    message = await bot.send_message(CHAT, "plain", entities=[MessageEntity("underline", 0, 5)])
    assert [e.type for e in message.entities] == ["underline"]
    with pytest.raises(ValueError, match="earlier message"):
        emulator.push_message(chat_id=CHAT + 7, text="x", edited=True)


def test_pushed_text_gets_telegram_s_automatic_entities() -> None:
    emulator = BotApiEmulator()  # pushing needs no server
    text = (
        "/help@EpPermedTestBot @EpPermedTestBot #EPPerMed 🧬 https://www.eppermed.eu/calls. eppermed@dlr.de"
    )
    emulator.push_message(chat_id=-5, user_id=3, text=text, chat_type="group")
    entities = emulator.pushed_updates[-1]["message"]["entities"]
    assert [(e["type"], e["offset"], e["length"]) for e in entities] == [
        ("bot_command", 0, 21),
        ("mention", 22, 16),
        ("hashtag", 39, 9),
        ("url", 52, 29),
        ("email", 83, 15),
    ]
    emulator.push_message(chat_id=3, text="1/2 of a@b and @ab")
    assert "entities" not in emulator.pushed_updates[-1]["message"]


async def test_group_privacy_mode_withholds_chatter(bot: Bot, emulator: BotApiEmulator) -> None:
    group = -300
    assert emulator.push_message(group, 8, "What is EP PerMed?", chat_type="supergroup") is None
    assert emulator.push_message(group, 8, "/help@SomeOtherBot", chat_type="supergroup") is None
    for_bot = [
        emulator.push_message(group, 8, "/timeline", chat_type="supergroup"),
        emulator.push_message(group, 8, "/timeline@EpPermedTestBot", chat_type="supergroup"),
        emulator.push_message(group, 8, "@EpPermedTestBot what is the SRIA?", chat_type="supergroup"),
    ]
    await bot.send_message(group, "answer")  # so that a person can reply to the bot
    for_bot.append(emulator.push_message(group, 8, "thanks", chat_type="supergroup", reply_to_bot=True))
    assert None not in for_bot
    assert [m["text"] for m in emulator.withheld] == ["What is EP PerMed?", "/help@SomeOtherBot"]
    assert (await bot.get_me()).can_read_all_group_messages is False
    updates = await bot.get_updates(offset=for_bot[2])
    assert [u.message.text for u in updates if u.message] == ["@EpPermedTestBot what is the SRIA?", "thanks"]


async def test_without_privacy_mode_every_group_message_arrives() -> None:
    async with BotApiEmulator(privacy_mode=False) as emu, Bot(emu.token, base_url=emu.base_url) as bot:
        emu.push_message(-301, 8, "just chatting", chat_type="group")
        assert (await bot.get_me()).can_read_all_group_messages is True
        [update] = await bot.get_updates()
        assert update.message is not None
        assert update.message.text == "just chatting"
