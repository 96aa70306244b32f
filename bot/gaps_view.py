"""The gaps report as the /gaps reply: Telegram HTML, escaped, within one message, largest topics first."""

from __future__ import annotations

import html

from knowledge.gaps_report import GapsReport

MAX_MESSAGE = 4096  # Telegram's limit, counted after entity parsing; escaped text is never shorter
MAX_GROUPS = 10


def format_gaps(report: GapsReport, *, limit: int = MAX_MESSAGE) -> str:
    """Headline, then each topic with counts, dates, up to three example questions and 👎 passages."""
    parts = [f"<b>Gaps report</b>\n{html.escape(report.headline())}"]
    shown = 0
    for number, group in enumerate(report.groups[:MAX_GROUPS], 1):
        lines = [
            f"\n<b>{number}. {html.escape(_clip(group.topic, 120))}</b>",
            f"{group.questions} declined, {group.down_votes} 👎, "
            f"{group.first.isoformat()} to {group.last.isoformat()}",
            *(f"• {html.escape(_clip(q, 200))}" for q in group.examples),
            *(f"👎 {p.votes}: {html.escape(_clip(p.title, 100))}" for p in group.passages[:3]),
        ]
        block = "\n".join(lines)
        if len("\n".join(parts)) + len(block) + 60 > limit:
            break
        parts.append(block)
        shown += 1
    if shown < len(report.groups):
        parts.append(f"\n… and {len(report.groups) - shown} smaller topics: eppermed-index gaps shows all.")
    return "\n".join(parts)


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
