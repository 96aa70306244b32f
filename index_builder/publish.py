"""Atomic publishing: builds are written beside INDEX_DIR, then INDEX_DIR (a symlink) is swapped by rename.

Layout, for INDEX_DIR=var/index:
    var/index            -> index.builds/<stamp>   the serving index (symlink, replaced with one rename)
    var/index.previous   -> index.builds/<stamp>   the one it replaced, kept for a quick rollback
    var/index.builds/    every build; `tmp-*` are unfinished and removed by the next build
A reader that resolves INDEX_DIR once sees either the old or the new complete index, never a mix.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index_builder.exceptions import BuildFailed, PublishFailed

TEMPORARY_PREFIX = "tmp-"
LOCK = ".lock"


@dataclass(frozen=True)
class Layout:
    """Where the serving index, the previous one and the build folders live."""

    index_dir: Path

    @property
    def builds(self) -> Path:
        return self.index_dir.with_name(self.index_dir.name + ".builds")

    @property
    def previous(self) -> Path:
        return self.index_dir.with_name(self.index_dir.name + ".previous")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def build_lock(layout: Layout) -> Iterator[None]:
    """One build at a time per INDEX_DIR; the kernel drops the lock when a build is killed."""
    try:
        layout.builds.mkdir(parents=True, exist_ok=True)
        stream = (layout.builds / LOCK).open("a")
    except OSError as exc:
        raise BuildFailed(f"cannot create {layout.builds} ({exc.strerror}); check INDEX_DIR") from exc
    with stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildFailed(f"another build of {layout.index_dir} is running; wait for it") from exc
        yield


def remove_stale(layout: Layout) -> list[Path]:
    """Unfinished builds left by killed or failed runs (call while holding the lock)."""
    stale = sorted(layout.builds.glob(TEMPORARY_PREFIX + "*")) if layout.builds.is_dir() else []
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


def new_temporary(layout: Layout) -> Path:
    path = layout.builds / f"{TEMPORARY_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def _link(target: Path, link: Path) -> None:
    """Point `link` at `target` (relative, so the parent folder can move) with one atomic rename."""
    temporary = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}")
    os.symlink(os.path.relpath(target, link.parent), temporary)
    os.replace(temporary, link)


def _serving_target(layout: Layout) -> Path | None:
    """The build folder INDEX_DIR points at; a plain folder (older layout) is first moved among the builds."""
    index_dir = layout.index_dir
    if index_dir.is_symlink():
        target = index_dir.resolve()
        return target if target.is_dir() else None
    if not index_dir.exists():
        return None
    if not index_dir.is_dir():
        raise PublishFailed(f"{index_dir} is a file, not an index folder; move it away and build again")
    moved = layout.builds / f"moved-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    index_dir.rename(moved)  # the only moment INDEX_DIR is absent: once, when leaving a plain folder
    return moved


def publish(layout: Layout, temporary: Path) -> Path:
    """Make the finished build in `temporary` the serving index; the one it replaces becomes `.previous`."""
    final = layout.builds / f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"
    old: Path | None = None
    try:
        temporary.rename(final)
        _fsync_dir(layout.builds)
        old = _serving_target(layout)
        _link(final, layout.index_dir)
        if old is not None and old.resolve() != final.resolve():
            _link(old, layout.previous)
        _fsync_dir(layout.index_dir.parent)
    except OSError as exc:
        raise PublishFailed(
            f"cannot publish into {layout.index_dir} ({exc}); the serving index is unchanged"
        ) from exc
    # Resolved on both sides: `old` comes from resolving the symlink (absolute) while a relative INDEX_DIR
    # (the default var/index) lists relative paths; compared as given, the rollback copy was deleted.
    keep = {final.resolve(), *([old.resolve()] if old is not None else [])}
    for path in layout.builds.iterdir():
        if path.is_dir() and path.resolve() not in keep and not path.name.startswith(TEMPORARY_PREFIX):
            shutil.rmtree(path, ignore_errors=True)
    return final
