"""A small factory of chunks for tests that build an index in memory from a few sentences."""

from __future__ import annotations

from knowledge.models import Chunk


def chunks_of(*texts: str, doc: str = "doc", title: str = "Doc", heading: str = "") -> list[Chunk]:
    """One chunk a text, in order, of one document (ids `doc#0`, `doc#1`, ...)."""
    return [
        Chunk(
            chunk_id=f"{doc}#{i}",
            doc_id=doc,
            title=title,
            url="https://example.eu",
            as_of="2023",
            heading=heading,
            text=text,
            ordinal=i,
            content_hash=f"{doc}-{i}",
        )
        for i, text in enumerate(texts)
    ]
