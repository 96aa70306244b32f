"""The emulator's files: a recording pushed with its bytes, getFile and the file endpoint, as PTB uses them."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest

from tests.e2e.emulator import BotApiEmulator
from tests.e2e.emulator_state import MAX_DOWNLOAD_BYTES

pytestmark = pytest.mark.e2e
CHAT = 4242


def _bot(emu: BotApiEmulator) -> Bot:
    return Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url)


@pytest.mark.parametrize("kind", ["voice", "audio", "video_note"])
async def test_a_pushed_recording_is_fetched_with_get_file_and_downloaded(
    emulator: BotApiEmulator, kind: str
) -> None:
    data = b"OggS" + bytes(range(256)) * 4
    emulator.push_speech(CHAT, data, kind=kind, duration=7)  # type: ignore[arg-type]
    async with _bot(emulator) as bot:
        [update] = await bot.get_updates()
        assert update.message is not None
        attachment = update.message.voice or update.message.audio or update.message.video_note
        assert attachment is not None
        assert attachment.file_size == len(data)
        file = await bot.get_file(attachment.file_id)
        assert file.file_path is not None
        assert file.file_path.startswith(f"{emulator.base_file_url}{emulator.token}/")
        assert bytes(await file.download_as_bytearray()) == data
    assert len(emulator.downloads) == 1


async def test_get_file_refuses_an_unknown_id_and_a_file_over_20_mb(emulator: BotApiEmulator) -> None:
    emulator.push_speech(CHAT, bytes(MAX_DOWNLOAD_BYTES + 1), duration=2)
    async with _bot(emulator) as bot:
        [update] = await bot.get_updates()
        assert update.message is not None
        assert update.message.voice is not None
        with pytest.raises(BadRequest, match=r"(?i)file is too big"):
            await bot.get_file(update.message.voice.file_id)
        with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
            await bot.get_file("no-such-file")


async def test_the_file_endpoint_serves_only_paths_get_file_gave_and_only_for_the_token(
    emulator: BotApiEmulator,
) -> None:
    emulator.push_speech(CHAT, b"voice bytes", duration=1)
    stored = next(iter(emulator.state.files.values()))
    async with httpx.AsyncClient() as client:
        before = await client.get(f"{emulator.base_file_url}{emulator.token}/voice/file_0.oga")
        assert before.status_code == 404  # no path before getFile
        async with _bot(emulator) as bot:
            file = await bot.get_file(stored.file_id)
        assert file.file_path is not None
        path = file.file_path.rsplit(f"{emulator.token}/", 1)[1]
        wrong = await client.get(f"{emulator.base_file_url}999:wrong/{path}")
        right = await client.get(f"{emulator.base_file_url}{emulator.token}/{path}")
    assert wrong.status_code == 404
    assert (right.status_code, right.content) == (200, b"voice bytes")
