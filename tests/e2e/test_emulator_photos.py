"""sendPhoto on the emulator: a PNG upload is taken like Telegram takes it; what Telegram refuses is refused."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from PIL import Image
from telegram import Bot
from telegram.error import BadRequest

from tests.e2e.emulator import BotApiEmulator

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]
CHAT = 4343


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (31, 95, 168)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    emulator.push_message(chat_id=CHAT, text="hi")
    async with Bot(emulator.token, base_url=emulator.base_url) as the_bot:
        yield the_bot


async def test_a_png_upload_becomes_a_photo_message(bot: Bot, emulator: BotApiEmulator) -> None:
    image = png(1200, 900)
    sent = await bot.send_photo(CHAT, image, caption="<b>Usage</b>", parse_mode="HTML")
    assert sent.caption == "Usage"
    assert sent.photo[-1].width == 1200
    assert sent.photo[-1].height == 900
    assert sent.photo[0].width == 320  # Telegram adds smaller sizes
    [message] = [m for m in emulator.sent_messages(CHAT) if "photo" in m]
    assert emulator.photo_bytes(message) == image
    again = await bot.send_photo(CHAT, sent.photo[-1].file_id)  # a file_id Telegram knows is reused
    assert again.photo[-1].file_unique_id == sent.photo[-1].file_unique_id


@pytest.mark.parametrize(
    ("photo", "caption", "reason"),
    [
        (b"GIF89a not really an image", None, "IMAGE_PROCESS_FAILED"),
        (png(10, 400), None, "PHOTO_INVALID_DIMENSIONS"),  # ratio over 20
        (png(6000, 4500), None, "PHOTO_INVALID_DIMENSIONS"),  # width + height over 10000
        (png(100, 100), "x" * 1025, "message caption is too long"),
        ("no-such-file-id", None, "wrong file identifier/HTTP URL specified"),
    ],
)
async def test_what_telegram_refuses_is_refused(
    bot: Bot, photo: bytes | str, caption: str | None, reason: str
) -> None:
    with pytest.raises(BadRequest) as refused:
        await bot.send_photo(CHAT, photo, caption=caption)
    assert refused.value.message.lower() == reason.lower()


async def test_a_caption_of_1024_characters_passes(bot: Bot) -> None:
    sent = await bot.send_photo(CHAT, png(100, 100), caption="y" * 1024)
    assert sent.caption is not None
    assert len(sent.caption) == 1024
