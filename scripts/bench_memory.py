"""Memory under a stream of distinct random words: what the answer path keeps must not grow with them.

The questions run through the real Router, Answerer and Searcher over the project's knowledge, with the
deterministic fake embedder: a model keeps nothing per question, and embedding 100,000 random words
(400,000 word pieces) with the real one would take many minutes on two cores without telling more.
"""

from __future__ import annotations

import gc
import io
import os
import random
import string
import tempfile
import tracemalloc
from pathlib import Path

from bench_common import Row

from bot.router import Router
from bot.services import answerer_for, open_knowledge
from bot.settings import BotSettings
from index_builder.build import build
from index_builder.settings import IndexSettings
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex

WORDS_PER_QUESTION = 50
BATCH = 32  # questions per Router.replies call, as the micro-batcher sends them
BOUND_MB = 5.0  # retained Python memory allowed to grow over the whole stream


def random_questions(words: int, seed: int = 11) -> list[str]:
    """`words` distinct random words (nine letters; a repeat is vanishingly rare), 50 a question."""
    rng = random.Random(seed)
    stream = ["".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(words)]
    return [" ".join(stream[i : i + WORDS_PER_QUESTION]) for i in range(0, words, WORDS_PER_QUESTION)]


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _router(folder: Path) -> Router:
    embedder = FakeEmbedder(384)
    index_dir = folder / "index"
    build(
        IndexSettings(_env_file=None, index_dir=index_dir, embedding_model=embedder.model_id),
        embedder=embedder,
        out=io.StringIO(),
        tty=False,
    )
    settings = BotSettings(_env_file=None, index_dir=index_dir, telegram_bot_token=None)
    answerer = answerer_for(PublishedIndex.open(index_dir), embedder, settings)
    return Router(answerer, open_knowledge(settings), max_question_chars=settings.max_question_chars)


def memory_under_random_words(words: int = 100_000) -> list[Row]:
    """Python memory retained after answering `words` distinct random words, against a warmed-up start."""
    with tempfile.TemporaryDirectory() as folder:
        return _measure(_router(Path(folder)), words)


def _measure(router: Router, words: int) -> list[Row]:
    warm_up = random_questions(400 * WORDS_PER_QUESTION, seed=3)
    for start in range(0, len(warm_up), BATCH):  # caches of the fixed vocabulary fill here
        router.replies(warm_up[start : start + BATCH])
    gc.collect()
    tracemalloc.start()
    before, rss_before = tracemalloc.get_traced_memory()[0], _rss_mb()
    asked = random_questions(words)
    for start in range(0, len(asked), BATCH):
        router.replies(asked[start : start + BATCH])
    del asked
    gc.collect()
    grown = (tracemalloc.get_traced_memory()[0] - before) / 2**20
    tracemalloc.stop()
    rss_grown = _rss_mb() - rss_before
    return [
        Row(
            "6 memory",
            f"retained Python memory after {words:,} distinct random words in questions (fake embedder)",
            f"+{grown:.2f} MB (process RSS +{rss_grown:.0f} MB)",
            f"< {BOUND_MB:.0f} MB",
            grown < BOUND_MB,
            {"words": words, "retained_mb": grown, "rss_mb": rss_grown},
        )
    ]
