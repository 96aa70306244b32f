"""The rate limiter that also retries: 5xx and timeouts again with backoff, 400s never, counts bounded."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot.delivery import RetryingRateLimiter, is_transient


class Flaky:
    """A Bot API call that fails with `errors` first, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return {"message_id": 1}


async def send(limiter: RetryingRateLimiter, call: Flaky, chat_id: object = 42) -> object:
    await limiter.initialize()
    try:
        return await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": chat_id}, None)
    finally:
        await limiter.shutdown()


def test_what_counts_as_transient() -> None:
    assert is_transient(NetworkError("Bad Gateway"))
    assert is_transient(TimedOut())
    assert not is_transient(BadRequest("can't parse entities"))
    assert not is_transient(Forbidden("bot was blocked by the user"))


async def test_server_errors_are_retried_until_the_call_succeeds() -> None:
    call = Flaky(NetworkError("Bad Gateway"), TimedOut())
    limiter = RetryingRateLimiter(max_retries=3, transient_retries=3, backoff_seconds=0.001)
    assert await send(limiter, call) == {"message_id": 1}
    assert call.calls == 3


async def test_bad_requests_are_not_retried() -> None:
    call = Flaky(BadRequest("message is too long"))
    limiter = RetryingRateLimiter(max_retries=3, transient_retries=3, backoff_seconds=0.001)
    with pytest.raises(BadRequest):
        await send(limiter, call)
    assert call.calls == 1


async def test_retries_are_bounded() -> None:
    call = Flaky(*(NetworkError("Internal Server Error (500)") for _ in range(5)))
    limiter = RetryingRateLimiter(max_retries=3, transient_retries=2, backoff_seconds=0.001)
    with pytest.raises(NetworkError):
        await send(limiter, call)
    assert call.calls == 3


def test_one_throttle_per_chat_and_a_bounded_number_of_them() -> None:
    limiter = RetryingRateLimiter(max_retries=0, max_tracked_chats=2)
    first = limiter._chat_limiter(7)
    assert first is not None
    assert limiter._chat_limiter("7") is first
    assert limiter._chat_limiter(None) is None
    limiter._chat_limiter(8)
    limiter._chat_limiter(9)  # 7 is the least recently used: dropped
    assert limiter._chat_limiter(7) is not first
