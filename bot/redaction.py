"""Keep the token and message text out of every log line.

httpx logs request URLs (which contain the token) at INFO; python-telegram-bot logs whole updates and
request payloads (message text) at DEBUG. Those loggers are capped, and the token is redacted anyway.

Redaction happens when a record is created, so every handler (files, stderr, pytest's caplog) gets
the clean text, tracebacks included.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

REDACTED = "<TOKEN>"
# Loggers that would print the token or message text below these levels, even with LOG_LEVEL=DEBUG.
# apscheduler (PTB's JobQueue) logs an INFO line at every run of a repeating job.
QUIET_LEVELS = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.WARNING,
    "apscheduler": logging.WARNING,
}


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def install_redaction(*secrets: str) -> Callable[[], None]:
    """Redact `secrets` from every log record from now on and quiet payload loggers; returns an undo."""
    wanted = tuple(s for s in secrets if s)
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        malformed = False
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: logging would print msg and args unredacted
            message = f"malformed log call: {record.msg!s} with arguments {record.args!r}"
            malformed = True
        clean = redact(message, wanted)
        if clean != message or record.args or malformed:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), wanted)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, wanted)
        return record

    logging.setLogRecordFactory(factory)
    for name, level in QUIET_LEVELS.items():
        logging.getLogger(name).setLevel(level)

    def uninstall() -> None:
        if logging.getLogRecordFactory() is factory:
            logging.setLogRecordFactory(previous)

    return uninstall
