"""The published index on disk: its file layout, how it is written, and how it is opened and checked.

One module holds both sides of the format, so the builder and the bot cannot drift apart.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from knowledge.embedding import Embedder, Vectors
from knowledge.exceptions import IndexCorrupted, IndexIncompatible, IndexNotFound
from knowledge.lexical import LexicalIndex
from knowledge.models import Chunk, Manifest
from knowledge.neighbours import Neighbours
from knowledge.phrasings import PhrasingMatcher, PhrasingRow

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
EMBEDDINGS = "embeddings.npy"  # one row per chunk, in chunk order: the cache of the next build
DENSE = "dense.faiss"
ML_EMBEDDINGS = "embeddings-multilingual.npy"  # the multilingual model's vectors, when the index has them
ML_DENSE = "dense-multilingual.faiss"
LEXICAL = "lexical"  # a folder written by bm25s
PHRASINGS = "phrasings.jsonl"  # curated questions (questions.yaml), each with the chunk it points to
PHRASING_VECTORS = "phrasings.npy"
# The medical guard's worded examples (health_examples.yaml) as the multilingual model embeds them: a cache by
# text, so a bot starts without embedding them (seconds); an example not in it is embedded when first needed.
EXAMPLES = "examples.jsonl"
EXAMPLE_VECTORS = "examples.npy"
# Questions people asked (asked.yaml), labelled, as the main model embeds them: their vote (knowledge/neighbours.py).
ASKED = "asked.jsonl"
ASKED_VECTORS = "asked.npy"
FLAT = "flat-ip"
HNSW = "hnsw-ip"
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
REBUILD = "rebuild it with `eppermed-index build`"

Ids = npt.NDArray[np.int64]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def search_text(chunk: Chunk) -> str:
    """What is embedded and indexed lexically: the heading path, so titles are searchable, then the text."""
    return f"{chunk.heading}\n{chunk.text}" if chunk.heading else chunk.text


def make_dense_index(vectors: Vectors, index_type: str) -> Any:
    """An inner-product FAISS index over normalised rows: exact while small, HNSW when large."""
    dimension = int(vectors.shape[1])
    index: Any
    if index_type == FLAT:
        index = faiss.IndexFlatIP(dimension)
    elif index_type == HNSW:
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        raise ValueError(f"unknown index type {index_type!r}; use {FLAT!r} or {HNSW!r}")
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        _fsync(path)
    _fsync(folder)


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_index(
    folder: Path,
    chunks: Sequence[Chunk],
    vectors: Vectors,
    *,
    model_id: str,
    index_type: str,
    chunking: dict[str, int],
    knowledge_hash: str,
    counts: dict[str, int] | None = None,
    calibration: dict[str, float] | None = None,
    multilingual: tuple[str, Vectors] | None = None,
    phrasings: tuple[Sequence[PhrasingRow], Vectors] | None = None,
    examples: tuple[Sequence[str], Vectors] | None = None,
    asked: tuple[Sequence[tuple[str, str]], Vectors] | None = None,
) -> Manifest:
    """Write every artefact into an empty `folder`, then the manifest last, all fsynced.

    `multilingual` is (model id, vectors) of a second model searched for questions not in English;
    `phrasings` the curated questions with their vectors from the main model (the multilingual side does not
    use them: knowledge/search.py says why); `examples` the medical guard's examples with their vectors from
    the multilingual model; `asked` the asked questions, (label, question), with the main model's vectors.
    """
    if asked is not None and len(asked[0]) != len(asked[1]):
        raise ValueError(f"{len(asked[0])} asked questions but {len(asked[1])} vectors")
    if len(chunks) != len(vectors) or (multilingual is not None and len(multilingual[1]) != len(chunks)):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
    if phrasings is not None and len(phrasings[0]) != len(phrasings[1]):
        raise ValueError(f"{len(phrasings[0])} curated questions but {len(phrasings[1])} vectors")
    if examples is not None and (multilingual is None or len(examples[0]) != len(examples[1])):
        raise ValueError("examples need the multilingual model and one vector each")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / CHUNKS).open("w", encoding="utf-8") as stream:
        for chunk in chunks:
            stream.write(chunk.model_dump_json() + "\n")
    np.save(folder / EMBEDDINGS, np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(make_dense_index(vectors, index_type), str(folder / DENSE))
    if multilingual is not None:
        np.save(folder / ML_EMBEDDINGS, np.ascontiguousarray(multilingual[1], dtype=np.float32))
        faiss.write_index(make_dense_index(multilingual[1], index_type), str(folder / ML_DENSE))
    (folder / LEXICAL).mkdir()
    LexicalIndex.build([search_text(c) for c in chunks]).save(folder / LEXICAL)
    if phrasings is not None and phrasings[0]:
        rows, main = phrasings
        with (folder / PHRASINGS).open("w", encoding="utf-8") as stream:
            for row in rows:
                stream.write(
                    json.dumps({"chunk": row.chunk, "question": row.question, "answer": row.answer}) + "\n"
                )
        np.save(folder / PHRASING_VECTORS, np.ascontiguousarray(main, dtype=np.float32))
    if examples is not None and examples[0]:
        texts, example_vectors = examples
        with (folder / EXAMPLES).open("w", encoding="utf-8") as stream:
            for text in texts:
                stream.write(json.dumps(text) + "\n")  # ASCII: U+2028 in an example splits no line
        np.save(folder / EXAMPLE_VECTORS, np.ascontiguousarray(example_vectors, dtype=np.float32))
    if asked is not None and asked[0]:
        labelled, asked_vectors = asked
        with (folder / ASKED).open("w", encoding="utf-8") as stream:
            for label, question in labelled:
                stream.write(json.dumps({"label": label, "question": question}) + "\n")
        np.save(folder / ASKED_VECTORS, np.ascontiguousarray(asked_vectors, dtype=np.float32))
    files = {
        path.relative_to(folder).as_posix(): sha256_file(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model_id=model_id,
        dimension=int(vectors.shape[1]),
        index_type=index_type,
        chunking=chunking,
        knowledge_hash=knowledge_hash,
        files=files,
        counts={
            "chunks": len(chunks),
            "phrasings": len(phrasings[0]) if phrasings else 0,
            **({"examples": len(examples[0])} if examples else {}),
            **({"asked": len(asked[0])} if asked else {}),
            **(counts or {}),
        },
        built_at=datetime.now(UTC),
        calibration=calibration or {},
        multilingual_model_id=multilingual[0] if multilingual is not None else None,
        multilingual_dimension=int(multilingual[1].shape[1]) if multilingual is not None else None,
    )
    write_manifest(folder, manifest)
    _fsync_tree(folder)
    return manifest


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically (used again when the gate adds its calibration)."""
    temporary = folder / (MANIFEST + ".tmp")
    temporary.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
    _fsync(temporary)
    temporary.replace(folder / MANIFEST)
    _fsync(folder)


def read_manifest(folder: Path) -> Manifest:
    """The manifest of an index folder, its format version checked before anything else."""
    path = folder / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorrupted(f"{path} is missing: the index is partial; {REBUILD}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorrupted(f"{path} cannot be read ({exc}); {REBUILD}") from exc
    if not isinstance(raw, dict):
        raise IndexCorrupted(f"{path} is not a JSON object; {REBUILD}")
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexIncompatible(
            f"index at {folder} has format version {version}, this program reads version "
            f"{FORMAT_VERSION}; {REBUILD}"
        )
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise IndexCorrupted(f"{path}: {where}: {first['msg']}; {REBUILD}") from exc


def _verify_files(folder: Path, manifest: Manifest, names: Iterable[str] | None = None) -> None:
    required = {CHUNKS, EMBEDDINGS, DENSE}
    missing_required = required - set(manifest.files)
    if missing_required:
        raise IndexCorrupted(f"{folder / MANIFEST} does not list {sorted(missing_required)[0]}; {REBUILD}")
    for name in names if names is not None else sorted(manifest.files):
        path = folder / name
        if not path.is_file():
            raise IndexCorrupted(f"{path} is missing: the index is partial; {REBUILD}")
        if sha256_file(path) != manifest.files[name]:
            raise IndexCorrupted(f"{path} does not match its sha256 in the manifest; {REBUILD}")


def _read_chunks(path: Path) -> list[Chunk]:
    chunks = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            try:
                chunks.append(Chunk.model_validate_json(line))
            except ValidationError as exc:
                raise IndexCorrupted(f"{path}:{number}: not a chunk record; {REBUILD}") from exc
    return chunks


def _read_phrasings(path: Path, chunks: int) -> list[PhrasingRow]:
    rows = []
    lines = _lines(path)
    for number, line in enumerate(lines, start=1):
        try:
            raw = json.loads(line)
            row = PhrasingRow(int(raw["chunk"]), str(raw["question"]), str(raw["answer"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexCorrupted(f"{path}:{number}: not a phrasing record; {REBUILD}") from exc
        if not 0 <= row.chunk < chunks:
            raise IndexCorrupted(f"{path}:{number}: points to chunk {row.chunk} of {chunks}; {REBUILD}")
        rows.append(row)
    return rows


def _lines(path: Path) -> list[str]:
    """The lines of one of the index's text files; a file that cannot be read is corruption."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorrupted(f"{path} cannot be read ({exc}); {REBUILD}") from exc


def _read_examples(path: Path) -> list[str]:
    lines = _lines(path)
    texts = []
    for number, line in enumerate(lines, start=1):
        try:
            text = json.loads(line)
        except ValueError as exc:
            raise IndexCorrupted(f"{path}:{number}: not an example; {REBUILD}") from exc
        if not isinstance(text, str):
            raise IndexCorrupted(f"{path}:{number}: not an example; {REBUILD}")
        texts.append(text)
    return texts


def _read_asked(path: Path) -> list[tuple[str, str]]:
    lines = _lines(path)
    rows = []
    for number, line in enumerate(lines, start=1):
        try:
            row = json.loads(line)
            label, question = row["label"], row["question"]
        except (ValueError, TypeError, KeyError) as exc:
            raise IndexCorrupted(f"{path}:{number}: not an asked question; {REBUILD}") from exc
        if label not in ("answered", "not_covered") or not isinstance(question, str):
            raise IndexCorrupted(f"{path}:{number}: not an asked question; {REBUILD}")
        rows.append((label, question))
    return rows


def _read_vectors(path: Path, rows: int, dimension: int) -> Vectors:
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise IndexCorrupted(f"{path} cannot be read ({exc}); {REBUILD}") from exc
    if vectors.shape != (rows, dimension) or vectors.dtype != np.float32:
        raise IndexCorrupted(
            f"{path} holds {vectors.shape} {vectors.dtype}, expected ({rows}, {dimension}) float32; {REBUILD}"
        )
    return np.ascontiguousarray(vectors)


def _read_dense(path: Path, manifest: Manifest, rows: int, dimension: int) -> Any:
    dense: Any
    try:
        dense = faiss.read_index(str(path))
    except RuntimeError as exc:
        raise IndexCorrupted(f"{path} is not a readable FAISS index; {REBUILD}") from exc
    if dense.ntotal != rows or dense.d != dimension:
        raise IndexCorrupted(
            f"{path} holds {dense.ntotal} vectors of {dense.d} dimensions, the manifest says "
            f"{rows} of {dimension}; {REBUILD}"
        )
    if manifest.index_type == HNSW:
        dense.hnsw.efSearch = HNSW_EF_SEARCH
    return dense


def _embed_all(embedder: Embedder, texts: Sequence[str]) -> Vectors:
    return embedder.embed_passages(texts) if texts else np.zeros((0, embedder.dimension), np.float32)


def _resolve(path: Path) -> Path:
    """The real folder behind a (symlinked) index path; missing or empty means nothing is published."""
    real = path.resolve()
    if not real.is_dir() or not any(real.iterdir()):
        raise IndexNotFound(f"no index at {path}; run `eppermed-index build`")
    return real


def read_embedding_cache(path: Path, model_id: str) -> dict[str, Vectors]:
    """content_hash -> stored vector of a published index built with `model_id`; empty when unusable."""
    try:
        real = _resolve(path)
        manifest = read_manifest(real)
        if manifest.model_id == model_id:
            name, dimension = EMBEDDINGS, manifest.dimension
        elif manifest.multilingual_model_id == model_id and manifest.multilingual_dimension:
            name, dimension = ML_EMBEDDINGS, manifest.multilingual_dimension
        else:
            return {}
        _verify_files(real, manifest, [CHUNKS, name])
        chunks = _read_chunks(real / CHUNKS)
        vectors = _read_vectors(real / name, len(chunks), dimension)
    except (IndexNotFound, IndexCorrupted, IndexIncompatible, OSError):
        return {}
    return {chunk.content_hash: vectors[i] for i, chunk in enumerate(chunks)}


def check_compatible(
    manifest: Manifest, path: Path, *, model_id: str | None = None, dimension: int | None = None
) -> None:
    """IndexIncompatible unless the index was built with this model (and makes vectors of this size)."""
    if model_id is not None and manifest.model_id != model_id:
        raise IndexIncompatible(
            f"index at {path} was built with model {manifest.model_id!r}, expected {model_id!r}; "
            f"set EMBEDDING_MODEL={manifest.model_id} or rebuild the index with EMBEDDING_MODEL={model_id}"
        )
    if dimension is not None and manifest.dimension != dimension:
        raise IndexIncompatible(
            f"index at {path} has {manifest.dimension}-dimensional vectors, the model makes "
            f"{dimension}; {REBUILD} with the same EMBEDDING_MODEL"
        )


class PublishedIndex:
    """A checked, loaded index: chunks, their dense vectors (FAISS) and the lexical (BM25) index."""

    def __init__(
        self,
        path: Path | None,
        manifest: Manifest,
        chunks: list[Chunk],
        dense: Any,
        lexical: LexicalIndex,
        *,
        multilingual_dense: Any = None,
        phrasings: PhrasingMatcher | None = None,
        examples: dict[str, Vectors] | None = None,
        asked: tuple[Sequence[tuple[str, str]], Vectors] | None = None,
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.chunks = chunks
        self.lexical = lexical
        self._dense = dense
        self._multilingual_dense = multilingual_dense
        self._phrasings = phrasings
        self._examples = examples or {}
        self._asked = asked

    @property
    def has_multilingual(self) -> bool:
        return self._multilingual_dense is not None

    @classmethod
    def open(
        cls, path: Path, *, expected_model_id: str | None = None, expected_dimension: int | None = None
    ) -> PublishedIndex:
        """Open the index at `path` (a folder or a symlink to one) after checking every file.

        When a new index is published while this one is read, its folder may vanish: read the new one.
        """
        for _attempt in range(2):
            real = _resolve(Path(path))
            try:
                return cls._open_folder(real, path, expected_model_id, expected_dimension)
            except IndexCorrupted:
                if _resolve(Path(path)) == real:
                    raise
        return cls._open_folder(_resolve(Path(path)), path, expected_model_id, expected_dimension)

    @classmethod
    def _open_folder(
        cls, real: Path, path: Path, expected_model_id: str | None, expected_dimension: int | None
    ) -> PublishedIndex:
        manifest = read_manifest(real)
        check_compatible(manifest, path, model_id=expected_model_id, dimension=expected_dimension)
        try:
            _verify_files(real, manifest)
            chunks = _read_chunks(real / CHUNKS)
        except OSError as exc:  # the folder vanished or a file is unreadable
            raise IndexCorrupted(f"{real} cannot be read ({exc}); {REBUILD}") from exc
        dense = _read_dense(real / DENSE, manifest, len(chunks), manifest.dimension)
        multilingual = None
        if manifest.multilingual_model_id and manifest.multilingual_dimension:
            multilingual = _read_dense(
                real / ML_DENSE, manifest, len(chunks), manifest.multilingual_dimension
            )
        lexical = LexicalIndex.load(real / LEXICAL, len(chunks))
        phrasings = None
        if PHRASINGS in manifest.files:
            if PHRASING_VECTORS not in manifest.files:
                raise IndexCorrupted(
                    f"{real / MANIFEST} lists {PHRASINGS} but not {PHRASING_VECTORS}; {REBUILD}"
                )
            rows = _read_phrasings(real / PHRASINGS, len(chunks))
            phrasings = PhrasingMatcher(
                rows, _read_vectors(real / PHRASING_VECTORS, len(rows), manifest.dimension), len(chunks)
            )
        examples: dict[str, Vectors] = {}
        if EXAMPLES in manifest.files and multilingual is not None and manifest.multilingual_dimension:
            if EXAMPLE_VECTORS not in manifest.files:
                raise IndexCorrupted(
                    f"{real / MANIFEST} lists {EXAMPLES} but not {EXAMPLE_VECTORS}; {REBUILD}"
                )
            texts = _read_examples(real / EXAMPLES)
            found = _read_vectors(real / EXAMPLE_VECTORS, len(texts), manifest.multilingual_dimension)
            examples = dict(zip(texts, found, strict=True))
        asked = None
        if ASKED in manifest.files:
            if ASKED_VECTORS not in manifest.files:
                raise IndexCorrupted(f"{real / MANIFEST} lists {ASKED} but not {ASKED_VECTORS}; {REBUILD}")
            labelled = _read_asked(real / ASKED)
            asked = (labelled, _read_vectors(real / ASKED_VECTORS, len(labelled), manifest.dimension))
        return cls(
            real,
            manifest,
            chunks,
            dense,
            lexical,
            multilingual_dense=multilingual,
            phrasings=phrasings,
            examples=examples,
            asked=asked,
        )

    @classmethod
    def in_memory(
        cls,
        chunks: Sequence[Chunk],
        embedder: Embedder,
        *,
        index_type: str = FLAT,
        multilingual: Embedder | None = None,
        phrasings: Sequence[PhrasingRow] = (),
    ) -> PublishedIndex:
        """An index built in memory (no disk), for tests and experiments."""
        texts = [search_text(c) for c in chunks]
        vectors = _embed_all(embedder, texts)
        ml_vectors = _embed_all(multilingual, texts) if multilingual is not None else None
        matcher = None
        if phrasings:
            questions = [row.question for row in phrasings]
            matcher = PhrasingMatcher(phrasings, embedder.embed_queries(questions), len(chunks))
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model_id=embedder.model_id,
            dimension=embedder.dimension,
            index_type=index_type,
            chunking={},
            knowledge_hash="",
            files={},
            counts={"chunks": len(chunks)},
            built_at=datetime.now(UTC),
            multilingual_model_id=multilingual.model_id if multilingual is not None else None,
            multilingual_dimension=multilingual.dimension if multilingual is not None else None,
        )
        dense = make_dense_index(vectors, index_type)
        ml_dense = make_dense_index(ml_vectors, index_type) if ml_vectors is not None else None
        lexical = LexicalIndex.build(texts)
        return cls(
            None,
            manifest,
            list(chunks),
            dense,
            lexical,
            multilingual_dense=ml_dense,
            phrasings=matcher,
        )

    def phrasings(self) -> PhrasingMatcher | None:
        """The curated questions' matcher (main model's vectors); None when the index has none."""
        return self._phrasings

    def with_phrasings(self, phrasings: PhrasingMatcher | None) -> PublishedIndex:
        """This index with other curated questions (a measurement leaving some out); the files untouched."""
        other = copy.copy(self)
        other._phrasings = phrasings
        return other

    def asked_vectors(self) -> dict[str, Vectors]:
        """The asked questions the index holds, text -> main model's vector (empty without)."""
        if self._asked is None:
            return {}
        return {question: vector for (_, question), vector in zip(*self._asked, strict=True)}

    def neighbours(self) -> Neighbours | None:
        """The asked questions' vote (knowledge/neighbours.py), the curated questions counting as answered;
        None when the index holds no asked questions of both labels."""
        if self._asked is None:
            return None
        labelled, vectors = self._asked
        labels = np.asarray([label for label, _ in labelled])
        answered = vectors[labels == "answered"]
        if self._phrasings is not None and self._phrasings.rows:
            answered = np.vstack([answered, self._phrasings.vectors()])
        uncovered = [question for label, question in labelled if label == "not_covered"]
        if not len(answered) or not uncovered:
            return None
        return Neighbours(answered, vectors[labels == "not_covered"], uncovered)

    def example_vectors(self) -> dict[str, Vectors]:
        """The medical guard's examples the index holds, text -> multilingual vector (empty without)."""
        return dict(self._examples)

    def dense_search(
        self, query_vectors: Vectors, k: int, *, multilingual: bool = False
    ) -> tuple[npt.NDArray[np.float32], Ids]:
        """Cosine scores and chunk positions of the `k` nearest chunks per query row, best first.

        `multilingual` searches the second model's vectors (query vectors must come from that model).
        """
        queries = np.ascontiguousarray(np.atleast_2d(query_vectors), dtype=np.float32)
        index = self._multilingual_dense if multilingual else self._dense
        model_id = self.manifest.multilingual_model_id if multilingual else self.manifest.model_id
        if index is None:
            raise IndexIncompatible(
                f"index at {self.path} has no multilingual vectors; rebuild it with MULTILINGUAL_MODEL set"
            )
        if queries.shape[1] != index.d:
            raise IndexIncompatible(
                f"query vectors have {queries.shape[1]} dimensions, the index {index.d}; "
                f"use the model the index was built with ({model_id!r})"
            )
        depth = min(k, len(self.chunks))
        if depth <= 0:
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        scores, ids = index.search(queries, depth)
        return np.asarray(scores, dtype=np.float32), np.asarray(ids, dtype=np.int64)
