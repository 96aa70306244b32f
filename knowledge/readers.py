"""Readers for the raw knowledge files: UTF-8 text, front matter, line-tracking YAML, HTML and PDF text.

They turn third-party errors into `ReadFailure(line, reason)` so the loader can report `file:line: reason`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path

import yaml
from pydantic import ValidationError

FENCE = "---"
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl"),
        *("dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "html", "main", "ol", "p"),
        *("pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    }
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_DROPPED = ("script", "style", "nav", "noscript", "template", "head")
_SPACES = re.compile(r"\s+")


class ReadFailure(Exception):
    """A file cannot be read as it should; `line` is 1-based within the file."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def read_utf8(path: Path) -> str:
    """Read a text file as UTF-8 (a BOM is allowed); name the first bad byte when it is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadFailure(1, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ReadFailure(
            line, f"not UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start} ({exc.reason})"
        ) from exc


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file cut in two: the YAML between the `---` fences and the body below them."""

    yaml_text: str
    yaml_line: int  # file line of the first YAML line (the line after the opening fence)
    body: str
    body_line: int  # file line of the first non-blank body line (the closing fence if none)


def split_front_matter(text: str) -> FrontMatter:
    """Cut the front matter off a Markdown text; raise ReadFailure when it is missing or unclosed."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != FENCE:
        raise ReadFailure(
            (first or 0) + 1,
            "missing front matter: the file must start with a '---' line, the fields, and a closing '---'",
        )
    closing = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == FENCE), None)
    if closing is None:
        raise ReadFailure(
            first + 1, f"unclosed front matter: the '---' on line {first + 1} has no closing '---'"
        )
    body_lines = lines[closing + 1 :]
    blank = next((i for i, line in enumerate(body_lines) if line.strip()), len(body_lines))
    return FrontMatter(
        yaml_text="\n".join(lines[first + 1 : closing]),
        yaml_line=first + 2,
        body="\n".join(body_lines),
        body_line=closing + 2 + blank if blank < len(body_lines) else closing + 1,  # empty: the fence
    )


@dataclass(frozen=True)
class YamlTree:
    """Parsed YAML with the line of every mapping key and sequence item (1-based, relative to the text)."""

    data: object
    node: yaml.Node | None

    def key_lines(self, node: yaml.Node | None = None) -> dict[str, int]:
        """Line of each key of a mapping node (first occurrence), and of list items as `key[i]`."""
        target = self.node if node is None else node
        lines: dict[str, int] = {}
        if isinstance(target, yaml.MappingNode):
            for key, value in target.value:
                lines.setdefault(str(key.value), key.start_mark.line + 1)
                if isinstance(value, yaml.SequenceNode):
                    for index, item in enumerate(value.value):
                        lines.setdefault(f"{key.value}[{index}]", item.start_mark.line + 1)
        return lines

    def duplicate_keys(self, node: yaml.Node | None = None) -> list[tuple[str, int, int]]:
        """(key, line, first line) for each key of a mapping node that repeats an earlier key."""
        target = self.node if node is None else node
        seen: dict[str, int] = {}
        duplicates: list[tuple[str, int, int]] = []
        if isinstance(target, yaml.MappingNode):
            for key, _value in target.value:
                name, line = str(key.value), key.start_mark.line + 1
                if name in seen:
                    duplicates.append((name, line, seen[name]))
                else:
                    seen[name] = line
        return duplicates

    def items(self) -> list[yaml.Node]:
        """The item nodes of a top-level sequence, in order."""
        return list(self.node.value) if isinstance(self.node, yaml.SequenceNode) else []


class _BadValue(yaml.constructor.ConstructorError):
    """A scalar YAML recognises but cannot build, such as the impossible date 2023-02-30."""


_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when PyYAML has it: health_asked.yaml's 4,700 lines parse in a tenth of
    the time), with impossible dates reported on their line instead of as a bare ValueError."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> date:
        try:
            built: date = super().construct_yaml_timestamp(node)
            return built
        except ValueError as exc:
            raise _BadValue(None, None, f"bad date {node.value!r}: {exc}", node.start_mark) from exc


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _SafeLoader.construct_yaml_timestamp)


def parse_yaml(text: str) -> YamlTree:
    """Parse one YAML document safely, keeping the node tree; raise ReadFailure with the error's line."""
    loader: _SafeLoader | None = None
    try:
        loader = _SafeLoader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        line = _line_at(text, exc.position)
        raise ReadFailure(line, f"character {_character(exc.character)} not allowed in YAML") from exc
    except _BadValue as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else 1
        raise ReadFailure(line, str(exc.problem)) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        detail = ": ".join(part for part in (exc.context, exc.problem) if part)
        raise ReadFailure(line, f"YAML syntax error: {detail or exc}") from exc
    except yaml.YAMLError as exc:
        raise ReadFailure(1, f"YAML error: {exc}") from exc
    finally:
        if loader is not None:
            loader.dispose()
    return YamlTree(data, node)


def _line_at(text: str, position: int) -> int:
    """The line of a reader error's position: bytes of UTF-8 for libyaml, characters for PyYAML's reader."""
    if _BASE_LOADER is yaml.SafeLoader:
        return text[:position].count("\n") + 1
    return text.encode("utf-8")[:position].count(b"\n") + 1


def _character(found: object) -> str:
    """A reader error's character in the U+0007 form (libyaml gives its code point, PyYAML the character)."""
    code = found if isinstance(found, int) else ord(str(found)[:1] or "\0")
    return f"U+{code:04X}"


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: headings as `#` lines, list items as `- ` lines, blocks as paragraphs."""
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    out: list[str] = []
    buffer: list[str] = []

    def flush(prefix: str = "") -> None:
        text = _SPACES.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if text:
            out.append(prefix + text)

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # skip comments, doctypes and CDATA
                    buffer.append(str(child))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name in _HEADINGS:
                    flush()
                    buffer.append(child.get_text(" "))
                    flush("#" * _HEADINGS[name] + " ")
                elif name == "li":
                    flush()
                    nested = list(child.find_all(["ul", "ol"], recursive=False))
                    for sub in nested:
                        sub.extract()
                    buffer.append(child.get_text(" "))
                    flush("- ")
                    for sub in nested:
                        walk(sub)
                elif name == "br":
                    flush()
                elif name in _BLOCKS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(soup)
    flush()
    return "\n\n".join(out)


def pdf_to_text(path: Path) -> str:
    """Text of every page of a PDF; raise ReadFailure when it cannot be read or holds no text."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its warnings about damaged files would clutter `check`; we report them
    try:
        reader = PdfReader(BytesIO(path.read_bytes()))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, OSError) as exc:
        raise ReadFailure(1, f"cannot read PDF: {exc}") from exc
    except Exception as exc:  # pypdf raises many kinds of error on malformed files; none may escape `check`
        raise ReadFailure(1, f"cannot read PDF: {type(exc).__name__}: {exc}") from exc
    finally:
        quiet.setLevel(level)
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise ReadFailure(1, f"PDF has no extractable text ({len(pages)} page(s); a scanned image needs OCR)")
    return text


@dataclass(frozen=True)
class FieldError:
    """One pydantic error as a maintainer reads it: which field, on which line, what is wrong."""

    line: int
    reason: str


@dataclass
class FieldReport:
    """Translates a pydantic ValidationError on one YAML mapping into `FieldError`s with lines."""

    kind: str  # "front-matter", "sidecar", "milestone", "InfoSheet"
    key_lines: dict[str, int]
    default_line: int
    allowed: tuple[str, ...] = field(default=())

    def errors(self, exc: ValidationError) -> list[FieldError]:
        found: list[FieldError] = []
        for error in exc.errors():
            loc = error.get("loc", ())
            name = str(loc[0]) if loc else ""
            where = name + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc[1:])
            line = self.key_lines.get(where, self.key_lines.get(name, self.default_line))
            kind, message = error["type"], str(error["msg"]).removeprefix("Value error, ")
            if kind == "missing":
                found.append(FieldError(self.default_line, f"missing {self.kind} field '{name}'"))
            elif kind == "extra_forbidden":
                allowed = f" (allowed: {', '.join(self.allowed)})" if self.allowed else ""
                found.append(FieldError(line, f"unknown {self.kind} field '{name}'{allowed}"))
            elif kind.startswith("url_"):
                found.append(FieldError(line, f"bad url in '{where}': {error.get('input')!r}: {message}"))
            else:
                found.append(FieldError(line, f"bad {self.kind} field '{where}': {message}"))
        return found
