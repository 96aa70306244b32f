"""The usage chart of /stats and `eppermed-bot stats --png`: questions per day, split by outcome, with votes.

Drawn for a phone screen (large type, three colours, labelled axes) with matplotlib's Agg canvas and no
pyplot, so it runs in a worker thread; matplotlib is imported only when a chart is drawn (cold start).
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from bot.storage import DayCounts

CHART_DAYS = 30  # what /stats and `stats --png` show
CHART_CAPTION = f"Questions per day, last {CHART_DAYS} days (UTC): answered, declined, medical; votes below"
WIDTH_IN, HEIGHT_IN, DPI = 8.0, 6.0, 150  # 1200 x 900 pixels: sharp on a phone, ~60 KB
COLOURS = {"answered": "#1f5fa8", "declined": "#e08a00", "medical": "#8c8c8c"}  # blue, orange, grey
UP, DOWN = "#2e8b3a", "#c0392b"
EMPTY_TEXT = "No questions yet"
_STYLE: dict[Any, Any] = {
    "font.size": 15,
    "axes.titlesize": 19,
    "axes.labelsize": 16,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _period(days: Sequence[DayCounts]) -> str:
    if not days:
        return ""
    first, last = days[0].day, days[-1].day
    return f"{first:%d %b} – {last:%d %b %Y} (UTC)"


def render_usage_chart(days: Sequence[DayCounts]) -> bytes:
    """A PNG of the questions per day (stacked: answered, declined, medical) and the votes per day."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        if sum(d.questions + d.feedback_up + d.feedback_down for d in days) == 0:
            _empty(figure, days)
        else:
            _bars(figure, days)
        buffer = BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _empty(figure: Any, days: Sequence[DayCounts]) -> None:
    figure.text(0.5, 0.58, EMPTY_TEXT, ha="center", va="center", fontsize=30, weight="bold")
    figure.text(0.5, 0.42, f"Questions per day, {_period(days)}", ha="center", va="center", fontsize=16)


def _bars(figure: Any, days: Sequence[DayCounts]) -> None:
    top, bottom = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    x = list(range(len(days)))
    base = [0] * len(days)
    for name, label in (("answered", "answered"), ("declined", "declined"), ("medical", "medical")):
        values = [getattr(d, name) for d in days]
        top.bar(x, values, bottom=base, color=COLOURS[name], label=label, width=0.8)
        base = [b + v for b, v in zip(base, values, strict=True)]
    total = sum(d.questions for d in days)
    top.set_title(f"Questions per day: {total} in {len(days)} days")
    top.set_ylabel("questions")
    top.yaxis.get_major_locator().set_params(integer=True)
    top.legend(loc="upper left", frameon=False, ncols=3)
    top.set_ylim(0, max(base) * 1.3 + 1)  # room for the legend above the bars

    up = [d.feedback_up for d in days]
    down = [d.feedback_down for d in days]
    for values, marker, colour, label in ((up, "^", UP, "helpful"), (down, "v", DOWN, "not helpful")):
        shown = [v if v else float("nan") for v in values]  # no mark on a day without votes
        bottom.plot(x, shown, linestyle="none", marker=marker, markersize=12, color=colour)
        bottom.lines[-1].set_label(f"{label}: {sum(values)}")
    bottom.set_ylabel("votes")
    bottom.set_ylim(0, max([*up, *down, 1]) * 1.25 + 0.5)
    bottom.yaxis.get_major_locator().set_params(integer=True)
    bottom.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, ncols=2, borderaxespad=0)
    ticks = [i for i in x if (len(days) - 1 - i) % 7 == 0]
    bottom.set_xticks(ticks, [f"{days[i].day:%d %b}" for i in ticks])
    bottom.set_xlabel(f"day, {_period(days)}")
    bottom.set_xlim(-0.7, len(days) - 0.3)
