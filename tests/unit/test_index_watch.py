"""Hot reload: a changed manifest is loaded and swapped in; a failing one is refused once, the old stays."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bot.index_watch import IndexWatcher, manifest_fingerprint


class Loader:
    """Loads "indexes" as the manifest's text; refuses manifests that say "broken"."""

    def __init__(self) -> None:
        self.loads = 0
        self.threads: set[str] = set()

    def __call__(self, folder: Path) -> str:
        self.loads += 1
        self.threads.add(threading.current_thread().name)
        text = (folder / "manifest.json").read_text()
        if "broken" in text:
            raise ValueError("files do not match the manifest")
        return text


async def test_reloads_only_when_the_manifest_changes(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("v1")
    serving: list[str] = []
    loader = Loader()
    watcher = IndexWatcher(tmp_path, loader, serving.append)
    watcher.mark_loaded(manifest_fingerprint(tmp_path / "manifest.json"))
    assert (await watcher.check()).outcome == "unchanged"
    (tmp_path / "manifest.json").write_text("v2")
    result = await watcher.check()
    assert result.outcome == "reloaded"
    assert serving == ["v2"]
    assert (await watcher.check()).outcome == "unchanged"
    assert loader.loads == 1
    assert threading.current_thread().name not in loader.threads  # loaded off the event loop


async def test_a_broken_index_is_refused_once_and_the_old_one_stays(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("v1")
    serving: list[str] = []
    loader = Loader()
    watcher = IndexWatcher(tmp_path, loader, serving.append)
    watcher.mark_loaded(manifest_fingerprint(tmp_path / "manifest.json"))
    (tmp_path / "manifest.json").write_text("v2 broken")
    refused = await watcher.check()
    assert refused.outcome == "refused"
    assert "ValueError" in refused.detail
    assert "old one keeps serving" in refused.detail
    assert (await watcher.check()).outcome == "unchanged"  # not retried every poll
    assert (await watcher.check(force=True)).outcome == "refused"  # /reload retries
    assert serving == []
    (tmp_path / "manifest.json").write_text("v3")
    assert (await watcher.check()).outcome == "reloaded"
    assert serving == ["v3"]


async def test_a_missing_manifest_keeps_the_current_index(tmp_path: Path) -> None:
    watcher = IndexWatcher(tmp_path, Loader(), lambda _: None)
    assert (await watcher.check()).outcome == "missing"


async def test_concurrent_checks_load_once(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("v1")
    loader = Loader()
    watcher = IndexWatcher(tmp_path, loader, lambda _: None)
    outcomes = await asyncio.gather(*(watcher.check() for _ in range(5)))
    assert sorted(r.outcome for r in outcomes) == ["reloaded"] + ["unchanged"] * 4
    assert loader.loads == 1
