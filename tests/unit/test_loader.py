"""The loader reports each mistake a maintainer can make as `file:line: reason`, and loads good files."""

from __future__ import annotations

import zlib
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfWriter

from knowledge.exceptions import KnowledgeInvalid, Problem
from knowledge.loader import (
    load_documents,
    load_infosheets,
    load_knowledge,
    load_timeline,
    validate_knowledge,
)

URL = "https://www.icpermed.eu/en/ep-permed.php"
FRONT = f"---\nid: {{id}}\ntitle: A title\nurl: {URL}\nas_of: 2023\n---\n"
META = f"id: {{id}}\ntitle: A title\nurl: {URL}\nas_of: '2023'\n"
TIMELINE = f"""\
- date: 2023-04
  title: SRIA
  description: Publication of the SRIA
  url: {URL}
- date: 2021-05
  title: Information Day
  description: EP PerMed Information Day
  url: {URL}
- date: 2021-05
  title: Guidance
  description: Guidance Document and Information Sheets
  url: {URL}
- date: 2023-12
  title: Launch
  description: launched by the end of 2023
  url: {URL}
  status: planned
  when: by the end of 2023
"""


def infosheets_yaml(numbers: list[int]) -> str:
    return "".join(f"- number: {n}\n  title: Sheet {n}\n  url: {URL}\n" for n in numbers)


def markdown(doc_id: str, body: str = "# Heading\n\nSome text.\n") -> str:
    return FRONT.format(id=doc_id) + "\n" + body


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small valid knowledge folder; tests break one thing in it."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "b-doc.md").write_text(markdown("b-doc"), encoding="utf-8")
    (tmp_path / "sources" / "a-doc.md").write_text(markdown("a-doc"), encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text(TIMELINE, encoding="utf-8")
    (tmp_path / "infosheets.yaml").write_text(infosheets_yaml([7, 6, 5, 4, 3, 2, 1]), encoding="utf-8")
    return tmp_path


def rendered(problems: list[Problem], root: Path) -> list[str]:
    """Problems as a maintainer reads them, with paths relative to the knowledge folder."""
    return [f"{p.path.relative_to(root).as_posix()}:{p.line}: {p.reason}" for p in problems]


def check(root: Path) -> list[str]:
    return rendered(validate_knowledge(root), root)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def pdf_with_text(text: str) -> bytes:
    """A minimal one-page PDF whose content stream draws `text` in Helvetica (hand-made, with a real xref)."""
    stream = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# Good files ------------------------------------------------------------------------------------------------


def test_good_folder_loads_sorted(folder: Path) -> None:
    knowledge = load_knowledge(folder)
    assert [doc.id for doc in knowledge.documents] == ["a-doc", "b-doc"]
    assert knowledge.documents[0].path == "sources/a-doc.md"
    assert knowledge.documents[0].body == "# Heading\n\nSome text."
    assert knowledge.documents[0].body_line == 8
    assert knowledge.documents[0].meta.as_of == "2023"
    # sorted by date, stable for the two May 2021 entries
    assert [m.title for m in knowledge.timeline] == ["Information Day", "Guidance", "SRIA", "Launch"]
    assert knowledge.timeline[-1].when == "by the end of 2023"
    assert [sheet.number for sheet in knowledge.infosheets] == [1, 2, 3, 4, 5, 6, 7]
    assert knowledge.document("b-doc").id == "b-doc"
    assert validate_knowledge(folder) == []


def test_readme_and_dotfiles_in_sources_are_ignored(folder: Path) -> None:
    write(folder / "sources" / "README.md", "How to edit these files.\n")
    write(folder / "sources" / ".notes.swp", "editor junk")
    assert check(folder) == []
    assert len(load_knowledge(folder).documents) == 2


def test_load_knowledge_raises_with_every_problem(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", "no front matter\n")
    (folder / "infosheets.yaml").unlink()
    with pytest.raises(KnowledgeInvalid) as caught:
        load_knowledge(folder)
    assert len(caught.value.problems) == 2
    assert "(and 1 more)" in str(caught.value)


def test_missing_knowledge_folder(tmp_path: Path) -> None:
    assert [str(p) for p in validate_knowledge(tmp_path / "nowhere")] == [
        f"{tmp_path / 'nowhere'}:1: knowledge folder not found"
    ]


def test_missing_sources_folder(folder: Path) -> None:
    for path in (folder / "sources").iterdir():
        path.unlink()
    (folder / "sources").rmdir()
    assert check(folder) == ["sources:1: sources folder not found"]


def test_empty_sources_folder(folder: Path) -> None:
    for path in (folder / "sources").iterdir():
        path.unlink()
    assert check(folder) == ["sources:1: no documents: add at least one .md file"]


# Front matter ----------------------------------------------------------------------------------------------


def test_missing_front_matter(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", "\n# Heading\nText without metadata.\n")
    assert check(folder) == [
        "sources/a-doc.md:2: missing front matter: the file must start with a '---' line, "
        "the fields, and a closing '---'"
    ]


def test_unclosed_front_matter(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", "---\nid: a-doc\ntitle: A\n\n# Heading\n")
    assert check(folder) == [
        "sources/a-doc.md:1: unclosed front matter: the '---' on line 1 has no closing '---'"
    ]


def test_missing_front_matter_fields_are_named(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", "---\nid: a-doc\nurl: https://example.org/\n---\nText.\n")
    assert check(folder) == [
        "sources/a-doc.md:1: missing front-matter field 'as_of'",
        "sources/a-doc.md:1: missing front-matter field 'title'",
    ]


def test_unknown_front_matter_field_is_named_on_its_line(folder: Path) -> None:
    text = markdown("a-doc").replace("as_of: 2023\n", "as_of: 2023\nauthor: someone\n")
    write(folder / "sources" / "a-doc.md", text)
    assert check(folder) == [
        "sources/a-doc.md:6: unknown front-matter field 'author' "
        "(allowed: id, title, url, as_of, language, published, tags, see_also, fetched, etag, last_modified, gone_since)"
    ]


def test_bad_url_on_its_line(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", markdown("a-doc").replace(URL, "www.icpermed.eu"))
    problems = check(folder)
    assert len(problems) == 1
    assert problems[0].startswith("sources/a-doc.md:4: bad url in 'url': 'www.icpermed.eu': ")


def test_bad_see_also_url_names_the_item(folder: Path) -> None:
    text = markdown("a-doc").replace(
        "as_of: 2023\n", "as_of: 2023\nsee_also:\n  - https://ok.org/\n  - nope\n"
    )
    write(folder / "sources" / "a-doc.md", text)
    problems = check(folder)
    assert len(problems) == 1
    assert problems[0].startswith("sources/a-doc.md:8: bad url in 'see_also[1]': 'nope': ")


def test_bad_as_of_on_its_line(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", markdown("a-doc").replace("as_of: 2023", "as_of: spring 2023"))
    assert check(folder) == [
        "sources/a-doc.md:5: bad front-matter field 'as_of': as_of must be YYYY, YYYY-MM or YYYY-MM-DD, "
        "not 'spring 2023'"
    ]


def test_bad_published_date(folder: Path) -> None:
    text = markdown("a-doc").replace("as_of: 2023\n", "as_of: 2023\npublished: 2023-13-01\n")
    write(folder / "sources" / "a-doc.md", text)
    problems = check(folder)
    assert len(problems) == 1
    assert problems == ["sources/a-doc.md:6: bad date '2023-13-01': month must be in 1..12"]


def test_bad_id_slug(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", markdown("A Doc"))
    assert check(folder) == [
        "sources/a-doc.md:2: bad front-matter field 'id': "
        "id must be lower-case letters, digits and hyphens, not 'A Doc'"
    ]


def test_duplicate_ids_name_both_files(folder: Path) -> None:
    write(folder / "sources" / "b-doc.md", markdown("a-doc"))
    assert check(folder) == [
        "sources/b-doc.md:1: duplicate id 'a-doc': also used by sources/a-doc.md (ids must be unique)"
    ]


def test_duplicate_front_matter_key(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", markdown("a-doc").replace("as_of: 2023\n", "as_of: 2023\nid: x\n"))
    assert check(folder) == ["sources/a-doc.md:6: duplicate front-matter field 'id' (first on line 2)"]


def test_empty_document(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", FRONT.format(id="a-doc") + "\n   \n")
    assert check(folder) == ["sources/a-doc.md:6: empty document: no text besides the metadata"]


def test_front_matter_yaml_syntax_error_with_file_line(folder: Path) -> None:
    text = markdown("a-doc").replace("title: A title", "title: [unclosed")
    write(folder / "sources" / "a-doc.md", text)
    problems = check(folder)
    assert len(problems) == 1
    assert problems[0].startswith("sources/a-doc.md:4: YAML syntax error: ")


def test_front_matter_must_be_a_mapping(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md", "---\n- id\n- title\n---\nText.\n")
    assert check(folder) == ["sources/a-doc.md:1: front-matter must be a mapping of fields, not list"]


def test_bad_encoding_names_the_byte_offset(folder: Path) -> None:
    raw = markdown("a-doc").encode("utf-8") + "Caf\u00e9 in Latin-1\n".encode("latin-1")
    (folder / "sources" / "a-doc.md").write_bytes(raw)
    offset = raw.index(b"\xe9")
    assert check(folder) == [
        f"sources/a-doc.md:11: not UTF-8: byte 0xe9 at byte offset {offset} (invalid continuation byte)"
    ]


def test_utf8_bom_and_typographic_quotes_are_fine(folder: Path) -> None:
    text = "\ufeff" + markdown("a-doc", "“Improve health outcomes” – EU’s 9th\n")
    write(folder / "sources" / "a-doc.md", text)
    assert load_knowledge(folder).document("a-doc").body == "“Improve health outcomes” – EU’s 9th"


def test_unsupported_file_type(folder: Path) -> None:
    (folder / "sources" / "slides.docx").write_bytes(b"PK\x03\x04")
    assert check(folder) == [
        "sources/slides.docx:1: unsupported file type '.docx' (.htm, .html, .md, .pdf, .txt)"
    ]


def test_sub_folders_are_reported(folder: Path) -> None:
    (folder / "sources" / "old").mkdir()
    assert check(folder) == ["sources/old:1: sub-folders are not read: put documents directly in sources/"]


# Text, HTML and PDF with sidecars --------------------------------------------------------------------------


def test_text_file_with_sidecar_loads(folder: Path) -> None:
    write(folder / "sources" / "note.txt", "Plain text about EP PerMed.\n")
    write(folder / "sources" / "note.txt.meta.yaml", META.format(id="note"))
    doc = load_knowledge(folder).document("note")
    assert doc.body == "Plain text about EP PerMed."
    assert doc.path == "sources/note.txt"
    assert str(doc.meta.url) == URL


def test_missing_sidecar(folder: Path) -> None:
    write(folder / "sources" / "note.txt", "Plain text.\n")
    assert check(folder) == [
        "sources/note.txt:1: missing sidecar note.txt.meta.yaml with the document's metadata"
    ]


def test_sidecar_field_errors_point_into_the_sidecar(folder: Path) -> None:
    write(folder / "sources" / "note.txt", "Plain text.\n")
    write(folder / "sources" / "note.txt.meta.yaml", META.format(id="note") + "lang: de\n")
    assert check(folder) == [
        "sources/note.txt.meta.yaml:5: unknown sidecar field 'lang' "
        "(allowed: id, title, url, as_of, language, published, tags, see_also, fetched, etag, last_modified, gone_since)"
    ]


def test_sidecar_yaml_syntax_error(folder: Path) -> None:
    write(folder / "sources" / "note.txt", "Plain text.\n")
    write(folder / "sources" / "note.txt.meta.yaml", "id: note\ntitle: : :\n  bad: indent\n")
    problems = check(folder)
    assert len(problems) == 1
    assert problems[0].startswith("sources/note.txt.meta.yaml:2: YAML syntax error: ")


def test_sidecar_without_its_file(folder: Path) -> None:
    write(folder / "sources" / "gone.pdf.meta.yaml", META.format(id="gone"))
    assert check(folder) == ["sources/gone.pdf.meta.yaml:1: sidecar without its file: gone.pdf"]


def test_markdown_needs_no_sidecar(folder: Path) -> None:
    write(folder / "sources" / "a-doc.md.meta.yaml", META.format(id="a-doc"))
    assert check(folder) == [
        "sources/a-doc.md.meta.yaml:1: a-doc.md has front matter: "
        "put these fields there and delete this sidecar"
    ]


def test_html_keeps_headings_and_list_items_and_drops_scripts(folder: Path) -> None:
    html = """<!DOCTYPE html><html><head><title>T</title><style>p {color: red}</style></head>
    <body><nav><a href="/">Home</a> <a href="/x">Menu</a></nav>
    <h1>Guidance  Document</h1><p>ICPerMed and ERA PerMed published a <b>guide</b>.</p>
    <h2>InfoSheets</h2><ul><li>InfoSheet 1 – Summary</li><li>InfoSheet 2<ul><li>nested</li></ul></li></ul>
    <script>alert("x")</script><!-- a comment --><div>Last<br>line</div></body></html>"""
    write(folder / "sources" / "page.html", html)
    write(folder / "sources" / "page.html.meta.yaml", META.format(id="page"))
    body = load_knowledge(folder).document("page").body
    assert body.split("\n\n") == [
        "# Guidance Document",
        "ICPerMed and ERA PerMed published a guide.",
        "## InfoSheets",
        "- InfoSheet 1 – Summary",
        "- InfoSheet 2",
        "- nested",
        "Last",
        "line",
    ]


def test_html_without_visible_text_is_empty(folder: Path) -> None:
    write(folder / "sources" / "page.htm", "<html><script>var x = 1;</script><nav>Menu</nav></html>")
    write(folder / "sources" / "page.htm.meta.yaml", META.format(id="page"))
    assert check(folder) == ["sources/page.htm:1: empty document: no text besides the metadata"]


def test_pdf_text_is_extracted(folder: Path) -> None:
    (folder / "sources" / "paper.pdf").write_bytes(pdf_with_text("Draft Concept Paper for EP PerMed"))
    write(folder / "sources" / "paper.pdf.meta.yaml", META.format(id="paper"))
    assert load_knowledge(folder).document("paper").body == "Draft Concept Paper for EP PerMed"


def test_pdf_without_text_is_a_problem(folder: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    with (folder / "sources" / "scan.pdf").open("wb") as handle:
        writer.write(handle)
    write(folder / "sources" / "scan.pdf.meta.yaml", META.format(id="scan"))
    assert check(folder) == [
        "sources/scan.pdf:1: PDF has no extractable text (1 page(s); a scanned image needs OCR)"
    ]


def test_truncated_pdf_is_a_problem_not_a_crash(folder: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = pdf_with_text("Draft Concept Paper")
    (folder / "sources" / "cut.pdf").write_bytes(data[: len(data) // 2])
    write(folder / "sources" / "cut.pdf.meta.yaml", META.format(id="cut"))
    assert check(folder) == ["sources/cut.pdf:1: cannot read PDF: Stream has ended unexpectedly"]
    assert [r.message for r in caplog.records if r.name.startswith("pypdf")] == []  # no clutter in `check`


def test_broken_pdf_is_a_problem_not_a_crash(folder: Path) -> None:
    (folder / "sources" / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf")
    write(folder / "sources" / "broken.pdf.meta.yaml", META.format(id="broken"))
    problems = check(folder)
    assert len(problems) == 1
    assert problems[0].startswith("sources/broken.pdf:1: cannot read PDF: ")


# timeline.yaml ---------------------------------------------------------------------------------------------


def test_missing_timeline_and_infosheets(folder: Path) -> None:
    (folder / "timeline.yaml").unlink()
    (folder / "infosheets.yaml").unlink()
    assert check(folder) == [
        "infosheets.yaml:1: missing infosheets.yaml: the knowledge folder needs it",
        "timeline.yaml:1: missing timeline.yaml: the knowledge folder needs it",
    ]


def test_timeline_entry_without_date(folder: Path) -> None:
    write(
        folder / "timeline.yaml", TIMELINE.replace("- date: 2021-05\n  title: Guidance", "- title: Guidance")
    )
    assert check(folder) == ["timeline.yaml:9: timeline entry 3 (Guidance) has no date (YYYY-MM)"]


def test_timeline_bad_date(folder: Path) -> None:
    write(folder / "timeline.yaml", TIMELINE.replace("date: 2023-04", "date: April 2023"))
    assert check(folder) == [
        "timeline.yaml:1: timeline entry 1 (SRIA): bad milestone field 'date': "
        "date must be YYYY-MM, not 'April 2023'"
    ]


def test_timeline_bad_month(folder: Path) -> None:
    write(folder / "timeline.yaml", TIMELINE.replace("date: 2023-12", "date: 2023-13"))
    problems = check(folder)
    assert len(problems) == 1
    assert problems[0].startswith(
        "timeline.yaml:13: timeline entry 4 (Launch): bad milestone field 'date.month': "
    )


def test_milestone_field_error_on_its_line(folder: Path) -> None:
    write(folder / "timeline.yaml", TIMELINE.replace("status: planned", "status: soon"))
    assert check(folder) == [
        "timeline.yaml:17: timeline entry 4 (Launch): bad milestone field 'status': "
        "Input should be 'done' or 'planned'"
    ]


def test_milestone_unknown_and_missing_fields(folder: Path) -> None:
    write(
        folder / "timeline.yaml",
        TIMELINE.replace("  description: Publication of the SRIA\n", "  summary: x\n"),
    )
    assert check(folder) == [
        "timeline.yaml:1: timeline entry 1 (SRIA): missing milestone field 'description'",
        "timeline.yaml:3: timeline entry 1 (SRIA): unknown milestone field 'summary' "
        "(allowed: date, title, description, url, status, when)",
    ]


def test_duplicate_milestone(folder: Path) -> None:
    write(folder / "timeline.yaml", TIMELINE + TIMELINE.split("- date: 2021-05", maxsplit=1)[0])
    assert check(folder) == ["timeline.yaml:19: duplicate milestone 2023-04 'SRIA': same as entry 1 (line 1)"]


def test_timeline_yaml_syntax_error(folder: Path) -> None:
    write(folder / "timeline.yaml", TIMELINE + "- date: 2024-01\n  title: [broken\n")
    (problem,) = check(folder)  # PyYAML's words or libyaml's, on the same line
    assert problem.startswith("timeline.yaml:21: YAML syntax error: while parsing a flow sequence: ")
    assert "',' or ']'" in problem


def test_a_control_character_in_yaml_is_named_on_its_line(folder: Path) -> None:
    write(folder / "timeline.yaml", TIMELINE + "- date: 2024-01\n  title: a bell \x07 rang\n")
    assert check(folder) == ["timeline.yaml:20: character U+0007 not allowed in YAML"]


def test_timeline_must_be_a_list(folder: Path) -> None:
    write(folder / "timeline.yaml", "milestones: []\n")
    assert check(folder) == [
        "timeline.yaml:1: timeline.yaml must be a list of entries ('- ' items), not dict"
    ]


def test_timeline_entry_must_be_a_mapping(folder: Path) -> None:
    write(folder / "timeline.yaml", TIMELINE + "- just a line\n")
    assert check(folder) == ["timeline.yaml:19: milestone entry 5 must be a mapping of fields"]


# infosheets.yaml -------------------------------------------------------------------------------------------


def test_duplicate_infosheet_numbers(folder: Path) -> None:
    write(folder / "infosheets.yaml", infosheets_yaml([1, 2, 3, 3, 5, 6, 7]))
    assert check(folder) == ["infosheets.yaml:10: duplicate InfoSheet number 3: also 'Sheet 3' on line 7"]


def test_missing_infosheet_numbers(folder: Path) -> None:
    write(folder / "infosheets.yaml", infosheets_yaml([1, 2, 3, 5, 6]))
    assert check(folder) == ["infosheets.yaml:1: missing InfoSheet number(s) 4, 7 (expected 1-7)"]


def test_infosheet_field_error_on_its_line(folder: Path) -> None:
    write(folder / "infosheets.yaml", infosheets_yaml([1, 2, 3, 4, 5, 6, 8]))
    problems = check(folder)
    assert len(problems) == 1
    assert problems[0].startswith(
        "infosheets.yaml:19: InfoSheet entry 7 (number 8): bad InfoSheet field 'number': "
    )


def test_infosheet_bad_url(folder: Path) -> None:
    write(folder / "infosheets.yaml", infosheets_yaml([1, 2, 3, 4, 5, 6, 7]).replace(URL, "ftp:/x", 1))
    problems = check(folder)
    assert len(problems) == 1
    assert problems[0].startswith(
        "infosheets.yaml:3: InfoSheet entry 1 (number 1): bad url in 'url': 'ftp:/x'"
    )


def test_loaders_work_on_single_files(folder: Path) -> None:
    documents, doc_problems = load_documents(folder / "sources")
    milestones, timeline_problems = load_timeline(folder / "timeline.yaml")
    sheets, sheet_problems = load_infosheets(folder / "infosheets.yaml")
    assert (len(documents), len(milestones), len(sheets)) == (2, 4, 7)
    assert doc_problems == timeline_problems == sheet_problems == []


@pytest.mark.parametrize(
    ("fields", "line", "reason"),
    [
        (
            "fetched: 2026-11-30\netag: abc\n",
            7,
            "bad front-matter field 'etag': etag must be an HTTP entity tag",
        ),
        (
            "fetched: 2026-11-30\nlast_modified: yesterday\n",
            7,
            "bad front-matter field 'last_modified': last_modified must be an HTTP date",
        ),
        ("etag: '\"abc\"'\n", 6, "bad front-matter field 'etag': etag belongs to a fetched document"),
    ],
)
def test_fetch_fields_are_checked(folder: Path, fields: str, line: int, reason: str) -> None:
    text = '---\nid: a-doc\ntitle: "A"\nurl: https://example.org/a\nas_of: "2026"\n' + fields + "---\nBody.\n"
    write(folder / "sources" / "a-doc.md", text)
    [problem] = check(folder)
    assert problem.startswith(f"sources/a-doc.md:{line}: {reason}")


def test_a_fetched_document_loads_with_its_validators(folder: Path) -> None:
    text = (
        '---\nid: a-doc\ntitle: "A"\nurl: https://example.org/a\nas_of: "2026-11-30"\nfetched: 2026-11-30\n'
        'etag: W/"x1"\nlast_modified: Mon, 30 Nov 2026 08:00:00 GMT\ngone_since: 2026-12-01\n---\nBody.\n'
    )
    write(folder / "sources" / "a-doc.md", text)
    assert check(folder) == []
