"""The usage chart: a valid PNG of phone size, an empty state, and matplotlib kept out of the bot's start."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.cli import main
from bot.settings import BotSettings
from bot.storage import DayCounts, StateStore
from bot.usage_chart import CHART_DAYS, render_usage_chart

TODAY = date(2026, 11, 30)
SETTINGS = [name.upper() for name in BotSettings.model_fields]


def month(**per_day: int) -> list[DayCounts]:
    return [DayCounts(TODAY - timedelta(days=CHART_DAYS - 1 - i), **per_day) for i in range(CHART_DAYS)]


def ink(png: bytes) -> float:
    """Share of pixels that are not white."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    return sum(histogram[:200]) / sum(histogram)


def colours(png: bytes) -> set[tuple[int, int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((300, 225))
    return {pixel for _count, pixel in image.getcolors(300 * 225) or []}


def test_the_chart_is_a_png_of_phone_size_with_the_three_outcomes() -> None:
    png = render_usage_chart(month(answered=5, declined=2, medical=1, feedback_up=1, feedback_down=1))
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.format == "PNG"
    assert image.size == (1200, 900)
    assert 10_000 < len(png) < 300_000
    found = colours(png)
    for hex_colour in ("#1f5fa8", "#e08a00", "#8c8c8c"):  # answered, declined, medical bars
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert any(sum(abs(a - b) for a, b in zip(rgb, c, strict=True)) < 30 for c in found), hex_colour


def test_no_questions_gives_the_empty_state_not_a_blank_plot() -> None:
    empty = render_usage_chart(month())
    busy = render_usage_chart(month(answered=3))
    assert 0.002 < ink(empty) < ink(busy)  # some text, far less ink than bars and axes
    assert not any(
        abs(r - 0x1F) < 20 and abs(g - 0x5F) < 20 and abs(b - 0xA8) < 20 for r, g, b in colours(empty)
    )


def test_importing_the_bot_does_not_import_matplotlib() -> None:
    code = "import sys, bot.app, bot.cli, bot.handlers; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"STATE_DB={tmp_path / 'state.db'}\n", encoding="utf-8")
    return tmp_path


def test_stats_png_writes_the_chart_and_prints_the_figures(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = StateStore(env / "state.db")
    store.count_question(answered=True)
    store.count_question(answered=False, medical=True)
    store.close()
    assert main(["stats", "--png", "usage.png"]) == 0
    out = capsys.readouterr().out
    assert "questions: 2" in out
    assert "answered: 1" in out
    assert "chart: usage.png (2 questions in the last 30 days)" in out
    assert Image.open(env / "usage.png").format == "PNG"


def test_stats_without_a_state_database_fails_in_one_line(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--png", "usage.png"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no state database" in err
    assert not (env / "usage.png").exists()
    assert not (env / "state.db").exists()  # reading never creates it


def test_stats_png_into_a_missing_folder_fails_in_one_line(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    StateStore(env / "state.db").close()
    assert main(["stats", "--png", str(env / "no" / "such" / "usage.png")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_stats_when_reading_fails_says_so_in_one_line(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    StateStore(env / "state.db").close()

    def locked(self: StateStore, days: int = 30) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(StateStore, "daily", locked)
    assert main(["stats"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "cannot read the state database" in err
    assert "database is locked" in err
