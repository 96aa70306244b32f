"""A small web site on 127.0.0.1 for the fetcher's tests: fixture pages, robots.txt, redirects, 304, 404.

Pages live in `Site.pages` (path -> Route) so a test can change or remove one between two fetches;
every request is logged with its headers, so tests can check the User-Agent and conditional requests.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parents[1] / "data" / "web"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass
class Route:
    """One answer of the site: a status, a body and headers; `etag` makes it answer 304 to If-None-Match."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    delay: float = 0.0
    send_length: bool = True


@dataclass
class Site:
    pages: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


def article_route(html: str | None = None, etag: str = '"v1"') -> Route:
    body = (html if html is not None else (WEB / "article.html").read_text(encoding="utf-8")).encode("utf-8")
    return Route(body, etag=etag, last_modified=formatdate(1_780_000_000, usegmt=True))


def default_pages() -> dict[str, Route]:
    return {
        "/robots.txt": Route(ROBOTS.encode(), "text/plain"),
        "/calls/jtc-2026.html": article_route(),
        "/old/call": Route(status=301, location="/calls/jtc-2026.html"),
        "/loop": Route(status=302, location="/loop"),
        "/private/draft.html": article_route(),
        "/gone.html": Route(b"<h1>Not found</h1>", status=404),
        "/removed.html": Route(b"<h1>Gone</h1>", status=410),
        "/logo.png": Route(b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png"),
        "/menu.html": Route(b"<html><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav></body></html>"),
    }


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        site = self.server.site  # type: ignore[attr-defined]
        site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = site.pages.get(self.path)
        if route is None:
            route = Route(b"<h1>Not found</h1>", status=404)
        if route.delay:
            time.sleep(route.delay)
        if route.etag is not None and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        if route.send_length:
            self.send_header("Content-Length", str(len(route.body)))
        for name, value in (
            ("ETag", route.etag),
            ("Last-Modified", route.last_modified),
            ("Location", route.location),
        ):
            if value is not None:
                self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the fetcher stopped at its cap
            self.wfile.write(route.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def local_site() -> Iterator[Site]:
    """The site on an ephemeral port of 127.0.0.1 for the duration of the block."""
    site = Site(pages=default_pages())
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.site = site  # type: ignore[attr-defined]
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
