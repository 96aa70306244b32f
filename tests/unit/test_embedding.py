"""The fake embedder is what unit tests rely on, so it must behave like a real one where it matters."""

import numpy as np
import pytest

from knowledge.embedding import FakeEmbedder, load_embedder


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
