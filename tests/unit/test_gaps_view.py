"""/gaps as Telegram HTML: escaped, within one message, largest topics first, the rest counted."""

from __future__ import annotations

from datetime import date

from bot.gaps_view import format_gaps
from knowledge.gaps_report import OFF_MESSAGE, GapGroup, GapsReport, VotedPassage
from tests.unit.html_rules import check_telegram_html

DAY = date(2026, 11, 30)


def group(n: int, text: str = "question") -> GapGroup:
    return GapGroup(
        topic=f"{text} {n}",
        questions=n,
        down_votes=1,
        examples=(f"{text} {n} <b>&", f"another {text}"),
        passages=(VotedPassage("doc#0", "Title <i>", "Heading", 1),),
        first=DAY,
        last=DAY,
    )


def test_the_report_is_escaped_telegram_html() -> None:
    html = format_gaps(GapsReport(enabled=True, retention_days=30, groups=(group(3), group(1))))
    text = check_telegram_html(html)
    assert text.startswith("Gaps report\n4 declined questions and 2 👎 in 2 topics")
    assert "• question 3 <b>&" in text  # shown as asked, not as markup
    assert "👎 1: Title <i>" in text
    assert text.index("question 3") < text.index("question 1")


def test_a_long_report_fits_one_message_and_counts_the_rest() -> None:
    groups = tuple(group(n, "word " * 30) for n in range(40, 0, -1))
    html = format_gaps(GapsReport(enabled=True, retention_days=30, groups=groups))
    assert len(html) <= 4096
    assert "smaller topics: eppermed-index gaps shows all." in html


def test_off_says_so() -> None:
    assert format_gaps(GapsReport(enabled=False, retention_days=30)) == "<b>Gaps report</b>\n" + OFF_MESSAGE
