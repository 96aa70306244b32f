"""The benchmark code paths on tiny sizes with the fake embedder: figures come out, nothing is lost.

No timing is asserted; these tests only show that each section of `make bench` runs and measures what it says.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.settings import BotSettings
from bot.voice import voice_installed
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import FLAT, HNSW
from tests.conftest import VOICE_MISSING
from tests.e2e.bot_harness import publish_index

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
# scripts/ is not a package: imported by name, so mypy (which does not look there) needs no stubs.
bench_common = importlib.import_module("bench_common")
bench_scale = importlib.import_module("bench_scale")
bench_answer = importlib.import_module("bench_answer")
bench_e2e = importlib.import_module("bench_e2e")
bench_context = importlib.import_module("bench_context")


bench_memory = importlib.import_module("bench_memory")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The EP PerMed knowledge published with the fake embedder (a fraction of a second)."""
    folder = tmp_path_factory.mktemp("bench") / "index"
    publish_index(folder)
    return folder


def test_percentile_picks_ranks_not_averages() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench_common.percentile(values, 0.5) in (50.0, 51.0)
    assert bench_common.percentile(values, 0.95) == 95.0
    assert bench_common.percentile([3.0, 1.0, 2.0], 1.0) == 3.0


def test_rows_say_met_missed_or_nothing() -> None:
    assert bench_common.Row("s", "w", "1 ms", "< 2 ms", True).markdown().endswith("| met |")
    assert bench_common.Row("s", "w", "3 ms", "< 2 ms", False).markdown().endswith("| missed |")
    assert bench_common.Row("s", "w", "3 ms").markdown() == "| s | w | 3 ms |  |  |"


def test_questions_come_from_a_question_file() -> None:
    asked = bench_common.questions()
    assert len(asked) >= 10
    assert all(isinstance(q, str) and q.strip() for q in asked)


def test_corpus_is_deterministic_and_unit_length() -> None:
    chunks, vectors = bench_scale.corpus(120, dimension=16)
    again_chunks, again = bench_scale.corpus(120, dimension=16)
    assert len(chunks) == len(vectors) == 120
    assert np.array_equal(vectors, again)
    assert [c.text for c in chunks] == [c.text for c in again_chunks]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert len({c.chunk_id for c in chunks}) == 120


def test_scale_row_reports_exact_recall_for_a_flat_index() -> None:
    rows = bench_scale.scale(rate=100.0, sizes=(300,), queries=5)
    assert len(rows) == 1
    (row,) = rows
    assert row.raw["type"] == FLAT
    assert row.raw["recall"] == pytest.approx(1.0)
    assert row.raw["search_p50"] > 0
    assert row.raw["embedding_extrapolated"] == pytest.approx(3.0)  # 300 passages at 100 a second
    assert "extrapolated" in row.figure
    assert row.met is None  # the < 20 ms target is judged at 100,000 passages only


def test_embedding_rate_counts_passages_per_second() -> None:
    assert bench_scale.embedding_rate(FakeEmbedder(32), 50) > 0


def test_answer_latency_compares_the_answer_path_with_its_floor(index_dir: Path) -> None:
    settings = BotSettings(_env_file=None, index_dir=index_dir, telegram_bot_token=None)
    rows = bench_answer.answer_latency(settings, rounds=1)
    assert [r.section for r in rows] == ["1 answer path"] * 3
    ratio = rows[-1]
    assert ratio.raw["ratio"] > 0
    assert ratio.met is (ratio.raw["ratio"] <= 1.3)


def test_micro_batching_shows_both_ways(index_dir: Path) -> None:
    settings = BotSettings(_env_file=None, index_dir=index_dir, telegram_bot_token=None)
    rows = bench_answer.micro_batching(settings, size=4, rounds=1)
    assert len(rows) == 2
    assert all(" vs " in r.figure for r in rows)


@pytest.mark.parametrize("limits", [False, True])
def test_burst_through_the_real_application_loses_nothing(index_dir: Path, limits: bool) -> None:
    result = asyncio.run(bench_e2e.burst(index_dir, FakeEmbedder(256), count=12, users=6, limits=limits))
    assert result["delivered"] == 12
    assert result["lost"] == 0
    assert result["duplicates"] == 0
    assert 0 < result["p50"] <= result["p95"]
    assert result["per_second"] > 0


def test_scale_compares_flat_with_hnsw_and_finds_the_break_even() -> None:
    rows = bench_scale.scale(rate=100.0, sizes=(400,), queries=5, approximate_from=400)
    types = [r.raw.get("type") for r in rows]
    assert types == [FLAT, HNSW, None, None]
    # 400 vectors with efSearch 128: HNSW visits nearly all of them, so recall is near exact; a recall
    # computed against the wrong ids (or vectors) would be near 0.
    assert rows[0].raw["recall"] == pytest.approx(1.0)
    assert rows[1].raw["recall"] >= 0.9
    assert rows[2].raw["breakeven"] > 0
    assert "break-even" in rows[2].figure
    assert rows[3].raw["hard_case_recall"] >= 0.9  # even without topics, at 400 vectors


def test_generated_passages_are_sixty_words_and_repeatable() -> None:
    texts = bench_scale.passages(5)
    assert texts == bench_scale.passages(5)
    assert all(len(t.split()) == 60 for t in texts)


def test_cold_start_reads_each_child_own_peak_memory(index_dir: Path) -> None:
    rows = bench_answer.cold_start(index_dir, runs=1)
    assert [r.section for r in rows] == ["3 cold start"] * 2
    assert rows[0].raw["seconds"][0] > 0
    (peak,) = rows[1].raw["mb"]
    assert 10 < peak < 4000  # a Python process with numpy and faiss, in MB (not KB, not bytes)


def test_context_memory_fills_the_store_and_states_its_bounds() -> None:
    rows = bench_context.context_memory(200)
    assert [r.section for r in rows] == ["8 context"] * 3
    typical, worst, lookup = rows
    assert typical.raw["conversations"] == worst.raw["conversations"] == 200
    assert 0 < typical.raw["per_chat"] < worst.raw["per_chat"]  # longer, wider characters take more
    assert "≤" in typical.target
    assert "≤" in worst.target
    assert lookup.raw["seconds"] > 0


def test_memory_under_random_words_is_measured_and_judged() -> None:
    (row,) = bench_memory.memory_under_random_words(words=3_000)
    assert row.section == "6 memory"
    assert row.raw["words"] == 3_000
    assert row.raw["retained_mb"] < 1.0  # the bound is 5 MB for 100,000 words; 3,000 keep next to nothing
    assert row.met is True


def test_random_questions_hold_distinct_words_fifty_a_question() -> None:
    asked = bench_memory.random_questions(1_000)
    words = [w for q in asked for w in q.split()]
    assert len(asked) == 20
    assert len(set(words)) == len(words) == 1_000


@pytest.mark.skipif(not voice_installed(), reason=VOICE_MISSING)
def test_voice_bench_reports_compute_per_audio_second_and_the_memory_whisper_adds() -> None:
    bench_voice = importlib.import_module("bench_voice")
    [rate] = bench_voice.transcription_rate(threads=(1,), rounds=1, limit=1)
    assert rate.section == "9 voice"
    assert rate.raw["wall_per_audio_s"][0] > 0
    assert "s/s" in rate.figure
    [memory] = bench_voice.voice_memory(with_embedder=False)
    assert memory.raw["whisper_at_start"] is False  # starting the bot does not import the engine
    assert memory.raw["loaded"] > memory.raw["before"]  # loading the model is visible in VmRSS (MB)
    assert memory.met is True
