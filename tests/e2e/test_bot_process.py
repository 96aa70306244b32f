"""`eppermed-bot` as a maintainer starts it: its own process, settings from the environment, SIGTERM to stop."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import httpx
import pytest

from tests.e2e.bot_harness import publish_index
from tests.e2e.emulator import BotApiEmulator

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(emu: BotApiEmulator, tmp_path: Path, index: Path, health_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=emu.token,
        TELEGRAM_BASE_URL=emu.base_url,
        INDEX_DIR=str(index),
        STATE_DB=str(tmp_path / "state.sqlite3"),
        HEALTH_PORT=str(health_port),
        LOG_LEVEL="DEBUG",
        HF_HUB_OFFLINE="1",
    )
    return env


async def start_bot(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_the_bot_process_serves_and_stops_cleanly_on_sigterm(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    publish_index(index)
    health_port = free_port()
    process = await start_bot(bot_env(emulator, tmp_path, index, health_port), tmp_path)
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            for _ in range(300):
                try:
                    if (await client.get(f"http://127.0.0.1:{health_port}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert process.returncode is None, "the bot process ended early"
                await asyncio.sleep(0.1)
            else:
                pytest.fail("the bot did not become healthy within 30 s")
        emulator.push_message(901, text="When was the Pamplona workshop?")
        await emulator.wait_until(lambda: emulator.sent_messages(901), timeout=20)
        assert "Pamplona" in emulator.sent_messages(901)[0]["text"]
        assert [c["command"] for c in emulator.commands()][:2] == ["start", "help"]
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    log = stderr.decode(errors="replace")
    assert process.returncode == 0, log[-2000:]
    assert emulator.token.split(":", 1)[1] not in log  # not even at LOG_LEVEL=DEBUG
    assert "Pamplona" not in log  # no message text: neither the question nor the reply
    assert "is serving (polling)" in log


async def test_a_missing_index_stops_the_process_with_one_line(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    process = await start_bot(bot_env(emulator, tmp_path, tmp_path / "no-index", 0), tmp_path)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 1
    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "eppermed-index build" in lines[0]
    assert not emulator.calls  # nothing was sent to Telegram
