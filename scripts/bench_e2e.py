"""End to end: the real PTB Application (real model, real index) against the local Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from statistics import median

from bench_common import Row, ms, percentile, questions

from knowledge.embedding import Embedder
from tests.e2e.bot_harness import bot_settings, running_bot
from tests.e2e.emulator import BotApiEmulator


async def burst(
    index_dir: Path, embedder: Embedder, *, count: int, users: int, limits: bool, rate: float | None = None
) -> dict[str, float]:
    """`count` questions from `users` private chats, offered at once (or `rate` a second); per reply the
    time from offered to received.

    Replies are paired with questions per chat in order of time (a chat's k-th reply with its k-th question).
    """
    asked = questions()
    emulator = BotApiEmulator(flood_limits=limits)
    await emulator.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = bot_settings(emulator, Path(tmp), index_dir)
            async with running_bot(settings, embedder=embedder, rate_limited=limits):
                offered: dict[int, list[float]] = defaultdict(list)
                start = time.monotonic()
                for i in range(count):
                    if rate is not None:  # open loop: question i is due at start + i / rate
                        await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
                    chat = 10_000 + i % users
                    emulator.push_message(chat, chat, asked[i % len(asked)])
                    offered[chat].append(time.monotonic())
                with contextlib.suppress(TimeoutError):  # what did not arrive counts as lost
                    await emulator.wait_until(lambda: len(emulator.state.sent) >= count, timeout=120)
                await asyncio.sleep(0.5)  # anything sent twice would arrive now
                received: dict[int, list[float]] = defaultdict(list)
                for message, at in zip(emulator.state.sent, emulator.state.sent_at, strict=True):
                    received[message["chat"]["id"]].append(at)
    finally:
        await emulator.stop()
    latencies = [
        got - sent
        for chat, times in offered.items()
        for sent, got in zip(sorted(times), sorted(received.get(chat, [])), strict=False)
    ]
    delivered = sum(len(v) for v in received.values())
    last = max((max(v) for v in received.values()), default=start)
    return {
        "delivered": delivered,
        "lost": sum(max(0, len(offered[c]) - len(received.get(c, []))) for c in offered),
        "duplicates": sum(max(0, len(received[c]) - len(offered[c])) for c in received),
        "per_second": delivered / max(last - start, 1e-9),
        "p50": median(latencies) if latencies else float("nan"),
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
    }


def end_to_end(index_dir: Path, embedder: Embedder) -> list[Row]:
    free = asyncio.run(burst(index_dir, embedder, count=1000, users=100, limits=False))
    paced = asyncio.run(burst(index_dir, embedder, count=1000, users=100, limits=False, rate=100))
    limited = asyncio.run(burst(index_dir, embedder, count=300, users=100, limits=True))
    ok_free = free["per_second"] >= 100 and free["lost"] == 0 and free["duplicates"] == 0
    ok_paced = paced["p95"] < 0.3 and paced["lost"] == 0 and paced["duplicates"] == 0
    ok_limited = limited["lost"] == 0 and limited["duplicates"] == 0 and limited["per_second"] >= 25
    return [
        Row(
            "2 end to end",
            "1,000 questions from 100 users at once, limiter out of the way",
            f"{free['per_second']:.0f} answers/s, p50 {ms(free['p50'])}, p95 {ms(free['p95'])}, "
            f"lost {free['lost']:.0f}, twice {free['duplicates']:.0f}",
            ">= 100/s, none lost",
            ok_free,
            free,
        ),
        Row(
            "2 end to end",
            "the same 1,000 questions arriving at 100 a second, limiter out of the way",
            f"{paced['per_second']:.0f} answers/s, p50 {ms(paced['p50'])}, p95 {ms(paced['p95'])}, "
            f"lost {paced['lost']:.0f}, twice {paced['duplicates']:.0f}",
            "p95 < 300 ms, none lost",
            ok_paced,
            paced,
        ),
        Row(
            "2 end to end",
            "300 questions from 100 users, Telegram's limits in force (emulator 429s + AIORateLimiter)",
            f"{limited['per_second']:.0f} answers/s, p50 {ms(limited['p50'])}, p95 {ms(limited['p95'])}, "
            f"lost {limited['lost']:.0f}, twice {limited['duplicates']:.0f}",
            "about 30/s (the limit), none lost",
            ok_limited,
            limited,
        ),
    ]
