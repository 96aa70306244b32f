"""Periodic work (index polling, purging) runs on the JobQueue, or on a task when PTB has no JobQueue."""

from __future__ import annotations

import asyncio

from telegram.ext import ApplicationBuilder

from bot.app import _every


async def test_without_a_job_queue_a_task_repeats_the_action_and_survives_failures() -> None:
    application = ApplicationBuilder().token("123456:ABC-test").job_queue(None).build()
    calls: list[int] = []
    done = asyncio.Event()

    async def action() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first round fails")
        if len(calls) == 3:
            done.set()

    task = _every(application, 0.01, action, "test-every")
    assert task is not None
    try:
        await asyncio.wait_for(done.wait(), timeout=5)
    finally:
        task.cancel()
    assert len(calls) >= 3


async def test_with_a_job_queue_the_job_is_scheduled() -> None:
    application = ApplicationBuilder().token("123456:ABC-test").build()
    assert application.job_queue is not None

    async def action() -> None:
        return None

    assert _every(application, 5, action, "index-watch") is None
    assert [job.name for job in application.job_queue.jobs()] == ["index-watch"]
