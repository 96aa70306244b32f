"""The fake embedder is what unit tests rely on, so it must behave like a real one where it matters."""

import ast
from pathlib import Path

import numpy as np
import pytest

from knowledge import embedding
from knowledge.embedding import load_embedder
from knowledge.embedding_fake import FakeEmbedder


def test_fake_vectors_are_normalised_and_deterministic() -> None:
    first = FakeEmbedder(64).embed_passages(["EP PerMed timeline", "InfoSheet 7"])
    second = FakeEmbedder(64).embed_passages(["EP PerMed timeline", "InfoSheet 7"])
    assert first.shape == (2, 64)
    assert first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(first, second)


def test_fake_similar_texts_score_higher() -> None:
    embedder = FakeEmbedder()
    query = embedder.embed_queries(["when is the launch of the partnership"])[0]
    near, far = embedder.embed_passages(["the partnership launch is planned", "lasagna recipe with cheese"])
    assert query @ near > query @ far


@pytest.mark.parametrize(("name", "dimension"), [("fake", 256), ("fake-32", 32)])
def test_load_embedder_names_the_fake(name: str, dimension: int) -> None:
    assert load_embedder(name).dimension == dimension


def test_the_seam_imports_no_engine_at_module_level() -> None:
    """Arrows one way: the engines import knowledge.embedding; the seam names them only in its factory."""
    tree = ast.parse(Path(embedding.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            imported |= {node.module or "", *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
    assert not {name for name in imported if name.startswith("knowledge")}
    assert isinstance(load_embedder("fake-8"), FakeEmbedder)
