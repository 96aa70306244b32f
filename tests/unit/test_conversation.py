"""The conversation store: memory only, expiring after a quiet period, bounded (LRU), /new, reloads."""

from __future__ import annotations

import pytest

from bot.conversation import MAX_TURNS, ConversationStore, private_key, thread_key
from knowledge.followup import Turn


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def turn(n: int) -> Turn:
    return Turn(f"question {n}", f"topic {n}", (f"c#{n}",))


def test_a_conversation_keeps_its_latest_turns() -> None:
    store = ConversationStore()
    for n in range(MAX_TURNS + 2):
        store.add(private_key(1), turn(n))
    assert store.turns(private_key(1)) == tuple(turn(n) for n in range(2, MAX_TURNS + 2))
    assert store.last(private_key(1)) == turn(MAX_TURNS + 1)


def test_context_expires_after_the_quiet_period() -> None:
    clock = FakeClock()
    store = ConversationStore(ttl_seconds=600, clock=clock)
    store.add(private_key(1), turn(1))
    clock.now += 599
    assert store.last(private_key(1)) == turn(1)
    store.add(private_key(1), turn(2))  # activity restarts the quiet period
    clock.now += 599
    assert store.last(private_key(1)) == turn(2)
    clock.now += 2
    assert store.last(private_key(1)) is None
    assert len(store) == 0  # an expired conversation leaves memory when looked at


def test_purge_drops_every_quiet_conversation() -> None:
    clock = FakeClock()
    store = ConversationStore(ttl_seconds=10, clock=clock)
    store.add(private_key(1), turn(1))
    clock.now += 6
    store.add(private_key(2), turn(2))
    clock.now += 6
    assert store.purge() == 1
    assert store.last(private_key(1)) is None
    assert store.last(private_key(2)) == turn(2)


def test_the_least_recently_used_conversation_goes_first() -> None:
    store = ConversationStore(max_conversations=3)
    for chat in (1, 2, 3):
        store.add(private_key(chat), turn(chat))
    store.add(private_key(1), turn(11))  # chat 1 is active again: chat 2 is now the oldest
    store.add(private_key(4), turn(4))
    assert len(store) == 3
    assert store.last(private_key(2)) is None
    assert [store.last(private_key(c)) for c in (1, 3, 4)] == [turn(11), turn(3), turn(4)]


def test_conversations_never_see_each_other() -> None:
    store = ConversationStore()
    store.add(private_key(1), turn(1))
    store.add(thread_key(-100, 7), turn(2))
    assert store.last(private_key(2)) is None
    assert store.last(thread_key(-100, 8)) is None
    assert store.last(private_key(1)) == turn(1)
    assert store.last(thread_key(-100, 7)) == turn(2)


def test_forget_clear_and_forget_chat() -> None:
    store = ConversationStore()
    store.add(private_key(1), turn(1))
    store.add(thread_key(-100, 7), turn(2))
    store.add(thread_key(-100, 9), turn(3))
    store.add(thread_key(-200, 7), turn(4))
    assert store.forget(private_key(1))
    assert not store.forget(private_key(1))
    assert store.forget_chat(-100) == 2
    assert store.last(thread_key(-200, 7)) == turn(4)
    store.clear()
    assert len(store) == 0


@pytest.mark.parametrize(("ttl", "size"), [(0, 10), (-1, 10), (10, 0)])
def test_bounds_must_make_sense(ttl: float, size: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        ConversationStore(ttl_seconds=ttl, max_conversations=size)


def test_quiet_minutes_as_help_states_it() -> None:
    assert ConversationStore(ttl_seconds=600).quiet_minutes == 10
    assert ConversationStore(ttl_seconds=5).quiet_minutes == 1
