"""`eppermed-index check | build [--gate Q] [--force] [--no-reuse] | eval Q [--json] [--k K] | fetch URL... | refresh
| gaps`.

Every failure is one line on stderr and exit status 1; no traceback reaches a maintainer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from index_builder.exceptions import BuilderError, FetchFailed, QuestionsInvalid
from index_builder.settings import IndexSettings, load_settings
from knowledge.exceptions import KnowledgeError, KnowledgeInvalid

if TYPE_CHECKING:
    from index_builder.web import FetchPolicy
    from knowledge.embedding import Embedder
    from knowledge.models import Chunk


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 1 like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"{self.prog}: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="eppermed-index", description="Validate the knowledge, build and evaluate the index."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("check", help="validate the knowledge folder (KNOWLEDGE_DIR)")
    build = commands.add_parser("build", help="chunk, embed and publish the index to INDEX_DIR")
    build.add_argument("--gate", type=Path, metavar="QUESTIONS.jsonl", help="publish only if the eval passes")
    build.add_argument(
        "--force", action="store_true", help="republish even when nothing changed (unchanged vectors reused)"
    )
    build.add_argument(
        "--no-reuse",
        action="store_true",
        help="embed every chunk again, e.g. after a model changed under the same name (implies --force)",
    )
    evaluate = commands.add_parser("eval", help="score the published index on a question (or medical) file")
    evaluate.add_argument("questions", type=Path, metavar="QUESTIONS.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--k", type=int, default=3, help="report hit@K besides hit@1 and hit@3")
    fetch = commands.add_parser("fetch", help="download web pages into knowledge documents (sources/)")
    fetch.add_argument("urls", nargs="+", metavar="URL")
    fetch.add_argument(
        "--as-of", metavar="DATE", help="how old the text is (YYYY, YYYY-MM, YYYY-MM-DD); default today"
    )
    commands.add_parser("refresh", help="fetch every fetched document again; report unchanged, changed, gone")
    gaps = commands.add_parser("gaps", help="declined questions and 👎 passages, grouped by topic (STATE_DB)")
    gaps.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _check(settings: IndexSettings) -> int:
    from index_builder.build import chunk_knowledge
    from knowledge.chunking import ChunkingParams
    from knowledge.loader import load_knowledge, validate_knowledge
    from knowledge.phrasings import place_knowledge

    problems = validate_knowledge(settings.knowledge_dir)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    knowledge = load_knowledge(settings.knowledge_dir)
    # Curated questions land on a passage: with this build's chunking, each answer must sit inside one.
    chunks = chunk_knowledge(knowledge, ChunkingParams(max_words=settings.chunk_max_words))
    rows, problems = place_knowledge(knowledge, chunks, settings.knowledge_dir)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(
        f"OK: {len(knowledge.documents)} documents, {len(knowledge.timeline)} milestones, "
        f"{len(knowledge.infosheets)} InfoSheets, {len(knowledge.known_gaps)} known gaps, "
        f"{len(rows)} curated questions in {settings.knowledge_dir}"
    )
    return 0


def _build(settings: IndexSettings, gate: Path | None, *, force: bool, reuse: bool = True) -> int:
    from index_builder.build import build
    from index_builder.evaluate import load_questions

    questions = load_questions(gate) if gate is not None else None
    build(settings, gate=questions, force=force, reuse=reuse)
    return 0


def _eval(settings: IndexSettings, path: Path, *, as_json: bool, k: int) -> int:
    from index_builder.evaluate import evaluate, load_questions
    from index_builder.evaluate_medical import evaluate_medical, is_medical_file, load_medical_questions
    from knowledge.embedding import load_embedder
    from knowledge.exceptions import EmbedderError
    from knowledge.index_store import PublishedIndex, check_compatible
    from knowledge.loader import (
        GLOSSARY,
        KNOWN_GAPS,
        load_glossary,
        load_guard_examples,
        load_known_gaps,
    )

    if k < 1:
        raise QuestionsInvalid([f"--k must be at least 1, not {k}"])
    medical = load_medical_questions(path) if is_medical_file(path) else None  # lines with `expect`
    questions = load_questions(path) if medical is None else []
    index = PublishedIndex.open(settings.index_dir)
    embedder = load_embedder(settings.embedding_model)
    check_compatible(
        index.manifest, settings.index_dir, model_id=embedder.model_id, dimension=embedder.dimension
    )
    multilingual = None
    if index.manifest.multilingual_model_id:  # evaluate as the bot answers: other languages on those vectors
        try:
            multilingual = load_embedder(index.manifest.multilingual_model_id)
        except EmbedderError as exc:
            print(f"note: multilingual vectors not used: {exc}", file=sys.stderr)
    if medical is not None:
        examples = load_guard_examples(settings.knowledge_dir)[0]
        guard = evaluate_medical(
            index, embedder, medical, multilingual=multilingual, health_examples=examples
        )
        print(json.dumps(guard.as_json(), ensure_ascii=False) if as_json else "\n".join(guard.lines()))
        return 0
    result = evaluate(
        index,
        embedder,
        questions,
        multilingual=multilingual,
        k=k,
        max_false_refusals=settings.calibration_max_false_refusals,
        known_gaps=load_known_gaps(settings.knowledge_dir / KNOWN_GAPS)[0],
        health_examples=load_guard_examples(settings.knowledge_dir)[0],
        glossary=load_glossary(settings.knowledge_dir / GLOSSARY)[0],
    )
    if as_json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print("\n".join(result.lines()))
    return 0


def _policy(settings: IndexSettings) -> FetchPolicy:
    from index_builder.web import FetchPolicy

    return FetchPolicy(
        user_agent=settings.fetch_user_agent,
        timeout_seconds=settings.fetch_timeout_seconds,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
    )


NEXT_STEPS = "next: eppermed-index check && eppermed-index build (the bot loads the new index by itself)"


def _fetch(settings: IndexSettings, urls: list[str], as_of: str | None) -> int:
    from index_builder.fetch import fetch_urls
    from knowledge.models import DocumentMeta

    if as_of is not None:
        try:
            DocumentMeta.model_validate({"id": "x", "title": "x", "url": "https://x.org", "as_of": as_of})
        except ValueError as exc:
            raise FetchFailed(f"--as-of must be YYYY, YYYY-MM or YYYY-MM-DD, not {as_of!r}") from exc
    fetch_urls(urls, settings.knowledge_dir, _policy(settings), as_of=as_of, say=print)
    print(NEXT_STEPS)
    return 0


def _refresh(settings: IndexSettings) -> int:
    from index_builder.fetch import refresh

    results = refresh(settings.knowledge_dir, _policy(settings))
    for result in results:
        print(result.line())
    counts = {o: sum(r.outcome == o for r in results) for o in ("unchanged", "changed", "gone", "failed")}
    print(", ".join(f"{n} {o}" for o, n in counts.items()) + f" of {len(results)} fetched documents")
    if not results:
        print("nothing to refresh: no document was made by `eppermed-index fetch`")
    elif counts["changed"] or counts["gone"]:
        print(NEXT_STEPS)
    else:
        print("nothing changed: no build needed")
    return 1 if counts["failed"] else 0


def _gaps(settings: IndexSettings, *, as_json: bool) -> int:
    from knowledge.gaps_report import GapsReport, gaps_report, read_state

    report = GapsReport(enabled=False, retention_days=settings.unanswered_retention_days)
    if settings.keep_unanswered_questions:
        records = read_state(settings.state_db, retention_days=settings.unanswered_retention_days)
        embedder = _gaps_embedder(settings) if records.questions or records.down_votes else None
        report = GapsReport(enabled=True, retention_days=settings.unanswered_retention_days)
        if embedder is not None:
            report = gaps_report(
                records,
                embedder,
                enabled=True,
                retention_days=settings.unanswered_retention_days,
                chunks=_serving_chunks(settings) if records.down_votes else [],
            )
    print(json.dumps(report.as_json(), ensure_ascii=False) if as_json else "\n".join(report.lines()))
    return 0


def _gaps_embedder(settings: IndexSettings) -> Embedder:
    from knowledge.embedding import load_embedder

    return load_embedder(settings.embedding_model)


def _serving_chunks(settings: IndexSettings) -> list[Chunk]:
    """The passages of the serving index, to name the passages voted down; none when there is no index."""
    from knowledge.exceptions import IndexError_
    from knowledge.index_store import PublishedIndex

    try:
        return list(PublishedIndex.open(settings.index_dir).chunks)
    except IndexError_ as exc:
        print(f"note: passages voted down are shown by reference only: {exc}", file=sys.stderr)
        return []


def _dispatch(args: argparse.Namespace, settings: IndexSettings) -> int:
    if args.command == "check":
        return _check(settings)
    if args.command == "gaps":
        return _gaps(settings, as_json=args.json)
    if args.command == "fetch":
        return _fetch(settings, args.urls, args.as_of)
    if args.command == "refresh":
        return _refresh(settings)
    if args.command == "build":
        return _build(settings, args.gate, force=args.force, reuse=not args.no_reuse)
    return _eval(settings, args.questions, as_json=args.json, k=args.k)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (the console script exits with it)."""
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args, load_settings())
    except (QuestionsInvalid, KnowledgeInvalid) as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except (BuilderError, KnowledgeError) as exc:
        print(f"eppermed-index: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file or folder named in a setting or an argument cannot be used
        print(f"eppermed-index: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("eppermed-index: interrupted; the serving index is unchanged", file=sys.stderr)
        return 1
