"""Run the real bot Application against the emulator inside a test: a real index, a fake embedder.

`running_bot` opens the runtime exactly as `run_bot` does, serves it in the test's event loop and
stops it at the end, within a time bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app import BotApp, BotRuntime, build_application, open_runtime, serve
from bot.health import HealthServer
from bot.settings import BotSettings
from bot.voice import Transcriber
from index_builder.build import build
from index_builder.settings import IndexSettings
from knowledge import KNOWLEDGE_DIR
from knowledge.embedding import Embedder
from knowledge.embedding_fake import FakeEmbedder
from tests.e2e.emulator import BotApiEmulator

FAKE_MODEL = "fake-256"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ADMIN_ID = 900_001
START_TIMEOUT = 15.0
STOP_TIMEOUT = 15.0


def publish_index(
    index_dir: Path,
    knowledge_dir: Path = KNOWLEDGE_DIR,
    embedder: Embedder | None = None,
    multilingual: Embedder | None = None,
) -> None:
    """Build and publish an index of `knowledge_dir`, with the fake embedder (a fraction of a second) by default;
    with `multilingual`, also that model's vectors, as `make run` and the Docker image build it."""
    model = embedder or FakeEmbedder(256)
    settings = IndexSettings(
        _env_file=None,
        index_dir=index_dir,
        knowledge_dir=knowledge_dir,
        embedding_model=model.model_id,
    )
    build(settings, embedder=model, multilingual=multilingual, out=io.StringIO(), force=True, tty=False)


async def run_index_build(index_dir: Path, knowledge_dir: Path) -> str:
    """`eppermed-index build` in its own process, as a maintainer runs it; returns its output."""
    env = {
        **os.environ,
        "INDEX_DIR": str(index_dir),
        "KNOWLEDGE_DIR": str(knowledge_dir),
        "EMBEDDING_MODEL": FAKE_MODEL,
        "HF_HUB_OFFLINE": "1",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "index_builder",
        "build",
        env=env,
        cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    if process.returncode != 0:
        raise RuntimeError(f"eppermed-index build failed: {output.decode(errors='replace')}")
    return output.decode(errors="replace")


def copy_knowledge(target: Path) -> Path:
    """A private copy of the project's knowledge folder that a test may edit."""
    shutil.copytree(KNOWLEDGE_DIR / "sources", target / "sources")
    for name in ("timeline.yaml", "infosheets.yaml"):
        shutil.copy2(KNOWLEDGE_DIR / name, target / name)
    return target


def bot_settings(emu: BotApiEmulator, tmp_path: Path, index_dir: Path, **overrides: Any) -> BotSettings:
    values: dict[str, Any] = {
        "telegram_bot_token": emu.token,
        "telegram_base_url": emu.base_url,
        "telegram_base_file_url": emu.base_file_url,
        "index_dir": index_dir,
        "state_db": tmp_path / "state.sqlite3",
        "admin_user_ids": str(ADMIN_ID),
        "index_poll_seconds": 0.2,
        "health_port": 0,
        "rate_limit_retries": 3,
    }
    values.update(overrides)
    return BotSettings(_env_file=None, **values)


async def eventually(condition: Callable[[], object], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait until condition() is truthy, checking every 10 ms; TimeoutError after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if condition():
            return
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.01)


@dataclass
class RunningBot:
    """A started bot: its Application, runtime and (when asked for) health server."""

    application: BotApp
    runtime: BotRuntime
    health: HealthServer | None
    task: asyncio.Task[None]


@contextlib.asynccontextmanager
async def running_bot(
    settings: BotSettings,
    *,
    with_health: bool = False,
    batching: bool = True,
    embedder: Embedder | None = None,
    rate_limited: bool = True,
    transcriber: Transcriber | None = None,
) -> AsyncIterator[RunningBot]:
    """Serve the bot until the block ends; fails the test if it does not come up or go down in time.
    Without `transcriber`, voice is on exactly when the extra `voice` is installed (Whisper, lazily)."""
    runtime = open_runtime(settings, embedder=embedder or FakeEmbedder(256), transcriber=transcriber)
    application = build_application(
        runtime,
        settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else "",
        retry_backoff_seconds=0.05,
        batching=batching,
        rate_limited=rate_limited,
    )
    health = HealthServer(runtime.health, host="127.0.0.1", port=0) if with_health else None
    stop = asyncio.Event()
    task = asyncio.create_task(serve(application, runtime, stop, health=health, poll_timeout=1))
    try:
        async with asyncio.timeout(START_TIMEOUT):
            while not runtime.ready:
                if task.done():
                    task.result()  # raises what stopped the start
                await asyncio.sleep(0.01)
        yield RunningBot(application, runtime, health, task)
    finally:
        stop.set()
        async with asyncio.timeout(STOP_TIMEOUT):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        runtime.worker.close()
        if runtime.voice is not None:
            runtime.voice.close()
        runtime.store.close()
