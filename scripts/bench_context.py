"""Bench section 8: the memory follow-up context takes for many chats, and what a follow-up costs.

The store is filled as a busy bot fills it: every conversation with its two latest turns (question searched,
focus, ids of the passages quoted), keyed like Telegram chats. Memory is what `tracemalloc` sees allocated
while the store fills (Python objects only, deterministic), so the figure does not depend on the machine.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from functools import partial
from statistics import median

from bench_common import ROOT, Row, ms, percentile, questions, timed

from bot.conversation import MAX_TURNS, Conversation, ConversationStore, private_key
from bot.settings import BotSettings
from knowledge.followup import (
    MAX_KEPT_PASSAGES,
    MAX_KEPT_QUESTION_CHARS,
    Turn,
    focus_of,
    remember,
    resolve,
)

TYPICAL_BOUND = 1_500  # bytes a chat, typical questions: 150 MB for 100,000 chats
WORST_BOUND = 4_000  # bytes a chat whatever the questions (the longest turn kept, 4-byte characters)
CHUNK_IDS = tuple(f"document-{n}#{n % 4}" for n in range(40))  # the index's own strings, shared by all


def _turns(texts: list[str]) -> list[Turn]:
    """One kept turn per text, as the router keeps it (question, focus, passage ids), bounded alike."""
    passages = tuple(CHUNK_IDS[:MAX_KEPT_PASSAGES])
    return [remember(resolve(text, None), passages=passages, answered=True) for text in texts]


def _fill(store: ConversationStore, conversations: int, turns: list[Turn]) -> None:
    for n in range(conversations):
        for k in range(MAX_TURNS):
            kept = turns[(n + k) % len(turns)]
            # new strings for each chat, of the same length, as each chat's messages are its own
            store.add(
                private_key(10_000_000 + n),
                Turn(_fresh(kept.question), _fresh(kept.focus), kept.passages, kept.answered),
            )


def _fresh(text: str) -> str:
    return (text + ".")[:-1] if text else text


def _measure(conversations: int, turns: list[Turn]) -> tuple[int, float]:
    """Bytes allocated by a store holding `conversations` chats, and the seconds filling it took."""
    store = ConversationStore(max_conversations=conversations)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    _fill(store, conversations, turns)
    elapsed = time.perf_counter() - start
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    if len(store) != conversations:
        raise RuntimeError(f"the store holds {len(store)} chats, not {conversations}")
    return used, elapsed


def _lookup_seconds(conversations: int, turns: list[Turn], rounds: int = 5) -> float:
    """Median time of one look-up plus one remembered turn in a full store (what each message costs)."""
    store = ConversationStore(max_conversations=conversations)
    _fill(store, conversations, turns)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for n in range(1000):
            key = private_key(10_000_000 + (n * 7919) % conversations)
            store.last(key)
            store.add(key, turns[n % len(turns)])
        samples.append((time.perf_counter() - start) / 1000)
    return median(samples)


def context_memory(conversations: int = 100_000) -> list[Row]:
    """Memory of `conversations` chats with context: typical questions, and the longest a turn keeps."""
    typical = _turns([q for q in questions() if focus_of(q)] or ["When was the EP PerMed information day?"])
    word = "\U0001d51e" * 10  # a letter outside the Basic Multilingual Plane: 4 bytes a character
    longest = "When was the " + " ".join([word] * MAX_KEPT_QUESTION_CHARS)
    worst = _turns([longest[: MAX_KEPT_QUESTION_CHARS - 1] + "?"])
    rows = []
    for label, turns, bound in (
        ("typical questions", typical, TYPICAL_BOUND),
        ("worst case: longest turns kept, 4-byte characters", worst, WORST_BOUND),
    ):
        used, elapsed = _measure(conversations, turns)
        each = used / conversations
        rows.append(
            Row(
                "8 context",
                f"memory of {conversations:,} chats with {MAX_TURNS} turns of context ({label})",
                f"{used / 1e6:.1f} MB ({each:.0f} B a chat; filled in {elapsed:.1f} s)",
                f"≤ {bound * conversations / 1e6:.0f} MB",
                each <= bound,
                {"bytes": used, "per_chat": each, "conversations": conversations},
            )
        )
    lookup = _lookup_seconds(conversations, typical)
    rows.append(
        Row(
            "8 context",
            f"look-up + remember one turn, {conversations:,} chats held",
            f"{lookup * 1e6:.1f} µs",
            raw={"seconds": lookup},
        )
    )
    return rows


DIALOGUES = ROOT / "tests" / "data" / "dev_dialogues_fresh.jsonl"


def followup_latency(settings: BotSettings, rounds: int = 3) -> list[Row]:
    """What answering a follow-up costs: the last message of each two-turn development dialogue, answered in
    its conversation (a rewritten follow-up is answered in up to four readings, one embedding batch) and
    alone, timed interleaved so drift on a shared machine hits both alike."""
    from bot.services import build_router  # loads faiss and the model: not needed by `--only context`

    router = build_router(settings)
    pairs = [
        tuple(json.loads(line)["turns"])
        for line in DIALOGUES.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    pairs = [p for p in pairs if len(p) == 2]
    in_context, alone = [], []
    for n in range(rounds + 1):  # the first round warms both paths up
        for k, (first, then) in enumerate(pairs):
            conversation = Conversation(("bench", n, k))
            router.reply(first, conversation=conversation)
            with_context = timed(partial(router.reply, then, conversation=conversation))
            on_its_own = timed(partial(router.reply, then))
            if n:
                in_context.append(with_context)
                alone.append(on_its_own)
    return [
        Row(
            "8 context",
            f"a follow-up in its conversation, {len(pairs)} dialogues x {rounds}",
            f"p50 {ms(median(in_context))}, p95 {ms(percentile(in_context, 0.95))}",
        ),
        Row(
            "8 context",
            "the same message alone",
            f"p50 {ms(median(alone))}, p95 {ms(percentile(alone, 0.95))}",
        ),
        Row(
            "8 context",
            "follow-up p50 / alone p50",
            f"{median(in_context) / median(alone):.2f}",
            raw={"context": in_context, "alone": alone},
        ),
    ]
