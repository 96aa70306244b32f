"""Polite HTTP for the maintainers' `fetch` and `refresh`: one page at a time, never at bot run time.

httpx with timeouts and a User-Agent that says who is asking; robots.txt read for every host a request
(or a redirect) reaches; redirects followed by hand, so each hop is checked, up to a limit; the body
read as a stream and cut off at a size cap; conditional requests (ETag, Last-Modified) for `refresh`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from index_builder.exceptions import FetchFailed

ROBOTS_MAX_BYTES = 512 * 1024
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf"})
TEXT_TYPES = frozenset({"text/plain"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
GONE = frozenset({404, 410})


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how far the fetcher goes; the defaults come from the builder's settings."""

    user_agent: str
    timeout_seconds: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5

    @property
    def robots_token(self) -> str:
        """The product token robots.txt rules name (the User-Agent up to its first '/' or space)."""
        return re.split(r"[/\s]", self.user_agent.strip(), maxsplit=1)[0] or "*"


@dataclass(frozen=True)
class Page:
    """What a request brought back: the final URL, status, content type, body, validators."""

    url: str
    status: int
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    redirects: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """ "html", "pdf" or "text"; FetchFailed for any other content type."""
        if self.content_type in HTML_TYPES or (not self.content_type and self.body.lstrip()[:1] == b"<"):
            return "html"
        if self.content_type in PDF_TYPES or self.body.startswith(b"%PDF-"):
            return "pdf"
        if self.content_type in TEXT_TYPES:
            return "text"
        raise FetchFailed(
            f"{self.url}: content type {self.content_type or 'unknown'} cannot be read "
            "(fetch reads HTML, PDF and plain text)"
        )

    def text(self) -> tuple[str, str | None]:
        """The body as text and, when the declared encoding was wrong, a note saying which one was used."""
        declared = self.charset or _meta_charset(self.body)
        if declared:
            try:
                return self.body.decode(declared), None
            except (UnicodeDecodeError, LookupError):
                pass
        try:
            return self.body.decode("utf-8"), None if declared is None else f"not {declared}: read as utf-8"
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(self.body).best()
        if best is None:
            raise FetchFailed(f"{self.url}: the page is not text in any encoding found")
        guessed = best.encoding
        said = f"declared {declared}" if declared else "no encoding declared"
        return str(best), f"{said}, but the bytes are not that: read as {guessed}"


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


@dataclass
class Fetcher:
    """One httpx client and the robots.txt of each host it met; use as a context manager."""

    policy: FetchPolicy
    transport: httpx.BaseTransport | None = None
    _robots: dict[str, RobotFileParser] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def __enter__(self) -> Fetcher:
        self._client = httpx.Client(
            headers={"User-Agent": self.policy.user_agent},
            timeout=httpx.Timeout(
                self.policy.timeout_seconds, connect=min(10.0, self.policy.timeout_seconds)
            ),
            follow_redirects=False,
            transport=self.transport,
        )
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._client is not None:
            self._client.close()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            raise RuntimeError("use Fetcher as a context manager")
        return self._client

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """GET `url` following redirects (each checked against robots.txt); 304 and 404/410 come back as
        pages; other failures raise FetchFailed naming the URL and the reason."""
        headers = {"Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hops: list[str] = []
        current = url
        while True:
            self._check_allowed(current)
            status, response_headers, body = self._request(current, headers)
            if status in REDIRECTS and "location" in response_headers:
                if len(hops) >= self.policy.max_redirects:
                    raise FetchFailed(f"{url}: more than {self.policy.max_redirects} redirects")
                hops.append(current)
                current = urljoin(current, response_headers["location"])
                continue
            break
        if status == 304 or status in GONE:
            return Page(current, status, redirects=tuple(hops))
        if status >= 400:
            raise FetchFailed(f"{current}: HTTP {status}")
        if status != 200:
            raise FetchFailed(f"{current}: unexpected HTTP {status}")
        content_type, _, params = response_headers.get("content-type", "").partition(";")
        charset = _CHARSET.search(params)
        return Page(
            url=current,
            status=status,
            content_type=content_type.strip().lower(),
            charset=charset.group(1) if charset else None,
            body=body,
            etag=response_headers.get("etag"),
            last_modified=response_headers.get("last-modified"),
            redirects=tuple(hops),
        )

    def _request(
        self, url: str, headers: dict[str, str], *, limit: int | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, lower-cased headers and at most `limit` bytes of body (FetchFailed beyond it)."""
        cap = self.policy.max_bytes if limit is None else limit
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                found = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code in REDIRECTS or response.status_code == 304:
                    return response.status_code, found, b""
                declared = found.get("content-length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise FetchFailed(
                        f"{url}: {int(declared):,} bytes is over the limit of {cap:,} (FETCH_MAX_BYTES)"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchFailed(f"{url}: more than {cap:,} bytes, over the limit (FETCH_MAX_BYTES)")
                    chunks.append(chunk)
                return response.status_code, found, b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise FetchFailed(
                f"{url}: no answer within {self.policy.timeout_seconds:g} s ({type(exc).__name__})"
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchFailed(f"{url}: {type(exc).__name__}: {exc}") from exc

    def _check_allowed(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchFailed(f"{url}: only http and https addresses can be fetched")
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._robots[origin] = self._read_robots(origin)
        if not robots.can_fetch(self.policy.robots_token, url):
            raise FetchFailed(f"{url}: robots.txt of {origin} does not allow fetching this page")

    def _read_robots(self, origin: str) -> RobotFileParser:
        """robots.txt as urllib.robotparser reads it: 401/403 forbid all, other 4xx allow all,
        5xx or no answer forbid all (the site may be down; try again later)."""
        parser = RobotFileParser(origin + "/robots.txt")
        location = origin + "/robots.txt"
        try:
            for _hop in range(self.policy.max_redirects + 1):  # RFC 9309: follow its redirects too
                status, headers, body = self._request(location, {}, limit=ROBOTS_MAX_BYTES)
                if status not in REDIRECTS or "location" not in headers:
                    break
                location = urljoin(location, headers["location"])
        except FetchFailed as exc:
            raise FetchFailed(f"cannot read {origin}/robots.txt, so nothing is fetched there: {exc}") from exc
        if status in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])
        elif 400 <= status < 500 or status in REDIRECTS:  # none, or redirected too often: no rules
            parser.parse([])
        elif status >= 500:
            raise FetchFailed(f"{origin}/robots.txt answered HTTP {status}, so nothing is fetched there")
        else:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser
