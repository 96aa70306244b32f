"""Fixtures for end-to-end tests: a started Bot API emulator, with or without Telegram's flood limits."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

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
