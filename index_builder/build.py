"""`eppermed-index build`: knowledge -> chunks -> embeddings (reused when unchanged) -> checked -> published.

The serving index is touched only by the final swap (`publish.py`), after the gate, if any, has passed.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from index_builder.evaluate import Question, Report, evaluate
from index_builder.exceptions import BuildFailed, GateFailed
from index_builder.publish import Layout, build_lock, new_temporary, publish, remove_stale
from index_builder.settings import IndexSettings
from knowledge.chunking import ChunkingParams, chunk_document
from knowledge.embedding import Embedder, Vectors, from_cache, load_embedder
from knowledge.exceptions import EmbedderError, IndexError_, KnowledgeInvalid
from knowledge.health_nearness import example_texts
from knowledge.index_store import (
    FLAT,
    HNSW,
    PublishedIndex,
    read_embedding_cache,
    search_text,
    write_manifest,
)
from knowledge.index_store import (
    write_index as write_artefacts,
)
from knowledge.loader import Knowledge, load_knowledge
from knowledge.models import Chunk, HealthExamples
from knowledge.phrasings import PhrasingRow, place_knowledge

Say = Callable[[str], None]


@dataclass(frozen=True)
class Changes:
    """What a build changed against the serving index, and how much it had to embed."""

    documents_added: int = 0
    documents_changed: int = 0
    documents_removed: int = 0
    chunks_added: int = 0
    chunks_changed: int = 0
    chunks_removed: int = 0
    embedded: int = 0
    reused: int = 0

    def lines(self) -> list[str]:
        return [
            f"documents: {self.documents_added} added, {self.documents_changed} changed, "
            f"{self.documents_removed} removed",
            f"chunks: {self.chunks_added} added, {self.chunks_changed} changed, "
            f"{self.chunks_removed} removed",
            f"embeddings: {self.embedded} embedded, {self.reused} reused",
        ]


@dataclass
class BuildResult:
    """The outcome of one build: where the index is, and what changed."""

    path: Path
    published: bool
    changes: Changes
    chunks: int
    documents: int
    index_type: str
    seconds: float
    report: Report | None = None
    calibration: dict[str, float] = field(default_factory=dict)


def knowledge_hash(knowledge: Knowledge) -> str:
    """sha256 of everything the index is made of: each document's metadata and body, the curated questions."""
    digest = hashlib.sha256()
    for document in knowledge.documents:
        digest.update(document.meta.model_dump_json().encode())
        digest.update(b"\0" + document.body.encode() + b"\0")
    for phrasing in (*knowledge.phrasings, *knowledge.asked_answers):  # embedded too: a change rebuilds
        digest.update(phrasing.model_dump_json().encode() + b"\0")
    for text in example_texts(knowledge.health_examples):  # and so are the medical guard's examples
        digest.update(b"example\0" + text.encode() + b"\0")
    for group in knowledge.asked:  # and the asked questions
        for question in group.questions:
            digest.update(group.label.encode() + b"\0" + question.encode() + b"\0")
    return digest.hexdigest()


def chunk_knowledge(knowledge: Knowledge, params: ChunkingParams) -> list[Chunk]:
    chunks = [chunk for document in knowledge.documents for chunk in chunk_document(document, params)]
    if not chunks:
        raise BuildFailed("the knowledge holds no document text to index; add documents under sources/")
    return chunks


def compare(old: Sequence[Chunk], new: Sequence[Chunk]) -> Changes:
    """Documents and chunks added, changed and removed between two chunk lists (by id, then content)."""
    before = {c.chunk_id: c for c in old}
    after = {c.chunk_id: c for c in new}

    def by_document(chunks: Sequence[Chunk]) -> dict[str, list[Chunk]]:
        grouped: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            grouped.setdefault(chunk.doc_id, []).append(chunk)
        return grouped

    docs_before, docs_after = by_document(old), by_document(new)
    return Changes(
        documents_added=len(docs_after.keys() - docs_before.keys()),
        documents_changed=sum(
            1 for d in docs_after.keys() & docs_before.keys() if docs_after[d] != docs_before[d]
        ),
        documents_removed=len(docs_before.keys() - docs_after.keys()),
        chunks_added=len(after.keys() - before.keys()),
        chunks_changed=sum(1 for i in after.keys() & before.keys() if after[i] != before[i]),
        chunks_removed=len(before.keys() - after.keys()),
    )


def _serving(index_dir: Path) -> PublishedIndex | None:
    try:
        return PublishedIndex.open(index_dir)
    except IndexError_:
        return None


def embed(
    chunks: Sequence[Chunk],
    embedder: Embedder,
    cache: dict[str, Vectors],
    *,
    batch_size: int,
    say: Say,
    tty: bool,
) -> tuple[Vectors, int]:
    """Vectors for every chunk: reused from `cache` by content_hash, the rest embedded in batches."""
    vectors, todo = from_cache([c.content_hash for c in chunks], cache, embedder.dimension)
    if not todo:
        return vectors, 0
    say(f"embedding {len(todo)} chunks with {embedder.model_id}")
    every = max(1, len(todo) // 10)
    with tqdm(total=len(todo), unit="chunk", disable=not tty, file=sys.stderr, leave=False) as bar:
        for start in range(0, len(todo), batch_size):
            rows = todo[start : start + batch_size]
            got = embedder.embed_passages([search_text(chunks[r]) for r in rows])
            if got.shape != (len(rows), embedder.dimension):
                raise BuildFailed(
                    f"model {embedder.model_id!r} returned vectors of shape {got.shape} for {len(rows)} "
                    f"passages, expected ({len(rows)}, {embedder.dimension}); check EMBEDDING_MODEL"
                )
            vectors[rows] = got
            bar.update(len(rows))
            done = start + len(rows)
            if not tty and (done // every != start // every or done == len(todo)):
                say(f"embedded {done}/{len(todo)}")
    return vectors, len(todo)


def _embed_cached(
    texts: Sequence[str], model: Embedder, cache: dict[str, Vectors], what: str, say: Say
) -> Vectors:
    """`texts` embedded as questions by `model`; those the serving index holds for the same model and wording
    (`cache`) are reused. `what` names them in the build's report ("curated questions")."""
    vectors, todo = from_cache(texts, cache, model.dimension)
    if todo:
        got = model.embed_queries([texts[p] for p in todo])
        if got.shape != (len(todo), model.dimension):
            raise BuildFailed(
                f"model {model.model_id!r} returned vectors of shape {got.shape} for {len(todo)} {what}, "
                f"expected ({len(todo)}, {model.dimension})"
            )
        vectors[todo] = got
    say(f"{what}: {len(todo)} embedded, {len(texts) - len(todo)} reused")
    return vectors


def _embed_phrasings(
    rows: Sequence[PhrasingRow], model: Embedder, cache: dict[str, Vectors], say: Say
) -> tuple[Sequence[PhrasingRow], Vectors] | None:
    """The curated questions' vectors, embedded as questions by the main model."""
    if not rows:
        return None
    return rows, _embed_cached([row.question for row in rows], model, cache, "curated questions", say)


def _embed_examples(
    examples: Sequence[HealthExamples], multilingual: Embedder, cache: dict[str, Vectors], say: Say
) -> tuple[Sequence[str], Vectors] | None:
    """The medical guard's examples embedded by the multilingual model (which compares messages with them),
    so the bot need not embed them at start."""
    texts = example_texts(examples)
    if not texts:
        return None
    return texts, _embed_cached(texts, multilingual, cache, "medical guard examples", say)


def _embed_asked(
    knowledge: Knowledge, model: Embedder, cache: dict[str, Vectors], say: Say
) -> tuple[Sequence[tuple[str, str]], Vectors] | None:
    """The asked questions, (label, question), embedded as questions by the main model (knowledge/neighbours.py)."""
    labelled = [(group.label, question) for group in knowledge.asked for question in group.questions]
    if not labelled:
        return None
    return labelled, _embed_cached([q for _, q in labelled], model, cache, "asked questions", say)


def load_multilingual(settings: IndexSettings, say: Say) -> Embedder | None:
    """The multilingual model of MULTILINGUAL_MODEL, or None (with a note) when off or not installed."""
    if not settings.multilingual_model:
        return None
    try:
        return load_embedder(settings.multilingual_model)
    except EmbedderError as exc:
        say(f"multilingual vectors skipped: {exc}")
        return None


def _up_to_date(
    serving: PublishedIndex | None,
    settings: IndexSettings,
    *,
    embedder: Embedder | None,
    multilingual: Embedder | None,
    khash: str,
    params: ChunkingParams,
) -> bool:
    """The serving index (None: none opens cleanly) was built from this knowledge, model and chunking."""
    if serving is None:
        return False
    manifest = serving.manifest
    model_id = embedder.model_id if embedder is not None else settings.embedding_model
    return (
        manifest.model_id == model_id
        and manifest.multilingual_model_id == (multilingual.model_id if multilingual else None)
        and manifest.knowledge_hash == khash
        and manifest.chunking == params.as_manifest()
        and manifest.index_type == _index_type(settings, manifest.counts.get("chunks", 0))
    )


def _index_type(settings: IndexSettings, size: int) -> str:
    return HNSW if size > settings.approximate_index_threshold else FLAT


@dataclass(frozen=True)
class _Plan:
    """What one build works from: the settings, the loaded knowledge and its chunks."""

    settings: IndexSettings
    knowledge: Knowledge
    chunks: list[Chunk]
    khash: str
    params: ChunkingParams
    say: Say
    tty: bool
    reuse: bool = True
    phrasings: Sequence[PhrasingRow] = ()


def build(
    settings: IndexSettings,
    *,
    embedder: Embedder | None = None,
    multilingual: Embedder | None = None,
    gate: Sequence[Question] | None = None,
    force: bool = False,
    reuse: bool = True,
    out: TextIO | None = None,
    tty: bool | None = None,
) -> BuildResult:
    """Build and publish the index for `settings`; the serving index is untouched unless all went well.

    Embedders passed in are used as they are (tests); otherwise both come from the settings.
    `reuse=False` embeds every chunk again: vectors are reused by model id and text, so a model whose
    weights changed under the same name needs it (`--no-reuse`; it implies `--force`).
    """
    stream = out or sys.stdout
    started = time.monotonic()

    def say(line: str) -> None:
        print(line, file=stream, flush=True)

    knowledge = load_knowledge(settings.knowledge_dir)
    params = ChunkingParams(max_words=settings.chunk_max_words)
    chunks = chunk_knowledge(knowledge, params)
    phrasings, problems = place_knowledge(knowledge, chunks, settings.knowledge_dir)
    if problems:
        raise KnowledgeInvalid(problems)
    is_tty = sys.stderr.isatty() if tty is None else tty
    plan = _Plan(
        settings, knowledge, chunks, knowledge_hash(knowledge), params, say, is_tty, reuse, phrasings
    )
    documents = len(knowledge.documents)
    say(
        f"knowledge: {documents} documents, {len(chunks)} chunks (max {params.max_words} words), "
        f"{len(phrasings)} curated questions"
    )
    layout = Layout(settings.index_dir)
    with build_lock(layout):
        for path in remove_stale(layout):
            say(f"removed unfinished build {path.name}")
        if embedder is None and multilingual is None:
            multilingual = load_multilingual(settings, say)
        serving = _serving(settings.index_dir)  # opened once: up-to-date check, changes, calibration
        fresh = _up_to_date(
            serving, settings, embedder=embedder, multilingual=multilingual, khash=plan.khash, params=params
        )
        if not force and reuse and gate is None and fresh:
            changes = Changes(reused=len(chunks) * (2 if multilingual is not None else 1))
            for line in changes.lines():
                say(line)
            say(f"{settings.index_dir} is up to date (--force republishes it)")
            seconds = time.monotonic() - started
            return BuildResult(
                settings.index_dir, False, changes, len(chunks), len(knowledge.documents), "", seconds
            )
        model = embedder or load_embedder(settings.embedding_model)
        temporary = new_temporary(layout)
        try:
            result = _build_into(temporary, plan, model, multilingual, serving)
            if gate is not None:
                _run_gate(plan, model, multilingual, result, gate)
            result.path = publish(layout, temporary)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
    result.published = True
    result.seconds = time.monotonic() - started
    say(
        f"published {settings.index_dir} ({result.index_type}, {result.chunks} vectors of "
        f"{model.dimension} dimensions) in {result.seconds:.1f} s"
    )
    return result


def _build_into(
    temporary: Path,
    plan: _Plan,
    model: Embedder,
    multilingual: Embedder | None,
    serving: PublishedIndex | None,
) -> BuildResult:
    """Embed (reusing what the serving index holds) and write every artefact into `temporary`."""
    settings, chunks = plan.settings, plan.chunks

    def vectors_of(embedder: Embedder) -> tuple[Vectors, int]:
        cache = read_embedding_cache(settings.index_dir, embedder.model_id) if plan.reuse else {}
        return embed(
            chunks, embedder, cache, batch_size=settings.embed_batch_size, say=plan.say, tty=plan.tty
        )

    vectors, embedded = vectors_of(model)
    extra: tuple[str, Vectors] | None = None
    if multilingual is not None:
        ml_vectors, ml_embedded = vectors_of(multilingual)
        extra, embedded = (multilingual.model_id, ml_vectors), embedded + ml_embedded
    matcher = serving.phrasings() if serving is not None and plan.reuse else None
    same = matcher is not None and serving is not None and serving.manifest.model_id == model.model_id
    curated = _embed_phrasings(
        plan.phrasings, model, matcher.vectors_by_question() if same and matcher else {}, plan.say
    )
    reusable = serving is not None and plan.reuse and serving.manifest.model_id == model.model_id
    asked = _embed_asked(
        plan.knowledge, model, serving.asked_vectors() if reusable and serving is not None else {}, plan.say
    )
    examples = None
    if multilingual is not None:
        same_ml = serving is not None and serving.manifest.multilingual_model_id == multilingual.model_id
        known = serving.example_vectors() if serving is not None and same_ml and plan.reuse else {}
        examples = _embed_examples(plan.knowledge.health_examples, multilingual, known, plan.say)
    found = compare(serving.chunks if serving else [], chunks)
    total = len(chunks) * (2 if extra is not None else 1)
    changes = replace(found, embedded=embedded, reused=total - embedded)
    for line in changes.lines():
        plan.say(line)
    # The decline threshold belongs to the model: keep the serving one until a gate recalibrates it.
    same_model = (
        serving is not None
        and serving.manifest.model_id == model.model_id
        and serving.manifest.multilingual_model_id == (extra[0] if extra else None)
    )
    calibration = dict(serving.manifest.calibration) if serving is not None and same_model else {}
    if calibration:
        plan.say(f"calibration kept from the serving index: {calibration} (build --gate recalibrates)")
    index_type = _index_type(settings, len(chunks))
    try:
        write_artefacts(
            temporary,
            chunks,
            vectors,
            model_id=model.model_id,
            index_type=index_type,
            chunking=plan.params.as_manifest(),
            knowledge_hash=plan.khash,
            counts={"documents": len(plan.knowledge.documents)},
            calibration=calibration,
            multilingual=extra,
            phrasings=curated,
            examples=examples,
            asked=asked,
        )
    except (OSError, RuntimeError) as exc:  # disk full, permissions; FAISS raises RuntimeError
        raise BuildFailed(
            f"cannot write the index into {temporary} ({exc}); check free space and permissions"
        ) from exc
    documents = len(plan.knowledge.documents)
    return BuildResult(temporary, False, changes, len(chunks), documents, index_type, 0.0, None, calibration)


def _run_gate(
    plan: _Plan,
    model: Embedder,
    multilingual: Embedder | None,
    result: BuildResult,
    questions: Sequence[Question],
) -> None:
    """Evaluate the unpublished build at its suggested thresholds; GateFailed names every bar missed."""
    settings = plan.settings
    index = PublishedIndex.open(result.path, expected_model_id=model.model_id)
    limit = settings.calibration_max_false_refusals
    found = evaluate(index, model, questions, multilingual=multilingual, max_false_refusals=limit)
    english, foreign = found.suggestion.threshold, found.suggestion_foreign.threshold
    if english is not None or foreign is not None:  # judge the index as the bot will run it
        found = evaluate(
            index,
            model,
            questions,
            multilingual=multilingual,
            min_confidence=english,
            min_confidence_foreign=foreign,
            max_false_refusals=limit,
        )
    for line in found.lines():
        plan.say(line)
    failures = gate_failures(found, settings)
    if failures:
        raise GateFailed(failures)
    foreign_key = "min_confidence_multilingual" if index.has_multilingual else "min_confidence_foreign"
    calibration = {
        key: value
        for key, value in (("min_confidence", english), (foreign_key, foreign))
        if value is not None
    }
    write_manifest(result.path, index.manifest.model_copy(update={"calibration": calibration}))
    result.report, result.calibration = found, calibration
    plan.say(f"gate passed; calibrated {calibration}")


def gate_failures(report: Report, settings: IndexSettings) -> list[str]:
    """Each quality bar the report misses, named by its setting."""
    overall = report.overall
    checks = [
        ("hit@1", overall.hit_at.get(1, 0.0), "GATE_MIN_HIT_AT_1", settings.gate_min_hit_at_1, True),
        ("hit@3", overall.hit_at.get(3, 0.0), "GATE_MIN_HIT_AT_3", settings.gate_min_hit_at_3, True),
        ("reply hit", overall.reply_hit, "GATE_MIN_REPLY_HIT", settings.gate_min_reply_hit, True),
        ("oos declined", report.oos_declined, "GATE_MIN_OOS_DECLINED", settings.gate_min_oos_declined, True),
        (
            "false refusals",
            overall.false_refusals,
            "GATE_MAX_FALSE_REFUSALS",
            settings.gate_max_false_refusals,
            False,
        ),
    ]
    failures = []
    for label, value, name, bar, at_least in checks:
        if value is None:
            continue
        if (value < bar) if at_least else (value > bar):
            failures.append(f"{label} {value:.2f} {'<' if at_least else '>'} {name} {bar:.2f}")
    return failures
