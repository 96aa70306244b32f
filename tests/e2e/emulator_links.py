"""tdlib's link check: which URLs become text_link entities or URL buttons, and how Telegram rewrites them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_TG_HOST = re.compile(r"[A-Za-z0-9_-]+")


class LinkError(ValueError):
    """The URL is refused; the message is tdlib's (e.g. "Wrong HTTP URL")."""


def normalize_link(url: str) -> str:
    """The URL as Telegram stores it (http:// added, a bare host gets "/"), or LinkError like tdlib."""
    for scheme in ("tg", "tonsite", "ton"):
        if url.lower().startswith(f"{scheme}:"):
            rest = url[len(scheme) + 1 :].removeprefix("//")
            host, _, query = rest.partition("?")
            if not host or not _TG_HOST.fullmatch(host.rstrip("/")):
                raise LinkError("Unallowed characters in URL host" if host else "URL host is empty")
            return f"{scheme}://{host.rstrip('/')}" + (f"?{query}" if query else "")
    if not url:
        raise LinkError("URL host is empty")
    candidate = url if "://" in url else f"http://{url}"
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in ("http", "https"):
        raise LinkError("Unsupported URL protocol")
    host = (parts.hostname or "").lower()
    if not host:
        raise LinkError("URL host is empty")
    if any(c.isspace() for c in candidate):
        raise LinkError("Wrong URL host")
    if "." not in host and ":" not in host:
        raise LinkError("Wrong HTTP URL")
    netloc = parts.netloc.rsplit("@", 1)
    authority = f"{netloc[0]}@{host}" if len(netloc) == 2 else host
    if parts.port is not None:
        authority += f":{parts.port}"
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{parts.scheme.lower()}://{authority}{path}{query}{fragment}"


def checked_link(url: str) -> str | None:
    """normalize_link, or None where tdlib silently drops the entity."""
    try:
        return normalize_link(url)
    except (LinkError, ValueError):
        return None
