"""Building: incremental embedding, change reports, atomic publishing, and a failed or killed build."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index_builder.build import BuildResult, build, chunk_knowledge
from index_builder.evaluate import Question
from index_builder.exceptions import BuildFailed, GateFailed
from index_builder.publish import Layout, build_lock
from index_builder.settings import IndexSettings
from knowledge import KNOWLEDGE_DIR
from knowledge.chunking import CHUNKING_VERSION, ChunkingParams
from knowledge.embedding import Vectors
from knowledge.embedding_fake import FakeEmbedder
from knowledge.exceptions import EmbedderError, IndexError_, KnowledgeInvalid
from knowledge.health_nearness import example_texts
from knowledge.index_store import HNSW, PublishedIndex
from knowledge.loader import ASKED, HEALTH_EXAMPLES, PHRASINGS, load_knowledge

NEW_DOC = """---
id: extra-notes
title: "Extra notes"
url: https://example.eu/notes
as_of: "2024"
---

# Extra notes

The first extra paragraph talks about a workshop in Lisbon. It has two sentences.

The second extra paragraph is about national hubs and their funding agencies.
"""


def copy_knowledge(target: Path) -> Path:
    shutil.copytree(KNOWLEDGE_DIR / "sources", target / "sources")
    for name in ("timeline.yaml", "infosheets.yaml"):
        shutil.copy(KNOWLEDGE_DIR / name, target / name)
    return target


@pytest.fixture
def settings(tmp_path: Path) -> IndexSettings:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    return IndexSettings(
        index_dir=tmp_path / "var" / "index", knowledge_dir=knowledge, embedding_model="fake-64"
    )


def snapshot(index_dir: Path) -> dict[str, str]:
    """sha256 of every file of the serving index, by relative path."""
    real = index_dir.resolve()
    return {
        str(p.relative_to(real)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(real.rglob("*"))
        if p.is_file()
    }


def run(
    settings: IndexSettings,
    embedder: FakeEmbedder | None = None,
    *,
    force: bool = False,
    gate: Sequence[Question] | None = None,
    tty: bool = False,
) -> tuple[BuildResult, str]:
    out = io.StringIO()
    result = build(settings, embedder=embedder or FakeEmbedder(64), out=out, tty=tty, force=force, gate=gate)
    return result, out.getvalue()


def test_first_build_publishes_a_complete_index(settings: IndexSettings) -> None:
    embedder = FakeEmbedder(64)
    result, output = run(settings, embedder)
    index = PublishedIndex.open(settings.index_dir, expected_model_id="fake-64")
    assert settings.index_dir.is_symlink()
    assert index.manifest.counts == {"chunks": len(index.chunks), "documents": 9, "phrasings": 0}
    assert index.manifest.chunking == {"max_words": 140, "version": CHUNKING_VERSION}
    assert index.manifest.index_type == "flat-ip"
    assert embedder.calls == len(index.chunks)
    assert index.phrasings() is None
    assert f"embeddings: {len(index.chunks)} embedded, 0 reused" in output
    assert "documents: 9 added, 0 changed, 0 removed" in output
    assert result.published


def test_curated_questions_are_published_and_a_change_to_them_rebuilds(settings: IndexSettings) -> None:
    shutil.copy(KNOWLEDGE_DIR / PHRASINGS, settings.knowledge_dir / PHRASINGS)
    curated = sum(len(p.questions) for p in load_knowledge(settings.knowledge_dir).phrasings)
    embedder = FakeEmbedder(64)
    _, output = run(settings, embedder)
    index = PublishedIndex.open(settings.index_dir)
    assert index.manifest.counts["phrasings"] == curated > 100
    assert embedder.calls == len(index.chunks) + curated  # the passages, then the curated questions
    matcher = index.phrasings()
    assert matcher is not None
    assert {index.chunks[row.chunk].doc_id for row in matcher.rows} == {
        d.id for d in load_knowledge(settings.knowledge_dir).documents
    }
    assert f"{curated} curated questions" in output

    path = settings.knowledge_dir / PHRASINGS
    path.write_text(
        path.read_text() + "\n- document: overview\n  answer: eppermed@dlr.de\n  questions:\n    - Mail?\n"
    )
    again = FakeEmbedder(64)
    _, output = run(settings, again)
    assert "is up to date" not in output
    assert again.calls == 1  # only the new question: the passages and the other questions are reused
    assert "curated questions: 1 embedded" in output
    assert PublishedIndex.open(settings.index_dir).manifest.counts["phrasings"] == curated + 1


def test_the_medical_guard_examples_go_into_the_index_with_the_multilingual_model(
    settings: IndexSettings,
) -> None:
    """The bot then starts without embedding them (seconds); a changed example rebuilds, embedding it alone."""
    shutil.copy(KNOWLEDGE_DIR / HEALTH_EXAMPLES, settings.knowledge_dir / HEALTH_EXAMPLES)
    texts = example_texts(load_knowledge(settings.knowledge_dir).health_examples)
    out = io.StringIO()
    build(settings, embedder=FakeEmbedder(64), multilingual=FakeEmbedder(32), out=out, tty=False)
    index = PublishedIndex.open(settings.index_dir)
    assert index.manifest.counts["examples"] == len(texts) > 300
    vectors = index.example_vectors()
    assert list(vectors) == texts
    np.testing.assert_allclose(vectors[texts[0]], FakeEmbedder(32).embed_queries([texts[0]])[0])
    assert f"medical guard examples: {len(texts)} embedded, 0 reused" in out.getvalue()

    path = settings.knowledge_dir / HEALTH_EXAMPLES
    path.write_text(
        path.read_text(encoding="utf-8").replace(texts[0], texts[0] + " Still?"), encoding="utf-8"
    )
    again, out = FakeEmbedder(32), io.StringIO()
    build(settings, embedder=FakeEmbedder(64), multilingual=again, out=out, tty=False)
    assert "is up to date" not in out.getvalue()
    assert again.calls == 1  # the changed example only: passages and the other examples are reused
    assert texts[0] + " Still?" in PublishedIndex.open(settings.index_dir).example_vectors()


def test_the_asked_questions_go_into_the_index_and_a_change_embeds_only_it(settings: IndexSettings) -> None:
    """The bot then starts with the vote ready (knowledge/neighbours.py); a bad file keeps the serving index."""
    shutil.copy(KNOWLEDGE_DIR / ASKED, settings.knowledge_dir / ASKED)
    asked = load_knowledge(settings.knowledge_dir).asked
    count = sum(len(group.questions) for group in asked)
    embedder = FakeEmbedder(64)
    _, output = run(settings, embedder)
    index = PublishedIndex.open(settings.index_dir)
    assert index.manifest.counts["asked"] == count > 1000
    assert embedder.calls == len(index.chunks) + count
    assert f"asked questions: {count} embedded, 0 reused" in output
    assert index.neighbours() is not None

    path = settings.knowledge_dir / ASKED
    path.write_text(path.read_text(encoding="utf-8") + "  - Is there a podcast about it?\n", encoding="utf-8")
    again = FakeEmbedder(64)
    _, output = run(settings, again)
    assert "is up to date" not in output
    assert again.calls == 1  # the new question only
    assert "Is there a podcast about it?" in PublishedIndex.open(settings.index_dir).asked_vectors()

    before = snapshot(settings.index_dir)
    path.write_text(path.read_text(encoding="utf-8") + "- label: maybe\n  questions:\n  - Hm, what?\n")
    with pytest.raises(KnowledgeInvalid, match=r"asked\.yaml"):
        run(settings)
    assert snapshot(settings.index_dir) == before


def test_without_the_multilingual_model_the_index_holds_no_examples(settings: IndexSettings) -> None:
    shutil.copy(KNOWLEDGE_DIR / HEALTH_EXAMPLES, settings.knowledge_dir / HEALTH_EXAMPLES)
    run(settings)
    index = PublishedIndex.open(settings.index_dir)
    assert "examples" not in index.manifest.counts
    assert index.example_vectors() == {}


def test_a_curated_answer_outside_any_passage_text_fails_the_build_and_keeps_the_index(
    settings: IndexSettings,
) -> None:
    run(settings)
    before = snapshot(settings.index_dir)
    (settings.knowledge_dir / PHRASINGS).write_text(
        "- document: guidance-and-infosheets\n"
        "  answer: Aim of the documents\n"  # a heading of the page: never quoted
        "  questions:\n    - What is the section about?\n"
    )
    with pytest.raises(KnowledgeInvalid, match="not inside the text of one passage"):
        run(settings, FakeEmbedder(64), force=True)
    assert snapshot(settings.index_dir) == before


def test_unchanged_knowledge_embeds_nothing(settings: IndexSettings) -> None:
    run(settings)
    chunks = len(PublishedIndex.open(settings.index_dir).chunks)
    again = FakeEmbedder(64)
    result, output = run(settings, again)
    assert again.calls == 0
    assert not result.published
    assert "is up to date" in output
    forced = FakeEmbedder(64)
    result, output = run(settings, forced, force=True)
    assert forced.calls == 0
    assert result.published
    assert f"embeddings: 0 embedded, {chunks} reused" in output
    assert "chunks: 0 added, 0 changed, 0 removed" in output


def test_a_changed_document_re_embeds_only_its_changed_chunks(settings: IndexSettings) -> None:
    run(settings)
    before = {c.chunk_id: c for c in PublishedIndex.open(settings.index_dir).chunks}
    path = settings.knowledge_dir / "sources" / "overview.md"
    path.write_text(path.read_text().replace("please contact", "please write to"))
    (settings.knowledge_dir / "sources" / "extra-notes.md").write_text(NEW_DOC)
    (settings.knowledge_dir / "sources" / "alignment-aim.md").unlink()
    embedder = FakeEmbedder(64)
    _, output = run(settings, embedder)
    after = {c.chunk_id: c for c in PublishedIndex.open(settings.index_dir).chunks}
    changed = [i for i in after.keys() & before.keys() if after[i] != before[i]]
    added = after.keys() - before.keys()
    assert changed == ["overview#1"]
    assert added == {"extra-notes#0"}
    assert embedder.calls == len(changed) + len(added)
    assert "documents: 1 added, 1 changed, 1 removed" in output
    assert "chunks: 1 added, 1 changed, 1 removed" in output
    assert f"embeddings: 2 embedded, {len(after) - 2} reused" in output


def test_another_model_re_embeds_everything(settings: IndexSettings) -> None:
    run(settings)
    other = FakeEmbedder(48)
    run(settings, other)
    index = PublishedIndex.open(settings.index_dir)
    assert other.calls == len(index.chunks)
    assert index.manifest.model_id == "fake-48"


def test_publishing_keeps_the_previous_index(settings: IndexSettings) -> None:
    run(settings)
    first = settings.index_dir.resolve()
    run(settings, force=True)
    layout = Layout(settings.index_dir)
    assert settings.index_dir.resolve() != first
    assert layout.previous.resolve() == first
    run(settings, force=True)
    builds = [p for p in layout.builds.iterdir() if p.is_dir()]
    assert len(builds) == 2  # the serving one and the previous one; older ones are removed


def test_a_plain_folder_at_index_dir_is_replaced(settings: IndexSettings) -> None:
    run(settings)
    real = settings.index_dir.resolve()
    settings.index_dir.unlink()
    shutil.copytree(real, settings.index_dir)  # an index copied in by hand, not a symlink
    run(settings, force=True)
    assert settings.index_dir.is_symlink()
    PublishedIndex.open(settings.index_dir)


def test_readers_always_see_a_complete_index_while_publishing(settings: IndexSettings) -> None:
    run(settings)
    errors: list[Exception] = []
    opened = 0
    stop = threading.Event()

    def reader() -> None:
        nonlocal opened
        while not stop.is_set():
            try:
                PublishedIndex.open(settings.index_dir)
                opened += 1
            except IndexError_ as exc:
                errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(8):
            run(settings, force=True)
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert opened > 0


class FailingEmbedder(FakeEmbedder):
    def __init__(self, fail_after: int) -> None:
        super().__init__(64)
        self.fail_after = fail_after

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        if self.calls + len(texts) > self.fail_after:
            raise EmbedderError("model exploded")
        return super().embed_passages(texts)


def test_a_failed_build_leaves_the_serving_index_as_it_was(settings: IndexSettings) -> None:
    run(settings)
    before = snapshot(settings.index_dir)
    (settings.knowledge_dir / "sources" / "extra-notes.md").write_text(NEW_DOC)
    settings = settings.model_copy(update={"embed_batch_size": 1})
    with pytest.raises(EmbedderError, match="exploded"):
        run(settings, FailingEmbedder(fail_after=0))
    assert snapshot(settings.index_dir) == before
    assert not list(Layout(settings.index_dir).builds.glob("tmp-*"))


class WrongShapeEmbedder(FakeEmbedder):
    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return super().embed_passages([*texts, "one too many"])


def test_a_model_returning_the_wrong_shape_is_refused(settings: IndexSettings) -> None:
    n = len(chunk_knowledge(load_knowledge(settings.knowledge_dir), ChunkingParams(settings.chunk_max_words)))
    with pytest.raises(BuildFailed, match=rf"returned vectors of shape \({n + 1}, 64\) for {n} passages"):
        run(settings, WrongShapeEmbedder(64))
    assert not settings.index_dir.exists()


def test_invalid_knowledge_is_refused_before_anything_is_built(settings: IndexSettings) -> None:
    (settings.knowledge_dir / "sources" / "broken.md").write_text("no front matter\n")
    with pytest.raises(KnowledgeInvalid):
        run(settings)
    assert not settings.index_dir.exists()


def test_one_build_at_a_time(settings: IndexSettings) -> None:
    with build_lock(Layout(settings.index_dir)), pytest.raises(BuildFailed, match="another build"):
        run(settings)


def test_above_the_threshold_the_index_is_approximate(settings: IndexSettings) -> None:
    run(settings.model_copy(update={"approximate_index_threshold": 5}))
    assert PublishedIndex.open(settings.index_dir).manifest.index_type == HNSW


QUESTIONS = [
    Question(id="a", lang="en", kind="in", q="Where was the ICPerMed workshop?", gold=("pamplona",)),
    Question(id="b", lang="en", kind="in", q="What is the contact email?", gold=("eppermed@dlr.de",)),
    Question(id="c", lang="en", kind="oos", q="How tall is the Eiffel Tower?"),
]


def test_the_gate_refuses_to_publish_below_a_bar(settings: IndexSettings) -> None:
    run(settings)
    before = snapshot(settings.index_dir)
    strict = settings.model_copy(update={"gate_min_hit_at_1": 1.0, "gate_min_oos_declined": 1.0})
    (settings.knowledge_dir / "sources" / "timeline.md").unlink()  # the Pamplona answer is gone
    with pytest.raises(GateFailed, match=r"hit@1 0\.50 < GATE_MIN_HIT_AT_1 1\.00"):
        run(strict, gate=QUESTIONS)
    assert snapshot(settings.index_dir) == before
    assert not list(Layout(settings.index_dir).builds.glob("tmp-*"))


def test_a_passing_gate_stores_the_calibrated_threshold(settings: IndexSettings) -> None:
    lenient = settings.model_copy(
        update={
            "gate_min_hit_at_1": 0.5,
            "gate_min_hit_at_3": 0.5,
            "gate_min_reply_hit": 0.5,
            "gate_min_oos_declined": 0,
        }
    )
    result, output = run(lenient, gate=QUESTIONS)
    calibration = PublishedIndex.open(settings.index_dir).manifest.calibration
    assert "min_confidence" in calibration
    assert calibration == result.calibration
    assert "gate passed" in output


SLOW_BUILD = """
import sys, time
import index_builder.build as build
from knowledge.embedding_fake import FakeEmbedder

class Slow(FakeEmbedder):
    def embed_passages(self, texts, *, progress=False):
        time.sleep(0.4)
        return super().embed_passages(texts)

build.load_embedder = lambda name: Slow(64)
from index_builder.cli import main
sys.exit(main(["build"]))
"""


def test_a_killed_build_leaves_the_serving_index_and_is_cleaned_up(
    settings: IndexSettings, tmp_path: Path
) -> None:
    run(settings)
    before = snapshot(settings.index_dir)
    sources = settings.knowledge_dir / "sources"
    for n in range(4):
        (sources / f"extra-{n}.md").write_text(NEW_DOC.replace("extra-notes", f"extra-{n}"))
    workdir = tmp_path / "run"  # not tmp_path: its knowledge/ copy would shadow the package
    workdir.mkdir()
    script = workdir / "slow_build.py"
    script.write_text(SLOW_BUILD)
    env = {
        **os.environ,
        "INDEX_DIR": str(settings.index_dir),
        "KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "EMBEDDING_MODEL": "fake-64",
        "MULTILINGUAL_MODEL": "",
        "EMBED_BATCH_SIZE": "1",
    }
    process = subprocess.Popen(
        [sys.executable, str(script)], cwd=workdir, env=env, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if line.startswith("embedding "):
                break
        else:
            pytest.fail("the build ended before embedding")
        time.sleep(0.5)  # mid-embedding: 4+ chunks at 0.4 s each
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert snapshot(settings.index_dir) == before
    assert PublishedIndex.open(settings.index_dir).manifest.counts["documents"] == 9
    stale = list(Layout(settings.index_dir).builds.glob("tmp-*"))
    assert stale, "the killed build should have left its temporary folder"
    _, output = run(settings)
    assert f"removed unfinished build {stale[0].name}" in output
    assert not list(Layout(settings.index_dir).builds.glob("tmp-*"))
    assert PublishedIndex.open(settings.index_dir).manifest.counts["documents"] == 13


def test_a_rebuild_keeps_the_calibration_of_the_same_model(settings: IndexSettings) -> None:
    lenient = settings.model_copy(update={"gate_min_oos_declined": 0, "gate_min_reply_hit": 0.5})
    run(lenient, gate=QUESTIONS)
    calibration = PublishedIndex.open(settings.index_dir).manifest.calibration
    _, output = run(settings, force=True)
    assert PublishedIndex.open(settings.index_dir).manifest.calibration == calibration
    assert "calibration kept" in output
    run(settings, FakeEmbedder(32))
    assert PublishedIndex.open(settings.index_dir).manifest.calibration == {}


def test_on_a_terminal_a_progress_bar_replaces_the_progress_lines(
    settings: IndexSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    _, plain = run(settings.model_copy(update={"embed_batch_size": 2}))
    n = len(PublishedIndex.open(settings.index_dir).chunks)
    assert f"embedded {n}/{n}" in plain
    shutil.rmtree(settings.index_dir.parent)
    _, output = run(settings.model_copy(update={"embed_batch_size": 2}), tty=True)
    assert "embedded " not in output
    assert "chunk/s" in capsys.readouterr().err  # tqdm drew its bar on stderr


def test_an_unusable_index_location_is_one_clear_error(settings: IndexSettings) -> None:
    settings.index_dir.parent.parent.mkdir(parents=True, exist_ok=True)
    settings.index_dir.parent.write_text("a file where the index folder's parent should be")
    with pytest.raises(BuildFailed, match=r"cannot create .*index\.builds .*check INDEX_DIR"):
        run(settings)


def test_no_reuse_embeds_every_chunk_again(settings: IndexSettings) -> None:
    run(settings)
    chunks = len(PublishedIndex.open(settings.index_dir).chunks)
    fresh = FakeEmbedder(64)
    out = io.StringIO()
    result = build(settings, embedder=fresh, out=out, tty=False, reuse=False)  # no --force needed
    assert result.published
    assert fresh.calls == chunks
    assert f"embeddings: {chunks} embedded, 0 reused" in out.getvalue()
