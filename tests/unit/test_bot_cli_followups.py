"""`ask --jsonl` with `"chat"` and `eppermed-bot dialogues`: exit codes and output, small fake-model index."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from bot import services
from bot.conversation import ConversationStore
from bot.settings import BotSettings
from tests.unit.test_bot_cli import KEYS, env, published, run  # noqa: F401 - fixtures used by name

ORGANISED = "Who organised the EP PerMed information day?"


def lines(*objects: object) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o) for o in objects) + "\n"


def test_jsonl_lines_of_one_chat_are_one_conversation(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stdin = lines(
        {"q": ORGANISED, "chat": "a"},
        {"q": "What is the draft concept paper?", "chat": 7},
        {"q": "When?", "chat": "a"},
        {"q": "Who approved it?", "chat": 7},
        {"q": "When?"},
        "When?",
        {"q": "When?", "chat": "b"},
    )
    code, out, err = run(["ask", "--jsonl"], capsys, monkeypatch, stdin=stdin)
    assert (code, err) == (0, "")
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["question"] for o in objects] == [
        ORGANISED,
        "What is the draft concept paper?",
        *["When?", "Who approved it?"],
        "When?",
        "When?",
        "When?",
    ]
    assert objects[2]["about"] == "the EP PerMed information day"
    assert objects[2]["understood_as"] == "When the EP PerMed information day?"
    assert "May 2021" in objects[2]["reply_text"]
    assert objects[3]["about"] == "the draft concept paper"
    assert "over 50 organisations" in objects[3]["reply_text"]
    for alone in objects[4:]:  # no chat, or a chat that has said nothing before: stands alone
        assert set(alone) == KEYS
        assert alone["answered"] is False
    assert set(objects[0]) == KEYS


def _slow_clock_store(settings: BotSettings) -> ConversationStore:
    """A store whose clock jumps an hour at every look: as a long input file on a slow machine sees it."""
    ticks = itertools.count()
    return ConversationStore(
        ttl_seconds=settings.context_ttl_seconds,
        max_conversations=settings.context_max_conversations,
        clock=lambda: 3600.0 * next(ticks),
    )


def test_jsonl_and_dialogues_follow_input_order_however_long_answering_takes(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The quiet period is for people chatting; a file's lines are one conversation in input order."""
    monkeypatch.setattr(services, "conversation_store", _slow_clock_store)
    stdin = lines({"q": ORGANISED, "chat": "a"}, {"q": "When?", "chat": "a"})
    code, out, err = run(["ask", "--jsonl"], capsys, monkeypatch, stdin=stdin)
    assert (code, err) == (0, "")
    follow_up = json.loads(out.splitlines()[1])
    assert follow_up.get("about") == "the EP PerMed information day"
    assert "May 2021" in follow_up["reply_text"]
    file = env / "dialogues.jsonl"
    file.write_text(
        lines({"id": "d1", "turns": [ORGANISED, "When?"], "gold": ["may 2021"]}), encoding="utf-8"
    )
    code, out, err = run(["dialogues", str(file), "--json"], capsys, monkeypatch)
    assert (code, err) == (0, "")
    assert json.loads(out)["misses"] == []


@pytest.mark.parametrize("chat", [True, None, "", "  ", [1], {"x": 1}, 1.5])
def test_a_bad_chat_value_is_an_error_line(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    chat: object,
) -> None:
    record: dict[str, object] = {"q": ORGANISED, "chat": chat}
    code, out, err = run(["ask", "--jsonl"], capsys, monkeypatch, stdin=lines(record))
    [obj] = [json.loads(line) for line in out.splitlines()]
    assert (code, err) == (0, "")
    if chat is None:  # "chat": null is no chat
        assert obj["answered"] is True
    else:
        assert set(obj) == {"error"}
        assert '"chat"' in obj["error"]


def test_dialogues_scores_the_last_turn(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = env / "dialogues.jsonl"
    file.write_text(
        lines(
            {"id": "d1", "turns": [ORGANISED, "When?"], "gold": ["may 2021"]},
            {
                "id": "d2",
                "turns": ["What is the draft concept paper?", "Who approved it?"],
                "gold": ["over 50"],
            },
            {"id": "d3", "turns": ["When?"], "gold": ["may 2021"]},
            {
                "id": "d4",
                "turns": [ORGANISED, "How tall is the Eiffel Tower?"],
                "gold": [],
                "expect": "decline",
            },
            {"id": "d5", "turns": [ORGANISED, "Should I stop taking my pills?"], "expect": "medical"},
        ),
        encoding="utf-8",
    )
    code, out, err = run(["dialogues", str(file), "--json"], capsys, monkeypatch)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert (result["dialogues"], result["right"], result["misses"]) == (5, 4, ["d3"])
    assert result["expected_declines"] == [2, 2]
    code, out, _ = run(["dialogues", str(file)], capsys, monkeypatch)
    assert code == 0
    assert "5 dialogues, last reply right in 4 (0.80)" in out
    assert "missed: d3" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "holds no dialogues"),
        ("{broken\n", "not valid JSON"),
        ('{"id": "x", "turns": ["q"]}\n', "gold phrase"),
        ('{"id": "x", "turns": [], "gold": ["g"]}\n', "turns"),
        (
            '{"id": "x", "turns": ["q"], "gold": ["g"]}\n{"id": "x", "turns": ["q"], "gold": ["g"]}\n',
            "already used on line 1",
        ),
    ],
)
def test_a_bad_dialogue_file_is_one_line_and_exit_1(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    content: str,
    message: str,
) -> None:
    file = env / "bad.jsonl"
    file.write_text(content, encoding="utf-8")
    code, out, err = run(["dialogues", str(file)], capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert err.startswith("eppermed-bot: error:")
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_a_missing_dialogue_file(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, _, err = run(["dialogues", str(env / "nope.jsonl")], capsys, monkeypatch)
    assert code == 1
    assert "cannot read" in err


def test_the_terminal_chat_keeps_the_conversation_until_new(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run([], capsys, monkeypatch, stdin=lines(ORGANISED, "When?", "/new", "When?"))
    assert code == 0
    assert out.count("(about: the EP PerMed information day)") == 1
    assert "forgotten what we were talking about" in out
    assert out.rstrip().endswith("eppermed@dlr.de.")  # the last "When?" stands alone: a decline
    assert "does not answer" in out.split("forgotten")[1]


def test_dialogues_with_a_line_separator_in_a_turn(
    env: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """U+2028 and NEL stay raw in a JSON line (ensure_ascii=False) but split a str into lines."""
    file = env / "dialogues.jsonl"
    turns = [ORGANISED + "\u2028", "When?\x85"]
    file.write_text(lines({"id": "d1", "turns": turns, "gold": ["may 2021"]}), encoding="utf-8")
    code, out, err = run(["dialogues", str(file), "--json"], capsys, monkeypatch)
    assert (code, err) == (0, "")
    assert json.loads(out)["dialogues"] == 1
