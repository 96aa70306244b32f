"""What each conversation is about, in memory only: never written to disk, never logged.

A conversation is a private chat, the terminal chat, an `ask --jsonl` chat value, or in a group the reply
thread of one of the bot's answers. Its context expires after a quiet period, the store holds at most a
bounded number of conversations (least recently used out), and everything is dropped on an index reload.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from knowledge.followup import Turn

ConversationKey = Hashable
Clock = Callable[[], float]
DEFAULT_TTL_SECONDS = 600.0
DEFAULT_MAX_CONVERSATIONS = 100_000
MAX_TURNS = 2  # the previous turn or two carry over


def private_key(chat_id: int) -> ConversationKey:
    """A private chat (or the terminal, or an `ask --jsonl` chat): one conversation."""
    return ("chat", chat_id)


def thread_key(chat_id: int, bot_message_id: int) -> ConversationKey:
    """In a group, the thread of one bot answer: replies to it continue what it answered."""
    return ("thread", chat_id, bot_message_id)


@dataclass(frozen=True, slots=True)
class Conversation:
    """Where a message's context is read from, and whether its own turn is kept there (False in a group
    thread: the handler keeps it under the bot's answer once sent)."""

    key: ConversationKey
    remember: bool = True


@dataclass(slots=True)
class _Entry:
    turns: tuple[Turn, ...]
    touched: float


class ConversationStore:
    """Recent turns per conversation; thread-safe, bounded, expiring; `clock` is injectable for tests."""

    def __init__(
        self,
        *,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        clock: Clock = time.monotonic,
    ) -> None:
        if ttl_seconds <= 0 or max_conversations < 1:
            raise ValueError("a conversation store needs a positive quiet period and room for one chat")
        self.ttl_seconds = ttl_seconds
        self.max_conversations = max_conversations
        self._clock = clock
        self._entries: OrderedDict[ConversationKey, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def last(self, key: ConversationKey) -> Turn | None:
        """The latest turn of the conversation, or None when there is none or it went quiet too long."""
        with self._lock:
            entry = self._live(key)
            return entry.turns[-1] if entry is not None else None

    def turns(self, key: ConversationKey) -> tuple[Turn, ...]:
        with self._lock:
            entry = self._live(key)
            return entry.turns if entry is not None else ()

    @property
    def quiet_minutes(self) -> int:
        """The quiet period in whole minutes (at least 1), as /help states it."""
        return max(1, round(self.ttl_seconds / 60))

    def put(self, key: ConversationKey, turns: tuple[Turn, ...]) -> None:
        """Keep a conversation's latest turns (at most `MAX_TURNS`); the least recently used goes when full."""
        if not turns:
            return
        with self._lock:
            self._entries[key] = _Entry(turns[-MAX_TURNS:], self._clock())
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_conversations:
                self._entries.popitem(last=False)

    def add(self, key: ConversationKey, turn: Turn) -> None:
        """One more turn after the ones the conversation has."""
        self.put(key, (*self.turns(key), turn))

    def forget(self, key: ConversationKey) -> bool:
        """`/new`: the conversation starts over. True when there was something to forget."""
        with self._lock:
            return self._entries.pop(key, None) is not None

    def forget_chat(self, chat_id: int) -> int:
        """`/new` in a group: every reply thread of that chat starts over. Returns how many were forgotten."""
        with self._lock:
            keys = [k for k in self._entries if isinstance(k, tuple) and k[:2] == ("thread", chat_id)]
            for key in keys:
                del self._entries[key]
            return len(keys)

    def clear(self) -> None:
        """Every conversation forgotten (the index was reloaded: earlier passages may be gone)."""
        with self._lock:
            self._entries.clear()

    def purge(self) -> int:
        """Drop every expired conversation now; returns how many (expiry is otherwise lazy)."""
        with self._lock:
            now = self._clock()
            stale = [k for k, e in self._entries.items() if now - e.touched > self.ttl_seconds]
            for key in stale:
                del self._entries[key]
            return len(stale)

    def _live(self, key: ConversationKey) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._clock() - entry.touched > self.ttl_seconds:
            del self._entries[key]
            return None
        return entry
