"""`eppermed-index fetch URL...` and `refresh`: web pages into knowledge documents, and kept up to date.

A page's main content (trafilatura, without navigation, sidebars and footers) or a PDF's text (the
loader's own PDF reader) becomes `sources/<id>.md` with the front matter the loader validates, plus the
fetch date and the server's ETag/Last-Modified. `refresh` asks again with those validators: unchanged
pages are not touched, so the next build embeds nothing; a page gone (404/410) is kept and marked.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import HttpUrl, ValidationError

from index_builder.exceptions import FetchFailed
from index_builder.web import Fetcher, FetchPolicy, Page
from knowledge.loader import SOURCES
from knowledge.models import DocumentMeta, is_entity_tag, is_http_date
from knowledge.readers import ReadFailure, parse_yaml, pdf_to_text, read_utf8, split_front_matter

Say = Callable[[str], None]
Outcome = Literal["new", "unchanged", "changed", "gone", "failed"]
MIN_WORDS = 20  # less than this is a menu, a cookie wall or a script-only page, not material to quote
DIFF_MAX_WORDS = 2_000  # changed words compared one by one in refresh's summary (a rewritten page: seconds)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_FIELD_ORDER = tuple(DocumentMeta.model_fields)


@dataclass(frozen=True)
class Fetched:
    """A page turned into a document's parts, before it is written."""

    url: str
    title: str
    body: str
    etag: str | None
    last_modified: str | None
    note: str | None = None  # e.g. the page declared another encoding than its bytes have


@dataclass(frozen=True)
class RefreshResult:
    """What `refresh` did with one document."""

    path: Path
    url: str
    outcome: Outcome
    detail: str = ""

    def line(self) -> str:
        return f"{self.outcome:9} {self.path.name}  {self.url}" + (
            f"  ({self.detail})" if self.detail else ""
        )


def _today() -> date:
    return datetime.now(UTC).date()


def read_page(page: Page) -> Fetched:
    """The document text of a fetched page: main content as Markdown, or a PDF's or a text file's text."""
    kind = page.kind
    note = None
    if kind == "pdf":
        title, body = "", _pdf_text(page)
    elif kind == "text":
        text, note = page.text()
        title, body = "", text.strip()
    else:
        html, note = page.text()
        title, body = _main_content(html)
    words = len(body.split())
    if words < MIN_WORDS:
        raise FetchFailed(
            f"{page.url}: only {words} words of main content found; is it a page of links, or built by "
            "JavaScript? Save the text by hand instead"
        )
    # A validator the document cannot hold (an unquoted ETag, a malformed date) is dropped, not fatal:
    # the next refresh then asks without it and compares the text.
    etag = page.etag if page.etag and is_entity_tag(page.etag) else None
    last_modified = page.last_modified if page.last_modified and is_http_date(page.last_modified) else None
    return Fetched(page.url, title or _title_from_url(page.url), body, etag, last_modified, note)


def _main_content(html: str) -> tuple[str, str]:
    import trafilatura

    body = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_links=False,
        include_images=False,
        include_tables=True,
        favor_precision=True,
    )
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None and metadata.title else ""
    return " ".join(title.split()), (body or "").strip()


def _pdf_text(page: Page) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.pdf"
        path.write_bytes(page.body)
        try:
            return pdf_to_text(path)
        except ReadFailure as failure:
            raise FetchFailed(f"{page.url}: {failure.reason}") from failure


def _title_from_url(url: str) -> str:
    parts = urlsplit(url)
    last = [p for p in parts.path.split("/") if p]
    return last[-1].rsplit(".", 1)[0].replace("-", " ").replace("_", " ") if last else parts.netloc


def slug_for(url: str) -> str:
    """A document id from the URL: the host's name and the last path segment, e.g. `eppermed-eu-calls`."""
    parts = urlsplit(url)
    host = (parts.hostname or "page").removeprefix("www.")
    segments = [s.rsplit(".", 1)[0] if "." in s else s for s in parts.path.split("/") if s]
    raw = "-".join([host, *segments[-2:]]) if segments else host
    slug = _NON_SLUG.sub("-", raw.casefold()).strip("-")[:80].strip("-")
    return slug or "page"


def render_document(meta: DocumentMeta, body: str) -> str:
    """Markdown with front matter in the field order of the model, as `check` reads it back."""
    data = meta.model_dump(mode="json", exclude_defaults=True)
    data.update({"id": meta.id, "title": meta.title, "url": str(meta.url), "as_of": meta.as_of})
    ordered = {name: data[name] for name in _FIELD_ORDER if name in data}
    front = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1000)
    front = re.sub(r"^(fetched|gone_since|published): '(\d{4}-\d{2}-\d{2})'$", r"\1: \2", front, flags=re.M)
    return f"---\n{front}---\n\n{body.strip()}\n"


def _meta(fields: dict[str, Any], url: str) -> DocumentMeta:
    try:
        return DocumentMeta.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FetchFailed(f"{url}: cannot make a valid document: {first['loc']}: {first['msg']}") from exc


@dataclass(frozen=True)
class Existing:
    """A document already in sources/: its file, metadata and body."""

    path: Path
    meta: DocumentMeta
    body: str


def read_existing(path: Path) -> Existing | None:
    """A Markdown document of sources/, or None when it does not load (check reports why)."""
    try:
        front = split_front_matter(read_utf8(path))
        data = parse_yaml(front.yaml_text).data
        return Existing(path, DocumentMeta.model_validate(data), front.body.strip())
    except (ReadFailure, ValidationError):
        return None


def _existing(sources: Path) -> list[Existing]:
    found = (read_existing(path) for path in sorted(sources.glob("*.md")) if path.name != "README.md")
    return [doc for doc in found if doc is not None]


def fetch_urls(
    urls: Sequence[str],
    knowledge_dir: Path,
    policy: FetchPolicy,
    *,
    as_of: str | None,
    say: Say,
    fetcher: Fetcher | None = None,
) -> list[Path]:
    """Fetch each URL into `sources/<id>.md`; the first failure stops with FetchFailed (nothing half-written)."""
    sources = knowledge_dir / SOURCES
    if not sources.is_dir():
        raise FetchFailed(f"no sources folder at {sources} (KNOWLEDGE_DIR)")
    written: list[Path] = []
    with fetcher or Fetcher(policy) as client:
        for url in urls:
            page = client.get(url)
            if page.status in (404, 410):
                raise FetchFailed(f"{url}: HTTP {page.status}, the page is not there")
            fetched = read_page(page)
            path = _write_new(fetched, sources, as_of=as_of, asked=url)
            moved = f" (redirected to {page.url})" if page.redirects else ""
            say(
                f"wrote {path.relative_to(knowledge_dir).as_posix()}: {fetched.title} ({len(fetched.body.split())} words){moved}"
            )
            if fetched.note:
                say(f"note: {url}: {fetched.note}")
            written.append(path)
    return written


def _write_new(fetched: Fetched, sources: Path, *, as_of: str | None, asked: str) -> Path:
    existing = _existing(sources)
    wanted = {_normalised(fetched.url), _normalised(asked)}  # as the document stores it: "https://x.org/"
    same = next((doc for doc in existing if str(doc.meta.url) in wanted and doc.meta.fetched), None)
    if same is not None:  # fetching a page again replaces the document it made before
        doc_id, path = same.meta.id, same.path
    else:
        taken = {doc.meta.id for doc in existing} | {p.stem for p in sources.iterdir()}
        base = slug_for(fetched.url)
        doc_id = base
        number = 2
        while doc_id in taken:
            doc_id, number = f"{base}-{number}", number + 1
        path = sources / f"{doc_id}.md"
    today = _today()
    meta = _meta(
        {
            "id": doc_id,
            "title": fetched.title,
            "url": fetched.url,
            "as_of": as_of or today.isoformat(),
            "fetched": today,
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
        },
        fetched.url,
    )
    _atomic_write(path, render_document(meta, fetched.body))
    return path


def _normalised(url: str) -> str:
    try:
        return str(HttpUrl(url))
    except ValidationError:
        return url


def _atomic_write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def diff_summary(old: str, new: str, *, shown: int = 3, width: int = 60) -> str:
    """`+A -R lines` and the first few changed words with a word of context: `by 12 March → by 19 March`."""
    added: list[str] = []
    removed: list[str] = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
        elif line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
    before, after = " ".join(removed).split(), " ".join(added).split()
    cut = max(len(before), len(after)) > DIFF_MAX_WORDS  # word matching costs the product of the lengths
    before, after = before[:DIFF_MAX_WORDS], after[:DIFF_MAX_WORDS]
    matcher = difflib.SequenceMatcher(a=before, b=after)  # autojunk: frequent words anchor nothing
    changes = [
        f"{_clip(before[max(i1 - 1, 0) : i2 + 1], width)} → {_clip(after[max(j1 - 1, 0) : j2 + 1], width)}"
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    more = f" (+{len(changes) - shown} more)" if len(changes) > shown else ""
    if cut:
        more += f" (words compared: the first {DIFF_MAX_WORDS:,} changed)"
    return f"+{len(added)} -{len(removed)} lines: " + "; ".join(changes[:shown]) + more


def _clip(words: list[str], width: int) -> str:
    text = " ".join(words) or "∅"
    return text if len(text) <= width else text[: width - 1] + "…"


def refresh(
    knowledge_dir: Path, policy: FetchPolicy, *, fetcher: Fetcher | None = None
) -> list[RefreshResult]:
    """Ask again for every fetched document, with its validators; write only what changed or went away."""
    sources = knowledge_dir / SOURCES
    if not sources.is_dir():
        raise FetchFailed(f"no sources folder at {sources} (KNOWLEDGE_DIR)")
    results: list[RefreshResult] = []
    with fetcher or Fetcher(policy) as client:
        for doc in _existing(sources):
            if doc.meta.fetched is None:
                continue  # curated by hand: refresh never overwrites it
            results.append(_refresh_one(doc, client))
    return results


def _refresh_one(doc: Existing, client: Fetcher) -> RefreshResult:
    url = str(doc.meta.url)
    try:
        page = client.get(url, etag=doc.meta.etag, last_modified=doc.meta.last_modified)
        if page.status == 304:
            if doc.meta.gone_since is not None:  # back online with the same text: no longer gone
                meta = doc.meta.model_copy(update={"gone_since": None})
                _atomic_write(doc.path, render_document(meta, doc.body))
                return RefreshResult(doc.path, url, "unchanged", "304 Not Modified; online again")
            return RefreshResult(doc.path, url, "unchanged", "304 Not Modified")
        if page.status in (404, 410):
            if doc.meta.gone_since is None:
                meta = doc.meta.model_copy(update={"gone_since": _today()})
                _atomic_write(doc.path, render_document(meta, doc.body))
            since = (doc.meta.gone_since or _today()).isoformat()
            return RefreshResult(
                doc.path, url, "gone", f"HTTP {page.status}; kept, marked gone_since {since}"
            )
        fetched = read_page(page)
    except FetchFailed as exc:
        return RefreshResult(doc.path, url, "failed", str(exc))
    update: dict[str, Any] = {
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "gone_since": None,
    }
    if fetched.body.strip() == doc.body:
        validators = (fetched.etag, fetched.last_modified)
        if validators != (doc.meta.etag, doc.meta.last_modified) or doc.meta.gone_since is not None:
            _atomic_write(
                doc.path, render_document(_meta({**doc.meta.model_dump(), **update}, url), doc.body)
            )
        return RefreshResult(doc.path, url, "unchanged", "same text")
    update["fetched"] = _today()
    if doc.meta.as_of == str(doc.meta.fetched):  # as_of was the fetch date, not a date given by hand
        update["as_of"] = _today().isoformat()
    meta = _meta({**doc.meta.model_dump(), **update}, url)
    _atomic_write(doc.path, render_document(meta, fetched.body))
    return RefreshResult(doc.path, url, "changed", diff_summary(doc.body, fetched.body.strip()))
