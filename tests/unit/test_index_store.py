"""Opening a published index checks everything, and each failure says what is wrong and how to fix it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from knowledge.embedding_fake import FakeEmbedder
from knowledge.exceptions import IndexCorrupted, IndexIncompatible, IndexNotFound
from knowledge.index_store import (
    FLAT,
    HNSW,
    MANIFEST,
    PublishedIndex,
    read_embedding_cache,
    search_text,
    sha256_file,
    write_index,
)
from knowledge.models import Chunk

TEXTS = [
    "The partnership is supposed to be launched by the end of 2023.",
    "Improve health outcomes within sustainable healthcare systems.",
    "ICPerMed Workshop in support of EP PerMed, Pamplona, Spain.",
    "For questions please contact eppermed@dlr.de.",
]


def make_chunks() -> list[Chunk]:
    return [
        Chunk(
            chunk_id=f"doc#{i}",
            doc_id="doc",
            title="Doc",
            url="https://example.eu",
            as_of="2023",
            heading=f"Heading {i}",
            text=text,
            ordinal=i,
            content_hash=f"hash{i}",
        )
        for i, text in enumerate(TEXTS)
    ]


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder(32)


def _written(path: Path, embedder: FakeEmbedder, **extra: Any) -> Path:
    """An index of the test chunks written into `path`, with `extra` artefacts (write_index's keywords)."""
    chunks = make_chunks()
    write_index(
        path,
        chunks,
        embedder.embed_passages([search_text(c) for c in chunks]),
        model_id=embedder.model_id,
        index_type=FLAT,
        chunking={"max_words": 80},
        knowledge_hash="k",
        **extra,
    )
    return path


@pytest.fixture
def folder(tmp_path: Path, embedder: FakeEmbedder) -> Path:
    return _written(tmp_path / "index", embedder)


def test_open_round_trip(folder: Path, embedder: FakeEmbedder) -> None:
    index = PublishedIndex.open(folder, expected_model_id="fake-32", expected_dimension=32)
    assert index.path == folder.resolve()
    assert index.chunks == make_chunks()
    assert index.manifest.counts["chunks"] == 4
    assert set(index.manifest.files) >= {"chunks.jsonl", "embeddings.npy", "dense.faiss"}
    assert any(name.startswith("lexical/") for name in index.manifest.files)
    scores, ids = index.dense_search(embedder.embed_queries(["healthcare systems outcomes"]), 2)
    assert ids.shape == (1, 2)
    assert ids[0, 0] == 1
    assert scores[0, 0] >= scores[0, 1]
    assert int(np.argmax(index.lexical.scores("Pamplona"))) == 2


def test_open_through_a_symlink(folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "serving"
    link.symlink_to(folder)
    assert PublishedIndex.open(link).path == folder.resolve()


def test_headings_are_searchable_lexically(folder: Path) -> None:
    index = PublishedIndex.open(folder)
    assert int(np.argmax(index.lexical.scores("heading 3"))) == 3


def test_dense_search_caps_k_at_the_number_of_chunks(folder: Path, embedder: FakeEmbedder) -> None:
    index = PublishedIndex.open(folder)
    scores, ids = index.dense_search(embedder.embed_queries(["a", "b"]), 50)
    assert scores.shape == (2, 4)
    assert ids.shape == (2, 4)
    assert sorted(ids[0].tolist()) == [0, 1, 2, 3]


@pytest.mark.parametrize("name", ["missing", "empty"])
def test_no_index_is_not_found(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name == "empty":
        path.mkdir()
    with pytest.raises(IndexNotFound, match=r"no index at .*; run `eppermed-index build`"):
        PublishedIndex.open(path)


@pytest.mark.parametrize(
    "victim", ["chunks.jsonl", "dense.faiss", "embeddings.npy", "lexical/vocab.index.json"]
)
def test_a_missing_file_is_corruption_naming_it(folder: Path, victim: str) -> None:
    (folder / victim).unlink()
    with pytest.raises(IndexCorrupted, match=rf"{victim}.*missing.*rebuild"):
        PublishedIndex.open(folder)


def test_a_missing_manifest_is_corruption(folder: Path) -> None:
    (folder / MANIFEST).unlink()
    with pytest.raises(IndexCorrupted, match=r"manifest.json is missing"):
        PublishedIndex.open(folder)


def test_a_changed_byte_fails_the_sha_check(folder: Path) -> None:
    path = folder / "chunks.jsonl"
    path.write_text(path.read_text().replace("Pamplona", "Pamplonb"))
    with pytest.raises(IndexCorrupted, match=r"chunks.jsonl does not match its sha256"):
        PublishedIndex.open(folder)


def test_an_unreadable_faiss_file_is_corruption(folder: Path) -> None:
    (folder / "dense.faiss").write_bytes(b"not a faiss index")
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["files"]["dense.faiss"] = sha256_file(folder / "dense.faiss")
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupted, match=r"dense.faiss is not a readable FAISS index"):
        PublishedIndex.open(folder)


def test_a_garbled_manifest_is_corruption(folder: Path) -> None:
    (folder / MANIFEST).write_text("{not json")
    with pytest.raises(IndexCorrupted, match="cannot be read"):
        PublishedIndex.open(folder)


def test_a_manifest_that_is_not_an_object_is_corruption(folder: Path) -> None:
    (folder / MANIFEST).write_text("[1, 2]")
    with pytest.raises(IndexCorrupted, match="not a JSON object"):
        PublishedIndex.open(folder)


def test_another_format_version_is_incompatible(folder: Path) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["format_version"] = 99
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexIncompatible, match=r"format version 99.*reads version 1.*eppermed-index build"):
        PublishedIndex.open(folder)


def test_another_model_is_incompatible_and_names_both(folder: Path) -> None:
    with pytest.raises(IndexIncompatible, match=r"'fake-32', expected 'other-model'.*EMBEDDING_MODEL"):
        PublishedIndex.open(folder, expected_model_id="other-model")


def test_another_dimension_is_incompatible(folder: Path, embedder: FakeEmbedder) -> None:
    with pytest.raises(IndexIncompatible, match="32-dimensional vectors, the model makes 64"):
        PublishedIndex.open(folder, expected_dimension=64)
    index = PublishedIndex.open(folder)
    with pytest.raises(IndexIncompatible, match="query vectors have 64 dimensions"):
        index.dense_search(FakeEmbedder(64).embed_queries(["x"]), 2)


def test_in_memory_index_needs_no_disk(embedder: FakeEmbedder) -> None:
    index = PublishedIndex.in_memory(make_chunks(), embedder)
    assert index.path is None
    assert index.manifest.model_id == "fake-32"
    _, ids = index.dense_search(embedder.embed_queries(["contact eppermed@dlr.de questions"]), 1)
    assert ids[0, 0] == 3


def test_hnsw_index_finds_the_same_nearest_chunk(tmp_path: Path, embedder: FakeEmbedder) -> None:
    chunks = make_chunks()
    vectors = embedder.embed_passages([search_text(c) for c in chunks])
    write_index(
        tmp_path / "h", chunks, vectors, model_id="fake-32", index_type=HNSW, chunking={}, knowledge_hash="k"
    )
    index = PublishedIndex.open(tmp_path / "h")
    assert index.manifest.index_type == HNSW
    _, ids = index.dense_search(embedder.embed_queries(["Pamplona workshop Spain"]), 1)
    assert ids[0, 0] == 2


def test_embedding_cache_is_keyed_by_hash_and_model(folder: Path, embedder: FakeEmbedder) -> None:
    cache = read_embedding_cache(folder, "fake-32")
    assert set(cache) == {f"hash{i}" for i in range(4)}
    np.testing.assert_allclose(cache["hash1"], embedder.embed_passages([search_text(make_chunks()[1])])[0])
    assert read_embedding_cache(folder, "another-model") == {}
    assert read_embedding_cache(folder.parent / "nothing", "fake-32") == {}


def _with_examples(tmp_path: Path, embedder: FakeEmbedder, texts: list[str]) -> Path:
    chunks = make_chunks()
    passages = embedder.embed_passages([search_text(c) for c in chunks])
    path = tmp_path / "with-examples"
    write_index(
        path,
        chunks,
        passages,
        model_id=embedder.model_id,
        index_type=FLAT,
        chunking={"max_words": 80},
        knowledge_hash="k",
        multilingual=("fake-ml", passages),
        examples=(texts, embedder.embed_queries(texts)),
    )
    return path


def test_the_medical_guard_examples_round_trip(tmp_path: Path, embedder: FakeEmbedder) -> None:
    texts = ["J'ai mal au dos, que faire ?", 'My "knee" hurts', "Ho la febbre", "a\u2028line\u2029sep\x85"]
    index = PublishedIndex.open(_with_examples(tmp_path, embedder, texts))
    assert index.manifest.counts["examples"] == 4
    vectors = index.example_vectors()
    assert list(vectors) == texts
    np.testing.assert_allclose(vectors[texts[1]], embedder.embed_queries([texts[1]])[0])


def test_examples_without_their_vectors_are_corruption(tmp_path: Path, embedder: FakeEmbedder) -> None:
    path = _with_examples(tmp_path, embedder, ["Ho la febbre", "My knee hurts"])
    (path / "examples.npy").unlink()
    manifest = json.loads((path / MANIFEST).read_text())
    del manifest["files"]["examples.npy"]
    (path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupted, match=r"lists examples.jsonl but not examples.npy.*rebuild"):
        PublishedIndex.open(path)


def test_examples_and_vectors_of_other_counts_are_corruption(tmp_path: Path, embedder: FakeEmbedder) -> None:
    path = _with_examples(tmp_path, embedder, ["Ho la febbre", "My knee hurts"])
    (path / "examples.jsonl").write_text('"Ho la febbre"\n', encoding="utf-8")
    manifest = json.loads((path / MANIFEST).read_text())
    manifest["files"]["examples.jsonl"] = sha256_file(path / "examples.jsonl")
    (path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupted, match=r"examples.npy holds \(2, 32\).*expected \(1, 32\)"):
        PublishedIndex.open(path)


def test_examples_need_the_multilingual_model(tmp_path: Path, embedder: FakeEmbedder) -> None:
    chunks = make_chunks()
    with pytest.raises(ValueError, match="multilingual"):
        write_index(
            tmp_path / "x",
            chunks,
            embedder.embed_passages([search_text(c) for c in chunks]),
            model_id=embedder.model_id,
            index_type=FLAT,
            chunking={},
            knowledge_hash="k",
            examples=(["Ho la febbre"], embedder.embed_queries(["Ho la febbre"])),
        )


def _with_asked(tmp_path: Path, embedder: FakeEmbedder, labelled: list[tuple[str, str]]) -> Path:
    return _written(
        tmp_path / "with-asked", embedder, asked=(labelled, embedder.embed_queries([q for _, q in labelled]))
    )


ASKED_ROWS = [
    ("answered", "When was the SRIA published?"),
    ("not_covered", "What is the budget?"),
    ("answered", "Who wrote the concept paper?"),
    ("not_covered", 'Is the "office" in a\u2028line?'),
]


def test_the_asked_questions_round_trip_and_vote(tmp_path: Path, embedder: FakeEmbedder) -> None:
    index = PublishedIndex.open(_with_asked(tmp_path, embedder, ASKED_ROWS))
    assert index.manifest.counts["asked"] == 4
    vectors = index.asked_vectors()
    assert list(vectors) == [q for _, q in ASKED_ROWS]
    np.testing.assert_allclose(
        vectors["What is the budget?"], embedder.embed_queries(["What is the budget?"])[0]
    )
    neighbours = index.neighbours()
    assert neighbours is not None
    vote = neighbours.votes(embedder.embed_queries(["What is the budget?"]))[0]
    assert vote.nearest == "What is the budget?"
    assert vote.uncovered
    assert neighbours.votes(embedder.embed_queries(["Who wrote the concept paper?"]))[0].answerable


def test_an_index_without_asked_questions_of_both_labels_has_no_vote(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    assert PublishedIndex.open(_with_asked(tmp_path, embedder, ASKED_ROWS[:1])).neighbours() is None
    chunks = make_chunks()
    bare = PublishedIndex.in_memory(chunks, embedder)
    assert bare.neighbours() is None
    assert bare.asked_vectors() == {}


def test_asked_questions_without_their_vectors_are_corruption(tmp_path: Path, embedder: FakeEmbedder) -> None:
    path = _with_asked(tmp_path, embedder, ASKED_ROWS)
    (path / "asked.npy").unlink()
    manifest = json.loads((path / MANIFEST).read_text())
    del manifest["files"]["asked.npy"]
    (path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupted, match=r"lists asked.jsonl but not asked.npy.*rebuild"):
        PublishedIndex.open(path)


@pytest.mark.parametrize(
    "line", ['{"label": "maybe", "question": "Hm?"}', '"just text"', '{"label": "answered"}', "not json"]
)
def test_a_bad_asked_line_is_corruption(tmp_path: Path, embedder: FakeEmbedder, line: str) -> None:
    path = _with_asked(tmp_path, embedder, ASKED_ROWS[:2])
    (path / "asked.jsonl").write_text(line + '\n{"label": "answered", "question": "x"}\n', encoding="utf-8")
    manifest = json.loads((path / MANIFEST).read_text())
    manifest["files"]["asked.jsonl"] = sha256_file(path / "asked.jsonl")
    (path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupted, match=r"asked.jsonl:1: not an asked question"):
        PublishedIndex.open(path)
