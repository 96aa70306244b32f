"""What the emulated Telegram remembers: chats, messages, queries, commands, pending updates, webhook."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.emulator_objects import DEFAULT_ALLOWED_UPDATES


@dataclass
class Query:
    """A callback or inline query the bot may answer once, within the answer window."""

    user_id: int
    created: float
    answered: bool = False


@dataclass
class Webhook:
    """The webhook setWebhook registered; url None means polling."""

    url: str | None = None
    secret: str | None = None
    allowed_updates: list[str] | None = None


MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile refuses bigger files: "Bad Request: file is too big"


@dataclass
class StoredFile:
    """A file a person sent; `path` is given by the first getFile, and only then can it be downloaded."""

    file_id: str
    unique_id: str
    data: bytes
    kind: str
    path: str | None = None


@dataclass
class State:
    """Everything the server side knows; methods and the test-facing API both read and change it."""

    bot_user: dict[str, Any]
    pending: list[dict[str, Any]] = field(default_factory=list)
    next_update_id: int = 1
    allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
    webhook: Webhook = field(default_factory=Webhook)
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    next_message_id: dict[int, int] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    sent_at: list[float] = field(
        default_factory=list
    )  # time.monotonic() of each accepted message, for benchmarks
    blocked: set[int] = field(default_factory=set)
    queries: dict[str, Query] = field(default_factory=dict)
    next_query: int = 1
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    photos: dict[str, bytes] = field(default_factory=dict)  # file_id -> the uploaded image (sendPhoto)
    files: dict[str, StoredFile] = field(default_factory=dict)

    @property
    def bot_id(self) -> int:
        return int(self.bot_user["id"])

    def new_message_id(self, chat_id: int) -> int:
        """Message ids count up per chat, shared by the people and the bot in it."""
        message_id = self.next_message_id.get(chat_id, 1)
        self.next_message_id[chat_id] = message_id + 1
        return message_id

    def new_query(self, user_id: int) -> str:
        query_id = f"{user_id}{self.next_query:08d}"
        self.next_query += 1
        self.queries[query_id] = Query(user_id, time.monotonic())
        return query_id

    def last_message(self, chat_id: int, sender_id: int) -> dict[str, Any] | None:
        """The newest message sender_id wrote in chat_id, if any."""
        found = [
            m for (cid, _), m in self.messages.items() if cid == chat_id and m["from"]["id"] == sender_id
        ]
        return max(found, key=lambda m: m["message_id"]) if found else None

    def set_allowed_updates(self, allowed: Any) -> None:
        """allowed_updates is remembered; an empty list means the default set."""
        if isinstance(allowed, list):
            self.allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED_UPDATES

    def deliverable(self) -> list[dict[str, Any]]:
        """Pending updates of allowed types; Telegram does not keep the others."""
        self.pending = [u for u in self.pending if update_type(u) in self.allowed_updates]
        return self.pending

    def confirm(self, offset: int) -> None:
        """getUpdates' offset: forget updates below it; a negative one keeps only the last -offset."""
        if offset > 0:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        elif offset < 0:
            self.pending = self.pending[offset:]


def update_type(update: dict[str, Any]) -> str:
    """`message`, `callback_query`, ...: the one key of an update besides update_id."""
    return next((key for key in update if key != "update_id"), "")


def scope_key(scope: Any) -> str:
    """Commands are stored per BotCommandScope (JSON) and language code."""
    if not scope:
        return "default"
    return json.dumps(scope, sort_keys=True)
