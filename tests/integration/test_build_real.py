"""The real knowledge built with the real model: it publishes, opens, answers, and rebuilds for free."""

from __future__ import annotations

import io

import pytest

from index_builder.build import build
from index_builder.evaluate import evaluate, load_questions
from index_builder.settings import IndexSettings
from knowledge import KNOWLEDGE_DIR
from knowledge.embedding import DEFAULT_MODEL, Embedder
from knowledge.index_store import PublishedIndex
from knowledge.search import Searcher
from tests.shared_folder import DEV_QUESTIONS

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> IndexSettings:
    folder = tmp_path_factory.mktemp("real-index")
    return IndexSettings(
        index_dir=folder / "index", knowledge_dir=KNOWLEDGE_DIR, embedding_model=DEFAULT_MODEL
    )


@pytest.fixture(scope="module")
def published(settings: IndexSettings, real_embedder: Embedder) -> PublishedIndex:
    build(settings, embedder=real_embedder, out=io.StringIO(), tty=False)
    return PublishedIndex.open(
        settings.index_dir, expected_model_id=DEFAULT_MODEL, expected_dimension=real_embedder.dimension
    )


def test_the_real_index_opens_with_its_manifest(published: PublishedIndex) -> None:
    manifest = published.manifest
    assert manifest.model_id == DEFAULT_MODEL
    assert manifest.dimension == 384
    assert manifest.index_type == "flat-ip"
    assert manifest.counts["documents"] >= 9
    assert manifest.counts["chunks"] == len(published.chunks) >= 10
    assert all(len(c.text.split()) <= 2 * 80 for c in published.chunks)


def test_the_real_index_finds_the_launch_date(published: PublishedIndex, real_embedder: Embedder) -> None:
    best = Searcher(published, real_embedder).search("When will EP PerMed be launched?", k=3)
    assert any("launched by the end of 2023" in p.text for p in best)


def test_an_unchanged_rebuild_embeds_nothing(
    published: PublishedIndex, settings: IndexSettings, real_embedder: Embedder
) -> None:
    calls = real_embedder.calls  # type: ignore[attr-defined]
    out = io.StringIO()
    result = build(settings, embedder=real_embedder, force=True, out=out, tty=False)
    assert real_embedder.calls == calls  # type: ignore[attr-defined]
    assert result.changes.reused == len(published.chunks)
    assert f"0 embedded, {len(published.chunks)} reused" in out.getvalue()


@pytest.mark.skipif(
    not DEV_QUESTIONS.is_file(),
    reason=f"the shared dev questions are not beside the repository: {DEV_QUESTIONS}",
)
def test_the_dev_questions_pass_the_default_gate_bars(
    published: PublishedIndex, real_embedder: Embedder
) -> None:
    report = evaluate(published, real_embedder, load_questions(DEV_QUESTIONS))
    defaults = IndexSettings.model_fields  # the built-in bars, whatever the environment says
    assert report.overall.hit_at[1] >= defaults["gate_min_hit_at_1"].default
    assert report.overall.hit_at[3] >= defaults["gate_min_hit_at_3"].default
    assert report.suggestion.threshold is not None
