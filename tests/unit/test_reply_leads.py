"""Every answer's lead is shown emphasised in the reply, verbatim: the answerer and the renderer agree."""

from __future__ import annotations

import html
import json
from pathlib import Path

from bot.render import render_answer
from knowledge.answering import Answerer
from knowledge.search import Searcher

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "heldout_questions.jsonl"


def test_each_lead_stands_in_bold_in_its_reply(searcher: Searcher) -> None:
    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    answers = [a for a in Answerer(searcher, min_confidence=0.0).answer_many(questions) if a.answered]
    assert len(answers) > 30
    for answer in answers:
        reply = render_answer(answer, "en")
        assert f"<b>{html.escape(answer.lead.strip(), quote=False)}</b>" in reply.html, answer.question
