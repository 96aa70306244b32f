"""Start, stop and run: fail-fast lines, durable state, no token in logs, webhook secrets, health, hot reload."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import bot_token, build_application, open_runtime, run_bot, serve
from bot.exceptions import ApiUnreachable, BotConfigError, IndexUnavailable, TokenRefused
from bot.i18n import t
from bot.redaction import REDACTED, install_redaction
from bot.settings import BotSettings
from knowledge.embedding_fake import FakeEmbedder
from tests.e2e.bot_harness import (
    ADMIN_ID,
    bot_settings,
    copy_knowledge,
    eventually,
    publish_index,
    run_index_build,
    running_bot,
)
from tests.e2e.emulator import BotApiEmulator

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]
REAL_LOOKING_TOKEN = "7312345678:AAE1x9yq4bWcZ_TvR-3pLk8sDf0GhJ2mNoQ"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published") / "index"
    publish_index(folder)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def no_env(**values: Any) -> BotSettings:
    return BotSettings(_env_file=None, **values)


# ---- failing fast ---------------------------------------------------------------------------------


def test_missing_token_points_to_the_terminal_chat() -> None:
    with pytest.raises(BotConfigError, match=r"TELEGRAM_BOT_TOKEN is not set.*terminal") as caught:
        run_bot(no_env())
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "token", ["7312345678", "bot7312345678:AAE1x9yq4bWcZ_TvR", "7312345678:AAE1 x9yq4", "abc:defghijkl"]
)
def test_malformed_token_is_refused_before_any_request(token: str) -> None:
    with pytest.raises(BotConfigError, match="TELEGRAM_BOT_TOKEN is malformed"):
        bot_token(no_env(telegram_bot_token=token))


def test_real_and_test_tokens_have_the_right_shape() -> None:
    assert bot_token(no_env(telegram_bot_token=REAL_LOOKING_TOKEN)) == REAL_LOOKING_TOKEN
    emulator_url = "http://127.0.0.1:8081/bot"
    assert bot_token(no_env(telegram_bot_token="123456:ABC-test", telegram_base_url=emulator_url))
    with pytest.raises(BotConfigError, match="malformed"):  # too short for a token from @BotFather
        bot_token(no_env(telegram_bot_token="123456:ABC-test"))


def test_missing_index_fails_in_one_line(tmp_path: Path) -> None:
    settings = no_env(index_dir=tmp_path / "nothing-here", state_db=tmp_path / "s.db")
    with pytest.raises(IndexUnavailable, match="eppermed-index build") as caught:
        open_runtime(settings, embedder=FakeEmbedder(256))
    assert "\n" not in str(caught.value)


def test_incompatible_index_fails_in_one_line(tmp_path: Path, index_dir: Path) -> None:
    copy = tmp_path / "index"
    shutil.copytree(index_dir.resolve(), copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["format_version"] = 99
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexUnavailable, match="format version 99"):
        open_runtime(no_env(index_dir=copy, state_db=tmp_path / "s.db"), embedder=FakeEmbedder(256))


async def test_refused_token_fails_in_one_line(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    settings = bot_settings(emulator, tmp_path, index_dir, telegram_bot_token="123456:WRONG-token")
    runtime = open_runtime(settings, embedder=FakeEmbedder(256))
    application = build_application(runtime, "123456:WRONG-token")
    with pytest.raises(TokenRefused, match="refused TELEGRAM_BOT_TOKEN") as caught:
        await serve(application, runtime, asyncio.Event())
    assert "WRONG" not in str(caught.value)
    assert emulator.refusals[0].status == 401


async def test_run_bot_fails_fast_when_the_api_cannot_be_reached(tmp_path: Path, index_dir: Path) -> None:
    settings = no_env(
        telegram_bot_token="123456:ABC-test",
        telegram_base_url=f"http://127.0.0.1:{free_port()}/bot",
        index_dir=index_dir,
        state_db=tmp_path / "s.db",
        health_port=0,
    )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with pytest.raises(ApiUnreachable, match=r"cannot reach the Bot API at http://127\.0\.0\.1"):
        await asyncio.wait_for(asyncio.to_thread(run_bot, settings), timeout=30)


# ---- state and logs -------------------------------------------------------------------------------


async def test_counters_and_feedback_survive_a_restart(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    settings = bot_settings(emulator, tmp_path, index_dir)
    async with running_bot(settings):
        emulator.push_message(501, text="When was the Pamplona workshop?")
        await emulator.wait_until(lambda: emulator.sent_messages(501))
        [answer] = emulator.sent_messages(501)
        up = next(
            b["callback_data"]
            for row in answer["reply_markup"]["inline_keyboard"]
            for b in row
            if b["callback_data"].startswith("fb:+:")
        )
        query = emulator.push_callback_query(501, 501, answer["message_id"], up)
        await emulator.wait_until(lambda: emulator.query_answered(query))

    async with running_bot(settings):
        again = emulator.push_callback_query(501, 501, answer["message_id"], up)
        await emulator.wait_until(lambda: emulator.query_answered(again))
        emulator.push_message(ADMIN_ID, text="/stats")
        await emulator.wait_until(lambda: len(emulator.sent_messages(ADMIN_ID)) == 2)  # figures, chart
    [stats, chart] = emulator.sent_messages(ADMIN_ID)
    assert chart["photo"]
    assert "Questions: 1" in stats["text"]
    assert "Answered: 1" in stats["text"]
    assert "👍: 1" in stats["text"]
    toasts = [c.params.get("text") for c in emulator.calls_to("answerCallbackQuery")]
    assert toasts[-1] == t("feedback_already", "en")


async def test_token_never_appears_in_logs(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    uninstall = install_redaction(emulator.token)
    httpx_logger = logging.getLogger("httpx")
    assert httpx_logger.level == logging.WARNING
    httpx_logger.setLevel(logging.DEBUG)  # make httpx log its URLs (with the token) to prove redaction
    caplog.set_level(logging.DEBUG)
    assert (
        logging.getLogger("telegram").level == logging.WARNING
    )  # PTB logs payloads at DEBUG, chatter at INFO
    try:
        async with running_bot(bot_settings(emulator, tmp_path, index_dir)):
            emulator.inject("sendMessage", 502, times=1)
            emulator.push_message(502, text="When was the Pamplona workshop?")
            await emulator.wait_until(lambda: emulator.sent_messages(502), timeout=15)
            logging.getLogger("test").error("url was %s", f"{emulator.base_url}{emulator.token}/getMe")
    finally:
        uninstall()
        httpx_logger.setLevel(logging.WARNING)
        logging.getLogger("telegram").setLevel(logging.NOTSET)
    secret = emulator.token.split(":", 1)[1]
    assert secret not in caplog.text
    assert all(secret not in r.getMessage() for r in caplog.records)
    assert any(REDACTED in r.getMessage() for r in caplog.records if r.name.startswith("httpx"))
    assert f"url was {emulator.base_url}{REDACTED}/getMe" in caplog.text
    assert "Pamplona" not in caplog.text  # no message text either


# ---- webhook and health ---------------------------------------------------------------------------


async def test_webhook_mode_checks_the_secret(
    emulator: BotApiEmulator, tmp_path: Path, index_dir: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = bot_settings(
        emulator,
        tmp_path,
        index_dir,
        webhook_url=url,
        webhook_secret="s3cret_Value-1",
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    async with running_bot(settings, with_health=True) as running:
        assert running.runtime.mode == "webhook"
        assert running.health is not None
        async with httpx.AsyncClient(timeout=5) as client:
            health = await client.get(f"http://127.0.0.1:{running.health.port}/healthz")
        assert (health.status_code, health.json()["index"]["mode"]) == (200, "webhook")
        assert emulator.webhook_url == url
        assert emulator.webhook_secret == "s3cret_Value-1"
        emulator.push_message(601, text="/timeline")
        assert await emulator.deliver_webhook(secret="wrong") == 403
        async with httpx.AsyncClient(timeout=5) as client:
            missing = await client.post(url, json=emulator.pending_updates[0])
        assert missing.status_code == 403
        assert emulator.sent_messages(601) == []
        assert await emulator.deliver_webhook() == 200
        await emulator.wait_until(lambda: emulator.sent_messages(601))
        assert "2021" in emulator.sent_messages(601)[0]["text"]
    assert not emulator.calls_to("getUpdates")


async def test_health_endpoint(emulator: BotApiEmulator, tmp_path: Path, index_dir: Path) -> None:
    emulator.inject("getMe", delay=3.0)  # the bot stays "starting" for 3 s
    settings = bot_settings(emulator, tmp_path, index_dir)
    runtime = open_runtime(settings, embedder=FakeEmbedder(256))
    application = build_application(runtime, emulator.token)
    from bot.health import HealthServer

    health = HealthServer(runtime.health, host="127.0.0.1", port=0)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(application, runtime, stop, health=health, poll_timeout=1))
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            await eventually(lambda: health.port)
            await asyncio.sleep(0.2)
            starting = await client.get(f"http://127.0.0.1:{health.port}/healthz")
            assert starting.status_code == 503
            await eventually(lambda: runtime.ready)
            ready = await client.get(f"http://127.0.0.1:{health.port}/healthz")
            assert ready.status_code == 200
            body = ready.json()
            assert body["status"] == "ok"
            assert body["index"]["model_id"] == "fake-256"
            assert body["index"]["chunks"] > 0
            assert body["index"]["mode"] == "polling"
            assert (await client.get(f"http://127.0.0.1:{health.port}/other")).status_code == 404
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        runtime.store.close()
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient(timeout=2) as client:
            await client.get(f"http://127.0.0.1:{health.port}/healthz")


# ---- hot reload -----------------------------------------------------------------------------------

NEW_DOCUMENT = """---
id: quokka-programme
title: "The Quokka exchange programme"
url: https://www.eppermed.eu/quokka
as_of: "2026"
language: en
---

# The Quokka exchange programme

The Quokka exchange programme sends personalised medicine researchers to partner regions for six
months. Applications for the Quokka exchange programme open in March 2027.
"""


async def test_a_new_index_is_served_within_seconds_while_questions_flow(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    index = tmp_path / "index"
    publish_index(index, knowledge)
    settings = bot_settings(emulator, tmp_path, index, knowledge_dir=knowledge, index_poll_seconds=0.2)
    question = "When do applications for the Quokka exchange programme open?"
    async with running_bot(settings) as running:
        first = running.runtime.answerer
        sent = 0

        async def ask(chat_id: int) -> dict[str, Any]:
            nonlocal sent
            emulator.push_message(chat_id, text=question)
            await emulator.wait_until(lambda: len(emulator.sent_messages(chat_id)) >= 1, timeout=15)
            sent += 1
            return emulator.sent_messages(chat_id)[-1]

        before = await ask(700)
        assert "March 2027" not in before["text"]
        (knowledge / "sources" / "quokka.md").write_text(NEW_DOCUMENT, encoding="utf-8")
        publishing = asyncio.create_task(run_index_build(index, knowledge))
        replies = []
        chat = 701
        async with asyncio.timeout(40):
            while True:
                reply = await ask(chat)
                replies.append(reply)
                chat += 1
                if "March 2027" in reply["text"]:
                    break
        assert "published" in await publishing
        assert running.runtime.answerer is not first
        assert all("something went wrong" not in r["text"] for r in replies)
        assert [r for r in emulator.refusals if r.status != 429] == []


async def test_a_broken_new_index_is_refused_and_the_old_one_keeps_serving(
    emulator: BotApiEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index = tmp_path / "index"
    publish_index(index)
    settings = bot_settings(emulator, tmp_path, index, index_poll_seconds=0.2)
    caplog.set_level(logging.ERROR, logger="bot.index_watch")
    async with running_bot(settings) as running:
        serving = running.runtime.answerer
        broken = tmp_path / "broken-build"
        shutil.copytree(index.resolve(), broken)
        manifest = json.loads((broken / "manifest.json").read_text())
        manifest["built_at"] = "2030-01-01T00:00:00Z"  # a new manifest...
        (broken / "manifest.json").write_text(json.dumps(manifest))
        (broken / "chunks.jsonl").write_text("{}\n")  # ...over files that do not match it
        link = tmp_path / "index.new"
        link.symlink_to(broken)
        link.replace(index)
        await eventually(lambda: any("refused" in r.getMessage() for r in caplog.records))  # the poller
        await asyncio.sleep(0.5)  # more polls: the same broken manifest is not tried again
        emulator.push_message(ADMIN_ID, text="/reload")
        emulator.push_message(702, text="When was the Pamplona workshop?")
        await emulator.wait_until(lambda: emulator.sent_messages(ADMIN_ID) and emulator.sent_messages(702))
        assert running.runtime.answerer is serving
        assert emulator.sent_messages(ADMIN_ID)[0]["text"].startswith("Reload: refused")
        assert "Pamplona" in emulator.sent_messages(702)[0]["text"]
    refusals = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 2  # once by the poller (not again every 0.2 s), once by /reload
