"""Errors of the bot package; each message is one line a person can act on. PTB errors are wrapped here.

BotError
├── BotConfigError          a setting is missing or wrong (token missing or malformed, bad webhook setup)
├── BotStartError           the bot cannot start with valid settings
│   ├── TokenRefused        Telegram answered 401/404 to the token
│   ├── ApiUnreachable      the Bot API at TELEGRAM_BASE_URL cannot be reached
│   └── IndexUnavailable    the published index is missing, corrupted or incompatible
├── StateError              the SQLite state database cannot be opened or written
└── VoiceError              a voice message cannot be transcribed (extra `voice`)
    ├── VoiceModelMissing   no usable Whisper model folder (VOICE_MODEL_DIR, or the packaged one)
    ├── AudioUnreadable     the bytes are not audio PyAV can decode
    └── AudioTooLong        the decoded audio is longer than VOICE_MAX_SECONDS
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every error this package raises."""


class BotConfigError(BotError):
    """A setting is missing or has a value the bot cannot use."""


class BotStartError(BotError):
    """The settings are valid but the bot cannot start."""


class TokenRefused(BotStartError):
    """Telegram (or TELEGRAM_BASE_URL) refused the token."""


class ApiUnreachable(BotStartError):
    """The Bot API cannot be reached."""


class IndexUnavailable(BotStartError):
    """No usable published index: the bot has nothing to answer from."""


class StateError(BotError):
    """The state database (STATE_DB) cannot be opened or written."""


class VoiceError(BotError):
    """A voice message cannot be turned into a question."""


class VoiceModelMissing(VoiceError):
    """The speech model folder is missing or incomplete."""


class AudioUnreadable(VoiceError):
    """The audio could not be decoded (not audio, or a container PyAV does not read)."""


class AudioTooLong(VoiceError):
    """The decoded audio lasts longer than allowed (the message's stated duration was wrong)."""

    def __init__(self, seconds: float, limit: float) -> None:
        super().__init__(f"audio of {seconds:.0f} s is longer than the limit of {limit:.0f} s")
        self.seconds = seconds
        self.limit = limit
