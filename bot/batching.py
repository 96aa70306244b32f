"""Answering off the event loop: one worker thread for all of it, and micro-batching in front of it.

The answer path is CPU-bound (embedding), so it runs in a worker thread and the loop stays free for
updates. One thread, not many: two cores gain nothing from more, and the search code (the stemmer, the
embedder) need not be safe for concurrent use. Questions that arrive within a few milliseconds are
answered in one `Router.replies` call (one embedding batch). Inline queries take the same path, so
keystrokes never jump ahead of questions or run beside them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from bot.conversation import Conversation
from bot.router import InlineResult, Reply

_LOG = logging.getLogger(__name__)
RepliesFn = Callable[[Sequence[str], str | None, Sequence[Conversation | None]], list[Reply]]
InlineFn = Callable[[Sequence[str], str | None], list[list[InlineResult]]]
BATCH_HISTORY = 1000  # sizes of the latest batches kept for tests and /stats; older ones are forgotten
P = ParamSpec("P")
T = TypeVar("T")


class AnswerThread:
    """The one worker thread that runs router calls and index loads, in the order they were asked for."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer")

    async def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    async def call(self, fn: Callable[[], T]) -> T:
        return await self.run(fn)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class _Pending:
    text: str
    language: str | None
    future: asyncio.Future[Any] = field(repr=False)
    conversation: Conversation | None = None
    inline: bool = False


class MicroBatcher:
    """Collects questions for `window` seconds (at most `max_batch`), answers them in one thread call."""

    def __init__(
        self,
        replies: RepliesFn,
        worker: AnswerThread,
        *,
        inline: InlineFn | None = None,
        window: float = 0.01,
        max_batch: int = 32,
    ) -> None:
        self._replies = replies
        self._inline = inline
        self._worker_thread = worker
        self.window = window
        self.max_batch = max_batch
        self._queue: asyncio.Queue[_Pending] | None = None
        self._worker: asyncio.Task[None] | None = None
        self.batches: deque[int] = deque(maxlen=BATCH_HISTORY)  # sizes of the latest batches
        self.batch_count = 0

    async def start(self) -> None:
        self._queue = asyncio.Queue()
        self._worker = asyncio.create_task(self._run(), name="micro-batcher")

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None

    async def ask(self, text: str, language: str | None, conversation: Conversation | None = None) -> Reply:
        reply: Reply = await self._submit(_Pending(text, language, self._future(), conversation))
        return reply

    async def ask_inline(self, query: str, language: str | None) -> list[InlineResult]:
        """The inline results for `query`, computed in the same batches as questions."""
        if self._inline is None:
            raise RuntimeError("this MicroBatcher was made without an inline function")
        results: list[InlineResult] = await self._submit(
            _Pending(query, language, self._future(), inline=True)
        )
        return results

    def _future(self) -> asyncio.Future[Any]:
        return asyncio.get_running_loop().create_future()

    async def _submit(self, pending: _Pending) -> Any:
        if self._queue is None or self._worker is None or self._worker.done():
            raise RuntimeError("MicroBatcher.ask called before start()")
        await self._queue.put(pending)
        return await pending.future

    async def _run(self) -> None:
        assert self._queue is not None
        while True:
            batch = [await self._queue.get()]
            deadline = asyncio.get_running_loop().time() + self.window
            while len(batch) < self.max_batch:
                if not self._queue.empty():
                    batch.append(self._queue.get_nowait())
                    continue
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    break
                try:
                    batch.append(await asyncio.wait_for(self._queue.get(), timeout=remaining))
                except TimeoutError:
                    break
            self.batches.append(len(batch))
            self.batch_count += 1
            await self._answer(batch)

    async def _answer(self, batch: list[_Pending]) -> None:
        groups: dict[tuple[bool, str | None], list[_Pending]] = {}
        for item in batch:
            groups.setdefault((item.inline, item.language), []).append(item)
        for (inline, language), items in groups.items():
            try:
                texts = [i.text for i in items]
                replies: Sequence[object]
                if inline and self._inline is not None:
                    replies = await self._worker_thread.run(self._inline, texts, language)
                else:
                    where = [i.conversation for i in items]
                    replies = await self._worker_thread.run(self._replies, texts, language, where)
                if len(replies) != len(items):
                    raise RuntimeError(f"router gave {len(replies)} replies for {len(items)} questions")
            except Exception as exc:  # each waiting handler gets the error and answers its user
                _LOG.exception("answering a batch of %d failed", len(items))
                for item in items:
                    if not item.future.done():
                        item.future.set_exception(exc)
                continue
            for item, reply in zip(items, replies, strict=True):
                if not item.future.done():
                    item.future.set_result(reply)
