"""Fixtures for end-to-end tests: a started Bot API emulator, and the same with flood limits off."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.emulator import BotApiEmulator


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """A running emulator with Telegram's flood limits, stopped after the test."""
    emu = BotApiEmulator(flood_limits=True)
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()


@pytest.fixture
async def lax_emulator() -> AsyncIterator[BotApiEmulator]:
    """A running emulator without flood limits, for tests that send many messages quickly."""
    emu = BotApiEmulator(flood_limits=False)
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()
