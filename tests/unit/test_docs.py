"""The README stays a five-minute read and leads to every page of the docs site in one click.

`make docs` (mkdocs build --strict) checks the site's own links; these checks are the fast part that needs
no mkdocs: the README's length and links, and that the nav of mkdocs.yml lists every page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_MAX_LINES = 200

_LINK = re.compile(r"\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _nav_pages(entries: object) -> list[str]:
    """Every page file named in a mkdocs nav, however deeply nested."""
    if isinstance(entries, str):
        return [] if "://" in entries else [entries]
    if isinstance(entries, list):
        return [page for entry in entries for page in _nav_pages(entry)]
    if isinstance(entries, dict):
        return [page for value in entries.values() for page in _nav_pages(value)]
    return []


def _slug(heading: str) -> str:
    """The anchor Python-Markdown's toc (and GitHub) give a heading."""
    text = re.sub(r"[^\w\s-]", "", heading.replace("`", "")).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _anchors(page: Path) -> set[str]:
    anchors: set[str] = set()
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := re.match(r"#{1,6} (.+)", line)):
            anchors.add(_slug(match.group(1)))
    return anchors


def _readme_links() -> list[str]:
    return _LINK.findall(README.read_text(encoding="utf-8"))


def _site_pages() -> set[str]:
    return {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")}


def test_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move detail into docs/"


def test_readme_names_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make run" in text
    assert "make test" in text


def test_every_docs_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_pages(config["nav"])
    assert len(nav) == len(set(nav)), "a page is listed twice in the nav"
    assert set(nav) == _site_pages()


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {
        link.split("#")[0].removeprefix("docs/") for link in _readme_links() if link.startswith("docs/")
    }
    assert _site_pages() - linked == set()


@pytest.mark.parametrize("link", [link for link in _readme_links() if "://" not in link])
def test_readme_links_resolve(link: str) -> None:
    path, _, anchor = link.partition("#")
    target = ROOT / path
    assert target.is_file(), f"README links to {path}, which does not exist"
    if anchor:
        assert anchor in _anchors(target), f"README links to #{anchor}, which {path} has no heading for"


def test_slug_matches_the_toc_extension() -> None:
    assert _slug("Settings (environment variables or `.env`)") == "settings-environment-variables-or-env"
    assert _slug("The index format: what is published") == "the-index-format-what-is-published"


def test_every_setting_of_env_example_is_documented_in_the_site() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    settings = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]{2,})=", example, flags=re.MULTILINE))
    site = "\n".join(page.read_text(encoding="utf-8") for page in DOCS.rglob("*.md"))
    assert settings, ".env.example names no setting"
    assert {name for name in settings if f"`{name}`" not in site} == set()
