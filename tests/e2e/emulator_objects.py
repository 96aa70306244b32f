"""Bot API objects the emulator hands to the bot: users, chats, incoming message payloads, the bot itself.

Everything carries what python-telegram-bot 22 requires (is_bot, Unix-second dates, chat type).
"""

from __future__ import annotations

import time
from typing import Any, Literal

from tests.e2e.emulator_detect import find_entities

ChatType = Literal["private", "group", "supergroup"]
MessageKind = Literal["text", "sticker", "photo", "voice", "document", "location"]
AUDIO_MIME = {"voice": "audio/ogg", "audio": "audio/mpeg"}
GROUP_TYPES = frozenset({"group", "supergroup"})
DEFAULT_ALLOWED_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)


def now() -> int:
    """Telegram dates are whole Unix seconds."""
    return int(time.time())


def bot_user(
    bot_id: int, username: str, first_name: str, *, reads_all_group_messages: bool
) -> dict[str, Any]:
    """The `User` getMe returns for the bot; reads_all_group_messages is False in privacy mode."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": first_name,
        "username": username,
        "can_join_groups": True,
        "can_read_all_group_messages": reads_all_group_messages,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def human_user(user_id: int, username: str | None, language_code: str | None) -> dict[str, Any]:
    """A person writing to the bot."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def chat(chat_id: int, chat_type: ChatType, user: dict[str, Any]) -> dict[str, Any]:
    """A `Chat`: a private chat carries the user's names, a group a title."""
    if chat_type == "private":
        result: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        if "username" in user:
            result["username"] = user["username"]
        return result
    return {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {chat_id}"}


def _file(kind: str, serial: int) -> dict[str, Any]:
    return {"file_id": f"{kind}-file-{serial}", "file_unique_id": f"{kind}-unique-{serial}"}


def content(
    kind: MessageKind, text: str | None, entities: list[dict[str, Any]] | None, serial: int
) -> dict[str, Any]:
    """The kind-specific part of an incoming `Message` (text goes to `caption` for media)."""
    if kind == "text":
        body: dict[str, Any] = {"text": text or ""}
        found = entities if entities is not None else find_entities(text or "")
        if found:
            body["entities"] = found
        return body
    if kind == "sticker":
        body = {
            "sticker": {
                **_file("sticker", serial),
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            }
        }
    elif kind == "photo":
        body = {"photo": [{**_file("photo", serial), "width": 320, "height": 240, "file_size": 2048}]}
    elif kind == "voice":
        body = {"voice": {**_file("voice", serial), "duration": 2, "mime_type": "audio/ogg"}}
    elif kind == "document":
        body = {
            "document": {
                **_file("document", serial),
                "file_name": "notes.pdf",
                "mime_type": "application/pdf",
            }
        }
    elif kind == "location":
        return {"location": {"latitude": 50.7374, "longitude": 7.0982}}
    else:
        raise ValueError(f"unknown message kind {kind!r}")
    if text:
        body["caption"] = text
        if entities:
            body["caption_entities"] = entities
    return body


def speech(kind: str, file_id: str, unique_id: str, duration: int, size: int) -> dict[str, Any]:
    """The `voice`, `audio` or `video_note` object of a message carrying a file the emulator stores."""
    body: dict[str, Any] = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "duration": duration,
        "file_size": size,
    }
    if kind == "video_note":
        body["length"] = 240
    else:
        body["mime_type"] = AUDIO_MIME[kind]
    return {kind: body}


def is_for_bot(message: dict[str, Any], bot_username: str) -> bool:
    """What a bot in privacy mode gets from a group: commands (bare or /cmd@bot), @bot mentions and
    replies to its own messages; everything else stays with the people in the group."""
    reply = message.get("reply_to_message")
    if reply is not None and reply["from"].get("username") == bot_username:
        return True
    text = message.get("text") or message.get("caption") or ""
    entities = message.get("entities") or message.get("caption_entities") or []
    encoded = text.encode("utf-16-le")
    for entity in entities:
        start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
        piece = encoded[start:end].decode("utf-16-le", "replace")
        if entity["type"] == "mention" and piece[1:].lower() == bot_username.lower():
            return True
        target = piece.partition("@")[2].lower()
        if entity["type"] == "bot_command" and entity["offset"] == 0 and target in ("", bot_username.lower()):
            return True
    return False
