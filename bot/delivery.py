"""Outgoing requests that survive a bad moment: 429 waited out (AIORateLimiter), 5xx and timeouts retried.

AIORateLimiter throttles to 30 messages a second overall and 20 a minute per group, but not per private
chat; Telegram allows about one a second per chat (short bursts pass), so that is throttled here too.

getUpdates never passes through a rate limiter (PTB's polling loop retries it); everything the bot
sends does, so one wrapper covers sendMessage, answerCallbackQuery and answerInlineQuery.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram._utils.types import JSONDict
from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

_LOG = logging.getLogger(__name__)


def is_transient(exc: BaseException) -> bool:
    """A 5xx, a timeout or a dropped connection; 400 is a NetworkError in PTB but retrying cannot fix it."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (throttling, 429 retries) plus retries with backoff on transient failures."""

    def __init__(
        self,
        *,
        max_retries: int,
        transient_retries: int = 3,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 8.0,
        per_chat_burst: int = 3,
        per_chat_per_second: float = 1.0,
        max_tracked_chats: int = 10_000,
    ) -> None:
        super().__init__(max_retries=max_retries)
        self.transient_retries = transient_retries
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self._chat_burst = per_chat_burst
        self._chat_period = per_chat_burst / per_chat_per_second
        self._max_tracked = max_tracked_chats
        self._chats: OrderedDict[int | str, AsyncLimiter] = OrderedDict()

    def _chat_limiter(self, chat_id: object) -> AsyncLimiter | None:
        if not isinstance(chat_id, int | str) or chat_id == "":
            return None
        with contextlib.suppress(ValueError):
            chat_id = int(chat_id)  # "123" and 123 are the same chat; "@channel" stays a name
        limiter = self._chats.get(chat_id)
        if limiter is None:
            limiter = self._chats[chat_id] = AsyncLimiter(self._chat_burst, self._chat_period)
            if len(self._chats) > self._max_tracked:
                self._chats.popitem(last=False)  # the least recently used chat
        else:
            self._chats.move_to_end(chat_id)
        return limiter

    async def process_request(  # noqa: PLR0917 - the signature is PTB's
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        attempt = 0
        limiter = self._chat_limiter(data.get("chat_id"))
        while True:
            try:
                async with limiter if limiter is not None else contextlib.nullcontext():
                    return await super().process_request(
                        callback, args, kwargs, endpoint, data, rate_limit_args
                    )
            except NetworkError as exc:
                if not is_transient(exc) or attempt >= self.transient_retries:
                    raise
                delay = min(self.backoff_seconds * 2**attempt, self.max_backoff_seconds)
                attempt += 1
                _LOG.warning(
                    "%s failed (%s), retry %d/%d in %.1f s",
                    endpoint,
                    type(exc).__name__,
                    attempt,
                    self.transient_retries,
                    delay,
                )
                await asyncio.sleep(delay)
