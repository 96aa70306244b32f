"""`eppermed-bot` through `main([...])`: exit codes and output, against a small index built with FakeEmbedder."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import BotSettings
from knowledge import CONTACT_EMAIL, KNOWLEDGE_DIR
from knowledge.chunking import chunk_document
from knowledge.embedding_fake import FakeEmbedder
from knowledge.index_store import FLAT, write_index
from knowledge.loader import load_knowledge
from tests.unit.html_rules import check_telegram_html

KEYS = {"question", "answered", "reply_html", "reply_text", "passages"}
PASSAGE_KEYS = {"text", "title", "url", "as_of", "score"}
SETTINGS = [name.upper() for name in BotSettings.model_fields]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real knowledge, chunked and published with the fake embedding model (`fake-256`)."""
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    chunks = [chunk for doc in knowledge.documents for chunk in chunk_document(doc)]
    embedder = FakeEmbedder()
    vectors = embedder.embed_passages([f"{c.heading} {c.text}" for c in chunks])
    folder = tmp_path_factory.mktemp("index") / "current"
    write_index(
        folder,
        chunks,
        vectors,
        model_id=embedder.model_id,
        index_type=FLAT,
        chunking={},
        knowledge_hash="test",
        calibration={"min_confidence": 0.3},
    )
    return folder


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, published: Path) -> Path:
    """A clean environment: no token, no stray .env, INDEX_DIR set through a .env file in the working dir."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"INDEX_DIR={published}\n", encoding="utf-8")
    return tmp_path


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_prints_the_contract_object(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(["ask", "When will the partnership be launched?", "--json"], capsys, monkeypatch)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert set(obj) == KEYS
    assert obj["question"] == "When will the partnership be launched?"
    assert obj["answered"] is True
    assert check_telegram_html(obj["reply_html"]) == obj["reply_text"]
    assert "launched by the end of 2023" in obj["reply_text"]
    assert obj["passages"]
    for passage in obj["passages"]:
        assert set(passage) == PASSAGE_KEYS
        assert passage["url"].startswith("https://")
        assert passage["as_of"] == "2023"
    scores = [p["score"] for p in obj["passages"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_prints_the_reply_text(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["ask", "When will the partnership be launched?"], capsys, monkeypatch)
    assert code == 0
    assert "launched by the end of 2023" in out
    assert "<b>" not in out
    assert CONTACT_EMAIL in out


def test_ask_a_command_and_in_another_language(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["ask", "/timeline", "--json", "--lang", "de"], capsys, monkeypatch)
    obj = json.loads(out)
    assert code == 0
    assert obj["answered"] is True
    assert obj["passages"] == []
    assert obj["reply_text"].startswith("Die Schritte auf dem Weg zu EP PerMed:")


def test_a_command_needs_no_index(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (env / ".env").write_text(f"INDEX_DIR={env / 'missing'}\n", encoding="utf-8")
    code, out, _ = run(["ask", "/contact"], capsys, monkeypatch)
    assert code == 0
    assert CONTACT_EMAIL in out


def test_a_decline_is_not_answered(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        ["ask", "Should I stop taking my blood pressure medication?", "--json"], capsys, monkeypatch
    )
    obj = json.loads(out)
    assert code == 0
    assert obj["answered"] is False
    assert obj["passages"] == []
    assert "doctor" in obj["reply_text"]


def test_ask_jsonl_answers_in_order_and_keeps_going_after_bad_lines(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = "\n".join(
        [
            "When will the partnership be launched?",
            json.dumps({"id": "d01", "q": "What is the contact email for EP PerMed questions?"}),
            '{"q": broken',
            json.dumps({"question": "no q field"}),
            "",
            "/infosheets",
            "hello",
        ]
    )
    code, out, err = run(["ask", "--jsonl"], capsys, monkeypatch, stdin=stdin + "\n")
    assert (code, err) == (0, "")
    objects = [json.loads(line) for line in out.splitlines()]
    assert len(objects) == 6
    assert objects[0]["question"] == "When will the partnership be launched?"
    assert objects[0]["answered"] is True
    assert objects[1]["question"] == "What is the contact email for EP PerMed questions?"
    assert CONTACT_EMAIL in objects[1]["reply_text"]
    assert set(objects[2]) == {"error"}
    assert "JSON" in objects[2]["error"]
    assert set(objects[3]) == {"error"}
    assert '"q"' in objects[3]["error"]
    assert "InfoSheet 7" in objects[4]["reply_text"]
    assert objects[5]["answered"] is False
    for obj in (objects[0], objects[1], objects[4], objects[5]):
        assert set(obj) == KEYS


def test_ask_needs_a_question_or_jsonl(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as neither:
        main(["ask"])
    with pytest.raises(SystemExit) as both:
        main(["ask", "q", "--jsonl"])
    assert neither.value.code == both.value.code == 2


def test_a_missing_index_is_one_line_on_stderr(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (env / ".env").write_text(f"INDEX_DIR={env / 'missing'}\n", encoding="utf-8")
    code, out, err = run(["ask", "When is the launch?"], capsys, monkeypatch)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("eppermed-bot: error: ")
    assert "Traceback" not in err
    code, _, err = run(["ask", "--jsonl"], capsys, monkeypatch, stdin="q\n")
    assert code == 1
    assert err.count("\n") == 1


def test_a_corrupted_index_is_one_line_on_stderr(
    env: Path, published: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = env / "broken"
    broken.mkdir()
    for item in published.iterdir():
        if item.is_file():
            (broken / item.name).write_bytes(item.read_bytes())
    (broken / "manifest.json").write_text("{not json", encoding="utf-8")
    (env / ".env").write_text(f"INDEX_DIR={broken}\n", encoding="utf-8")
    code, _, err = run(["ask", "When is the launch?"], capsys, monkeypatch)
    assert code == 1
    assert err.count("\n") == 1


def test_bad_settings_are_one_line_on_stderr(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_QUESTION_CHARS", "5")
    code, out, err = run(["ask", "/contact"], capsys, monkeypatch)
    assert code == 1
    assert out == ""
    assert err.startswith("eppermed-bot: error: invalid settings: MAX_QUESTION_CHARS")
    assert err.count("\n") == 1


def test_without_a_token_it_chats_in_the_terminal(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run([], capsys, monkeypatch, stdin="/contact\nWhen will the partnership be launched?\n")
    assert code == 0
    assert CONTACT_EMAIL in out
    assert "launched by the end of 2023" in out
    assert "\x1b[" not in out


def test_with_a_token_it_runs_the_telegram_bot(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[BotSettings] = []
    fake_app = types.ModuleType("bot.app")
    fake_app.run_bot = started.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bot.app", fake_app)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCdef")
    code, out, _ = run([], capsys, monkeypatch)
    assert code == 0
    assert len(started) == 1
    assert started[0].telegram_bot_token is not None
    assert "123456:ABCdef" not in out
    # `chat` forces the terminal chat even with a token
    code, out, _ = run(["chat"], capsys, monkeypatch, stdin="/contact\n")
    assert code == 0
    assert len(started) == 1
    assert CONTACT_EMAIL in out
