"""sendPhoto as Telegram takes it: a multipart upload (or a known file_id), checked like the Bot API does.

Limits (core.telegram.org/bots/api#sendphoto): at most 10 MB, width + height at most 10000, aspect ratio
at most 20, an image Telegram can decode; caption 0-1024 characters after entity parsing.
"""

from __future__ import annotations

import hashlib
import io
import time
from typing import TYPE_CHECKING, Any

from tests.e2e.emulator_checks import parse_text
from tests.e2e.emulator_errors import bad_request
from tests.e2e.emulator_objects import GROUP_TYPES, now
from tests.e2e.emulator_server import Reply

if TYPE_CHECKING:
    from tests.e2e.emulator_methods import BotApiMethods, Params

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDES = 10_000
MAX_PHOTO_RATIO = 20
MAX_CAPTION = 1024
THUMB_SIDE = 320  # Telegram returns the photo in several sizes; the smallest first


def _image(body: bytes) -> tuple[int, int]:
    """Width and height of an image Telegram can decode, or the refusal it sends."""
    from PIL import Image, UnidentifiedImageError

    if not body:
        raise bad_request("file must be non-empty")
    if len(body) > MAX_PHOTO_BYTES:
        raise bad_request("PHOTO_SAVE_FILE_INVALID")
    try:
        with Image.open(io.BytesIO(body)) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise bad_request("IMAGE_PROCESS_FAILED") from exc
    if width + height > MAX_PHOTO_SIDES or max(width, height) > MAX_PHOTO_RATIO * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return width, height


def _sizes(body: bytes, width: int, height: int) -> list[dict[str, Any]]:
    unique = hashlib.sha256(body).hexdigest()[:16]
    scale = min(1.0, THUMB_SIDE / max(width, height))
    small = {"width": max(1, round(width * scale)), "height": max(1, round(height * scale))}
    return [
        {
            "file_id": f"photo-{unique}-s",
            "file_unique_id": f"{unique}s",
            "file_size": len(body) // 8,
            **small,
        },
        {
            "file_id": f"photo-{unique}",
            "file_unique_id": unique,
            "file_size": len(body),
            "width": width,
            "height": height,
        },
    ]


def send_photo(methods: BotApiMethods, p: Params) -> Reply:
    """Refuse what Telegram refuses; else store the message with its photo sizes and the uploaded bytes."""
    from tests.e2e.emulator_methods import public

    state = methods.state
    chat = methods._chat(p)
    upload = p.files.get("photo")
    known = p.text("photo")
    if upload is not None:
        body = upload.body
    elif known and known in state.photos:
        body = state.photos[known]
    elif known:
        raise bad_request("wrong file identifier/HTTP URL specified")
    else:
        raise bad_request("there is no photo in the request")
    caption = p.text("caption")
    entities: list[dict[str, Any]] = []
    if caption:
        parsed = parse_text(
            caption,
            p.text("parse_mode"),
            p.json_value("caption_entities"),
            strict_entities=methods.strict_entities,
        )
        if len(parsed.text.encode("utf-16-le")) // 2 > MAX_CAPTION:
            raise bad_request("message caption is too long")
        caption, entities = parsed.text, parsed.entities
    width, height = _image(body)
    if methods.flood is not None:
        methods.flood.check(chat["id"], chat["type"] in GROUP_TYPES)
    sizes = _sizes(body, width, height)
    for size in sizes:
        state.photos[size["file_id"]] = body
    message: dict[str, Any] = {
        "message_id": state.new_message_id(chat["id"]),
        "from": state.bot_user,
        "chat": chat,
        "date": now(),
        "photo": sizes,
    }
    if caption:
        message["caption"] = caption
    if entities:
        message["caption_entities"] = entities
    state.messages[(chat["id"], message["message_id"])] = message
    state.sent.append(message)
    state.sent_at.append(time.monotonic())
    return Reply.ok(public(message))
