"""The whole path with the real models as the bot ships (MiniLM, the multilingual E5 for other languages, BM25):
Telegram update in, answer out, in English and German."""

from __future__ import annotations

from pathlib import Path

import pytest

from index_builder.settings import IndexSettings
from knowledge.embedding import Embedder, load_embedder
from knowledge.exceptions import EmbedderError
from tests.e2e.bot_harness import bot_settings, publish_index, running_bot
from tests.e2e.emulator import BotApiEmulator

MULTILINGUAL = IndexSettings.model_fields["multilingual_model"].default  # the model a build adds by default
# The build embeds the medical guard's 5,500 examples with the multilingual model (about a minute alone, more on
# a busy machine): what `eppermed-index build` does for the shipped bot.
pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.timeout(420)]


async def test_answers_and_declines_with_the_real_model(
    emulator: BotApiEmulator,
    tmp_path: Path,
    real_embedder: Embedder,
) -> None:
    index = tmp_path / "index"
    try:
        multilingual = load_embedder(MULTILINGUAL)
    except EmbedderError as exc:
        pytest.skip(f"the multilingual model is not installed (extra `multilingual`): {exc}")
    publish_index(index, embedder=real_embedder, multilingual=multilingual)
    async with running_bot(bot_settings(emulator, tmp_path, index), embedder=real_embedder) as running:
        emulator.push_message(801, text="When was the workshop in Pamplona?")
        emulator.push_message(802, text="Wann fand der Workshop in Pamplona statt?", language_code="de")
        emulator.push_message(803, text="What will the weather be like in Madrid tomorrow?")
        await emulator.wait_until(lambda: all(emulator.sent_messages(c) for c in (801, 802, 803)), timeout=60)
        assert "Pamplona" in emulator.sent_messages(801)[0]["text"]
        assert "Pamplona" in emulator.sent_messages(802)[0]["text"]
        declined = emulator.sent_messages(803)[0]["text"]
        assert "eppermed@dlr.de" in declined
        assert "Pamplona" not in declined
        stats = running.runtime.store.stats()
        assert (stats.questions, stats.declined) == (3, 1)
