"""Telegram-like flood control: token buckets per chat, per group and overall, refusing with 429."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from tests.e2e.emulator_errors import too_many_requests


class FloodLimits(BaseModel):
    """How much a bot may send before Telegram answers 429; defaults follow Telegram's published limits."""

    model_config = ConfigDict(frozen=True)

    per_chat_per_second: float = Field(1.0, gt=0)
    per_chat_burst: int = Field(3, ge=1)
    group_per_minute: float = Field(20.0, gt=0)
    overall_per_second: float = Field(30.0, gt=0)
    overall_burst: int = Field(30, ge=1)


class _Bucket:
    """A token bucket that starts full; `take` returns 0 or the seconds until one token is back."""

    def __init__(self, capacity: float, rate: float, now: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self.tokens = capacity
        self.stamp = now

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_needed(self, now: float) -> float:
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class FloodGate:
    """Counts sends; `check` raises the 429 refusal Telegram would give, with retry_after in whole seconds."""

    def __init__(self, limits: FloodLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._overall = _Bucket(limits.overall_burst, limits.overall_per_second, clock())
        self._chats: dict[int, _Bucket] = {}
        self._groups: dict[int, _Bucket] = {}

    def check(self, chat_id: int, is_group: bool) -> None:
        """Admit one message to chat_id or raise ApiRefusal(429); a refused message costs nothing."""
        now = self._clock()
        limits = self.limits
        buckets = [self._overall]
        buckets.append(
            self._chats.setdefault(chat_id, _Bucket(limits.per_chat_burst, limits.per_chat_per_second, now))
        )
        if is_group:
            buckets.append(
                self._groups.setdefault(
                    chat_id, _Bucket(limits.group_per_minute, limits.group_per_minute / 60, now)
                )
            )
        wait = max(bucket.wait_needed(now) for bucket in buckets)
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))
        for bucket in buckets:
            bucket.take()
