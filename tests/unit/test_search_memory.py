"""The word-statistics cache is bounded by the index's vocabulary, whatever words users send."""

from __future__ import annotations

import random
import string

from knowledge.lexical import tokenize
from knowledge.search import Searcher


def random_words(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(count)]


def test_words_no_passage_holds_are_not_kept(searcher: Searcher) -> None:
    vocabulary = {token for chunk in searcher.chunks for token in tokenize(chunk.text)}
    for start in range(0, 3000, 30):
        searcher.search(" ".join(random_words(3000)[start : start + 30]), k=3)
    searcher.search("When was the Pamplona workshop?", k=3)
    kept = set(searcher._idf)
    assert kept  # words the passages hold are still cached
    assert kept <= vocabulary


def test_an_unseen_word_gets_the_highest_idf(searcher: Searcher) -> None:
    unseen = searcher.idf_of("qzxwvkjhq")
    assert unseen == max(unseen, searcher.idf_of(tokenize("Pamplona")[0]), searcher.idf_of("ep"))
    assert unseen > searcher.idf_of(tokenize("Pamplona")[0])
