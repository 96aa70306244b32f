"""Typed models of the knowledge: documents, milestones, InfoSheets, chunks, the index manifest, passages.

Every file a maintainer edits is read into one of these, so a wrong field fails loudly with its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
)

_AS_OF = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?(-(0[1-9]|[12]\d|3[01]))?$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ETAG = re.compile(r'^(W/)?"[\x21\x23-\x7e\x80-\xff]*"$')


def _check_as_of(value: str) -> str:
    if not _AS_OF.match(value):
        raise ValueError(f"as_of must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"id must be lower-case letters, digits and hyphens, not {value!r}")
    return value


def is_entity_tag(value: str) -> bool:
    """An HTTP entity tag as RFC 9110 writes it: "abc" or W/"abc" (servers send other things too)."""
    return bool(_ETAG.match(value))


def is_http_date(value: str) -> bool:
    """An HTTP date such as 'Wed, 21 Oct 2026 07:28:00 GMT'."""
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_etag(value: str) -> str:
    if not is_entity_tag(value):
        raise ValueError(f'etag must be an HTTP entity tag such as "abc" or W/"abc", not {value!r}')
    return value


def _check_http_date(value: str) -> str:
    if not is_http_date(value):
        raise ValueError(
            f"last_modified must be an HTTP date such as 'Wed, 21 Oct 2026 07:28:00 GMT', not {value!r}"
        )
    return value


AsOf = Annotated[str, AfterValidator(_check_as_of)]
Slug = Annotated[str, AfterValidator(_check_slug)]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class DocumentMeta(_Strict):
    """Front matter of a source document (or the sidecar of a PDF, HTML or text file)."""

    id: Slug
    title: NonEmpty
    url: HttpUrl
    as_of: AsOf
    language: Literal["en", "de", "fr", "es", "it"] = "en"
    published: date | None = None
    tags: tuple[str, ...] = ()
    see_also: tuple[HttpUrl, ...] = ()  # related public pages (news items) the document draws on
    # Written by `eppermed-index fetch`/`refresh` for a document taken from a web page: when it was
    # fetched, the server's validators for the next conditional request, and since when the page is gone.
    fetched: date | None = None
    etag: Annotated[str, AfterValidator(_check_etag)] | None = None
    last_modified: Annotated[str, AfterValidator(_check_http_date)] | None = None
    gone_since: date | None = None

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_from_yaml(cls, value: object) -> object:
        # YAML reads `as_of: 2023` as an int and `2023-04-01` as a date; both are meant as text.
        if isinstance(value, int | date):
            return str(value)
        return value

    @field_validator("etag", "last_modified", "gone_since")
    @classmethod
    def _only_when_fetched(cls, value: object, info: ValidationInfo) -> object:
        if value is not None and info.data.get("fetched") is None:
            raise ValueError(
                f"{info.field_name} belongs to a fetched document: it needs 'fetched' (YYYY-MM-DD)"
            )
        return value


class Document(_Strict):
    """A curated document: its metadata and its body, Markdown or text extracted from HTML or PDF."""

    meta: DocumentMeta
    body: NonEmpty
    path: str
    body_line: int = 1  # line of the file on which the body starts, for error messages

    @property
    def id(self) -> str:
        return self.meta.id


class YearMonth(_Strict):
    """A milestone date: a year and a month, which sorts as a date."""

    year: int = Field(ge=1990, le=2100)
    month: int = Field(ge=1, le=12)

    @classmethod
    def parse(cls, value: object) -> YearMonth:
        """Read `2023-04` (or a date, or an int-free mistake) into a YearMonth; raise ValueError else."""
        if isinstance(value, date):
            return cls(year=value.year, month=value.month)
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value).strip())
        if not match:
            raise ValueError(f"date must be YYYY-MM, not {value!r}")
        return cls(year=int(match[1]), month=int(match[2]))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


class Milestone(_Strict):
    """One entry of timeline.yaml, the data behind /timeline."""

    date: YearMonth
    title: NonEmpty
    description: NonEmpty
    url: HttpUrl
    status: Literal["done", "planned"] = "done"
    when: str | None = None  # how the source words the date when it is vaguer, e.g. "by the end of 2023"

    @field_validator("date", mode="before")
    @classmethod
    def _parse_date(cls, value: object) -> object:
        return value if isinstance(value, dict | YearMonth) else YearMonth.parse(value)

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.date.year, self.date.month)


class InfoSheet(_Strict):
    """One of the seven EP PerMed InfoSheets (infosheets.yaml)."""

    number: int = Field(ge=1, le=7)
    title: NonEmpty
    url: HttpUrl


Language = Literal["en", "de", "fr", "es", "it"]


class KnownGap(_Strict):
    """A topic people ask about that the material does not cover (known_gaps.yaml), and where to look instead.

    A question declined for this gap says `topic` in the user's language and points to `url` (`look`).
    """

    id: Slug
    topic: dict[Language, NonEmpty]  # "calls for proposals and their deadlines"; English required
    terms: tuple[NonEmpty, ...] = Field(
        min_length=1
    )  # words or short phrases; a phrase matches when all its words occur
    look: dict[Language, NonEmpty]  # where to look instead, e.g. "the calls pages of the EP PerMed website"
    url: HttpUrl
    # things the material covers that the terms may describe: a question naming one is about it ("was the
    # information day an in-person meeting?" is no question about meetings to come)
    unless: tuple[NonEmpty, ...] = ()
    # the gap is about who does something (coordinates, chairs): a question asking who is the gap's even
    # when it names a thing of `unless` ("who coordinates the funding?")
    about_who: bool = False
    # the gap is about what is to come (events): a question in the past tense asks about what happened, which
    # the material records ("Which Spanish city hosted a meeting ...?" is the Pamplona workshop)
    to_come: bool = False
    # the gap is about a document's contents or making, whose publication (or submission) the material
    # dates: a question in the past tense asking when asks for that date ("When did the strategy setting out
    # the research priorities come out?" is the SRIA's publication)
    dated: bool = False
    # the gap is about what has been done (results, funded projects): a question about what the partnership
    # will, would or could do asks for its plans, which the material gives ("What kinds of projects could the
    # partnership fund?"), unless it asks when
    so_far: bool = False
    # the gap is about what documents say in detail (the InfoSheets, whose titles alone the material lists): a
    # question asking which document covers a topic, whether there is one, or what one is called is not
    contents_of: bool = False

    @field_validator("topic", "look")
    @classmethod
    def _english_required(cls, value: dict[str, str]) -> dict[str, str]:
        if "en" not in value:
            raise ValueError("needs at least the English text (en)")
        return value


class GlossaryEntry(_Strict):
    """The material's word or phrase (`en`) and what people call it in the other languages and in everyday
    English (glossary.yaml)."""

    en: NonEmpty  # "concept paper", as the material says it
    de: tuple[NonEmpty, ...] = ()
    fr: tuple[NonEmpty, ...] = ()
    es: tuple[NonEmpty, ...] = ()
    it: tuple[NonEmpty, ...] = ()
    # English words people use for it ("up and running" for "launched"); "..." stands for up to five words
    # ("bring ... together")
    everyday: tuple[NonEmpty, ...] = ()


class HealthExamples(_Strict):
    """Worded examples in one language (health_examples.yaml): personal health questions, stakeholder
    questions that look medical, and everyday personal questions that are not about health. A message the
    medical patterns let through is refused when it is nearer the first than the others
    (knowledge/health_nearness.py)."""

    lang: Language
    personal: tuple[NonEmpty, ...] = Field(min_length=3)  # "tingling in my hands for weeks, what is it?"
    stakeholder: tuple[NonEmpty, ...] = Field(min_length=3)  # "my institute studies rare diseases: ..."
    everyday: tuple[NonEmpty, ...] = ()  # personal but not health: "my laptop is broken, what should I do?"


class AskedQuestions(_Strict):
    """Questions people asked, in English, that the material answers or does not cover (asked.yaml): their
    vote tells a known gap's words used in passing from a question about the gap (knowledge/neighbours.py)."""

    label: Literal["answered", "not_covered"]
    questions: tuple[Annotated[str, Field(min_length=3, max_length=300)], ...] = Field(min_length=1)


class Phrasing(_Strict):
    """Questions one fact of a document answers, as people put them (questions.yaml).

    The search matches a question against these as well as against the passages: people say "objective"
    where the text says "aim". `answer` is the fact's verbatim words; the reply's lead is its sentence.
    """

    document: Slug
    answer: Annotated[str, Field(min_length=3, max_length=300)]
    questions: tuple[Annotated[str, Field(min_length=3, max_length=200)], ...] = Field(
        min_length=1, max_length=40
    )


class Chunk(_Strict):
    """A passage cut from a document: what is embedded, ranked and quoted."""

    chunk_id: str
    doc_id: str
    title: str
    url: str
    as_of: str
    heading: str
    text: str
    ordinal: int
    content_hash: str


class Manifest(_Strict):
    """What a published index holds and how it was built; checked whenever an index is opened."""

    format_version: int
    model_id: str
    dimension: int
    index_type: str
    chunking: dict[str, int]
    knowledge_hash: str
    files: dict[str, str]  # artefact name -> sha256, to detect partial or corrupted copies
    counts: dict[str, int]
    built_at: datetime
    calibration: dict[str, float] = Field(default_factory=dict)
    # Optional second set of vectors from a multilingual model, searched for questions not in English.
    multilingual_model_id: str | None = None
    multilingual_dimension: int | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """One search result: what the source says, where and as of when, and how well it matched."""

    text: str
    title: str
    url: str
    as_of: str
    score: float
    chunk_id: str = ""
    heading: str = ""
