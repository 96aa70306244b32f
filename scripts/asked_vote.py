"""The asked questions' vote (knowledge/neighbours.py) measured without a question voting on itself.

The English questions of the given files (each once, every held-out question left out, as
scripts/asked_questions.py adds them) are split in two halves; each half's questions (with the curated
ones of questions.yaml) vote on the other half's, on the published index with the shipped answerer. The
measured questions are taken out of the index's curated and asked answers (knowledge/asked_answers.yaml)
first: none ranks its passage for itself. Prints, per number of neighbours averaged (`--k`) and pair of
margins (answer, decline; "off" for no vote), the in-scope questions answered, right first and with gold
words in the reply, and the out-of-scope ones declined with the website and the contact address.

    .venv/bin/python scripts/asked_vote.py tests/data/dev*_english.jsonl tests/data/dev*_basics.jsonl \\
        tests/data/dev*near_domain*.jsonl [--k 1 3 5] [--margins off 0.20,0.00 0.20,0.02] [--split sets] [--reasons]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from asked_questions import HELD_OUT, held_out_questions  # noqa: E402

from index_builder.evaluate import Question, load_questions, score  # noqa: E402
from knowledge import KNOWLEDGE_DIR, neighbours  # noqa: E402
from knowledge.answering import Answerer  # noqa: E402
from knowledge.embedding import load_embedder  # noqa: E402
from knowledge.index_store import PublishedIndex  # noqa: E402
from knowledge.loader import collapse_spaces, load_glossary, load_guard_examples, load_known_gaps  # noqa: E402

MARGINS = ("off", "0.20,0.00", "0.20,0.02", "0.15,0.00", "0.25,0.00", "9,0.00")


def _key(question: Question) -> str:
    """A question as compared: spaces collapsed, case folded (as the curated and held-out ones are)."""
    return collapse_spaces(question.q).casefold()


def _once(questions: list[Question], held_out: set[str]) -> list[Question]:
    seen: set[str] = set()
    out = []
    for q in questions:
        key = _key(q)
        if q.lang == "en" and key not in held_out and key not in seen:
            seen.add(key)
            out.append(q)
    return out


def _measure(
    answerer: Answerer,
    halves: list[tuple[list[Question], list[Question]]],
    votes: list[neighbours.Neighbours],
    pair: tuple[float, ...] | None,
    k: int,
) -> tuple[list[int], Counter[str]]:
    """Each half answered with the other half's vote at these margins and `k` (no vote for None): in-scope
    answered, right first, gold words in the reply; out of scope declined with the handover. And why the
    in-scope questions that were declined were (the answers' `reason`; their kind when the decline has no reason,
    as a medical one)."""
    totals = [0, 0, 0, 0]
    reasons: Counter[str] = Counter()
    for (ins, outs), other in zip(halves, reversed(votes), strict=True):
        answerer.neighbours = None if pair is None else other
        if pair is not None:
            neighbours.ANSWER_MARGIN, neighbours.DECLINE_MARGIN = pair
            neighbours.NEIGHBOURS_K = k
        answers = answerer.answer_many([q.q for q in (*ins, *outs)])
        outcomes = [score(q, a) for q, a in zip((*ins, *outs), answers, strict=True)]
        mine, theirs = outcomes[: len(ins)], outcomes[len(ins) :]
        totals[0] += sum(o.answered for o in mine)
        totals[1] += sum(o.rank == 1 for o in mine)
        totals[2] += sum(o.reply_hit for o in mine)
        totals[3] += sum(not o.answered and o.handed_over for o in theirs)
        reasons.update(
            a.reason or a.kind for o, a in zip(mine, answers[: len(ins)], strict=True) if not o.answered
        )
    return totals, reasons


def reasons_line(reasons: Counter[str]) -> str:
    """The reasons in-scope questions were declined, most frequent first ("gap 31, missing 7")."""
    return ", ".join(f"{reason} {n}" for reason, n in reasons.most_common()) or "none declined"


def _halves(
    inside: list[Question], outside: list[Question], set_of: dict[str, str] | None
) -> list[tuple[list[Question], list[Question]]]:
    """The two halves: alternate questions, or (`set_of`: each question's set) alternate sets in name order."""
    if set_of is None:
        return [(inside[0::2], outside[0::2]), (inside[1::2], outside[1::2])]
    names = sorted(set(set_of.values()))
    side = {name: n % 2 for n, name in enumerate(names)}

    def half(questions: list[Question], which: int) -> list[Question]:
        return [q for q in questions if side[set_of[_key(q)]] == which]

    return [(half(inside, 0), half(outside, 0)), (half(inside, 1), half(outside, 1))]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path, help="question files (JSONL with `kind`)")
    parser.add_argument("--margins", nargs="+", default=list(MARGINS), help="'off' or ANSWER,DECLINE")
    parser.add_argument(
        "--k", type=int, nargs="+", default=[neighbours.NEIGHBOURS_K], help="neighbours per side"
    )
    parser.add_argument(
        "--split",
        choices=("alternate", "sets"),
        default="alternate",
        help="halves by alternate questions, or by question set (the file name before its first '_': a set's "
        "questions all vote on the other sets', as on a set written apart)",
    )
    parser.add_argument(
        "--reasons",
        action="store_true",
        help="under each row, why the in-scope questions declined were (the answers' reason: gap, missing, ...)",
    )
    parser.add_argument("--index-dir", type=Path, default=Path(os.environ.get("INDEX_DIR", "var/index")))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        pairs = [None if m == "off" else tuple(float(v) for v in m.split(",", 1)) for m in args.margins]
    except ValueError:
        print("a margin pair is 'off' or two numbers: ANSWER,DECLINE", file=sys.stderr)
        return 1
    if any(p is not None and len(p) != 2 for p in pairs):
        print("a margin pair is 'off' or two numbers: ANSWER,DECLINE", file=sys.stderr)
        return 1
    if any(k < 1 for k in args.k):
        print("--k counts neighbours: 1 or more", file=sys.stderr)
        return 1
    loaded = [(f.name.split("_", 1)[0], load_questions(f)) for f in args.files]
    questions = _once([q for _, rows in loaded for q in rows], held_out_questions(HELD_OUT))
    set_of: dict[str, str] = {}
    for name, rows in loaded:
        for q in rows:
            set_of.setdefault(_key(q), name)
    inside = [q for q in questions if q.kind == "in"]
    outside = [q for q in questions if q.kind == "oos"]
    if not inside or not outside:
        print("the files need in-scope and out-of-scope English questions", file=sys.stderr)
        return 1
    halves = _halves(inside, outside, set_of if args.split == "sets" else None)
    if not all(outs for _, outs in halves):
        print("each half needs out-of-scope questions: give more sets, or --split alternate", file=sys.stderr)
        return 1
    measured = {_key(q) for q in questions}
    index = PublishedIndex.open(args.index_dir)
    matcher = index.phrasings()
    if matcher is not None:
        index = index.with_phrasings(matcher.without(measured))
    model = load_embedder(index.manifest.model_id)
    second = index.manifest.multilingual_model_id
    answerer = Answerer.for_index(
        index,
        model,
        multilingual=load_embedder(second) if second else None,
        known_gaps=load_known_gaps(KNOWLEDGE_DIR / "known_gaps.yaml")[0],
        glossary=load_glossary(KNOWLEDGE_DIR / "glossary.yaml")[0],
        health_examples=load_guard_examples(KNOWLEDGE_DIR)[0],
    )
    matcher = index.phrasings()
    curated = matcher.vectors() if matcher is not None else np.zeros((0, model.dimension), np.float32)
    votes = []
    for ins, outs in halves:
        answered = np.vstack([model.embed_queries([q.q for q in ins]), curated])
        votes.append(
            neighbours.Neighbours(answered, model.embed_queries([q.q for q in outs]), [q.q for q in outs])
        )
    sizes = ", ".join(f"{len(ins)} / {len(outs)}" for ins, outs in halves)
    print(f"{len(inside)} in-scope and {len(outside)} out-of-scope questions, in two halves ({sizes})")
    shipped = (neighbours.ANSWER_MARGIN, neighbours.DECLINE_MARGIN, neighbours.NEIGHBOURS_K)
    runs = [(None, 0)] if None in pairs else []
    runs += [(pair, k) for k in args.k for pair in pairs if pair is not None]
    print("k  margins       answered  right first  reply hit  out of scope declined")
    try:
        for pair, k in runs:
            totals, reasons = _measure(answerer, halves, votes, pair, k)
            label = "-  off" if pair is None else f"{k}  {pair[0]:.2f}, {pair[1]:.2f}"
            counts = f"{totals[0]:8d}  {totals[1]:11d}  {totals[2]:9d}  {totals[3]:5d} of {len(outside)}"
            print(f"{label:15s}  {counts}")
            if args.reasons:
                print(f"   in scope declined by: {reasons_line(reasons)}")
    finally:
        neighbours.ANSWER_MARGIN, neighbours.DECLINE_MARGIN, neighbours.NEIGHBOURS_K = shipped
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
