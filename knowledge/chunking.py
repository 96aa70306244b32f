"""Structure-aware chunking: passages cut from a document's own text, never across a heading.

Chunk text is a verbatim slice of the body; headings go to `Chunk.heading`. A list stays whole when it
fits, else it is split between items; a sentence, a list item or a dated line is never cut.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from knowledge.models import Chunk, Document
from knowledge.sentences import LIST_ITEM, sentence_ends

CHUNKING_VERSION = 2  # bump when the cutting rules change, so every chunk is re-embedded
DEFAULT_MAX_WORDS = 140
HEADING_SEPARATOR = " > "

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_TABLE_ROW = re.compile(r"^\s*\|")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ENDS_CLAUSE = re.compile(r"[.!?;:”\"’)]\s*$")
_OVERFLOW = 1.25  # one block (a list, a paragraph group) up to 25% over max_words is kept whole, not split
_SHORT_LINE_WORDS = 12  # a shorter line without final punctuation (a date, a label) belongs to what follows


@dataclass(frozen=True)
class ChunkingParams:
    """How documents are cut; stored in the manifest so a change re-embeds everything."""

    max_words: int = DEFAULT_MAX_WORDS

    def as_manifest(self) -> dict[str, int]:
        return {"max_words": self.max_words, "version": CHUNKING_VERSION}


@dataclass
class _Unit:
    """An uncuttable span of the body: a sentence, a list item or a table row (offsets into the body)."""

    start: int
    end: int
    words: int
    glue: bool = False  # stays with the next unit (a date line, a label, an intro ending in ':')


@dataclass
class _Block:
    """A paragraph, list, table or code block under one heading path."""

    heading: tuple[str, ...]
    units: list[_Unit] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(u.words for u in self.units)


def _words(text: str) -> int:
    return len(text.split())


def _sentences(body: str, start: int, end: int) -> Iterator[_Unit]:
    """Sentences of a paragraph; a short line without final punctuation is glued to what follows."""
    text = body[start:end]
    cuts = [0, *sentence_ends(text)]
    line_start = 0
    for line_end in (m.start() for m in re.finditer(r"\n", text)):
        line = text[line_start:line_end]
        # after a clause, or after a short line without one (a label, a date): such a line is a unit
        # of its own that glues to what follows, so a run of them can be packed, not made one unit
        if _ENDS_CLAUSE.search(line) or _words(line) <= _SHORT_LINE_WORDS:
            cuts.append(line_end)
        line_start = line_end + 1
    cuts = [*sorted(set(cuts)), len(text)]
    for a, b in itertools.pairwise(cuts):
        piece = text[a:b]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = a + len(piece) - len(piece.lstrip())
        tail = b - (len(piece) - len(piece.rstrip()))
        yield _Unit(start + lead, start + tail, _words(stripped), glue=_glues(stripped))


def _glues(text: str) -> bool:
    last_line = text.splitlines()[-1]
    return text.rstrip().endswith(":") or (
        _words(last_line) <= _SHORT_LINE_WORDS and not _ENDS_CLAUSE.search(last_line)
    )


class _BlockReader:
    """Reads a body line by line into blocks; headings update the path and are not block text."""

    def __init__(self, body: str, title: str) -> None:
        self.body = body
        self.title = title
        self.blocks: list[_Block] = []
        self.stack: list[tuple[int, str]] = []
        self.current: _Block | None = None
        self.kind = ""  # "para", "list", "table" or "code" for the open block
        self.para_start = -1

    def read(self) -> list[_Block]:
        offset = 0
        for line in self.body.splitlines(keepends=True):
            start, end = offset, offset + len(line.rstrip("\r\n"))
            offset += len(line)
            self._line(start, end, self.body[start:end])
        self._close_paragraph(len(self.body))
        self._close()
        return _merge_glued(self.blocks)

    def _line(self, start: int, end: int, content: str) -> None:
        if self.kind == "code":
            self._extend_last(end, content)
            if _FENCE.match(content):
                self._close()
        elif not content.strip():
            self._close_paragraph(start)
            self._close()
        elif match := _HEADING.match(content):
            self._close_paragraph(start)
            self._close()
            level = len(match.group(1))
            self.stack = [(lvl, text) for lvl, text in self.stack if lvl < level] + [(level, match.group(2))]
        elif _FENCE.match(content):
            self._add_row("code", start, end, content)
        elif LIST_ITEM.match(content) or _TABLE_ROW.match(content):
            self._add_row("list" if LIST_ITEM.match(content) else "table", start, end, content)
        elif self.kind in ("list", "table") and content[:1].isspace():
            self._extend_last(end, content)  # an indented continuation line belongs to its item
        else:
            if self.kind in ("list", "table"):
                self._close()
            self._open()
            if self.para_start < 0:
                self.para_start = start
            self.kind = "para"

    def _open(self) -> _Block:
        if self.current is None:
            self.current = _Block(tuple(text for _, text in self.stack) or (self.title,))
        return self.current

    def _add_row(self, kind: str, start: int, end: int, content: str) -> None:
        self._close_paragraph(start)
        if self.kind not in ("", "para", kind):
            self._close()
        self._open().units.append(_Unit(start, end, _words(content)))
        self.kind = kind

    def _extend_last(self, end: int, content: str) -> None:
        unit = self._open().units[-1]
        unit.end = end
        unit.words += _words(content)

    def _close_paragraph(self, end: int) -> None:
        if self.para_start >= 0:
            self._open().units.extend(_sentences(self.body, self.para_start, end))
        self.para_start = -1

    def _close(self) -> None:
        if self.current is not None and self.current.units:
            self.blocks.append(self.current)
        self.current, self.kind = None, ""


def _merge_glued(blocks: list[_Block]) -> list[_Block]:
    """A block whose last unit glues (an intro ending in ':', a date line) joins the next block."""
    merged: list[_Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if previous and previous.units[-1].glue and previous.heading == block.heading:
            previous.units.extend(block.units)
        else:
            merged.append(block)
    return merged


def _atoms(units: list[_Unit], max_words: int) -> list[list[_Unit]]:
    """Units chained by glue, kept together up to max_words (a run of short lines would chain without end)."""
    atoms: list[list[_Unit]] = []
    for unit in units:
        if atoms and atoms[-1][-1].glue and sum(u.words for u in atoms[-1]) + unit.words <= max_words:
            atoms[-1].append(unit)
        else:
            atoms.append([unit])
    return atoms


def _pack(blocks: list[_Block], max_words: int) -> Iterator[tuple[tuple[str, ...], list[_Unit]]]:
    """Blocks packed into pieces of at most ~max_words; a block too long alone is split between atoms."""
    piece: list[_Unit] = []
    heading: tuple[str, ...] = ()
    for block in blocks:
        words = sum(u.words for u in piece)
        if piece and (block.heading != heading or words + block.words > max_words):
            yield heading, piece
            piece = []
        heading = block.heading
        atoms = _atoms(block.units, max_words)
        if block.words <= max_words * _OVERFLOW or len(atoms) == 1:
            piece.extend(block.units)  # it fits beside what is there, or alone (then `piece` is empty)
            continue
        target = block.words / math.ceil(block.words / max_words)  # balanced parts, no tiny tail
        for atom in atoms:
            atom_words = sum(u.words for u in atom)
            size = sum(u.words for u in piece)
            if piece and (size + atom_words > max_words or size >= target):
                yield heading, piece
                piece = []
            piece.extend(atom)
    if piece:
        yield heading, piece


def content_hash(heading: str, text: str) -> str:
    """What identifies a chunk's embedding input: sha256 of heading and text."""
    return hashlib.sha256(f"{heading}\n{text}".encode()).hexdigest()


def chunk_document(document: Document, params: ChunkingParams | None = None) -> list[Chunk]:
    """The chunks of one document, in order, with stable ids `<doc_id>#<ordinal>`."""
    max_words = (params or ChunkingParams()).max_words
    body = document.body
    chunks = []
    for ordinal, (path, units) in enumerate(_pack(_BlockReader(body, document.meta.title).read(), max_words)):
        heading = HEADING_SEPARATOR.join(path)
        text = body[units[0].start : units[-1].end]
        chunks.append(
            Chunk(
                chunk_id=f"{document.id}#{ordinal}",
                doc_id=document.id,
                title=document.meta.title,
                url=str(document.meta.url),
                as_of=document.meta.as_of,
                heading=heading,
                text=text,
                ordinal=ordinal,
                content_hash=content_hash(heading, text),
            )
        )
    return chunks
