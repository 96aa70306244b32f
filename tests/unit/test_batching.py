"""Micro-batching: questions arriving together share one router call, in order, per language."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

import pytest

from bot.batching import BATCH_HISTORY, AnswerThread, MicroBatcher
from bot.router import InlineResult, Reply


class Recorder:
    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[tuple[list[str], str | None]] = []
        self.threads: set[str] = set()
        self.fail_on = fail_on

    def __call__(
        self, texts: Sequence[str], language: str | None, conversations: Sequence[object] = ()
    ) -> list[Reply]:
        self.calls.append((list(texts), language))
        self.threads.add(threading.current_thread().name)
        if self.fail_on in texts:
            raise RuntimeError("router failed")
        return [Reply(html=f"{language}:{t}", answered=True) for t in texts]


async def test_questions_arriving_together_are_answered_in_one_call() -> None:
    recorder = Recorder()
    worker = AnswerThread()
    batcher = MicroBatcher(recorder, worker, window=0.05)
    await batcher.start()
    try:
        replies = await asyncio.gather(
            batcher.ask("a", "en"), batcher.ask("b", "de"), batcher.ask("c", "en"), batcher.ask("d", "en")
        )
    finally:
        await batcher.stop()
        worker.close()
    assert [r.html for r in replies] == ["en:a", "de:b", "en:c", "en:d"]
    assert list(batcher.batches) == [4]
    assert sorted(recorder.calls) == [(["a", "c", "d"], "en"), (["b"], "de")]
    assert all(name.startswith("answer") for name in recorder.threads)


async def test_a_failing_batch_fails_its_questions_only() -> None:
    recorder = Recorder(fail_on="bad")
    worker = AnswerThread()
    batcher = MicroBatcher(recorder, worker, window=0.05)
    await batcher.start()
    try:
        bad, good = await asyncio.gather(
            batcher.ask("bad", "en"), batcher.ask("fine", "fr"), return_exceptions=True
        )
        assert isinstance(bad, RuntimeError)
        assert isinstance(good, Reply)
        assert (await batcher.ask("later", "en")).html == "en:later"  # the batcher lives on
    finally:
        await batcher.stop()
        worker.close()


async def test_asking_before_start_is_a_clear_error() -> None:
    batcher = MicroBatcher(Recorder(), AnswerThread())
    with pytest.raises(RuntimeError, match="before start"):
        await batcher.ask("a", None)


async def test_inline_queries_share_the_batch_and_thread_of_questions() -> None:
    recorder = Recorder()
    inline_calls: list[tuple[list[str], str | None]] = []

    def inline(queries: Sequence[str], language: str | None) -> list[list[InlineResult]]:
        inline_calls.append((list(queries), language))
        return [[InlineResult(q, q, "", q)] for q in queries]

    worker = AnswerThread()
    batcher = MicroBatcher(recorder, worker, inline=inline, window=0.05)
    await batcher.start()
    try:
        reply, results = await asyncio.gather(batcher.ask("a", "en"), batcher.ask_inline("b", "en"))
    finally:
        await batcher.stop()
        worker.close()
    assert reply.html == "en:a"
    assert [r.id for r in results] == ["b"]
    assert inline_calls == [(["b"], "en")]
    assert list(batcher.batches) == [2]


async def test_the_batch_record_is_bounded() -> None:
    worker = AnswerThread()
    batcher = MicroBatcher(Recorder(), worker, window=0.0)
    await batcher.start()
    try:
        for i in range(BATCH_HISTORY + 50):
            await batcher.ask(str(i), "en")
    finally:
        await batcher.stop()
        worker.close()
    assert batcher.batch_count == BATCH_HISTORY + 50
    assert len(batcher.batches) == BATCH_HISTORY
