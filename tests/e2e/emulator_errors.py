"""The one error the emulator raises internally: a Bot API refusal, turned into an HTTP answer."""

from __future__ import annotations

from typing import Any


class ApiRefusal(Exception):
    """A call refused the way the Bot API refuses it: HTTP status plus `description` (and `parameters`)."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON envelope Telegram sends with the refusal."""
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiRefusal:
    """A 400 with Telegram's `Bad Request: ` prefix."""
    return ApiRefusal(400, f"Bad Request: {reason}")


def too_many_requests(retry_after: int) -> ApiRefusal:
    """A 429 flood-control refusal carrying `parameters.retry_after` like Telegram's."""
    return ApiRefusal(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
