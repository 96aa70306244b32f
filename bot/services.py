"""Wiring: open the knowledge, the published index, its embedding model and the answerer, once.

The Telegram app, the terminal chat and `eppermed-bot ask` all start from `build_router`; a reload calls
`open_answerer` again with the running embedder, so the model is not loaded twice.
"""

from __future__ import annotations

import logging
import threading

from bot.conversation import ConversationStore
from bot.router import Router
from bot.settings import BotSettings
from knowledge.answering import Answerer
from knowledge.embedding import Embedder, load_embedder
from knowledge.exceptions import EmbedderError
from knowledge.index_store import PublishedIndex
from knowledge.loader import (
    GLOSSARY,
    KNOWN_GAPS,
    Knowledge,
    load_glossary,
    load_guard_examples,
    load_knowledge,
    load_known_gaps,
)

log = logging.getLogger(__name__)


def open_knowledge(settings: BotSettings) -> Knowledge:
    """The validated knowledge folder behind /timeline and /infosheets (KnowledgeInvalid when broken); the
    curated questions come with the index, so questions.yaml is not read here."""
    return load_knowledge(settings.knowledge_dir, phrasings=False)


def open_index(settings: BotSettings) -> PublishedIndex:
    """The published index at INDEX_DIR, checked (IndexNotFound, IndexCorrupted, IndexIncompatible)."""
    return PublishedIndex.open(settings.index_dir)


def open_answerer(settings: BotSettings, *, embedder: Embedder | None = None) -> Answerer:
    """An answerer over the published index; models are loaded once per process and reused on reload."""
    index = open_index(settings)
    if embedder is None or embedder.model_id != index.manifest.model_id:
        embedder = _embedder(index.manifest.model_id)
    return answerer_for(index, embedder, settings)


def answerer_for(index: PublishedIndex, embedder: Embedder, settings: BotSettings) -> Answerer:
    """An answerer over an index already open (or built in memory), with its multilingual vectors when
    the index has them and their model loads; without it, other languages go through the main model."""
    multilingual = None
    model_id = index.manifest.multilingual_model_id
    if model_id and index.has_multilingual:
        try:
            multilingual = _embedder(model_id)
        except EmbedderError as exc:
            log.warning("multilingual vectors not used: %s", exc)
    return Answerer.for_index(
        index,
        embedder,
        multilingual=multilingual,
        min_confidence=settings.answer_min_confidence,
        min_confidence_foreign=settings.answer_min_confidence_foreign,
        # Entries with problems are left out here; open_knowledge and `eppermed-index check` report them.
        known_gaps=load_known_gaps(settings.knowledge_dir / KNOWN_GAPS)[0],
        health_examples=load_guard_examples(settings.knowledge_dir)[0],
        glossary=load_glossary(settings.knowledge_dir / GLOSSARY)[0],
    )


_EMBEDDERS: dict[str, Embedder] = {}
_EMBEDDERS_LOCK = threading.Lock()


def _embedder(model_id: str) -> Embedder:
    """The embedder for `model_id`, loaded on first use (a model takes seconds and hundreds of MB)."""
    with _EMBEDDERS_LOCK:
        if model_id not in _EMBEDDERS:
            _EMBEDDERS[model_id] = load_embedder(model_id)
        return _EMBEDDERS[model_id]


def build_router(
    settings: BotSettings,
    *,
    bot_username: str | None = None,
    lazy: bool = False,
    knowledge: Knowledge | None = None,
) -> Router:
    """The router with everything opened; `lazy` defers the index and model until the first question."""
    knowledge = knowledge if knowledge is not None else open_knowledge(settings)
    answerer = (lambda: open_answerer(settings)) if lazy else open_answerer(settings)
    return Router(
        answerer,
        knowledge,
        bot_username=bot_username,
        max_question_chars=settings.max_question_chars,
        conversations=conversation_store(settings),
    )


def conversation_store(settings: BotSettings) -> ConversationStore:
    """Where follow-up context lives: memory only, bounded and expiring as the settings say."""
    return ConversationStore(
        ttl_seconds=settings.context_ttl_seconds, max_conversations=settings.context_max_conversations
    )
