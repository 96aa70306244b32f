"""/healthz answers 200 with index facts when ready, 503 otherwise, over real HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from bot.health import HealthServer


async def test_health_follows_the_status_source() -> None:
    facts: dict[str, Any] | None = None

    def status() -> Mapping[str, Any] | None:
        return facts

    server = HealthServer(status, host="127.0.0.1", port=0)
    await server.start()
    try:
        url = f"http://127.0.0.1:{server.port}/healthz"
        async with httpx.AsyncClient(timeout=5) as client:
            down = await client.get(url)
            assert (down.status_code, down.json()["status"]) == (503, "unavailable")
            facts = {"model_id": "fake-256", "chunks": 19}
            up = await client.get(url)
            assert up.status_code == 200
            assert up.json() == {"status": "ok", "index": {"model_id": "fake-256", "chunks": 19}}
            head = await client.head(url)
            assert (head.status_code, head.content) == (200, b"")
            assert (await client.post(url)).status_code == 405
            assert (await client.get(f"http://127.0.0.1:{server.port}/")).status_code == 404
    finally:
        await server.stop()


async def test_a_failing_status_source_reads_as_unhealthy() -> None:
    def broken() -> Mapping[str, Any] | None:
        raise RuntimeError("index object gone")

    status, body = HealthServer(broken).respond("GET", "/healthz")
    assert (status.value, body["status"]) == (503, "unavailable")


def test_health_listen_and_port_come_from_the_settings() -> None:
    from types import SimpleNamespace

    from bot.app import health_server
    from bot.settings import BotSettings

    def runtime(**values: Any) -> Any:
        settings = BotSettings(_env_file=None, **values)  # type: ignore[call-arg]
        return SimpleNamespace(settings=settings, health=lambda: None)

    server = health_server(runtime(health_listen="127.0.0.1", health_port=9099))
    assert server is not None
    assert (server.host, server.port) == ("127.0.0.1", 9099)
    default = health_server(runtime())
    assert default is not None
    assert default.host == "0.0.0.0"
    assert health_server(runtime(health_port=0)) is None
