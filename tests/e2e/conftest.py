"""Fixtures for end-to-end tests: a started Bot API emulator, with or without Telegram's flood limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.bot_harness import RunningBot, bot_settings, publish_index, running_bot
from tests.e2e.emulator import BotApiEmulator


async def _running(emu: BotApiEmulator) -> AsyncIterator[BotApiEmulator]:
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()
    assert emu.errors == [], f"the emulator itself failed: {emu.errors!r}"


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """A running emulator with Telegram's flood limits, stopped after the test."""
    async for emu in _running(BotApiEmulator(flood_limits=True)):
        yield emu


@pytest.fixture
async def lax_emulator() -> AsyncIterator[BotApiEmulator]:
    """A running emulator without flood limits, for tests that send many messages quickly."""
    async for emu in _running(BotApiEmulator(flood_limits=False)):
        yield emu


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the real knowledge (fake embedder), published once per test module."""
    folder = tmp_path_factory.mktemp("published") / "index"
    publish_index(folder)
    return folder


@pytest.fixture
async def bot(emulator: BotApiEmulator, tmp_path: Path, index_dir: Path) -> AsyncIterator[RunningBot]:
    """The real Application running against `emulator`, stopped after the test."""
    async with running_bot(bot_settings(emulator, tmp_path, index_dir)) as running:
        yield running
