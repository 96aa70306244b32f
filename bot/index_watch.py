"""Hot reload: notice a newly published index, load it off the event loop, then swap one reference.

A question never sees a half-loaded index, and an index that fails to open is refused with one log
line while the old one keeps serving.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Literal, TypeVar

_LOG = logging.getLogger(__name__)
T = TypeVar("T")
Outcome = Literal["unchanged", "reloaded", "refused", "missing"]


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """What a check did; `detail` is one line for the log and for /reload."""

    outcome: Outcome
    detail: str = ""


def manifest_fingerprint(manifest: Path) -> str | None:
    """sha256 of the manifest's bytes: a new build always writes a new manifest. None when absent."""
    try:
        return hashlib.sha256(manifest.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


class IndexWatcher(Generic[T]):
    """Polls the manifest; on change runs `load(index_dir)` in a thread and hands the result to `install`."""

    def __init__(
        self,
        index_dir: Path,
        load: Callable[[Path], T],
        install: Callable[[T], None],
        *,
        manifest_name: str = "manifest.json",
        offload: Callable[[Callable[[], T]], Awaitable[T]] | None = None,
    ) -> None:
        self.index_dir = index_dir
        self._offload = offload
        self.manifest = index_dir / manifest_name
        self._load = load
        self._install = install
        self._lock = asyncio.Lock()
        self.current: str | None = None  # fingerprint of the index serving now
        self._refused: str | None = None  # last fingerprint that failed, not retried until forced

    async def _run_load(self) -> T:
        """Load on the given worker (the bot's answer thread), else on a fresh thread."""
        if self._offload is not None:
            return await self._offload(lambda: self._load(self.index_dir))
        return await asyncio.to_thread(self._load, self.index_dir)

    def mark_loaded(self, fingerprint: str | None) -> None:
        """Record which manifest the start-up load read (taken before loading: a build publishing
        meanwhile is then reloaded, never missed)."""
        self.current = fingerprint

    async def check(self, *, force: bool = False) -> ReloadResult:
        """Reload when the manifest changed (or always, with `force`); never raises."""
        async with self._lock:
            fingerprint = await asyncio.to_thread(manifest_fingerprint, self.manifest)
            if fingerprint is None:
                return ReloadResult(
                    "missing", f"no manifest at {self.manifest}; the current index keeps serving"
                )
            if not force and fingerprint in (self.current, self._refused):
                return ReloadResult("unchanged", "the published index is the one serving")
            try:
                loaded = await self._run_load()
            except Exception as exc:  # any failure to open must leave the old index serving
                self._refused = fingerprint
                detail = (
                    f"new index at {self.index_dir} refused ({type(exc).__name__}: {exc}); "
                    "the old one keeps serving"
                )
                _LOG.error("%s", detail)
                return ReloadResult("refused", detail)
            self._install(loaded)
            self.current, self._refused = fingerprint, None
            _LOG.info("index reloaded from %s (manifest %s)", self.index_dir, fingerprint[:12])
            return ReloadResult("reloaded", f"index reloaded (manifest {fingerprint[:12]})")
