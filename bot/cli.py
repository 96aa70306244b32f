"""`eppermed-bot`: the Telegram bot when a token is set, else the terminal chat; `ask` for scripts.

Errors a person can fix (no index, bad settings) print one line on standard error and exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from bot.commands import parse_command
from bot.console import TerminalChat
from bot.conversation import Conversation, ConversationStore
from bot.exceptions import BotError
from bot.render import Reply
from bot.router import Router
from bot.settings import BotSettings
from knowledge.exceptions import KnowledgeError

PROG = "eppermed-bot"
JSONL_BATCH = 64  # questions answered (and embedded) together when reading --jsonl


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The EP PerMed assistant: the Telegram bot when TELEGRAM_BOT_TOKEN is set, "
        "otherwise a chat in the terminal.",
    )
    parser.add_argument("--lang", default=None, help="language of the bot's own words: en, de, fr, es, it")
    sub = parser.add_subparsers(dest="command")
    chat = sub.add_parser("chat", help="the terminal chat, even when a token is set")
    chat.add_argument("--lang", default=argparse.SUPPRESS, help="language of the bot's own words")
    ask = sub.add_parser("ask", help="answer one question (or --jsonl: many from standard input)")
    ask.add_argument("question", nargs="?", help="the question, or a command such as /timeline")
    ask.add_argument("--json", action="store_true", help="print one JSON object instead of the reply text")
    ask.add_argument(
        "--jsonl", action="store_true", help="read questions from stdin, one a line; print JSONL"
    )
    ask.add_argument("--lang", default=argparse.SUPPRESS, help="language of the bot's own words")
    stats = sub.add_parser("stats", help="the /stats figures; --png FILE also writes the usage chart")
    stats.add_argument("--png", metavar="FILE", help="write the chart of the last 30 days as a PNG")
    dialogues = sub.add_parser("dialogues", help="score multi-turn dialogues (follow-up questions)")
    dialogues.add_argument(
        "file", help="a dialogue file, one JSON object a line (see ../shared/eval/README.md)"
    )
    dialogues.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `eppermed-bot` console script and of `python -m bot`."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "ask" and (args.question is None) == (not args.jsonl):
        parser.error("ask needs either a QUESTION or --jsonl (not both)")
    # The model loader's progress bar would mix with the chat and with `ask` output on the terminal.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        settings = BotSettings()
    except ValidationError as exc:
        return _fail(f"invalid settings: {settings_problem(exc)}")
    try:
        return _dispatch(args, settings)
    except (KnowledgeError, BotError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:  # Ctrl-C while loading or answering: leave quietly, as shells expect
        print(file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace, settings: BotSettings) -> int:
    if args.command == "ask":
        return _ask(args, settings)
    if args.command == "stats":
        return _stats(settings, args.png)
    if args.command == "dialogues":
        return _dialogues(args, settings)
    if args.command is None and settings.telegram_bot_token is not None:
        return _run_bot(settings)
    return _chat(settings, args.lang)


def settings_problem(exc: ValidationError) -> str:
    """The first setting that is wrong, as `NAME: reason` (plus how many more)."""
    errors = exc.errors()
    first = errors[0]
    name = "_".join(str(part) for part in first.get("loc", ())).upper() or "settings"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{name}: {first.get('msg', 'invalid value')}{more}"


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 1


def _run_bot(settings: BotSettings) -> int:
    from bot.app import run_bot  # imported here: the terminal chat and `ask` do not need Telegram

    run_bot(settings)
    return 0


def _stats(settings: BotSettings, png: str | None) -> int:
    """The counters as /stats shows them, read from STATE_DB; with --png, the chart written to a file."""
    from bot.storage import StateStore
    from bot.usage_chart import CHART_DAYS, render_usage_chart

    if not settings.state_db.is_file():
        return _fail(f"no state database at {settings.state_db} (STATE_DB): the bot has not run with it yet")
    try:
        store = StateStore(
            settings.state_db,
            keep_unanswered=settings.keep_unanswered_questions,
            retention_days=settings.unanswered_retention_days,
        )
        try:
            stats, days = store.stats(), store.daily(days=CHART_DAYS)
        finally:
            store.close()
    except sqlite3.Error as exc:  # locked past the busy timeout, not a database, damaged
        return _fail(f"cannot read the state database {settings.state_db} (STATE_DB): {exc}")
    for name in ("questions", "answered", "declined", "feedback_up", "feedback_down", "unanswered_kept"):
        print(f"{name}: {getattr(stats, name)}")
    if png is not None:
        try:
            with open(png, "wb") as out:
                out.write(render_usage_chart(days))
        except OSError as exc:
            return _fail(f"cannot write {png}: {exc.strerror or exc}")
        print(f"chart: {png} ({sum(d.questions for d in days)} questions in the last {CHART_DAYS} days)")
    return 0


def open_router(settings: BotSettings, *, lazy: bool = False) -> Router:
    """The router the CLI uses; tests replace it to answer from an index built in memory."""
    from bot.services import build_router  # imported here: it loads faiss and the index code

    return build_router(settings, lazy=lazy)


def _chat(settings: BotSettings, language: str | None) -> int:
    router = open_router(settings)
    return TerminalChat(router, stdin=sys.stdin, stdout=sys.stdout, language=language).run()


def _ask(args: argparse.Namespace, settings: BotSettings) -> int:
    language: str | None = args.lang
    if args.jsonl:
        router = in_input_order(open_router(settings))
        write_jsonl(router, sys.stdin, sys.stdout, language=language)
        return 0
    question: str = args.question
    # A command needs no index or model: answer it without opening them.
    router = open_router(settings, lazy=parse_command(question) is not None)
    reply = router.reply(question, language=language)
    if args.json:
        print(json.dumps(reply_object(question, reply), ensure_ascii=False))
    else:
        print(reply.text)
    return 0


def _dialogues(args: argparse.Namespace, settings: BotSettings) -> int:
    from bot.dialogues import format_report, load_dialogues, report, report_json, run_dialogues

    path = Path(args.file)
    dialogues = load_dialogues(path)  # before the model loads: a bad file fails at once
    outcomes = run_dialogues(in_input_order(open_router(settings)), dialogues)
    result = report(outcomes)
    print(report_json(str(path), result, outcomes) if args.json else format_report(str(path), result))
    return 0


def in_input_order(router: Router) -> Router:
    """`ask --jsonl` and `dialogues`: lines of one chat are one conversation in input order, so the quiet
    period (for people chatting) does not apply; how long answering takes must not change a reply."""
    store = router.conversations
    router.conversations = ConversationStore(
        ttl_seconds=store.ttl_seconds, max_conversations=store.max_conversations, clock=lambda: 0.0
    )
    return router


def reply_object(question: str, reply: Reply) -> dict[str, Any]:
    """The JSON object of DESIGN.md's `ask --json` contract (plus `about` for a resolved follow-up)."""
    record: dict[str, Any] = {
        "question": question,
        "answered": reply.answered,
        "reply_html": reply.html,
        "reply_text": reply.text,
        "passages": [
            {"text": p.text, "title": p.title, "url": p.url, "as_of": p.as_of, "score": p.score}
            for p in reply.passages
        ],
    }
    if reply.understood_as:  # a follow-up: what it was understood to be about, and the question searched
        record["about"] = reply.about
        record["understood_as"] = reply.understood_as
    return record


@dataclass(frozen=True, slots=True)
class _Line:
    """One question of --jsonl input, and the conversation (`"chat"`) it belongs to, if any."""

    question: str
    chat: str | None = None


def _read_question(line: str) -> _Line | dict[str, str]:
    """A line of --jsonl input: plain text, or a JSON object with a string "q" (and optionally a "chat"
    string or integer); else an error object."""
    text = line.strip()
    if not text.startswith("{"):
        return _Line(text)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return {"error": f"not valid JSON: {exc.msg} (column {exc.colno})"}
    question = value.get("q") if isinstance(value, dict) else None
    if not isinstance(question, str):
        return {"error": 'a JSON line needs a string field "q"'}
    chat = value.get("chat")
    if chat is None:
        return _Line(question)
    if isinstance(chat, bool) or not isinstance(chat, str | int) or not str(chat).strip():
        return {"error": 'the field "chat" must be a non-empty string or an integer'}
    return _Line(question, str(chat))


def _batches(lines: Iterable[str]) -> Iterator[list[str]]:
    iterator = (line for line in lines if line.strip())
    while batch := list(islice(iterator, JSONL_BATCH)):
        yield batch


def write_jsonl(router: Router, stdin: TextIO, stdout: TextIO, *, language: str | None = None) -> int:
    """One JSON object a line for each non-blank input line, in order; returns how many were written.

    Lines with the same `"chat"` value are one conversation, in input order, across batches too."""
    written = 0
    for batch in _batches(stdin):
        items = [_read_question(line) for line in batch]
        lines = [item for item in items if isinstance(item, _Line)]
        where = [Conversation(("jsonl", line.chat)) if line.chat is not None else None for line in lines]
        replies = iter(
            router.replies([line.question for line in lines], language=language, conversations=where)
        )
        for item in items:
            record = reply_object(item.question, next(replies)) if isinstance(item, _Line) else item
            stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
        stdout.flush()
    return written
