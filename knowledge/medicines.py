"""Medicines known by name from a dictionary, so the medical guard's patterns know more than their list.

knowledge/intent.py knows medicines by a short hand list and by the stems of their international names;
"Can I take Nexium with Pepcid?" names two it does not know. medicine_names.txt, written by
scripts/medicine_names.py from the drug-named-entity-recognition package, holds some 23,000 generic and brand
names; the patterns read a word found there as `MEDICINE_MARK`, a medicine they know.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("medicine_names.txt")
MEDICINE_MARK = "pharmakon"  # in intent.MEDICINE_NAMES; no word of the five languages
_WORD = re.compile(r"(?<![\w-])[^\W\d_][\w-]{4,}(?![\w-])")


@lru_cache(maxsize=1)
def medicine_names() -> frozenset[str]:
    """The names of the file, lower case (read once; a service reads it before its first message)."""
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def mark_medicines(text: str) -> str:
    """`text` with every word that names a medicine of the file replaced by `MEDICINE_MARK`; a word in
    capitals is left as it is ("EATG", "HANA": an acronym more often than a medicine), unless the whole
    message is written in capitals ("CAN I STOP XARELTO?")."""
    names = medicine_names()
    shouted = text.isupper()

    def mark(word: re.Match[str]) -> str:
        found = word.group(0)
        if found.isupper() and not shouted:
            return found
        return MEDICINE_MARK if found.casefold() in names else found

    return _WORD.sub(mark, text)
