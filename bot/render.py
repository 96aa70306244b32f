"""An `Answer` rendered as Telegram HTML: the lead in bold, the quoted passage, source, as-of date, contact.

Every piece of source or user text goes through `html.escape`; only tags Telegram accepts are produced,
and no message exceeds Telegram's 4,096 characters (counted in UTF-16 units, after entity parsing).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import TYPE_CHECKING, Literal

from bot.i18n import language_of, month_name, t
from knowledge import CONTACT_EMAIL
from knowledge.answering import RUNNER_UP_MAX_CHARS
from knowledge.followup import Turn
from knowledge.models import Chunk, Passage
from knowledge.sentences import sentence_spans

if TYPE_CHECKING:
    from knowledge.answering import Answer

_TAG = re.compile(r"<[^>]*>")

ReplyKind = Literal[
    "answer",
    "not_found",
    "medical",
    "greeting",
    "thanks",
    "command",
    "unknown_command",
    "error",
    "empty",
    "too_long",
    "ignored",  # a command for another bot in a group: send nothing
]


@dataclass(frozen=True)
class Button:
    """An inline keyboard button; `callback_data` is at most 64 bytes of UTF-8 (Telegram's limit)."""

    text: str
    callback_data: str


@dataclass(frozen=True)
class Reply:
    """What the bot sends: HTML for parse_mode HTML, whether it answered, the passages and buttons."""

    html: str
    answered: bool
    passages: tuple[Passage, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    kind: ReplyKind = "answer"
    about: str = ""  # what a follow-up was understood to be about ("" when the message stood alone)
    understood_as: str = ""  # the question searched for a follow-up ("" when the message stood alone)
    context: tuple[Turn, ...] = ()  # the conversation's turns after this reply, for the caller to keep

    @property
    def text(self) -> str:
        """The HTML with tags removed and entities decoded: what the user reads."""
        return html.unescape(_TAG.sub("", self.html))


MAX_MESSAGE_CHARS = 4096
MAX_CALLBACK_BYTES = 64
SITE_URL = "https://www.eppermed.eu/"
MORE_PREFIX = "more:"
FEEDBACK_PREFIX = "fb:"
MAX_MORE_PASSAGES = 4  # "more:" + 4 refs of 8 hex + 3 commas = 40 bytes
MORE_PASSAGE_CHARS = 700  # each extra passage is cut to about this many characters
REF_LENGTH = 8
MAX_SUGGESTIONS = 3
MAX_MISSING_WORDS = 3

_ELLIPSIS = "…"
_Builder = Callable[[str, str, str], str]  # lays out a reply from a lead and the text around it


def utf16_length(text: str) -> int:
    """How Telegram counts message length: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def ref_for(chunk_id: str, text: str) -> str:
    """A short, stable reference to one passage, for callback data; changes when the passage changes."""
    digest = hashlib.blake2b(f"{chunk_id}\x00{text}".encode(), digest_size=8).hexdigest()
    return digest[:REF_LENGTH]


def passage_ref(passage: Passage) -> str:
    return ref_for(passage.chunk_id, passage.text)


def chunk_ref(chunk: Chunk) -> str:
    return ref_for(chunk.chunk_id, chunk.text)


def passage_from_chunk(chunk: Chunk) -> Passage:
    """A chunk of the current index as a passage (score 0: it was not ranked for this request)."""
    return Passage(
        text=chunk.text,
        title=chunk.title,
        url=chunk.url,
        as_of=chunk.as_of,
        score=0.0,
        chunk_id=chunk.chunk_id,
        heading=chunk.heading,
    )


def as_of_label(as_of: str, lang: str | None = None) -> str:
    """`2023` stays `2023`; `2023-04` or `2023-04-21` becomes `April 2023` in the user's language."""
    parts = as_of.split("-")
    if len(parts) < 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= 12:
        return as_of
    month = month_name(int(parts[1]), lang)
    return f"{month} de {parts[0]}" if language_of(lang) == "es" else f"{month} {parts[0]}"


def link(url: str, title: str) -> str:
    return f'<a href="{escape(url, quote=True)}">{escape(title)}</a>'


def notice(kind: ReplyKind, html: str, *, answered: bool = False) -> Reply:
    """A reply made only of the bot's own words."""
    return Reply(html=html, answered=answered, kind=kind)


def source_line(passage: Passage, lang: str | None) -> str:
    return t(
        "source", lang, link=link(passage.url, passage.title), as_of=escape(as_of_label(passage.as_of, lang))
    )


def render_answer(answer: Answer, lang: str | None = None) -> Reply:
    """The reply for any `Answer`: a quoted answer, a decline, the medical notice, or a short courtesy."""
    best = answer.best
    if answer.kind == "answer" and best is not None:
        return _render_found(answer, best, lang)
    if answer.kind in ("answer", "not_found"):
        return _render_decline(answer, lang)
    if answer.kind == "medical":
        # No passage, but the hand-over address: the partnership's contact, not a medical one.
        return notice("medical", t("medical", lang) + "\n\n" + t("contact_line", lang, email=CONTACT_EMAIL))
    if answer.kind == "greeting":
        return notice("greeting", t("greeting", lang))
    if answer.kind == "thanks":
        return notice("thanks", t("thanks", lang))
    return notice("empty", t("empty", lang))


MAX_ABOUT_CHARS = 80


def with_about(reply: Reply, about: str, lang: str | None = None) -> Reply:
    """The reply opened by what a follow-up was understood to be about, so a wrong guess is visible."""
    topic = cut_words(" ".join(about.split()), MAX_ABOUT_CHARS)
    if not topic:
        return reply
    html = f"<i>{t('about', lang, topic=escape(topic))}</i>\n{reply.html}"
    if _plain_length(html) > MAX_MESSAGE_CHARS:
        return replace(reply, about=topic)
    return replace(reply, html=html, about=topic)


def _render_decline(answer: Answer, lang: str | None) -> Reply:
    """Says what the material does not cover (and why, when the answerer knows), offers what it covers
    nearby, and hands over to the website and the contact address."""
    as_of = escape(answer.as_of or "")
    handover = t("handover", lang, site=SITE_URL, email=CONTACT_EMAIL)
    topics = list(dict.fromkeys(s.strip() for s in answer.suggestions if s.strip()))[:MAX_SUGGESTIONS]
    nearby = "\n".join(f"• {escape(s)}" for s in topics)
    if answer.reason in (None, "low_confidence") or not as_of:
        parts = [t("not_found", lang, site=SITE_URL, email=CONTACT_EMAIL)]
        if topics:
            parts.append(t("suggestions", lang) + "\n" + nearby)
        return notice("not_found", "\n\n".join(parts))
    language = language_of(lang)
    parts = []
    if answer.gap is not None:
        gap = answer.gap
        topic = gap.topic.get(language, gap.topic["en"])  # type: ignore[call-overload]
        look = gap.look.get(language, gap.look["en"])  # type: ignore[call-overload]
        parts.append(t("declined_gap", lang, as_of=as_of, topic=escape(topic)))
        parts.append(t("look_instead", lang, look=escape(look), url=escape(str(gap.url))))
    elif answer.reason == "missing" and answer.missing:
        words = ", ".join(f"“{escape(w)}”" for w in answer.missing[:MAX_MISSING_WORDS])
        parts.append(t("declined_missing", lang, as_of=as_of, words=words))
    elif answer.asked_for is not None:
        parts.append(t(f"declined_{answer.asked_for}", lang, as_of=as_of))
    else:
        parts.append(t("not_found", lang, site=SITE_URL, email=CONTACT_EMAIL))
        return notice("not_found", "\n\n".join(parts))
    if topics:
        parts.append(t("nearby", lang) + "\n" + nearby)
    parts.append(handover)
    return notice("not_found", "\n\n".join(parts))


def _render_found(answer: Answer, best: Passage, lang: str | None) -> Reply:
    """The quoted passage with the lead in bold inside it (said once), then source, date and contact.

    The lead is placed by its position in the passage (`Answer.lead_start`), so a sentence that occurs twice
    is emphasised where the answerer found it."""
    raw = answer.context if answer.context.strip() else best.text
    context = raw.strip()
    shift = len(raw) - len(raw.lstrip())
    lead = answer.lead.strip()
    start = -1
    if lead and answer.lead_start >= 0:
        at = answer.lead_start - shift + (len(answer.lead) - len(answer.lead.lstrip()))
        if context[at : at + len(lead)] == lead:
            start = at
    if start < 0 and lead:
        start = context.find(lead)
    if start < 0:  # no usable lead: quote the context alone, its first sentence standing in as the lead
        lead, start = _segments(context)[0].strip(), 0
    before, after = context[:start], context[start + len(lead) :]
    footer = _footer(best, answer.speaks_of_plans, lang)
    also = _also_line(answer, lang)

    def build(lead_text: str, before_text: str, after_text: str) -> str:
        quote = f"{escape(before_text)}<b>{escape(lead_text)}</b>{escape(after_text)}"
        return f"<blockquote>{quote}</blockquote>\n{also}{footer}"

    html = _fit(build, lead, before, after)
    ref = passage_ref(best)
    buttons: list[tuple[Button, ...]] = [
        (Button("👍", f"{FEEDBACK_PREFIX}+:{ref}"), Button("👎", f"{FEEDBACK_PREFIX}-:{ref}"))
    ]
    more = [r for r in dict.fromkeys(passage_ref(p) for p in answer.passages[1:]) if r != ref]
    more = more[:MAX_MORE_PASSAGES]
    if more:
        buttons.append((Button(t("button_more", lang, count=len(more)), MORE_PREFIX + ",".join(more)),))
    return Reply(html=html, answered=True, passages=answer.passages, buttons=tuple(buttons), kind="answer")


MAX_ALSO_CHARS = RUNNER_UP_MAX_CHARS  # the answerer offers no longer lead; the cut is a safeguard


def _also_line(answer: Answer, lang: str | None) -> str:
    """The runner-up's lead in one line, linked to its source, when the answerer found one (else "")."""
    also, lead = answer.also, " ".join(answer.also_lead.split())
    if also is None or not lead:
        return ""
    return (
        t("also_in", lang, link=link(also.url, also.title), lead=escape(cut_words(lead, MAX_ALSO_CHARS)))
        + "\n"
    )


def _footer(best: Passage, speaks_of_plans: bool, lang: str | None) -> str:
    lines = []
    if language_of(lang) != "en":
        lines.append(f"<i>{t('quoted_in_english', lang)}</i>")
    lines.append(source_line(best, lang))
    if speaks_of_plans:
        as_of = escape(as_of_label(best.as_of, lang))
        lines.append(t("planned_note", lang, as_of=as_of, site=SITE_URL))
    lines.append(t("contact_line", lang, email=CONTACT_EMAIL))
    return "\n".join(lines)


def _segments(text: str) -> list[str]:
    """The text cut before each sentence or line (`knowledge.sentences`); joining the pieces gives it back."""
    cuts = [span.start for span in sentence_spans(text)]
    bounds = [0, *[c for c in cuts if 0 < c < len(text)], len(text)]
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    return pieces or [text]


def _plain_length(html: str) -> int:
    return utf16_length(Reply(html=html, answered=True).text)


def _fit(build: _Builder, lead: str, before: str, after: str) -> str:
    """The fullest reply within Telegram's limit: whole sentences are dropped from the far ends first."""
    full = build(lead, before, after)
    if _plain_length(full) <= MAX_MESSAGE_CHARS:
        return full
    overhead = _plain_length(build(lead, "", "x")) - 1
    if overhead > MAX_MESSAGE_CHARS:  # the lead alone is too long: cut it at a word boundary
        fixed = _plain_length(build("", "", ""))
        lead = cut_words(lead, (MAX_MESSAGE_CHARS - fixed) // 2)
        return build(lead, "", "")
    room = MAX_MESSAGE_CHARS - overhead - 2 * len(" " + _ELLIPSIS)
    later = _segments(after) if after else []
    earlier = list(reversed(_segments(before))) if before else []
    kept_after = kept_before = ""
    used = 0
    while later or earlier:  # grow around the lead, one sentence on each side in turn
        for side in (later, earlier):
            if side and used + utf16_length(side[0]) <= room:
                piece = side.pop(0)
                used += utf16_length(piece)
                if side is later:
                    kept_after += piece
                else:
                    kept_before = piece + kept_before
            else:
                side.clear()
    if kept_before != before:
        kept_before = _ELLIPSIS + " " + kept_before.lstrip() if kept_before.strip() else ""
    if kept_after != after:
        kept_after = kept_after.rstrip() + " " + _ELLIPSIS if kept_after.strip() else " " + _ELLIPSIS
    return build(lead, kept_before, kept_after)


def cut_words(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units, cut at a sentence end if one is near, else at a word, with "…"."""
    if utf16_length(text) <= limit:
        return text
    kept = ""
    for piece in _segments(text):
        if utf16_length(kept + piece) > limit - 1:
            break
        kept += piece
    if len(kept) >= limit // 2:
        return kept.rstrip() + " " + _ELLIPSIS if utf16_length(kept.rstrip()) + 2 <= limit else kept.rstrip()
    head = text[: max(limit - 1, 0)]
    while utf16_length(head) > limit - 1:
        head = head[:-1]
    if " " in head[len(head) // 2 :]:
        head = head[: head.rindex(" ")]
    return head.rstrip() + _ELLIPSIS


def render_passage(passage: Passage, lang: str | None = None) -> Reply:
    """One passage on its own (an inline result beside the answer): quoted, with source and contact."""
    quote = escape(cut_words(passage.text.strip(), MORE_PASSAGE_CHARS))
    lines = [f"<blockquote>{quote}</blockquote>"]
    if language_of(lang) != "en":
        lines.append(f"<i>{t('quoted_in_english', lang)}</i>")
    lines += [source_line(passage, lang), t("contact_line", lang, email=CONTACT_EMAIL)]
    return Reply(html="\n".join(lines), answered=True, passages=(passage,), kind="answer")


def render_more(
    passages: Sequence[Passage], lang: str | None = None, *, partly_updated: bool = False
) -> Reply:
    """The extra passages behind the "More sources" button, each quoted with its source."""
    header = f"<b>{t('more_header', lang)}</b>"
    # The closing lines count against the limit while passages are added, not after.
    note = [f"<i>{t('quoted_in_english', lang)}</i>"] if language_of(lang) != "en" else []
    tail = [f"<i>{t('more_partly_updated', lang)}</i>"] if partly_updated else []
    closing = [*note, *tail]
    blocks: list[str] = []
    shown: list[Passage] = []
    for passage in passages:
        quote = escape(cut_words(passage.text.strip(), MORE_PASSAGE_CHARS))
        block = f"<blockquote>{quote}</blockquote>\n{source_line(passage, lang)}"
        candidate = "\n\n".join([header, *blocks, block, *closing])
        if _plain_length(candidate) > MAX_MESSAGE_CHARS:
            break
        blocks.append(block)
        shown.append(passage)
    html = "\n\n".join([header, *blocks, *(closing if blocks else tail)])
    return Reply(html=html, answered=True, passages=tuple(shown), kind="answer")
