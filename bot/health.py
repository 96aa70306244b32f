"""`/healthz` for an orchestrator: 200 with index facts while an index is loaded, 503 otherwise.

A tiny HTTP/1.1 server on its own port (HEALTH_PORT), so it answers the same in polling and webhook
mode and needs no web framework.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

_LOG = logging.getLogger(__name__)
StatusSource = Callable[[], Mapping[str, Any] | None]


class HealthServer:
    """Serves GET/HEAD /healthz from `status()`: a mapping of index facts, or None when not ready."""

    def __init__(self, status: StatusSource, *, host: str = "0.0.0.0", port: int = 8080) -> None:  # noqa: S104
        self._status = status
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        sockets = self._server.sockets
        if sockets and self.port == 0:
            self.port = int(sockets[0].getsockname()[1])
        _LOG.info("health endpoint on http://%s:%d/healthz", self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def respond(self, method: str, path: str) -> tuple[HTTPStatus, dict[str, Any]]:
        if path.split("?", 1)[0] not in ("/healthz", "/healthz/"):
            return HTTPStatus.NOT_FOUND, {"status": "not found"}
        if method not in ("GET", "HEAD"):
            return HTTPStatus.METHOD_NOT_ALLOWED, {"status": "method not allowed"}
        try:
            facts = self._status()
        except Exception:  # a broken status source must read as unhealthy, not crash the server
            _LOG.exception("health status failed")
            facts = None
        if facts is None:
            return HTTPStatus.SERVICE_UNAVAILABLE, {"status": "unavailable", "index": None}
        return HTTPStatus.OK, {"status": "ok", "index": dict(facts)}

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = await asyncio.wait_for(reader.readline(), timeout=5)
            while (await asyncio.wait_for(reader.readline(), timeout=5)) not in (b"\r\n", b"\n", b""):
                pass  # headers are not needed
            parts = request_line.decode("latin-1").split()
            if len(parts) < 2:
                status, body = HTTPStatus.BAD_REQUEST, {"status": "bad request"}
                method = "GET"
            else:
                method, path = parts[0], parts[1]
                status, body = self.respond(method, path)
            payload = json.dumps(body, default=str).encode()
            head = (
                f"HTTP/1.1 {status.value} {status.phrase}\r\n"
                "Content-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\n"
                "Cache-Control: no-store\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            writer.write(head if method == "HEAD" else head + payload)
            await writer.drain()
        except (TimeoutError, ConnectionError, UnicodeError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
