"""The default, relative INDEX_DIR (var/index): builds keep the rollback copy, and the documented rollback works."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from index_builder.build import build
from index_builder.publish import Layout
from index_builder.settings import IndexSettings
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import PublishedIndex
from tests.unit.test_build import copy_knowledge

ROOT = Path(__file__).resolve().parents[2]
# The docs give the rollback as one shell line (in a code block or inline): ln -sfn ... && mv -T ... .
_RECIPE = re.compile(r"(ln -sfn [^\n`]*index\.previous[^\n`]*?mv -T [^\s`]+ [^\s`]+)")


def rollback_recipe() -> str:
    """The rollback command as the README or the docs pages write it."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        found = _RECIPE.search(path.read_text(encoding="utf-8"))
        if found is not None and "var/index" in found.group(1):
            return found.group(1)
    raise AssertionError(
        "no rollback command (ln -sfn ... var/index.previous ... mv -T ...) in README.md or docs/"
    )


@pytest.fixture
def relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IndexSettings:
    knowledge = copy_knowledge(tmp_path / "knowledge")
    monkeypatch.chdir(tmp_path)
    return IndexSettings(
        _env_file=None, index_dir=Path("var/index"), knowledge_dir=knowledge, embedding_model="fake-64"
    )


def build_once(settings: IndexSettings) -> None:
    build(settings, embedder=FakeEmbedder(64), out=io.StringIO(), tty=False, force=True)


def links_under(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_symlink()}


def test_two_builds_leave_every_link_under_var_pointing_at_an_index(relative: IndexSettings) -> None:
    build_once(relative)
    first = Path("var/index").resolve()
    build_once(relative)
    links = links_under(Path("var"))
    assert set(links) == {"index", "index.previous"}
    for name, link in links.items():
        assert link.resolve().is_dir(), f"var/{name} points at a removed folder"
        PublishedIndex.open(link)
    assert Path("var/index.previous").resolve() == first
    assert Path("var/index").resolve() != first
    build_once(relative)  # a third build still keeps exactly the serving and the previous one
    builds = [p for p in Layout(Path("var/index")).builds.iterdir() if p.is_dir()]
    assert len(builds) == 2
    assert all(link.resolve().is_dir() for link in links_under(Path("var")).values())


def test_the_documented_rollback_serves_the_previous_build(relative: IndexSettings) -> None:
    assert rollback_recipe().startswith('ln -sfn "$(readlink var/index.previous)"')
    build_once(relative)
    build_once(relative)
    previous = Path("var/index.previous").resolve()
    result = subprocess.run(  # the command is the project's own documentation
        ["bash", "-euc", rollback_recipe()], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    assert Path("var/index").is_symlink()
    assert Path("var/index").resolve() == previous
    PublishedIndex.open(Path("var/index"))
