"""One lane per chat in front of the handlers, so that a flooding chat waits in its own queue, not in PTB's pool.

PTB runs every update as a task holding one of its `concurrent_updates` slots until the handler returns.
A handler waiting for the per-chat send limit (about one message a second) kept its slot, so one chat
sending hundreds of messages filled the pool and everyone else waited. Here a slot is held only while an
update is put in its lane; each lane runs its updates one after another in a task of its own, keeps at
most `backlog` of them waiting (the oldest are dropped, so the latest are answered) and, once per flood,
runs a notice first so the sender learns to slow down. A lane with a `delay` debounces: an update waits
that long and a newer one arriving meanwhile replaces it (inline queries, sent on every keystroke).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseUpdateProcessor

_LOG = logging.getLogger(__name__)
DEFAULT_CONCURRENT_UPDATES = 256  # what PTB's `concurrent_updates(True)` gives
GROUP_BACKLOG_FACTOR = 5


@dataclass(frozen=True, slots=True)
class LanePolicy:
    """How much one lane may hold, whether an overflow is announced, and the debounce delay."""

    backlog: int
    notify: bool = False  # run `on_flood` once when this lane first drops an update
    delay: float = 0.0


@dataclass(frozen=True, slots=True)
class Lane:
    """Which lane an update goes to: a key (kind and chat or user id) and its policy."""

    key: Hashable
    policy: LanePolicy


LaneOf = Callable[[object], Lane | None]
OnFlood = Callable[[object], Awaitable[None]]


@dataclass
class _Queue:
    policy: LanePolicy
    waiting: deque[tuple[object, Awaitable[Any]]] = field(default_factory=deque)
    notice: object | None = None  # the update whose arrival overflowed the lane, until the notice runs
    warned: bool = False  # told once per flood; reset when the lane empties
    task: asyncio.Task[None] | None = None


def _discard(coroutine: Awaitable[Any]) -> None:
    if isinstance(coroutine, Coroutine):
        coroutine.close()  # never started: closing it avoids "coroutine was never awaited"


class ChatLanes(BaseUpdateProcessor):
    """A BaseUpdateProcessor that queues updates per lane; updates without a lane run at once."""

    def __init__(
        self,
        lane_of: LaneOf,
        *,
        on_flood: OnFlood | None = None,
        max_concurrent_updates: int = DEFAULT_CONCURRENT_UPDATES,
        stop_grace_seconds: float = 5.0,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._lane_of = lane_of
        self._on_flood = on_flood
        self._lanes: dict[Hashable, _Queue] = {}
        self._closing = False
        self.stop_grace_seconds = stop_grace_seconds
        self.dropped = 0  # updates dropped from full lanes since start, for tests and logs

    @property
    def active_lanes(self) -> int:
        return len(self._lanes)

    async def initialize(self) -> None:
        self._closing = False

    async def shutdown(self) -> None:
        await self.stop()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        lane = None if self._closing else self._lane_of(update)
        if lane is None:
            await coroutine
            return
        queue = self._lanes.get(lane.key)
        if queue is None:
            queue = self._lanes[lane.key] = _Queue(lane.policy)
        queue.waiting.append((update, coroutine))
        dropped = 0
        while len(queue.waiting) > lane.policy.backlog:
            _, old = queue.waiting.popleft()
            _discard(old)
            dropped += 1
        if dropped:
            self.dropped += dropped
            if lane.policy.notify and not queue.warned:
                queue.warned, queue.notice = True, update
                _LOG.warning("a chat is flooding: keeping its latest %d messages", lane.policy.backlog)
        if queue.task is None:
            queue.task = asyncio.create_task(self._drain(lane.key, queue), name="chat-lane")

    async def _drain(self, key: Hashable, queue: _Queue) -> None:
        try:
            while queue.waiting or queue.notice is not None:
                if queue.notice is not None and self._on_flood is not None:
                    notice, queue.notice = queue.notice, None
                    await self._run(self._on_flood(notice))
                    continue
                queue.notice = None
                if queue.policy.delay > 0:
                    await asyncio.sleep(queue.policy.delay)  # newer updates may replace the waiting one
                    if not queue.waiting:
                        continue
                _, coroutine = queue.waiting.popleft()
                await self._run(coroutine)
        finally:
            if self._lanes.get(key) is queue:
                del self._lanes[key]

    async def _run(self, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        except asyncio.CancelledError:
            raise
        except Exception:  # a last net: PTB's process_update already hands handler errors on
            _LOG.exception("an update in a chat lane failed")

    async def stop(self) -> None:
        """Let the lanes work through what waits for `stop_grace_seconds` (each backlog is bounded), then
        drop what is still waiting and cancel what hangs: a restart loses no message it could answer in time."""
        self._closing = True
        tasks = [queue.task for queue in self._lanes.values() if queue.task is not None]
        pending: set[asyncio.Task[None]] = set()
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=self.stop_grace_seconds)
        for queue in list(self._lanes.values()):
            while queue.waiting:
                _discard(queue.waiting.popleft()[1])
            queue.notice = None
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def lanes_for_updates(*, chat_backlog: int, inline_debounce_seconds: float) -> LaneOf:
    """Messages queue per chat (a flood is announced), button presses per chat, inline queries per user.

    Edited messages and anything else run at once: their handlers send nothing.
    """
    messages = LanePolicy(backlog=chat_backlog, notify=True)
    # A group's lane also carries its members' chatter (ignored at once, but waiting behind a reply
    # held by the group send limit): more room, and no notice to a whole group.
    group_messages = LanePolicy(backlog=chat_backlog * GROUP_BACKLOG_FACTOR)
    buttons = LanePolicy(backlog=chat_backlog)
    inline = LanePolicy(backlog=1, delay=inline_debounce_seconds)

    def lane_of(update: object) -> Lane | None:
        if not isinstance(update, Update):
            return None
        if update.message is not None:
            private = update.message.chat.type == ChatType.PRIVATE
            return Lane(("message", update.message.chat_id), messages if private else group_messages)
        query = update.callback_query
        if query is not None:
            chat = query.message.chat.id if query.message is not None else query.from_user.id
            return Lane(("button", chat), buttons)
        if update.inline_query is not None:
            return Lane(("inline", update.inline_query.from_user.id), inline)
        return None

    return lane_of
