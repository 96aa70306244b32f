"""Errors of the knowledge package; third-party errors are wrapped at the boundary.

KnowledgeError
├── KnowledgeInvalid        one or more knowledge files are wrong (carries every Problem found)
├── EmbedderError           the embedding model cannot be loaded or used
├── StateUnreadable         the bot's state database cannot be read (the gaps report)
└── IndexError_             base for a published index that cannot be used
    ├── IndexNotFound       nothing is published at INDEX_DIR
    ├── IndexCorrupted      files are missing, partial or do not match the manifest
    └── IndexIncompatible   other format version, model or dimension than expected
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one knowledge file, printed as `file:line: reason`."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


class KnowledgeError(Exception):
    """Base of every error this package raises."""


class KnowledgeInvalid(KnowledgeError):
    """The knowledge folder has problems; `problems` lists all of them, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        first = str(self.problems[0]) if self.problems else "no problems"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


class EmbedderError(KnowledgeError):
    """The embedding model cannot be loaded or used."""


class StateUnreadable(KnowledgeError):
    """The bot's state database is missing or cannot be read."""


class IndexError_(KnowledgeError):
    """A published index cannot be used; the message names the fix."""


class IndexNotFound(IndexError_):
    """Nothing is published at the index folder."""


class IndexCorrupted(IndexError_):
    """The published files are missing, partial or do not match their manifest."""


class IndexIncompatible(IndexError_):
    """The index was built with another format version, model or dimension."""
