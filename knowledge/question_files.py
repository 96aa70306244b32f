"""Reading the question files that score the bot (single questions, medical, dialogues), and their matching.

One reader and one matcher, so `eppermed-index eval` and `eppermed-bot dialogues` name a bad line the same
way (`file:line: reason`) and judge a gold phrase the same way (../shared/eval/README.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

Line = TypeVar("Line", bound=BaseModel)


def read_lines(path: Path, model: type[Line], *, what: str = "question") -> tuple[list[Line], list[str]]:
    """Every line of a JSON Lines file as `model`, and the problems found (`file:line: reason`), ids unique."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 may stand in JSON text
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path}:1: cannot read the {what} file ({exc})"]
    items: list[Line] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = model.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            problems.append(f"{path}:{number}: {where + ': ' if where else ''}{error['msg']}")
            continue
        key = str(getattr(item, "id", number))
        if key in seen:
            problems.append(f"{path}:{number}: id {key!r} already used on line {seen[key]}")
        seen.setdefault(key, number)
        items.append(item)
    if not items and not problems:
        problems.append(f"{path}:1: the file holds no {what}s")
    return items, problems


def normalise(text: str) -> str:
    """Case-folded, white space collapsed, typographic apostrophes as ASCII ones."""
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    return re.sub(r"\s+", " ", text.casefold()).strip()
