"""The HTTP side of the emulator: a tornado handler that decodes PTB's requests and writes Bot API envelopes.

Requests are POST (or GET) to `/bot<TOKEN>/<method>`, form-encoded, multipart or JSON; non-string
values arrive as JSON strings. Access logs name only the method and status, never the token or text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import tornado.web
from tornado.iostream import StreamClosedError

from tests.e2e.emulator_errors import ApiRefusal

_LOG = logging.getLogger("tests.e2e.emulator")
NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class Reply:
    """What the emulator answers: a status and a JSON body, or raw bytes (the 502 page of nginx)."""

    def __init__(self, status: int, body: dict[str, Any] | None = None, raw: bytes | None = None) -> None:
        self.status = status
        self.body = body
        self.raw = raw

    @classmethod
    def ok(cls, result: Any, description: str | None = None) -> Reply:
        body: dict[str, Any] = {"ok": True, "result": result}
        if description:
            body["description"] = description
        return cls(200, body)

    @classmethod
    def refusal(cls, refusal: ApiRefusal) -> Reply:
        return cls(refusal.status, refusal.body())


class Connection:
    """One HTTP request in flight; `closed` flips when the client hangs up (PTB cancelled the call)."""

    def __init__(self) -> None:
        self.closed = False
        self.on_close: Callable[[], None] | None = None

    def close(self) -> None:
        self.closed = True
        if self.on_close is not None:
            self.on_close()


Dispatch = Callable[[str, str, dict[str, str], Connection, dict[str, "Upload"]], Awaitable[Reply]]


class Upload:
    """A file part of a multipart request (sendPhoto's `photo`), as the Bot API receives it."""

    def __init__(self, filename: str, content_type: str, body: bytes) -> None:
        self.filename = filename
        self.content_type = content_type
        self.body = body


def decode_files(handler: tornado.web.RequestHandler) -> dict[str, Upload]:
    """The uploaded files of a multipart request by field name (last one wins, like parameters)."""
    return {
        name: Upload(parts[-1].filename, parts[-1].content_type, parts[-1].body)
        for name, parts in handler.request.files.items()
        if parts
    }


def decode_params(handler: tornado.web.RequestHandler) -> dict[str, str]:
    """Query + body parameters as strings, the way the Bot API reads them (last value wins)."""
    params = {key: values[-1].decode("utf-8", "replace") for key, values in handler.request.arguments.items()}
    content_type = handler.request.headers.get("Content-Type", "")
    if content_type.startswith("application/json") and handler.request.body:
        try:
            loaded = json.loads(handler.request.body)
        except json.JSONDecodeError as exc:
            raise ApiRefusal(400, "Bad Request: can't parse JSON encoded request parameters") from exc
        if not isinstance(loaded, dict):
            raise ApiRefusal(400, "Bad Request: can't parse JSON encoded request parameters")
        for key, value in loaded.items():
            if value is not None:
                params[key] = value if isinstance(value, str) else json.dumps(value)
    return params


class BotApiHandler(tornado.web.RequestHandler):
    """`/bot<token>/<method>`: hands the decoded call to the emulator and writes its Reply."""

    def initialize(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch
        self._connection = Connection()

    async def post(self, token: str, method: str) -> None:
        try:
            params = decode_params(self)
        except ApiRefusal as refusal:
            self._send(Reply.refusal(refusal))
            return
        reply = await self._dispatch(token, method, params, self._connection, decode_files(self))
        self._send(reply)

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    def on_connection_close(self) -> None:
        self._connection.close()

    def _send(self, reply: Reply) -> None:
        if self._connection.closed:
            return
        self.set_status(reply.status)
        if reply.raw is not None:
            self.set_header("Content-Type", "text/html")
            payload = reply.raw
        else:
            self.set_header("Content-Type", "application/json")
            payload = json.dumps(reply.body).encode()
        try:
            self.finish(payload)
        except StreamClosedError:
            self._connection.closed = True

    def check_xsrf_cookie(self) -> None:
        """The Bot API has no cookies."""


Download = Callable[[str, str], bytes | None]


class FileHandler(tornado.web.RequestHandler):
    """`/file/bot<token>/<file_path>`: the bytes of a file getFile has given a path to, else 404."""

    def initialize(self, download: Download) -> None:
        self._download = download

    def get(self, token: str, path: str) -> None:
        data = self._download(token, path)
        if data is None:
            self.set_status(404)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}))
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(data)


class NotFoundHandler(tornado.web.RequestHandler):
    """Any other path answers like api.telegram.org: 404 Not Found."""

    def prepare(self) -> None:
        self.set_status(404)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}))


def _log_request(handler: tornado.web.RequestHandler) -> None:
    path = handler.request.path
    method = (
        path.rsplit("/", 1)[-1] if path.startswith("/bot") else "file" if path.startswith("/file/") else "-"
    )
    _LOG.debug("%s %s %d", handler.request.method, method, handler.get_status())


def make_app(dispatch: Dispatch, download: Download | None = None) -> tornado.web.Application:
    """The tornado application serving the Bot API routes and, given `download`, the file endpoint."""
    routes: list[Any] = [(r"/bot([^/]*)/([^/]*)", BotApiHandler, {"dispatch": dispatch})]
    if download is not None:
        routes.append((r"/file/bot([^/]*)/(.+)", FileHandler, {"download": download}))
    return tornado.web.Application(
        routes,
        default_handler_class=NotFoundHandler,
        log_function=_log_request,
    )
