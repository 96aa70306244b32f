"""Errors of the index builder; each message is one line that names the fix. Third-party errors are wrapped.

BuilderError
├── SettingsInvalid    a setting (environment or .env) has a wrong value
├── QuestionsInvalid   the question file has problems (carries every `file:line: reason`)
├── BuildFailed        another build holds the lock, or the knowledge yields nothing to index
├── GateFailed         the fresh index is below a quality bar; nothing was published
├── PublishFailed      the new index could not be swapped in; the serving index is untouched
└── FetchFailed        a web page cannot be fetched or read (robots.txt, size, type, HTTP status)

Errors of `knowledge` (KnowledgeInvalid, EmbedderError, IndexNotFound, ...) pass through unchanged.
"""

from __future__ import annotations


class BuilderError(Exception):
    """Base of every error this package raises."""


class SettingsInvalid(BuilderError):
    """A setting has a wrong value."""


class QuestionsInvalid(BuilderError):
    """The question file cannot be used; `problems` lists every `file:line: reason`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__((problems[0] if problems else "no problems") + more)


class BuildFailed(BuilderError):
    """The index could not be built."""


class GateFailed(BuilderError):
    """The fresh index missed a quality bar; `failures` names each bar missed."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        super().__init__("gate failed, nothing published: " + "; ".join(failures))


class PublishFailed(BuilderError):
    """Swapping the new index in failed."""


class FetchFailed(BuilderError):
    """A web page could not be fetched or read; the message names the URL and the reason."""
