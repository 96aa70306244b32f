"""`eppermed-index fetch` and `refresh` against a web site on 127.0.0.1 (tests/unit/local_site.py), no network."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from bot.cli import main as bot_main
from index_builder.cli import main
from index_builder.fetch import DIFF_MAX_WORDS, diff_summary, slug_for
from knowledge import KNOWLEDGE_DIR
from knowledge.loader import load_knowledge
from tests.unit.local_site import ROBOTS, Route, Site, article_route, local_site
from tests.unit.test_loader import pdf_with_text

ARTICLE = "/calls/jtc-2026.html"
ARTICLE_DOC = "127-0-0-1-calls-jtc-2026"
NAV_AND_FOOTER = (
    "Calls and funding",
    "Contact us",
    "Copyright 2026",
    "Newsletter sign-up",
    "Cookie settings",
)


@pytest.fixture
def site() -> Iterator[Site]:
    with local_site() as running:
        yield running


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the knowledge, an index folder, the fake model, short timeouts; cwd without a .env."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR / "sources", knowledge / "sources")
    for name in ("timeline.yaml", "infosheets.yaml"):
        shutil.copy(KNOWLEDGE_DIR / name, knowledge / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("INDEX_DIR", str(tmp_path / "var" / "index"))
    monkeypatch.setenv("EMBEDDING_MODEL", "fake-256")
    monkeypatch.setenv("MULTILINGUAL_MODEL", "")
    monkeypatch.setenv("FETCH_TIMEOUT_SECONDS", "2")
    monkeypatch.setenv("FETCH_MAX_BYTES", "200000")
    for name in ("STATE_DB", "FETCH_USER_AGENT", "FETCH_MAX_REDIRECTS", "ANSWER_MIN_CONFIDENCE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def sources(env: Path) -> Path:
    return env / "knowledge" / "sources"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_fetch_writes_the_article_without_its_navigation(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["fetch", site.url(ARTICLE)], capsys)
    assert (code, err) == (0, "")
    assert f"wrote sources/{ARTICLE_DOC}.md: Joint Transnational Call 2026" in out
    assert "next: eppermed-index check && eppermed-index build" in out
    text = (sources(env) / f"{ARTICLE_DOC}.md").read_text(encoding="utf-8")
    assert "Pre-proposals must be submitted by 12 March 2026 at 14:00 CET" in text
    assert "- Deadline for full proposals: 25 June 2026" in text  # list items stay list items
    assert "## Who can apply" in text
    for boilerplate in NAV_AND_FOOTER:
        assert boilerplate not in text
    doc = load_knowledge(env / "knowledge").document(ARTICLE_DOC)  # what `check` reads back
    assert doc.meta.url.unicode_string() == site.url(ARTICLE)
    assert doc.meta.etag == '"v1"'
    assert doc.meta.last_modified is not None
    assert doc.meta.fetched is not None
    assert doc.meta.as_of == doc.meta.fetched.isoformat()
    [request] = site.hits(ARTICLE)
    assert request["user-agent"].startswith("eppermed-assistant-fetcher/")
    assert site.hits("/robots.txt")


def test_as_of_can_be_given_and_is_checked(env: Path, site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["fetch", site.url(ARTICLE), "--as-of", "2026-01"], capsys)[0] == 0
    assert load_knowledge(env / "knowledge").document(ARTICLE_DOC).meta.as_of == "2026-01"
    code, _, err = run(["fetch", site.url(ARTICLE), "--as-of", "January"], capsys)
    assert code == 1
    assert "--as-of must be YYYY, YYYY-MM or YYYY-MM-DD" in err


def test_a_redirect_is_followed_and_the_final_url_kept(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["fetch", site.url("/old/call")], capsys)
    assert code == 0
    assert f"(redirected to {site.url(ARTICLE)})" in out
    assert f"url: {site.url(ARTICLE)}" in (sources(env) / f"{ARTICLE_DOC}.md").read_text(encoding="utf-8")


def test_validators_a_document_cannot_hold_are_dropped_not_fatal(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Servers send unquoted ETags and odd dates: the page is still written, without those validators."""
    odd = article_route(etag="abc123")
    odd.last_modified = "yesterday"
    site.pages["/odd.html"] = odd
    code, _, err = run(["fetch", site.url("/odd.html")], capsys)
    assert (code, err) == (0, "")
    meta = load_knowledge(env / "knowledge").document("127-0-0-1-odd").meta
    assert (meta.etag, meta.last_modified) == (None, None)
    code, out, _ = run(["refresh"], capsys)
    assert (code, out.split()[0]) == (0, "unchanged")
    assert "if-none-match" not in site.hits("/odd.html")[-1]


@pytest.mark.parametrize(
    "case",
    [
        ("/private/draft.html", None, "robots.txt of http://127.0.0.1:"),
        ("/loop", None, "more than 5 redirects"),
        ("/gone.html", None, "HTTP 404, the page is not there"),
        ("/logo.png", None, "content type image/png cannot be read (fetch reads HTML, PDF and plain text)"),
        ("/menu.html", None, "only 2 words of main content found"),
        (
            "/huge.html",
            Route(b"<p>" + b"word " * 100_000 + b"</p>"),
            "over the limit of 200,000 (FETCH_MAX_BYTES)",
        ),
        (
            "/stream.html",
            Route(b"<p>" + b"word " * 100_000 + b"</p>", send_length=False),
            "more than 200,000 bytes",
        ),
        ("/slow.html", Route(b"<p>late</p>", delay=3), "no answer within 2 s"),
        ("/server-error.html", Route(b"oops", status=500), "HTTP 500"),
    ],
)
def test_what_cannot_be_fetched_is_one_line_and_writes_nothing(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str], case: tuple[str, Route | None, str]
) -> None:
    path, route, message = case
    if route is not None:
        site.pages[path] = route
    before = sorted(p.name for p in sources(env).iterdir())
    code, out, err = run(["fetch", site.url(path)], capsys)
    assert code == 1
    assert err.count("\n") == 1
    assert message in err
    assert err.startswith("eppermed-index: ")
    assert sorted(p.name for p in sources(env).iterdir()) == before
    assert "next:" not in out


def test_robots_refusal_never_requests_the_page(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["fetch", site.url("/private/draft.html")], capsys)[0] == 1
    assert site.hits("/private/draft.html") == []
    assert ROBOTS.splitlines()[1] == "Disallow: /private/"


def test_a_page_in_the_wrong_encoding_is_read_right_and_noted(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    html = (
        "<html><head><title>Café crème in München</title></head><body><article><h1>Café crème</h1>"
        + "<p>Die Förderorganisationen in München und Zürich prüfen die Anträge für die Ausschreibung "
        "gemeinsam; Gutachter aus Genève und Besançon bewerten sie nach den veröffentlichten Kriterien.</p>"
        * 3
        + "</article></body></html>"
    )
    site.pages["/latin1.html"] = Route(
        html.encode("cp1252"), "text/html; charset=utf-8"
    )  # says utf-8, is not
    code, out, _ = run(["fetch", site.url("/latin1.html")], capsys)
    assert code == 0
    assert "note:" in out
    assert "declared utf-8" in out
    text = (sources(env) / "127-0-0-1-latin1.md").read_text(encoding="utf-8")
    assert "Die Förderorganisationen in München und Zürich" in text
    assert "\ufffd" not in text


def test_a_pdf_goes_through_the_pdf_reader(env: Path, site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    words = (
        "EP PerMed funds research on personalised medicine with partners from many countries in Europe " * 2
    )
    site.pages["/files/call-text.pdf"] = Route(pdf_with_text(words.strip()), "application/pdf")
    code, _, err = run(["fetch", site.url("/files/call-text.pdf")], capsys)
    assert (code, err) == (0, "")
    doc = load_knowledge(env / "knowledge").document("127-0-0-1-files-call-text")
    assert "funds research on personalised medicine" in doc.body


def test_fetching_a_page_again_replaces_its_document(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["fetch", site.url(ARTICLE)], capsys)[0] == 0
    assert run(["fetch", site.url(ARTICLE)], capsys)[0] == 0
    assert len(list(sources(env).glob("127-0-0-1-*.md"))) == 1


def test_fetching_a_site_root_again_replaces_its_document(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """The document stores "http://host/" for "http://host": the second fetch must still find it."""
    site.pages["/"] = article_route()
    assert run(["fetch", site.url("")], capsys)[0] == 0
    assert run(["fetch", site.url("")], capsys)[0] == 0
    assert [p.name for p in sources(env).glob("127-0-0-1*.md")] == ["127-0-0-1.md"]


def test_refresh_reports_unchanged_changed_and_gone_and_loses_nothing(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["fetch", site.url(ARTICLE), site.url("/removed-soon.html")], capsys)[0] == 1  # not there yet
    site.pages["/removed-soon.html"] = article_route(
        (Path(__file__).parents[1] / "data" / "web" / "article.html").read_text().replace("2026", "2027"),
        '"r1"',
    )
    assert run(["fetch", site.url(ARTICLE), site.url("/removed-soon.html")], capsys)[0] == 0
    article = sources(env) / f"{ARTICLE_DOC}.md"
    removed = sources(env) / "127-0-0-1-removed-soon.md"
    curated = {p.name: p.read_bytes() for p in sources(env).glob("*.md") if not p.name.startswith("127-")}

    code, out, _ = run(["refresh"], capsys)
    assert code == 0
    assert "unchanged" in out
    assert "304 Not Modified" in out
    assert "nothing changed: no build needed" in out
    assert site.hits(ARTICLE)[-1]["if-none-match"] == '"v1"'  # a conditional request
    assert "if-modified-since" in site.hits(ARTICLE)[-1]

    changed_html = (Path(__file__).parents[1] / "data" / "web" / "article.html").read_text()
    changed_html = changed_html.replace("12 March 2026", "19 March 2026")
    site.pages[ARTICLE] = article_route(changed_html, '"v2"')
    del site.pages["/removed-soon.html"]
    removed_before = removed.read_text(encoding="utf-8")
    code, out, _ = run(["refresh"], capsys)
    assert code == 0
    lines = out.splitlines()
    [changed] = [line for line in lines if line.startswith("changed")]
    assert "+2 -2 lines" in changed  # the sentence and the list item
    assert "by 12 March → by 19 March" in changed
    [gone] = [line for line in lines if line.startswith("gone")]
    assert "HTTP 404; kept, marked gone_since" in gone
    assert "next: eppermed-index check && eppermed-index build" in out
    assert "19 March 2026" in article.read_text(encoding="utf-8")
    assert "etag: '\"v2\"'" in article.read_text(encoding="utf-8")
    kept = removed.read_text(encoding="utf-8")
    assert kept.split("---")[2] == removed_before.split("---")[2]  # the body is kept as it was
    assert "gone_since: " in kept
    assert {
        p.name: p.read_bytes() for p in sources(env).glob("*.md") if not p.name.startswith("127-")
    } == curated
    assert run(["check"], capsys)[0] == 0


@pytest.mark.parametrize("etag", ['"v1"', None], ids=["304", "same-text"])
def test_a_page_back_online_is_no_longer_marked_gone(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str], etag: str | None
) -> None:
    back = article_route()
    back.etag = etag  # None: the server sends no ETag, so the page comes back whole and its text is compared
    site.pages[ARTICLE] = back
    assert run(["fetch", site.url(ARTICLE)], capsys)[0] == 0
    site.pages[ARTICLE] = Route(b"<h1>Not found</h1>", status=404)
    assert "gone_since" in run(["refresh"], capsys)[1]
    site.pages[ARTICLE] = back
    code, out, _ = run(["refresh"], capsys)
    assert (code, out.split()[0]) == (0, "unchanged")
    assert load_knowledge(env / "knowledge").document(ARTICLE_DOC).meta.gone_since is None


def test_refresh_of_an_unreachable_page_fails_that_page_only(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["fetch", site.url(ARTICLE)], capsys)[0] == 0
    before = (sources(env) / f"{ARTICLE_DOC}.md").read_bytes()
    site.pages[ARTICLE] = Route(b"down", status=503)
    code, out, _ = run(["refresh"], capsys)
    assert code == 1
    assert out.startswith("failed")
    assert "HTTP 503" in out
    assert (sources(env) / f"{ARTICLE_DOC}.md").read_bytes() == before


def test_fetch_check_build_ask_then_an_unchanged_refresh_embeds_nothing(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The maintainers' loop end to end: the bot answers from the fetched page and links it."""
    assert run(["fetch", site.url(ARTICLE)], capsys)[0] == 0
    assert run(["check"], capsys)[0] == 0
    code, out, err = run(["build"], capsys)
    assert code == 0, err
    monkeypatch.setenv("ANSWER_MIN_CONFIDENCE", "0.2")  # the fake model's scale, as in the build tests
    assert (
        bot_main(
            ["ask", "When is the deadline for pre-proposals of the Joint Transnational Call 2026?", "--json"]
        )
        == 0
    )
    answer = json.loads(capsys.readouterr().out)
    assert answer["answered"] is True
    assert answer["passages"][0]["url"] == site.url(ARTICLE)
    assert "12 March 2026" in answer["reply_text"]

    article = sources(env) / f"{ARTICLE_DOC}.md"
    before = article.read_bytes()
    code, out, _ = run(["refresh"], capsys)
    assert code == 0
    assert "unchanged" in out
    assert article.read_bytes() == before
    code, out, err = run(["build"], capsys)
    assert code == 0, err
    assert "0 embedded" in out + err


def test_slugs_name_the_host_and_the_page() -> None:
    assert slug_for("https://www.eppermed.eu/funding/calls/jtc-2026.html") == "eppermed-eu-calls-jtc-2026"
    assert slug_for("https://eppermed.eu/") == "eppermed-eu"
    assert slug_for("https://eppermed.eu/Über uns/") == "eppermed-eu-ber-uns"


def test_the_diff_summary_is_short() -> None:
    summary = diff_summary("a\nthe old b\nc", "a\nthe new b\nc\nd")
    assert summary == "+2 -1 lines: the old b → the new b; b → b d"
    assert len(diff_summary("x" * 500, "y" * 500)) < 150
    many = diff_summary(
        " ".join(f"w{i}" for i in range(50)), " ".join(f"w{i}" if i % 5 else "X" for i in range(50))
    )
    assert many.endswith("(+7 more)")


def test_the_diff_summary_of_a_rewritten_long_page_compares_a_bounded_number_of_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Word matching costs the product of both lengths (and more with repeated words): a rewritten page of
    10,000 lines took minutes; now the words compared are bounded and frequent words anchor nothing."""
    import difflib

    compared: list[int] = []

    class Recording(difflib.SequenceMatcher[str]):
        def set_seqs(self, a: Sequence[str], b: Sequence[str]) -> None:
            compared.append(len(a) * len(b))
            super().set_seqs(a, b)

    monkeypatch.setattr(difflib, "SequenceMatcher", Recording)
    old = "\n".join(f"old{i} x{i} y{i}" for i in range(1_000))
    new = "\n".join(f"new{i} x{i} y{i}" for i in range(1_000))
    summary = diff_summary(old, new)
    assert summary.startswith("+1000 -1000 lines: old0 x0 → new0 x0; ")
    assert summary.endswith(f"(words compared: the first {DIFF_MAX_WORDS:,} changed)")
    assert compared[-1] <= DIFF_MAX_WORDS**2  # the last matcher compares words (the first, lines)


def test_the_bot_never_fetches() -> None:
    import subprocess
    import sys

    code = "import sys, bot.app, bot.cli; print(any(m.startswith(('index_builder', 'trafilatura')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_robots_txt_behind_a_redirect_is_honoured(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.pages["/robots.txt"] = Route(status=301, location="/rules/robots.txt")
    site.pages["/rules/robots.txt"] = Route(
        b"User-agent: eppermed-assistant-fetcher\nDisallow: /calls/\n", "text/plain"
    )
    code, _, err = run(["fetch", site.url(ARTICLE)], capsys)
    assert code == 1
    assert "does not allow fetching this page" in err
    assert site.hits(ARTICLE) == []


def test_robots_rules_for_other_robots_do_not_apply(
    env: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    site.pages["/robots.txt"] = Route(b"User-agent: OtherBot\nDisallow: /\n", "text/plain")
    assert run(["fetch", site.url(ARTICLE)], capsys)[0] == 0
