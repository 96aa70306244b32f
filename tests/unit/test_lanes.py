"""Per-chat lanes in front of the handlers: bounded backlog, latest kept, one notice, no slot held."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.lanes import ChatLanes, Lane, LanePolicy


@dataclass(frozen=True)
class Item:
    chat: int
    n: int


def by_chat(backlog: int = 3, delay: float = 0.0, notify: bool = True) -> ChatLanes:
    policy = LanePolicy(backlog=backlog, notify=notify, delay=delay)
    return ChatLanes(lambda item: Lane(item.chat, policy) if isinstance(item, Item) else None)


async def settle(lanes: ChatLanes) -> None:
    for _ in range(200):
        if lanes.active_lanes == 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("lanes did not empty")


async def test_a_flooding_chat_keeps_only_its_latest_messages_and_is_told_once() -> None:
    done: list[int] = []
    told: list[object] = []
    gate = asyncio.Event()

    async def handle(item: Item) -> None:
        await gate.wait()
        done.append(item.n)

    async def on_flood(update: object) -> None:
        told.append(update)

    lanes = ChatLanes(
        lambda item: Lane(1, LanePolicy(backlog=3, notify=True)), on_flood=on_flood, max_concurrent_updates=4
    )
    for n in range(20):
        await lanes.process_update(Item(1, n), handle(Item(1, n)))  # returns at once: no slot is held
        await asyncio.sleep(0)  # the lane starts its first message
    assert lanes.current_concurrent_updates == 0
    gate.set()
    await settle(lanes)
    assert done == [0, 17, 18, 19]  # the one already running, then the latest three
    assert told == [Item(1, 4)]  # once, for the first message that overflowed
    assert lanes.dropped == 16


async def test_other_chats_run_while_one_chat_is_stuck() -> None:
    lanes = by_chat(backlog=100)
    stuck = asyncio.Event()
    done: list[int] = []

    async def slow(item: Item) -> None:
        await stuck.wait()

    async def quick(item: Item) -> None:
        done.append(item.chat)

    for n in range(50):
        await lanes.process_update(Item(1, n), slow(Item(1, n)))
    await lanes.process_update(Item(2, 0), quick(Item(2, 0)))
    await asyncio.wait_for(asyncio.sleep(0.05), 1)
    assert done == [2]
    stuck.set()
    await settle(lanes)


async def test_a_lane_with_a_delay_answers_only_the_last_of_a_quick_series() -> None:
    lanes = by_chat(backlog=1, delay=0.05, notify=False)
    done: list[int] = []

    async def handle(item: Item) -> None:
        done.append(item.n)

    for n in range(5):  # keystrokes
        await lanes.process_update(Item(9, n), handle(Item(9, n)))
    await settle(lanes)
    assert done == [4]


async def test_updates_without_a_lane_run_at_once() -> None:
    lanes = by_chat()
    done: list[str] = []

    async def handle() -> None:
        done.append("x")

    await lanes.process_update("not an item", handle())
    assert done == ["x"]


async def test_stop_drops_what_waits_and_cancels_what_hangs() -> None:
    lanes = by_chat(backlog=10)
    lanes.stop_grace_seconds = 0.05
    started: list[int] = []

    async def hang(item: Item) -> None:
        started.append(item.n)
        await asyncio.Event().wait()

    for n in range(5):
        await lanes.process_update(Item(1, n), hang(Item(1, n)))
    await asyncio.sleep(0.01)
    await asyncio.wait_for(lanes.stop(), 2)
    assert started == [0]
    assert lanes.active_lanes == 0
    done: list[int] = []

    async def after() -> None:
        done.append(1)

    await lanes.process_update(Item(1, 9), after())  # while stopping, updates run directly
    assert done == [1]


async def test_stop_lets_a_short_backlog_finish_within_the_grace_period() -> None:
    lanes = by_chat(backlog=10)
    lanes.stop_grace_seconds = 2.0
    done: list[int] = []

    async def handle(item: Item) -> None:
        await asyncio.sleep(0.01)  # a reply being sent
        done.append(item.n)

    for n in range(5):
        await lanes.process_update(Item(1, n), handle(Item(1, n)))
    await asyncio.wait_for(lanes.stop(), 3)
    assert done == [0, 1, 2, 3, 4]  # queued messages are answered, not lost at a restart
    assert lanes.active_lanes == 0


def test_private_chats_groups_buttons_and_inline_queries_get_their_own_lanes() -> None:
    from datetime import UTC, datetime

    from telegram import CallbackQuery, Chat, InlineQuery, Message, Update, User

    from bot.lanes import GROUP_BACKLOG_FACTOR, lanes_for_updates

    lane_of = lanes_for_updates(chat_backlog=4, inline_debounce_seconds=0.2)
    alice = User(7, "Alice", is_bot=False)
    private = Message(1, datetime.now(UTC), Chat(7, "private"), from_user=alice, text="hi")
    group = Message(2, datetime.now(UTC), Chat(-100, "supergroup"), from_user=alice, text="hi")
    press = CallbackQuery("q", alice, "ci", message=private, data="fb:+:x")
    inline = InlineQuery("iq", alice, "Pamplona", "")
    lanes = {
        name: lane_of(update)
        for name, update in {
            "private": Update(1, message=private),
            "group": Update(2, message=group),
            "button": Update(3, callback_query=press),
            "inline": Update(4, inline_query=inline),
            "edited": Update(5, edited_message=private),
        }.items()
    }
    assert lanes["edited"] is None
    found = {name: lane for name, lane in lanes.items() if lane is not None}
    assert {name: lane.key for name, lane in found.items()} == {
        "private": ("message", 7),
        "group": ("message", -100),
        "button": ("button", 7),
        "inline": ("inline", 7),
    }
    assert (found["private"].policy.backlog, found["private"].policy.notify) == (4, True)
    assert (found["group"].policy.backlog, found["group"].policy.notify) == (4 * GROUP_BACKLOG_FACTOR, False)
    assert (found["inline"].policy.backlog, found["inline"].policy.delay) == (1, 0.2)
