"""Load and validate the knowledge folder: documents in `sources/`, `timeline.yaml`, `infosheets.yaml`,
`known_gaps.yaml` and `questions.yaml` (both optional).

Validation collects every problem (`file:line: reason`) instead of stopping at the first, so a maintainer
fixes a folder in one pass; `load_knowledge` refuses a folder with any problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from knowledge.exceptions import KnowledgeInvalid, Problem
from knowledge.lexical import tokenize
from knowledge.models import (
    AskedQuestions,
    Document,
    DocumentMeta,
    GlossaryEntry,
    HealthExamples,
    InfoSheet,
    KnownGap,
    Milestone,
    Phrasing,
)
from knowledge.readers import (
    FieldReport,
    ReadFailure,
    YamlTree,
    html_to_text,
    parse_yaml,
    pdf_to_text,
    read_utf8,
    split_front_matter,
)

SOURCES = "sources"
TIMELINE = "timeline.yaml"
INFOSHEETS = "infosheets.yaml"
KNOWN_GAPS = "known_gaps.yaml"
HEALTH_EXAMPLES = "health_examples.yaml"
HEALTH_ASKED = "health_asked.yaml"  # questions people asked, labelled for the guard, in the same format
GLOSSARY = "glossary.yaml"
PHRASINGS = "questions.yaml"
ASKED = "asked.yaml"
ASKED_ANSWERS = "asked_answers.yaml"  # answered questions people asked, in the format of questions.yaml
SIDECAR_SUFFIX = ".meta.yaml"
MARKDOWN_SUFFIXES = frozenset({".md"})
SIDECAR_SUFFIXES = frozenset({".txt", ".html", ".htm", ".pdf"})
INFOSHEET_NUMBERS = range(1, 8)
_SUPPORTED = ", ".join(sorted(MARKDOWN_SUFFIXES | SIDECAR_SUFFIXES))
_META_FIELDS = tuple(DocumentMeta.model_fields)
_Model = TypeVar("_Model", bound=BaseModel)


@dataclass(frozen=True)
class Knowledge:
    """Everything the bot knows: validated documents, the timeline and the InfoSheets."""

    documents: tuple[Document, ...]  # sorted by id
    timeline: tuple[Milestone, ...]  # sorted by date (stable)
    infosheets: tuple[InfoSheet, ...]  # sorted by number
    known_gaps: tuple[KnownGap, ...] = ()  # in file order
    phrasings: tuple[Phrasing, ...] = ()  # in file order
    asked_answers: tuple[Phrasing, ...] = ()  # questions people asked, placed like the curated ones
    health_examples: tuple[HealthExamples, ...] = ()  # the medical guard's, one entry a language
    asked: tuple[AskedQuestions, ...] = ()  # questions people asked, answered and not covered

    def document(self, doc_id: str) -> Document:
        """The document with this id; KeyError names the id when there is none."""
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


def validate_knowledge(folder: Path) -> list[Problem]:
    """Every problem of a knowledge folder, sorted; empty when it loads. Never raises for bad content."""
    return _read(folder)[1]


def load_knowledge(folder: Path, *, phrasings: bool = True) -> Knowledge:
    """The knowledge of a folder; raises KnowledgeInvalid listing every problem when anything is wrong.

    `phrasings=False` skips questions.yaml: the bot reads the curated questions from the published index,
    so a file gone stale after a document changed must not stop it (check and build still refuse it).
    """
    knowledge, problems = _read(folder, phrasings=phrasings)
    if problems:
        raise KnowledgeInvalid(problems)
    return knowledge


def _read(folder: Path, *, phrasings: bool = True) -> tuple[Knowledge, list[Problem]]:
    if not folder.is_dir():
        return Knowledge((), (), ()), [Problem(folder, 1, "knowledge folder not found")]
    gaps, gap_problems = load_known_gaps(folder / KNOWN_GAPS)
    examples, example_problems = load_guard_examples(folder)
    # the bot reads the asked questions from the published index, as it does the curated ones
    asked, asked_problems = load_asked(folder / ASKED) if phrasings else ([], [])
    _glossary, glossary_problems = load_glossary(folder / GLOSSARY)
    documents, problems = load_documents(folder / SOURCES)
    timeline, timeline_problems = load_timeline(folder / TIMELINE)
    infosheets, infosheet_problems = load_infosheets(folder / INFOSHEETS)
    curated, phrasing_problems = load_phrasings(folder / PHRASINGS, documents) if phrasings else ([], [])
    answers, answer_problems = load_phrasings(folder / ASKED_ANSWERS, documents) if phrasings else ([], [])
    knowledge = Knowledge(
        documents=tuple(sorted(documents, key=lambda doc: doc.id)),
        timeline=tuple(sorted(timeline, key=lambda milestone: milestone.sort_key)),
        infosheets=tuple(sorted(infosheets, key=lambda sheet: sheet.number)),
        known_gaps=tuple(gaps),
        phrasings=tuple(curated),
        asked_answers=tuple(answers),
        health_examples=tuple(examples),
        asked=tuple(asked),
    )
    problems += asked_problems
    problems += timeline_problems + infosheet_problems + gap_problems + example_problems + glossary_problems
    problems += phrasing_problems + answer_problems
    problems += _contradictions(folder, curated, answers, asked)
    return knowledge, sorted(problems)


# Documents -----------------------------------------------------------------------------------------------


def load_documents(sources: Path) -> tuple[list[Document], list[Problem]]:
    """Read every document of a sources folder (Markdown with front matter, or text/HTML/PDF + sidecar)."""
    if not sources.is_dir():
        return [], [Problem(sources, 1, "sources folder not found")]
    documents: list[Document] = []
    problems: list[Problem] = []
    files = sorted(path for path in sources.iterdir() if not path.name.startswith("."))
    names = {path.name for path in files}
    for path in files:
        if path.name == "README.md":
            continue
        if path.is_dir():
            problems.append(Problem(path, 1, "sub-folders are not read: put documents directly in sources/"))
            continue
        if path.name.endswith(SIDECAR_SUFFIX):
            problems += _check_sidecar(path, names)
            continue
        suffix = path.suffix.lower()
        if suffix in MARKDOWN_SUFFIXES:
            doc, found = _read_markdown(path, sources)
        elif suffix in SIDECAR_SUFFIXES:
            doc, found = _read_with_sidecar(path, sources)
        else:
            doc, found = (
                None,
                [Problem(path, 1, f"unsupported file type '{suffix or path.name}' ({_SUPPORTED})")],
            )
        problems += found
        if doc is not None:
            documents.append(doc)
    if not documents and not problems:
        problems.append(Problem(sources, 1, "no documents: add at least one .md file"))
    problems += _duplicate_ids(documents, sources)
    return documents, problems


def _check_sidecar(sidecar: Path, names: set[str]) -> list[Problem]:
    """A sidecar belongs to a text, HTML or PDF file beside it; Markdown carries its own front matter."""
    target = sidecar.name.removesuffix(SIDECAR_SUFFIX)
    if target not in names:
        return [Problem(sidecar, 1, f"sidecar without its file: {target}")]
    if Path(target).suffix.lower() in MARKDOWN_SUFFIXES:
        return [
            Problem(sidecar, 1, f"{target} has front matter: put these fields there and delete this sidecar")
        ]
    return []


def _read_markdown(path: Path, sources: Path) -> tuple[Document | None, list[Problem]]:
    try:
        front = split_front_matter(read_utf8(path))
    except ReadFailure as failure:
        return None, [Problem(path, failure.line, failure.reason)]
    try:
        tree = parse_yaml(front.yaml_text)
    except ReadFailure as failure:
        return None, [Problem(path, failure.line + front.yaml_line - 1, failure.reason)]
    fence = front.yaml_line - 1
    meta, problems = _meta(tree, path, "front-matter", line_offset=fence, default_line=fence)
    return _document(meta, front.body, path, sources, problems, body_line=front.body_line)


def _read_with_sidecar(path: Path, sources: Path) -> tuple[Document | None, list[Problem]]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    problems: list[Problem] = []
    meta: DocumentMeta | None = None
    if not sidecar.is_file():
        problems.append(Problem(path, 1, f"missing sidecar {sidecar.name} with the document's metadata"))
    else:
        try:
            tree = parse_yaml(read_utf8(sidecar))
        except ReadFailure as failure:
            problems.append(Problem(sidecar, failure.line, failure.reason))
        else:
            meta, found = _meta(tree, sidecar, "sidecar", line_offset=0, default_line=1)
            problems += found
    try:
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            body = pdf_to_text(path)
        elif suffix in {".html", ".htm"}:
            body = html_to_text(read_utf8(path))
        else:
            body = read_utf8(path)
    except ReadFailure as failure:
        return None, [*problems, Problem(path, failure.line, failure.reason)]
    return _document(meta, body, path, sources, problems, body_line=1)


def _meta(
    tree: YamlTree, path: Path, kind: str, *, line_offset: int, default_line: int
) -> tuple[DocumentMeta | None, list[Problem]]:
    """Validate metadata; YAML lines are shifted by `line_offset` to become lines of `path`."""
    if not isinstance(tree.data, dict):
        got = "nothing" if tree.data is None else type(tree.data).__name__
        return None, [Problem(path, default_line, f"{kind} must be a mapping of fields, not {got}")]
    problems = [
        Problem(
            path, line + line_offset, f"duplicate {kind} field '{name}' (first on line {first + line_offset})"
        )
        for name, line, first in tree.duplicate_keys()
    ]
    lines = {name: line + line_offset for name, line in tree.key_lines().items()}
    report = FieldReport(kind, lines, default_line, _META_FIELDS)
    meta, found = _validate(DocumentMeta, tree.data, path, report)
    return meta, problems + found


def _document(
    meta: DocumentMeta | None,
    body: str,
    path: Path,
    sources: Path,
    problems: list[Problem],
    *,
    body_line: int,
) -> tuple[Document | None, list[Problem]]:
    if not body.strip():
        problems.append(Problem(path, body_line, "empty document: no text besides the metadata"))
    if meta is None or problems:
        return None, problems
    relative = f"{sources.name}/{path.relative_to(sources).as_posix()}"
    return Document(meta=meta, body=body, path=relative, body_line=body_line), problems


def _duplicate_ids(documents: list[Document], sources: Path) -> list[Problem]:
    first: dict[str, Document] = {}
    problems: list[Problem] = []
    for doc in documents:
        if doc.id in first:
            other = first[doc.id].path
            reason = f"duplicate id '{doc.id}': also used by {other} (ids must be unique)"
            problems.append(Problem(sources.parent / doc.path, 1, reason))
        else:
            first[doc.id] = doc
    return problems


# Timeline and InfoSheets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry(Generic[_Model]):
    """A validated entry of a YAML list file, with where it stands for later cross-checks."""

    value: _Model
    index: int  # 1-based position in the file
    line: int


def load_timeline(path: Path) -> tuple[list[Milestone], list[Problem]]:
    """Read timeline.yaml: a list of milestones (date YYYY-MM, title, description, url, status, when)."""

    def label(index: int, data: dict[object, object]) -> str:
        title = data.get("title")
        return f"timeline entry {index}" + (f" ({title})" if isinstance(title, str) else "")

    entries, problems = _read_list(path, Milestone, "milestone", label)
    seen: dict[tuple[str, str], _Entry[Milestone]] = {}
    for entry in entries:
        key = (str(entry.value.date), entry.value.title)
        if key in seen:
            first = seen[key]
            reason = (
                f"duplicate milestone {key[0]} '{key[1]}': same as entry {first.index} (line {first.line})"
            )
            problems.append(Problem(path, entry.line, reason))
        seen.setdefault(key, entry)
    return [entry.value for entry in entries], problems


def load_infosheets(path: Path) -> tuple[list[InfoSheet], list[Problem]]:
    """Read infosheets.yaml: the seven InfoSheets (number 1-7, title, url), each number once."""

    def label(index: int, data: dict[object, object]) -> str:
        number = data.get("number")
        return f"InfoSheet entry {index}" + (f" (number {number})" if number is not None else "")

    entries, problems = _read_list(path, InfoSheet, "InfoSheet", label)
    numbers: dict[int, _Entry[InfoSheet]] = {}
    for entry in entries:
        number = entry.value.number
        if number in numbers:
            first = numbers[number]
            reason = f"duplicate InfoSheet number {number}: also '{first.value.title}' on line {first.line}"
            problems.append(Problem(path, entry.line, reason))
        numbers.setdefault(number, entry)
    if entries and not problems:
        missing = [str(number) for number in INFOSHEET_NUMBERS if number not in numbers]
        if missing:
            reason = f"missing InfoSheet number(s) {', '.join(missing)} (expected 1-7)"
            problems.append(Problem(path, 1, reason))
    return [entry.value for entry in entries], problems


def load_known_gaps(path: Path) -> tuple[list[KnownGap], list[Problem]]:
    """Read known_gaps.yaml (optional: no file, no gaps): topics the material does not cover, each id once,
    each term with at least one searchable word."""
    if not path.exists():
        return [], []

    def label(index: int, data: dict[object, object]) -> str:
        gap_id = data.get("id")
        return f"known gap {index}" + (f" ({gap_id})" if isinstance(gap_id, str) else "")

    entries, problems = _read_list(path, KnownGap, "known gap", label)
    ids: dict[str, _Entry[KnownGap]] = {}
    for entry in entries:
        gap = entry.value
        if gap.id in ids:
            reason = f"duplicate known gap id '{gap.id}': also on line {ids[gap.id].line}"
            problems.append(Problem(path, entry.line, reason))
        ids.setdefault(gap.id, entry)
        for term in gap.terms:
            if not tokenize(term):
                reason = f"known gap '{gap.id}': term {term!r} has no searchable word (only function words)"
                problems.append(Problem(path, entry.line, reason))
    return [entry.value for entry in entries], problems


def load_glossary(path: Path) -> tuple[list[GlossaryEntry], list[Problem]]:
    """Read glossary.yaml (optional: no file, no entries): each English word once, with a word of another
    language or of everyday English."""
    entries, problems = _read_keyed(path, GlossaryEntry, "glossary", "en", "duplicate glossary entry")
    for entry in entries:
        value = entry.value
        if not (value.de or value.fr or value.es or value.it or value.everyday):
            reason = f"glossary entry '{value.en}' names no word of de, fr, es, it or everyday"
            problems.append(Problem(path, entry.line, reason))
        for word in value.everyday:
            if (
                not word.replace("...", " ").strip()
                or word.strip().startswith("...")
                or word.strip().endswith("...")
            ):
                reason = (
                    f"glossary entry '{value.en}': everyday word {word!r} needs words on both sides of '...'"
                )
                problems.append(Problem(path, entry.line, reason))
    return [entry.value for entry in entries], problems


def load_health_examples(path: Path) -> tuple[list[HealthExamples], list[Problem]]:
    """Read health_examples.yaml (optional: no file, no examples): one entry a language, each language once."""
    entries, problems = _read_keyed(path, HealthExamples, "examples", "lang", "duplicate language")
    return [entry.value for entry in entries], problems


def load_guard_examples(folder: Path) -> tuple[list[HealthExamples], list[Problem]]:
    """The medical guard's examples: the worded ones (health_examples.yaml), then the questions people asked
    (health_asked.yaml); both optional. A question under two kinds, in one file or across the two, is a
    problem: it would pull a message both ways."""
    curated, problems = load_health_examples(folder / HEALTH_EXAMPLES)
    asked, asked_problems = load_health_examples(folder / HEALTH_ASKED)
    problems += asked_problems
    kinds: dict[str, tuple[str, str, str]] = {}  # folded question -> (kind, file, question)
    for name, blocks in ((HEALTH_EXAMPLES, curated), (HEALTH_ASKED, asked)):
        for block in blocks:
            for kind in ("personal", "stakeholder", "everyday"):
                for question in getattr(block, kind):
                    key = collapse_spaces(question).casefold()
                    kind_seen, file_seen, as_seen = kinds.setdefault(key, (kind, name, question))
                    if kind_seen != kind:
                        line = _line_of(folder / name, question, last=True)
                        reason = (
                            f"{block.lang} question {question!r} is {kind} here and {kind_seen} in "
                            f"{file_seen} (line {_line_of(folder / file_seen, as_seen)}); keep one"
                        )
                        problems.append(Problem(folder / name, line, reason))
    return [*curated, *asked], problems


def _line_of(path: Path, question: str, *, last: bool = False) -> int:
    """The line of a file's list item that is `question` (plain, or in quotes with their escapes), the first
    or the last such line; 1 when none is or the file cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    forms = {question, f'"{question}"', "'" + question.replace("'", "''") + "'"}
    found = [n for n, line in enumerate(lines, 1) if line.strip().removeprefix("- ").strip() in forms]
    if not found:
        return 1
    return found[-1] if last else found[0]


def load_asked(path: Path) -> tuple[list[AskedQuestions], list[Problem]]:
    """Read asked.yaml (optional: no file, no vote): one entry a label, each label once, and no question
    under both (or twice under one: a copy weighs nothing, a contradiction decides nothing)."""
    entries, problems = _read_keyed(path, AskedQuestions, "asked", "label", "duplicate label")
    where: dict[str, tuple[str, int]] = {}
    for entry in entries:
        for question in entry.value.questions:
            key = collapse_spaces(question).casefold()
            if key in where:
                label, line = where[key]
                same = "again" if label == entry.value.label else f"also under {label}"
                reason = f"question {question!r} given {same} (entry on line {line}); keep it once"
                problems.append(Problem(path, entry.line, reason))
            where.setdefault(key, (entry.value.label, entry.line))
    return [entry.value for entry in entries], problems


def _contradictions(
    folder: Path, curated: Sequence[Phrasing], answers: Sequence[Phrasing], asked: Sequence[AskedQuestions]
) -> list[Problem]:
    """A question both answered (questions.yaml, asked_answers.yaml) and not covered (asked.yaml), or given in
    both answered files: one file must go."""

    def key(question: str) -> str:
        return collapse_spaces(question).casefold()

    problems = []
    curated_keys = {key(q) for entry in curated for q in entry.questions}
    for entry in answers:
        for question in entry.questions:
            if key(question) in curated_keys:
                reason = f"question {question!r} is in {PHRASINGS} already; keep it in one file"
                problems.append(Problem(folder / ASKED_ANSWERS, 1, reason))
    answer_keys = {key(q) for entry in answers for q in entry.questions}
    for group in asked:
        if group.label != "not_covered":
            continue
        for question in group.questions:
            where = [
                name
                for name, keys in ((PHRASINGS, curated_keys), (ASKED_ANSWERS, answer_keys))
                if key(question) in keys
            ]
            if where:
                reason = (
                    f"question {question!r} is not_covered here but answered in {where[0]}; label it once"
                )
                problems.append(Problem(folder / ASKED, 1, reason))
    return problems


def _read_keyed(
    path: Path, model: type[_Model], kind: str, key: str, duplicate: str
) -> tuple[list[_Entry[_Model]], list[Problem]]:
    """An optional list file whose entries are named by one field, each name once (`duplicate` says so)."""
    if not path.exists():
        return [], []

    def label(index: int, data: dict[object, object]) -> str:
        name = data.get(key)
        return f"{kind} entry {index}" + (f" ({name})" if isinstance(name, str) else "")

    entries, problems = _read_list(path, model, kind, label)
    seen: dict[str, int] = {}
    for entry in entries:
        name = str(getattr(entry.value, key))
        if name in seen:
            problems.append(Problem(path, entry.line, f"{duplicate} '{name}': also on line {seen[name]}"))
        seen.setdefault(name, entry.line)
    return entries, problems


def load_phrasings(path: Path, documents: Sequence[Document]) -> tuple[list[Phrasing], list[Problem]]:
    """Read questions.yaml (optional: no file, no phrasings): each entry names a document that exists, its
    `answer` stands verbatim in that document's body, and no question is given twice."""
    if not path.exists():
        return [], []

    def label(index: int, data: dict[object, object]) -> str:
        document = data.get("document")
        return f"entry {index}" + (f" ({document})" if isinstance(document, str) else "")

    entries, problems = _read_list(path, Phrasing, "questions", label)
    bodies = {doc.id: collapse_spaces(doc.body) for doc in documents}
    seen: dict[str, int] = {}
    for entry in entries:
        phrasing = entry.value
        name = f"entry {entry.index} ({phrasing.document})"
        body = bodies.get(phrasing.document)
        if body is None:
            known = ", ".join(sorted(bodies)) or "none"
            reason = f"{name}: no document with id '{phrasing.document}' in sources/ (ids: {known})"
            problems.append(Problem(path, entry.line, reason))
        elif collapse_spaces(phrasing.answer) not in body:
            reason = f"{name}: answer {phrasing.answer!r} is not in the document's text word for word"
            problems.append(Problem(path, entry.line, reason))
        for question in phrasing.questions:
            key = collapse_spaces(question.casefold())
            if key in seen:
                reason = f"{name}: question {question!r} is given twice (also in entry {seen[key]})"
                problems.append(Problem(path, entry.line, reason))
            seen.setdefault(key, entry.index)
    return [entry.value for entry in entries], problems


def collapse_spaces(text: str) -> str:
    """Runs of white space as one space: an answer phrase may break lines differently from the body."""
    return " ".join(text.split())


def _read_list(
    path: Path,
    model: type[_Model],
    kind: str,
    label: Callable[[int, dict[object, object]], str],
) -> tuple[list[_Entry[_Model]], list[Problem]]:
    """Validate each entry of a YAML list file against a model, with the line of each wrong field."""
    if not path.is_file():
        return [], [Problem(path, 1, f"missing {path.name}: the knowledge folder needs it")]
    try:
        tree = parse_yaml(read_utf8(path))
    except ReadFailure as failure:
        return [], [Problem(path, failure.line, failure.reason)]
    if not isinstance(tree.data, list):
        got = "nothing" if tree.data is None else type(tree.data).__name__
        return [], [Problem(path, 1, f"{path.name} must be a list of entries ('- ' items), not {got}")]
    entries: list[_Entry[_Model]] = []
    problems: list[Problem] = []
    for index, (data, node) in enumerate(zip(tree.data, tree.items(), strict=True), 1):
        line = node.start_mark.line + 1
        if not isinstance(data, dict):
            problems.append(Problem(path, line, f"{kind} entry {index} must be a mapping of fields"))
            continue
        name = label(index, data)
        for key, key_line, first in tree.duplicate_keys(node):
            reason = f"{name}: duplicate field '{key}' (first on line {first})"
            problems.append(Problem(path, key_line, reason))
        if kind == "milestone" and "date" not in data:
            problems.append(Problem(path, line, f"{name} has no date (YYYY-MM)"))
            continue
        report = FieldReport(kind, tree.key_lines(node), line, tuple(model.model_fields))
        value, found = _validate(model, data, path, report, prefix=f"{name}: ")
        problems += found
        if value is not None:
            entries.append(_Entry(value, index, line))
    return entries, problems


def _validate(
    model: type[_Model], data: object, path: Path, report: FieldReport, prefix: str = ""
) -> tuple[_Model | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [Problem(path, error.line, prefix + error.reason) for error in report.errors(exc)]


__all__ = [
    "GLOSSARY",
    "HEALTH_ASKED",
    "HEALTH_EXAMPLES",
    "INFOSHEETS",
    "KNOWN_GAPS",
    "PHRASINGS",
    "SOURCES",
    "TIMELINE",
    "Knowledge",
    "load_documents",
    "load_glossary",
    "load_guard_examples",
    "load_health_examples",
    "load_infosheets",
    "load_knowledge",
    "load_known_gaps",
    "load_phrasings",
    "load_timeline",
    "validate_knowledge",
]
