"""Does the passage found actually answer the question? Similarity is not enough for questions that sound in
scope: "who coordinates EP PerMed" is close to the contact line, which names no coordinator.

Precise checks, all lexical and cheap: the question does not name a known gap (known_gaps.yaml) that the
passage is silent on; it names nothing (a country, a network, a figure) the material never mentions, nor asks
of a name something the passage does not speak of; and the passage holds what it asks for (a date, an
amount, a body, a place, a duration). The share of the question's own words in the passage is a weak signal
only: paraphrases use words the material does not. Word lists here are general vocabulary (question words,
units, synonyms), in five languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from knowledge.countries import ENGLISH_ADJECTIVES, countries_named
from knowledge.lexical import stemmed_words, text_sequence, text_tokens, tokenize
from knowledge.models import KnownGap
from knowledge.spelling import common_english_words

# Which of two things came first, or whether they fell in the same month: the dates answer, side by side in
# the timeline ("Which came first, the concept paper or the draft proposal?").
ORDER_OF_DATES = (
    r"(?:\b(?:which|what)\s+(?:\w+\s+){0,3}?(?:came|come|happened|appeared|(?:was|were)\s+(?:published|released|"
    r"issued|presented))(?:\s+out)?\s+(?:first|earlier|later)\b|\bcame\s+(?:out\s+)?(?:first|earlier)\b)"
    r"(?!\s+(?:in|on)\s+the\s+list)|\bin\s+(?:what|which)\s+order\b|\bchronolog\w*|\bsame\s+(?:month|year|day)\b|"
    r"\bhow\s+far\s+apart\b"
)
AskedFor = Literal["date", "amount", "person", "body", "place", "duration"]
DeclineReason = Literal["gap", "missing", "asked_for", "uncovered"]

# Words that name the partnership or its field: every passage is about them, so they show no focus.
DOMAIN_WORDS = frozenset(
    tokenize(
        "ep permed eppermed partnership partnerships european europe personalised personalized medicine "
        "initiative partenariat partnerschaft asociación partenariato"
    )
)
# Words that frame a question rather than say what it is about (besides the lexical stop words).
FRAMING_WORDS = frozenset(
    tokenize(
        "happen happened happening tell know explain describe mean meaning please give list show find want "
        "wanted ask question questions information info kind sort type say says said thing things exist "
        "exists get need current currently planned plan plans now still also already yet next much many long "
        "whats thats there's is isn't does doesn't did before after went go goes gone part time times stand "
        "set held hold holds located situated based take takes took some out up down off via just only "
        "really very date dates year years month months place meant supposed"
    )
)
# Names that stand for a name of the material: the European Commission by its seat ("before it went to
# Brussels"). A question naming one is not asking about something the material never mentions.
_STANDS_FOR: dict[str, frozenset[str]] = {tokenize("Brussels")[0]: frozenset(tokenize("commission"))}
# Spellings and forms of the material's own words ("Organization", "Program", "Factsheet"): a name written
# so is known when the material knows its other form ("personalized" is a domain word, never a name).
_SPELLINGS = frozenset(
    tokenize("organization organizations organize organized program factsheet factsheets leaflet doc docs")
)
# General synonyms: a question word on the left counts as present when a word on the right is.
SYNONYMS: dict[str, frozenset[str]] = {
    tokenize(word)[0]: frozenset(tokenize(alternatives))
    for word, alternatives in {
        "start": "launch launched begin",
        "begin": "launch launched start",
        "commence": "launch start",
        "kick": "launch",
        "running": "launch launched",  # "up and running"
        "operational": "launch launched",
        "live": "launch launched",  # "go live"
        "goal": "aim objective objectives vision",
        "goals": "aim objective objectives vision",
        "purpose": "aim objective intended",
        "objective": "aim objectives",
        "target": "aim",
        "mission": "vision aim",
        "email": "contact e-mail",
        "mail": "contact e-mail",
        "reach": "contact",
        "write": "contact",
        "address": "contact e-mail",
        "organize": "organise organised",
        "organized": "organised organise",
        "organization": "organisation organisations",
        "organizations": "organisations organisation",
        "personalized": "personalised",
        "program": "programme",
        "infosheets": "infosheet information sheets",
        "factsheet": "information sheet infosheet",
        "factsheets": "information sheets infosheet",
        "leaflet": "information sheet",
        "published": "publication",
        "publish": "publication published",
        "release": "published publication",
        "released": "published publication",
        "created": "established developed",
        "founded": "established",
        "wrote": "developed published drafted drafting",
        "written": "developed published drafted drafting",
        "author": "developed published drafted drafting",
        "authors": "developed published drafted drafting",
        "made": "developed published",
        "behind": "developed established",
        "event": "day",
        "info": "information",
        "doc": "document",
        "docs": "documents",
        "countries": "country states",
        "nations": "countries states",
        "ec": "commission",
        **{name: " ".join(words) for name, words in _STANDS_FOR.items()},
        "eu": "european union",
        "role": "aim",
        "help": "support",
        "relation": "connected",
        "relationship": "connected",
        "related": "connected",
        "link": "connected",
        "connection": "connected",
        "helps": "support",
    }.items()
}
# A country by its adjective ("Spanish" for "Spain"): present where the country is.
_COUNTRY_OF: dict[str, frozenset[str]] = {
    tokenize(adjective)[0]: frozenset(tokenize(country)) for adjective, country in ENGLISH_ADJECTIVES.items()
}
SYNONYMS.update(_COUNTRY_OF)
# What an unknown name may be known as: the Commission for Brussels, the material's spelling for another one,
# the country of an adjective.
_KNOWN_AS: dict[str, frozenset[str]] = {
    **{word: SYNONYMS[word] for word in _SPELLINGS if word in SYNONYMS},
    **_STANDS_FOR,
    **_COUNTRY_OF,
}

_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "januar|februar|märz|juni|juli|oktober|dezember|janvier|février|mars|avril|mai|juin|juillet|août|"
    "septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    "octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
_YEAR = r"\b(19|20)\d{2}\b"
_DATE = re.compile(rf"({_YEAR})|\b({_MONTH_NAMES})\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b", re.I)
# An amount: a figure that is not a year nor a day of a month ("May 31, 2021", "31 May"), a currency sign
# or a number word; a year or a date is no answer to "how many".
_FIGURE = re.compile(r"(?<![\d.:])\d+(?:[.,]\d+)?(?![\d.:]|st\b|nd\b|rd\b|th\b)")
_DATE_PART = re.compile(rf"^\s*,?\s*({_YEAR}|({_MONTH_NAMES})\b)|\b({_MONTH_NAMES})\s*$", re.I)
_AMOUNT_WORD = re.compile(
    r"€|\$|£|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|dozens)\b",
    re.I,
)


# A question for the day itself ("On which exact day ...?", "what date exactly"), and a date that gives one
# ("May 31, 2021", "31 May 2021", "31.05.2021"), not only the month.
_DAY_QUESTION = re.compile(
    r"\b(?:what|which) (?:exact |precise |specific )?day\b|\b(?:exact|precise|specific) (?:date|day)\b|"
    r"\bdate exactly\b|\bwelche[nm]? (?:genauen? )?Tag\b|\bgenaue[ns]? Datum\b|\bquel jour\b|\bdate exacte\b|"
    r"\bqu[ée] d[ií]a\b|\bfecha exacta\b|\bche giorno\b|\bdata esatta\b|"
    r"\bquale giorno\b",
    re.I,
)
_DAY_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?({_MONTH_NAMES})\b|\b({_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\d)|"
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b",
    re.I,
)
# A clock time ("13.00 – 16.30 CEST", "9:30 am"): a figure, but no answer to "how many".
_CLOCK = re.compile(
    r"^\s*(?:[–-]|to\b|until\b|bis\b|cest\b|cet\b|utc\b|gmt\b|am\b|pm\b|h\b|uhr\b|o'clock\b|\))", re.I
)


# From one clock time to another: "13.00 – 16.30", "9:30-12:00", "13h00 – 16h30".
_CLOCK_TIME = r"(?:[01]?\d|2[0-4])[.:h][0-5]\d"
_HOURS = re.compile(rf"(?<![\d.,]){_CLOCK_TIME}\s*(?:[–-]|to|until|bis|à|a)\s*{_CLOCK_TIME}(?![.,]?\d)", re.I)
# What makes two decimals a sum, a reference or a date, not hours: a currency or a label before or after.
_NOT_HOURS_BEFORE = re.compile(
    r"(?:[€$£]|\b(?:eur|euro|euros|chf|usd|gbp|pages?|pp?|chapters?|sections?|figures?|fig|art|articles?|"
    r"tables?|§))\.?\s*$",
    re.I,
)
_NOT_HOURS_AFTER = re.compile(
    r"^\s*(?:[€$£%]|m€|\b(?:eur|euro|euros|chf|usd|million|millions|billion|mio|bn|percent|per cent)\b)", re.I
)


def has_hours(text: str) -> bool:
    """From one clock time to another ("13.00 – 16.30 CEST", "9:30-12:00"), not a range of sums, pages or
    dates ("EUR 1.50 – 2.00", "pages 1.10-1.20", "11.11 - 12.12.2023")."""
    return any(
        not _NOT_HOURS_BEFORE.search(text[: m.start()]) and not _NOT_HOURS_AFTER.match(text[m.end() :])
        for m in _HOURS.finditer(text)
    )


def has_amount(text: str) -> bool:
    """A figure that is not a year, the day of a date ("May 31, 2021") nor a clock time ("13.00 – 16.30
    CEST"), or a currency or number word."""
    if _AMOUNT_WORD.search(text):
        return True
    for match in _FIGURE.finditer(text):
        figure = match.group(0)
        if re.fullmatch(r"(19|20)\d{2}", figure):
            continue
        if re.fullmatch(r"\d{1,2}[.,][0-5]\d", figure) and _CLOCK.match(text[match.end() :]):
            continue
        if re.match(r"h[0-5]\d\b", text[match.end() :]) or re.search(r"\dh$", text[: match.start()]):
            continue  # the French way: "13h00 – 16h30"
        before = text[max(0, match.start() - 12) : match.start()]
        after = text[match.end() : match.end() + 12]
        if _DATE_PART.search(before) or _DATE_PART.search(after):
            continue
        return True
    return False


# Money: a question about funding, a budget or a cost wants a sum, not any figure.
_MONEY_QUESTION = re.compile(
    r"\b(budget|budgets|cost|costs|price|fee|fees|funding|fund|funds|grant|grants|money|euro|euros|salary|"
    r"co[ûu]t|montant|budget|presupuesto|coste|importe|bilancio|costo|importo|kosten|finanzierung|"
    r"financement|financiación|finanziamento)\b",
    re.I,
)
# A rate or a percentage wants a share, not any figure.
_RATE_QUESTION = re.compile(r"\b(rate|rates|percentage|percentages|proportion|quote|taux|tasa|tasso)\b", re.I)
_RATE = re.compile(r"%|\b(percent|per cent|prozent|pour cent|por ciento|per cento)\b", re.I)
# "how many projects": the figure must count that thing ("49 topics", "over 50 organisations").
# The thing counted is the plural of the first two words ("how many national hubs": hubs), else the first.
_COUNTED = re.compile(r"\b(?:how many|number of)\s+(\w+)(?:\s+(\w+))?", re.I)
COUNTED_WINDOW = (
    4  # words after a figure that may name what it counts ("30 countries", "50 partner organisations")
)
_MONEY = re.compile(r"€|\$|£|\b(eur|euro|euros|million|millions|billion|billions|mio|bn|m€)\b", re.I)
# A body or person: an organisation word, or a name (a capitalised word or acronym not opening the text).
_BODY = re.compile(
    r"\b(organi[sz]ations?|group|groups|commission|states|authorities|ministries|funders|partners|"
    r"members?|consortium|council|agency|agencies|institutes?|universit(y|ies)|stakeholders|"
    r"representatives|policy makers|network|networks|countries|companies)\b",
    re.I,
)
_NAME = re.compile(r"(?<!^)(?<![.!?:]\s)\b([A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z]{2,}|[A-Z][a-z]{2,})\b")
# A person named with a title ("Dr. Jane Doe", "Prof. Rossi"): how the material would name one.
_PERSON = re.compile(
    r"\b(Dr|Prof|Professor|Mr|Mrs|Ms|Dott|Dra|Sr|Sra|Mme|Herr|Frau)\.?\s+[A-Z][\w'-]+", re.UNICODE
)
_PLACE = re.compile(
    r"\b(in|at|à|en|a|im|nach)\s+[A-Z][a-zà-ÿ]+|\b(virtual|virtually|online|onsite|on-site|digital)\b", re.I
)
_PLACE_NAME = re.compile(r",\s+[A-Z][a-zà-ÿ]+\b")  # "Pamplona, Spain"
_DURATION = re.compile(
    rf"\b\d+\s*(years?|months?|weeks?|days?|jahre?n?|ans?|années?|años?|anni|mesi)\b|"
    rf"\b(until|till|through|to|bis|jusqu'en|hasta|fino al?)\s+({_YEAR})|({_YEAR})\s*[-–]\s*({_YEAR})|"
    rf"\b(seven|five|ten|six|eight)[- ]years?\b|"
    rf"\b(ends?|ending|finish(?:es)?|expires?|concludes?|runs?)\s+(?:in|on|by|until)?\s*({_YEAR})",
    re.I,
)

# What a question asks for, from its question words, first match wins (duration before date: "until when").
_ASKS: tuple[tuple[AskedFor, re.Pattern[str]], ...] = (
    (
        "duration",
        re.compile(
            r"\b(how long|until when|until what|until which|till when|for how many years|how many years|"
            # "end" the verb, not the noun of "by the end of 2023" (which a date question may ask about)
            r"\b(when|what year|which year|what date)\b.{0,60}\b(ends?|finish|finishes|expires?|conclude|"
            r"concludes|terminate|terminates|run out|runs out|wind up|come to an end)\b(?!\s+of\b)"
            r"(?![\s-]+users?\b)|"
            r"when (does|will|did) .{0,60}\b(stop|close)\b|"
            r"quand (se termine|finit|prend fin|s'achève)|cu[áa]ndo (termina|acaba|finaliza|concluye)|"
            r"quando (finisce|termina|si conclude|scade)|wann (läuft|hört) .{0,40}\b(aus|auf)\b|"
            r"wie lange|bis wann|wann endet|combien de temps|jusqu'à quand|quelle durée|cuánto tiempo|"
            r"cuanto tiempo|hasta cuándo|hasta cuando|cuánto dura|quanto tempo|fino a quando|quanto dura)",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"^\W*(when(?!\s+it\s+comes\s+to\b)|by when|from when|what date|which date|what year|which year|in what year|in which year|since when|"
            r"wann|an welchem|in welchem jahr|quand|à quelle date|en quelle année|cu[áa]ndo|en qu[ée] año|"
            r"en qu[ée] fecha|quando|in che anno|in quale anno)\b|\b(what|which) (?:exact |precise |specific )?(date|day|month|year)\b|"
            + ORDER_OF_DATES,
            re.I,
        ),
    ),
    (
        "amount",
        re.compile(
            # ("number of" counts; "the programme number of Horizon Europe" is a label, no amount)
            r"\b(how much|how many|what amount|which amount|(?<!programme )(?<!program )number of|wie viel|wie viele|wieviel|wieviele|wie hoch|"
            # a size asked for by its measure: "how big are the grants", "the maximum funding per project" (not
            # "how big a role", "how high is the priority": a degree, no figure)
            r"how (?:big|large|high|small|low)\s+(?:(?:is|are|was|were|will be|would be)\s+)?(?:the\s+|a\s+|an\s+)?"
            r"(?:[\w-]+\s+)?(?:funding|fund|funds|grant|grants|budget|budgets|contribution|contributions|amount|"
            r"sum|sums|co-funding|investment|award|awards|financing)\b|"
            r"(?:maximum|minimum|max|average|total|typical)\s+(?:funding|grant|grants|budget|amount|size|sum|"
            r"contribution|number)\b|(?:montant|financement) maximum|(?:importe|financiaci[óo]n) m[áa]xim[oa]|"
            r"(?:importo|finanziamento) massimo|\w*h[öo]chstbetrag\w*|"
            r"combien|cu[áa]nto|cu[áa]nta|cu[áa]ntos|cu[áa]ntas|quanto|quanta|quanti|quante)\b|"
            # "what is the budget": a figure asked for by naming it
            r"^\W*(what|what's|which|quel|quelle|cu[áa]l|qual|wie hoch|was)\b.{0,25}\b(budget|cost|costs|price|grant|grants|rate|rates|percentage|share|"
            r"fee|fees|amount|co[ûu]t|montant|presupuesto|coste|importe|bilancio|costo|importo|kosten)\b",
            re.I,
        ),
    ),
    (
        # people by name, not bodies: "who were the speakers", "the names of the people" (a contact person is
        # the contact line's to answer)
        "person",
        re.compile(
            r"\b(speakers?|presenters?|panell?ists?|keynote speakers?|moderators?|"
            r"names? of (the |its |their )?(people|persons?|members?|experts?|speakers?|organi[sz]ers?|authors?)\b"
            r"(?!\s+(?:states?|countr\w*|groups?|panels?|organi[sz]ations?|institutions?|bod(?:y|ies))\b)|"
            r"who (gave|held|made|delivered) (the |a |any )?(presentations?|talks?|speech|speeches|keynotes?)|"
            r"who (spoke|speaks|talked|will speak|is speaking|was speaking)|"
            # the people in a body: "which people sit on the drafting group", "who serves on the board"
            r"(?:which|what) (?:people|persons|individuals|experts) (?:sit|sat|serve|served|work|worked)\b|"
            r"who (?:sits|sat|serves|served) (?:on|in)\b|"
            r"Referent(in|en|innen)?|Redner(in|innen)?|intervenants?|"
            r"conf[ée]renciers?|ponentes?|oradores?|relatori|relatrici)\b",
            re.I,
        ),
    ),
    (
        "body",
        re.compile(r"^\W*(who|whom|by whom|wer|wem|wen|von wem|qui|par qui|qui[ée]n|qui[ée]nes|chi)\b", re.I),
    ),
    ("place", re.compile(r"^\W*(where|wo|wohin|où|d[óo]nde|dove|in which (city|country|place))\b", re.I)),
)
# A capitalised word in a question that is a question word or a common opener, not a name.
_NOT_NAMES = frozenset(
    """what when where who whom whose which why how is are was were will would can could should shall do does
    did has have had the a an in on at of for and or i my our we you please tell give list show explain
    ep permed eppermed""".split()
)
MIN_NAME_LENGTH = 3
# A preposition of place just before a name: "the contact in Spain", "funding for Italy", "aus Deutschland".
_PLACE_BEFORE = re.compile(
    r"\b(in|for|from|at|across|within|im|aus|für|nach|en|à|au|pour|para|desde|per|da)\s+(the\s+)?$", re.I
)
_QUESTION_NAME = re.compile(r"\b[A-Z][\w-]*\b")
_SENTENCE_START = re.compile(r"[.!?]\s+\W{0,3}$")


@dataclass(frozen=True, slots=True)
class Focus:
    """What a question is about, read from its words once."""

    words: tuple[str, ...]  # its content tokens (stemmed): neither function, framing nor domain words
    surface: dict[str, str]  # token -> the user's own word, to name what the material does not mention
    names: tuple[str, ...]  # capitalised words that name something (Italy, LinkedIn), tokenized
    asked_for: AskedFor | None
    places: tuple[str, ...] = ()  # names after a preposition of place ("in Spain", "for Italy"), tokenized


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether the passage answers; when not, why, in terms the reply can name."""

    answers: bool
    reason: DeclineReason | None = None
    asked_for: AskedFor | None = None
    missing: tuple[str, ...] = ()  # the question's own words that the material does not mention
    gap: KnownGap | None = None
    coverage: float = 1.0


def asked_for(question: str) -> AskedFor | None:
    """The kind of answer a question wants, from its question words (five languages); None for others. A
    greeting or who the asker is may come first ("Hi, as a funder: what is the budget?"), or a lead before the
    clause that asks ("Any update on the SRIA: when was it published?", "I'm looking for the coordinator. Who is
    it?")."""
    asked = _LEAD_IN.sub("", _without_asker(question))
    last = _CLAUSE_BREAK.split(asked.strip())[-1]
    for text in dict.fromkeys((last, asked) if _OPENS_A_QUESTION.match(last) else (asked,)):
        for kind, pattern in _ASKS:
            if pattern.search(text):
                return kind
    return None


_LEAD_IN = re.compile(
    r"^(?:\W*(?:hi|hello|hey|dear\s+\w+|good\s+(?:morning|afternoon|evening)|quick\s+question|one\s+question|"
    r"a\s+question|hallo|guten\s+tag|bonjour|hola|buongiorno|ciao)\b[\s,:;.!-]*)+",
    re.I,
)


def focus_of(question: str) -> Focus:
    words: list[str] = []
    surface: dict[str, str] = {}
    for match in re.finditer(r"[^\W_]+(?:[-'’][^\W_]+)*", question):
        for token in tokenize(match.group(0)):
            if token in DOMAIN_WORDS or token in FRAMING_WORDS or token in words:
                continue
            words.append(token)
            surface.setdefault(token, match.group(0))
    # A figure names something too ("the 2024 call"): the material either mentions it or cannot answer.
    names: list[str] = list(re.findall(r"(?<![\d.])\d{2,}(?![\d.])", question))
    places: list[str] = []
    for position, match in enumerate(_QUESTION_NAME.finditer(question)):
        word = match.group(0)
        if word.casefold() in _NOT_NAMES or (position == 0 and match.start() == 0):
            continue
        if (
            _SENTENCE_START.search(question[: match.start()])
            and word.casefold() in common_english_words()
            and not re.match(r"\s+[A-Z][a-z]", question[match.end() :])  # "Horizon Europe" is one name
        ):
            continue  # a common word opening a later sentence ("... each other? Only EU members?")
        # Two letters name nothing for sure ("IC" of a transcribed "ICPerMed"): names have three or more; of a
        # word with hyphens only the capitalised parts name ("Europe-wide", "EU-funded").
        word = "-".join(part for part in word.split("-") if part[:1].isupper())
        tokens = [t for t in tokenize(word) if t not in DOMAIN_WORDS and len(t) >= MIN_NAME_LENGTH]
        names.extend(tokens)
        if _PLACE_BEFORE.search(question[: match.start()]):
            places.extend(tokens)
    return Focus(
        tuple(words), surface, tuple(dict.fromkeys(names)), asked_for(question), tuple(dict.fromkeys(places))
    )


def has_asked_for(kind: AskedFor, text: str) -> bool:
    """Whether `text` holds the kind of thing asked for (a date, an amount, a body, a place, a duration)."""
    if kind == "date":
        return bool(_DATE.search(text))
    if kind == "amount":
        return has_amount(text)
    if kind == "person":
        return bool(_PERSON.search(text))
    if kind == "body":
        return bool(_BODY.search(text) or _NAME.search(text))
    if kind == "place":
        return bool(_PLACE.search(text) or _PLACE_NAME.search(text))
    # how long an event lasted, when it finished: its hours ("13.00 – 16.30 CEST") say so
    return bool(_DURATION.search(text) or has_hours(text))


STEM_PREFIX = 5  # "submitted" (submit) and "submission" (submiss) are one word for coverage


def _present(token: str, tokens: AbstractSet[str]) -> bool:
    if token in tokens or SYNONYMS.get(token, frozenset()) & tokens:
        return True
    if len(token) < STEM_PREFIX:
        return False
    head = token[:STEM_PREFIX]
    return any(t.startswith(head) for t in tokens)


def coverage(
    focus: Focus, tokens: AbstractSet[str], idf: Callable[[str], float]
) -> tuple[float, tuple[str, ...]]:
    """The idf-weighted share of the focus words a text has (synonyms count), and the words it lacks."""
    if not focus.words:
        return 1.0, ()
    weights = {w: idf(w) for w in focus.words}
    total = sum(weights.values()) or 1.0
    missing = tuple(w for w in focus.words if not _present(w, tokens))
    return 1.0 - sum(weights[w] for w in missing) / total, missing


SURFACE_SLACK = 2  # letters a word may differ by at its end and still be a term's word with the same stem
# English endings a longer word may add to a term's word ("taking part", "joining", "coordination").
INFLECTIONS = frozenset({"s", "es", "ed", "d", "ing", "ion", "ions", "ation", "er", "ers"})
Y_INFLECTIONS = frozenset({"ies", "ied"})  # "country" -> "countries", "apply" -> "applied"


def _same_word(term_word: str, word: str) -> bool:
    """One word by its stem and all but its last two letters: stems overreach ("government" and "governance"
    are both "govern", Spanish "importe" is not "important"), inflections do not ("coordinates",
    "coordinated", "coordinate")."""
    shared = 0
    for a, b in zip(term_word, word, strict=False):
        if a != b:
            break
        shared += 1
    if shared >= max(len(term_word), len(word)) - SURFACE_SLACK:
        return True
    short, long = sorted((term_word, word), key=len)
    if short.endswith("y") and long.startswith(short[:-1]) and long[len(short) - 1 :] in Y_INFLECTIONS:
        return True
    base = short[:-1] if short.endswith("e") else short  # "take" -> "tak" of "taking"
    return long.startswith(base) and long[len(base) :] in INFLECTIONS


@lru_cache(maxsize=4096)
def _term_words(term: str) -> tuple[tuple[str, str], ...]:
    words = stemmed_words(term)
    content = tuple((word, stem) for word, stem in words if stem in text_tokens(word))
    return content if len(content) >= 2 else words


def names_term(term: str, question_words: Sequence[tuple[str, str]]) -> bool:
    """Whether the question has every word of the term. Small words count when the term has one other
    word only ("how long" is not "long", "in charge" is not "charge"); "call for proposals" is its two."""
    words = _term_words(term)
    return bool(words) and all(
        any(stem == s and _same_word(word, w) for w, s in question_words) for word, stem in words
    )


def matching_gaps(
    question: str | Sequence[tuple[str, str]], gaps: Iterable[KnownGap]
) -> list[tuple[KnownGap, set[str]]]:
    """The known gaps a question (its text, or its `stemmed_words`) names, each with the words of the term it
    matched."""
    question_words = stemmed_words(question) if isinstance(question, str) else question
    found: list[tuple[KnownGap, set[str]]] = []
    for gap in gaps:
        for term in gap.terms:
            if names_term(term, question_words):
                found.append((gap, set(text_tokens(term))))
                break
    return found


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How much of the question's focus the passage must carry (idf-weighted share)."""

    # Paraphrases use words the material does not: a bar above zero refused answerable questions
    # (tests/data/dev_paraphrases.jsonl: 0.10 -> 8% wrongly declined); names, figures, gaps and what is
    # asked for decline precisely instead.
    min_coverage: float = 0.0


def judge(
    question: str,
    passage: str,
    passage_tokens: AbstractSet[str],
    idf: Callable[[str], float],
    *,
    gaps: Sequence[KnownGap] = (),
    known: Callable[[str], bool] = lambda _token: True,
    thresholds: Thresholds | None = None,
    foreign: bool = False,
) -> Verdict:
    """Whether a passage (its text and tokens) answers `question`.

    A name (a country, a network, a figure) the material never mentions cannot be answered, whatever else
    the passage shares with the question; one the material mentions elsewhere but this passage does not
    leaves the question to another passage. `known` tells whether a token occurs anywhere in the material.
    Coverage of the question's other words is a weak signal (paraphrases use words the material does not):
    only a passage sharing almost none of them is passed over. What is asked for (a date, an amount) is
    looked for in the whole passage; a question about money wants a sum, not any figure.
    A `foreign` question's words are not the English passage's words: only gaps and what it asks for count.
    """
    limits = thresholds or Thresholds()
    # "Apart from how much it costs, who ...?" asks who; "I'm a PhD student. ..." names no topic
    focus = focus_of(without_aside(_without_self(question)))
    asked = _without_asker(question)  # "As a biotech manager, ...": the asker, not the topic
    # "Apart from handing out money, ...": not what is asked; "signed it off": approved, not joined; "join
    # from their desk": attend; "get funders on board": involve, no board
    topic = _other_senses(without_aside(asked))
    question_words = stemmed_words(topic)
    subject = next((t for t in tokenize(topic) if t not in DOMAIN_WORDS and t not in FRAMING_WORDS), "")
    ahead = bool(_WHATS_NEXT.search(topic))  # "When is the next information day?": to come, not the one held
    for gap in gaps:
        if (ahead or (gap.to_come and _FUTURE.search(topic))) and _names_covered(gap, question_words):
            return Verdict(False, "gap", focus.asked_for, gap=gap)
    for gap, words in matching_gaps(question_words, gaps):
        if _holds_term(gap, question_words, passage, asked):
            continue
        if _names_covered(gap, question_words) and not (gap.about_who and _asks_who(topic, focus)):
            # "was the information day in person?" is about the day the material covers; "who coordinates
            # the funding?" asks who does it (governance), not what is done
            continue
        if subject not in words and _asks_beside(focus, words, passage_tokens):
            continue
        if _asks_otherwise(gap, focus, topic, passage, passage_tokens, foreign=foreign):
            continue
        return Verdict(False, "gap", focus.asked_for, gap=gap)
    # a country the material never names, in any language ("welche deutschen Ministerien"), outside what the
    # asker says of themselves ("Sono un ricercatore italiano: cos'è EP PerMed?" asks what EP PerMed is)
    unnamed = [
        c.word for c in countries_named(_without_self(topic)) if not all(map(known, tokenize(c.country)))
    ]
    if unnamed:
        return Verdict(False, "missing", focus.asked_for, tuple(dict.fromkeys(unnamed)))
    share, missing = (1.0, ()) if foreign else coverage(focus, passage_tokens, idf)
    if not foreign:
        lacking = _lacking(focus, passage_tokens, known, missing if share < limits.min_coverage else ())
        if lacking:
            # the reply names only what the material never mentions: "Spain" stands in the timeline
            unknown = [token for token in lacking if not known(token)]
            return Verdict(False, "missing", focus.asked_for, _surface(focus, unknown), coverage=share)
    if focus.asked_for is not None and not _gives(focus.asked_for, question, passage, known):
        return Verdict(False, "asked_for", focus.asked_for, coverage=share)
    return Verdict(True, asked_for=focus.asked_for, coverage=share)


def _asks_otherwise(
    gap: KnownGap, focus: Focus, topic: str, passage: str, passage_tokens: AbstractSet[str], *, foreign: bool
) -> bool:
    """Whether a question naming a gap asks for what the material gives: an InfoSheet by its topic ("Is there
    a fact sheet on how businesses can take part?"), or by the gap's flags what it records (`_recorded`), the
    partnership's plans for a gap about what has been done (`so_far`: "Will the partnership
    fund pilot projects?"; not when it asks when), or a document's title for one about their contents
    (`contents_of`: "Which InfoSheet describes industry involvement?")."""
    if _recorded(gap, focus, topic, passage, passage_tokens, foreign=foreign) or _ASKS_FOR_A_SHEET.search(
        topic
    ):
        return True
    if gap.so_far and focus.asked_for != "date" and _PLANNED.search(topic):
        return True
    return gap.contents_of and bool(_WHICH_DOCUMENT.search(topic))


def _recorded(
    gap: KnownGap, focus: Focus, topic: str, passage: str, passage_tokens: AbstractSet[str], *, foreign: bool
) -> bool:
    """Whether a question naming a gap asks what the material records after all: an event it holds, asked in
    the past tense (`to_come`), or when a document whose contents are the gap came out or was handed in
    (`dated`: "When did the strategy setting out the research priorities come out?", "When was the
    partnership's application handed in?"; not a question about applicants or calls)."""
    if gap.to_come and _recorded_past(topic, passage, passage_tokens, gap, foreign=foreign):
        return True
    return (
        gap.dated
        and focus.asked_for == "date"
        and bool(_ISSUED.search(topic))
        and not _OF_THE_CALLS.search(topic)
        and asks_what_happened(topic, foreign=foreign)
    )


def _gives(kind: AskedFor, question: str, passage: str, known: Callable[[str], bool]) -> bool:
    """Whether the passage holds what the question asks for, as precisely as it asks: a sum for money, a
    figure counting what "how many" names, a day for "on which exact day" ("January 2023" is none)."""
    if not has_asked_for(kind, passage):
        return False
    if kind == "amount":
        return _amount_fits(question, passage, known)
    if kind == "date" and _DAY_QUESTION.search(question):
        return bool(_DAY_DATE.search(passage))
    return True


# Who the asker is ("As a biotech manager", "I'm a programme officer at a ministry"), up to the next
# punctuation or the "I" that asks: its words name no topic ("manager" is no question about governance).
_SELF_INTRODUCTION = re.compile(
    r"(?:^\W*|(?<=[.!?;]\s)\W{0,3})(?:as an?|i am an?|i'm an?|i’m an?|we are an?)\s+"
    r"(?:(?!(?:what|when|who|whom|where|why|how|which|is|are|was|were|can|could|does|do|did|will|would|should|"
    r"may|might|has|have|i|we|i'm|i’m|i've)\b)[\w'’-]+\s*){1,5}[,;:]?",
    re.I,
)


# What the asker's organisation does, said before the question and closed by a semicolon or a colon ("Our
# agency co-finances transnational calls; which sheet ...?"): context, not what is asked.
_OWN_ORGANISATION = re.compile(
    r"^\W*(?:my|our)\s+(?:[\w'’-]+\s+){0,2}?(?:agency|ministry|company|firm|start-?up|institute|institution|"
    r"organi[sz]ation|foundation|university|hospital|team|group|lab|laboratory|department|unit|council|network|"
    r"association|office|authority|region|funder)\b"
    # what it does, not what it asks ("Our agency would like to know who coordinates EP PerMed: is it DLR?")
    r"(?![^;:?]{0,120}\b(?:know|ask|asks|asking|asked|wonder\w*|curious|question|questions|interested|keen|"
    r"would\s+like|wants?|needs?\s+to\s+(?:know|find))\b)[^;:?]{0,120}[;:]",
    re.I,
)


MIN_QUESTION_WORDS = 2  # a question left without the asker's statement must say this much on its own


@lru_cache(maxsize=1024)  # read by asked_for and judge, for every passage judged: once a question
def _without_asker(question: str) -> str:
    """The question without who the asker says they are, or what their organisation does, at its start ("As
    a funder, what is ...", "Our agency funds ...; which ..."), and without sentences in which they say so or
    what leads to the question, closed by a colon, when the question says enough on its own ("I
    coordinate a national network. Is there a sheet on hubs?", "For an early-career briefing: what is the
    vision?"; not "We want to join. How?", "About the next call: when?")."""
    rest = _OWN_ORGANISATION.sub(" ", question)
    if rest != question and not re.search(r"[^\W\d_]", rest):
        rest = question
    rest = _SELF_INTRODUCTION.sub(" ", rest)
    alone = _without_lead(_without_self(rest))
    said = {t for t in tokenize(alone) if t not in DOMAIN_WORDS and t not in FRAMING_WORDS}
    enough = len(said) >= MIN_QUESTION_WORDS or (said and _OPENS_A_QUESTION.match(alone))
    return alone if enough else rest


# A question's first word: what asks, or the verb that opens a yes-or-no question.
_OPENS_A_QUESTION = re.compile(
    r"^\W*(?:what|what's|when|who|whom|whose|where|why|how|which|is|are|was|were|can|could|does|do|did|will|would|"
    r"should|has|have|wann|wer|wo|wie|welche\w*|gibt|quand|qui|où|quel\w*|comment|pourquoi|est-ce|cu[áa]ndo|"
    r"qui[ée]n\w*|d[óo]nde|qu[ée]|c[óo]mo|cu[áa]l\w*|quando|chi|dove|qual\w*|come|perch[ée]|cosa)\b",
    re.I,
)


# What a question sets aside, fronted up to its comma ("Apart from handing out money, what role ...") or
# closing it (", besides funding?"): its words name no gap the question asks about.
_ASIDE = (
    r"(?:apart from|aside from|besides|other than|except for|in addition to|rather than|as opposed to|"
    r"instead of|unlike|außer|abgesehen vo[mn]|statt|anstatt|anders als|im gegensatz zu|à part|en dehors de|"
    r"en plus de|plutôt que|au lieu de|contrairement à|aparte de|además de|excepto|en lugar de|en vez de|"
    r"a diferencia de|a parte|oltre a|oltre al|oltre alla|al di là di|invece di|anziché|a differenza di|"
    # a bare "not" sets aside only a thing it names ("Not the vision: ...", "..., not its aim?")
    r"not\s+(?:the|its|their)\b)"
)
_ASIDE_FIRST = re.compile(
    rf"^\W*(?:{_ASIDE}\b|(?:leaving|setting|putting)\b[^,;:?]*\baside|"
    rf"(?!(?:what|who|which|how|when|where|why)\b)(?:[\w'’-]+\s+){{1,3}}aside\b)[^,;:?—–]*[,;:—–]",
    re.I,
)
_ASIDE_LAST = re.compile(rf"[,—–]\s*{_ASIDE}\b[^,;:?—–]*(?=\?|$)", re.I)


# "signed off on the paper", "signed it off": approved, which names no gap ("signed" alone: joined)
_SIGNED_OFF = re.compile(r"\bsign(?:s|ed|ing)?\s+(?:(?:it|them|this|that)\s+)?off\b", re.I)
# "join online", "join from their desk", "join the info day": attending an event, not joining the partnership
# (the verb only: "join the webinar" is "attend the webinar", still the events gap's); not when the partnership
# is joined too ("join the information day and the partnership")
_JOIN_AN_EVENT = re.compile(
    r"\bjoin(?:s|ed|ing)?(?=\s+(?:(?:it|in|the\s+event|the\s+session)\s+)?(?:online|remotely|virtually|by\s+video|"
    r"from\s+(?:home|(?:their|his|her|my|our|your)\s+(?:desks?|homes?|offices?|laptops?)|the\s+office|anywhere))\b)|"
    r"\bjoin(?:s|ed|ing)?(?=\s+(?:in\s+)?(?:the|an|this|that)\s+(?:virtual\s+|online\s+)?(?:info(?:rmation)?\s+"
    r"(?:day|event|session)|event|workshop|webinar|session|briefing|meeting)\b"
    r"(?![^?.;]*\b(?:partnership|ep\s*permed|consortium|members?|membership)\b))",
    re.I,
)
# "get funders on board", "bring industry on board": involving them, no board of the partnership (unless a
# body of its governance is the one brought: "Who got the steering committee on board?")
_ON_BOARD = re.compile(
    r"\b(?:get|gets|got|getting|bring|brings|brought|bringing)\s+"
    r"(?:(?!(?:board|committee|council|secretariat|chair|director)\b)[\w'’-]+\s+){0,4}?on\s+board\b",
    re.I,
)


# A document's publication or submission, in the five languages: what a `dated` gap leaves to the material's
# dates (the SRIA's publication, the proposal's submission).
_ISSUED = re.compile(
    r"\b(?:publish\w*|publication|c[ao]me\s+out|released?|appear\w*|issued|put\s+out|veröffentlich\w*|"
    r"submit\w*|hand(?:s|ed|ing)?\s+in|sen[dt]\s+in|lodged|filed|eingereicht|soumise?s?|d[ée]pos[ée]e?s?|"
    r"presentad[oa]s?|present[óo]|presentat[oaie]|"
    r"erschien\w*|erschienen|publi[ée]\w*|parue?s?|sortie?s?|publicad[oa]s?|public[óo]|sali[óo]|pubblicat[oaie]|"
    r"uscit[oaie])\b",
    re.I,
)


# Applicants and their applications to calls, their rules: what a dated gap's date never answers ("When did
# applicants submit their proposals?" is no date of the partnership's own proposal).
_OF_THE_CALLS = re.compile(
    r"\b(?:applicants?|applications|pre-?proposals?|proposals|calls?|eligib\w*|requirements?|criteria|"
    r"antr[äa]ge|antragsteller\w*|bewerb\w*|ausschreibung\w*|candidat\w*|candidatures|appels?|solicitantes?|"
    r"solicitudes|convocatorias?|candidature|bandi|bando|domande)\b",
    re.I,
)


def _other_senses(question: str) -> str:
    """The question with a gap's word used in another sense put in plain words ("signed it off": approved)."""
    question = _SIGNED_OFF.sub("approved", question)
    question = _JOIN_AN_EVENT.sub("attend", question)
    return _ON_BOARD.sub("involve", question)


_ELSE = frozenset(tokenize("else other others more sonst autre autres otro otros altro altri"))


def without_aside(question: str) -> str:
    """The question without the clause that sets something aside, when it opens or closes it (the question
    itself when nothing else is left)."""
    rest = _ASIDE_LAST.sub(" ", _ASIDE_FIRST.sub(" ", question))
    if rest == question:  # most questions set nothing aside: no need to read their words
        return question
    # "Besides the SRIA, what else?" asks about the SRIA after all; "..., what does it do?" does not
    words = set(tokenize(rest)) - FRAMING_WORDS
    if not re.search(r"[^\W\d_]", rest) or (words and words <= _ELSE):
        return question
    return rest


# A question for an actor: "who ...", "and who ...?", "tell me who ...", "which organisations ...", "welche
# Einrichtung ...", "quel organisme ...". English "who" anywhere; the other languages' at the start.
_ACTOR = (
    r"(?:organi[sz]ations?|bod(?:y|ies)|institutions?|agenc(?:y|ies)|entit(?:y|ies)|Organisation(?:en)?|"
    r"Einrichtung(?:en)?|Stellen?|Institution(?:en)?|organismes?|organi[sz]ations?|organizaci(?:ón|on|ones)|"
    r"entidad(?:es)?|instituci(?:ón|on|ones)|organismos?|organizzazion[ei]|ent[ei]|istituzion[ei])(?![\w'’-])"
)
_WHO_ASKED = re.compile(
    r"\bwho(?:m|se)?\b|"
    r"^\W*(?:(?:and|so|then|und|et|y|e)\s+)?(?:wer|wem|qui|qui(?:én|en)(?:es)?|chi|"
    rf"(?:which|what|welche[rsn]?|quel(?:le)?s?|qu[ée]|cu[áa]l(?:es)?|qual[ei])\s+{_ACTOR})(?![\w'’-])",
    re.I,
)


def _asks_who(question: str, focus: Focus) -> bool:
    """Whether the question asks who (a person or a body) does something."""
    return focus.asked_for in ("person", "body") or bool(_WHO_ASKED.search(question))


def _names_covered(gap: KnownGap, question_words: Sequence[tuple[str, str]]) -> bool:
    """Whether the question names one of the things the material covers that the gap's terms may describe."""
    return any(names_term(thing, question_words) for thing in gap.unless)


# A question about what comes next is about the gap even when it names a thing the material covers.
_WHATS_NEXT = re.compile(
    r"\b(next(?!\s+steps?\b)|upcoming|future|another(?!\s+(?:thing|question|point|topic|subject|matter|issue|note)\b)|"
    r"coming|n[äa]chste\w*|kommende\w*|prochaine?s?|pr[óo]xim[oa]s?|prossim[oa])\b",
    re.I,
)
# The past tense: what happened, not what is to come. English forms for English questions only (German "Was"
# asks what, Italian "era" is no English word).
_PAST_EN = re.compile(r"\b(?:was|were|did|took place|happened|hosted|attended)\b", re.I)
_PAST_OTHER = re.compile(
    r"\b(?:war|waren|wurde|fand\w*\s+statt|stattgefunden|gab es|[ée]tait|a eu lieu|s['’]est tenue?|"
    r"a accueilli|a [ée]t[ée]|fue|fueron|tuvo lugar|se celebr[óo]|se llev[óo] a cabo|acogi[óo]|era|"
    r"si [èe] (?:svolt|tenut)[ao]|[èe] stat[ao]|ha avuto luogo|ha ospitato)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|going to|planned|annual|yearly|every year|soon|register|wird|werden|soll|j[äa]hrlich\w*|"
    r"sera|seront|aura lieu|pr[ée]vue?s?|annuel\w*|ser[áa]n?|habr[áa]|tendr[áa] lugar|anual\w*|sarà|saranno|"
    r"si terr[àa]|avr[àa] luogo|previst[oaie]|annual[ei])\b",
    re.I,
)
_SHEET = r"(?:(?:info|information|fact)[\s-]*sheets?|infosheets?)\b"  # not a balance sheet, a time sheet
# An InfoSheet asked for by its topic: which one, whether there is one; the list of titles answers.
_ASKS_FOR_A_SHEET = re.compile(
    rf"\b(?:which|what)\s+(?:number\s+is\s+the\s+)?{_SHEET}|\b(?:is|are)\s+there\s+(?:an?|any|one)\s+"
    rf"(?:[\w'’-]+\s+){{0,3}}?{_SHEET}|\b(?:does|do|if|whether)\s+(?:an|any|one)\s+{_SHEET}|\bwhich\s+number\b(?!\s+of)",
    re.I,
)
# Which document, whether there is one, what one is called: its title answers, not its contents.
_WHICH_DOCUMENT = re.compile(
    r"\b(?:which|what)\s+(?:(?:one|number)\b|(?:(?:info|information|fact)[\s-]*)?sheets?\b|infosheets?\b|"
    r"documents?\b)|\b(?:is|are)\s+there\b|\b(?:does|do)\s+(?:an|any)\s+(?:info\w*|fact\w*|sheets?)\b|"
    r"\b(?:called|titled?|titles)\b|^\W*(?:describe|list|name)\b|"
    r"\bwhat\s+is\s+(?:the\s+)?(?:(?:info|information|fact)[\s-]*sheet|infosheet|sheet)\s*\d*\s+(?:about|on|for)\b",
    re.I,
)
# What the partnership will, would or could do: its plans, not what it has done.
_PLANNED = re.compile(
    r"\b(?<!you\s)(?<!if\s)(?:will|would|could|shall|going\s+to|plans?\s+to|intends?\s+to|wird|werden|w[üu]rde|w[üu]rden|k[öo]nnte|"
    r"k[öo]nnten|soll|sollen|va|vont|pourrait|pourraient|pourra|sera|seront|financera|podr[íi]a|podr[áa]|ser[áa]n?|"
    r"financiar[áa]|potrebbe|potr[àa]|sar[àa]|finanzier[àa])\b(?!\s+(?:you|like|love)\b)",
    re.I,
)
_YEAR_OR_MONTH = re.compile(rf"{_YEAR}|\b(?:{_MONTH_NAMES})\b", re.I)
# A later version of a document: the material dates only the first ("When was the guide last updated?").
_REVISED = re.compile(
    r"\b(?:updat\w*|revis\w*|new(?:er)? version|latest version|aktualisier\w*|überarbeit\w*|neue\w* fassung|"
    r"mis\w? à jour|mise à jour|r[ée]vis\w*|nouvelle version|actualiz\w*|nueva versi[óo]n|aggiornat\w*|"
    r"aggiornament\w*|nuova versione)\b",
    re.I,
)


def _in_the_past(question: str, *, foreign: bool) -> bool:
    """Whether a question is in the past tense and names nothing to come."""
    past = (_PAST_OTHER if foreign else _PAST_EN).search(question)
    return bool(past) and not (_WHATS_NEXT.search(question) or _FUTURE.search(question))


def asks_what_happened(question: str, *, foreign: bool) -> bool:
    """Whether a question asks about what happened (the past tense, naming nothing to come or a later
    version): the material's dates answer it."""
    return _in_the_past(question, foreign=foreign) and not _REVISED.search(question)


def _recorded_past(
    question: str, passage: str, passage_tokens: AbstractSet[str], gap: KnownGap, *, foreign: bool
) -> bool:
    """Whether an events question asks about one the passage records: in the past tense, naming nothing to
    come, and anchored in the passage by a year, a month or a country it holds, the passage holding one of the
    material's own events (the gap's `unless`): "Which Spanish city hosted a meeting ...?" is the Pamplona
    workshop; "Did EP PerMed hold any webinars?" and "Where was the kick-off meeting held?" stay the gap's."""
    if not _in_the_past(question, foreign=foreign):
        return False
    passage_words = stemmed_words(passage)
    if not any(names_term(thing, passage_words) for thing in gap.unless):
        return False
    dates = {m.group(0).casefold() for m in _YEAR_OR_MONTH.finditer(question)}
    if any(date in passage.casefold() for date in dates):
        return True
    return any(all(t in passage_tokens for t in tokenize(c.country)) for c in countries_named(question))


MIN_BESIDE_WORDS = 3


def _asks_beside(focus: Focus, gap_words: AbstractSet[str], passage_tokens: AbstractSet[str]) -> bool:
    """A gap's word used in passing: besides it, the question names at least `MIN_BESIDE_WORDS` things and
    the passage has every one, word for word ("how many organisations signed off on the concept paper" is
    about the paper, not about membership); a question naming little besides the gap is about the gap, and
    so is one whose first word of substance is the gap's ("what is the deadline for ...", "who coordinates
    ..."; `judge` checks that). Synonyms do not count here: "the postal address of the drafting group" is not
    the contact line."""
    rest = [w for w in focus.words if w not in gap_words]
    return len(rest) >= MIN_BESIDE_WORDS and all(w in passage_tokens for w in rest)


def _lacking(
    focus: Focus, passage_tokens: AbstractSet[str], known: Callable[[str], bool], uncovered: Sequence[str]
) -> Sequence[str]:
    """What of the question the passage lacks, first what the material never mentions: a name (a country, a
    network, a figure) the material does not know; the words asked of a name the passage shares ("Spain" in
    the workshop's line for "who is the contact in Spain"), when the material has words for them; a name the
    material mentions elsewhere, not here (another passage may answer); the words below the coverage bar."""
    unknown = [n for n in focus.names if not known(n) and not any(map(known, _KNOWN_AS.get(n, ())))]
    if unknown:
        return unknown
    asked_of_name = [w for w in focus.words if w not in focus.names and known(w)] if focus.places else []
    if asked_of_name and not any(_present(w, passage_tokens) for w in asked_of_name):
        return asked_of_name
    absent = [n for n in focus.names if not _present(n, passage_tokens)]
    return absent or uncovered


# A capitalised word just before a figure makes it a label ("InfoSheet 3", "Article 5"); words that open a
# sentence before a count do not ("The seven Information Sheets", "Over 50 organisations").
_LABEL_BEFORE = re.compile(
    r"\b(?!(?:The|A|An|All|Over|About|Around|Some|More|Nearly|Almost|Only|These|Those|Its|Their|Our|With|"
    r"Of|In|For|By|And)\b)[A-Z][\w-]*\s*$"
)


def _amount_fits(question: str, passage: str, known: Callable[[str], bool]) -> bool:
    """A sum for a question about money, a share for a rate, and for "how many X" a figure counting X
    when the material knows X at all (an unknown X is the asker's word for something else: neutral)."""
    if _MONEY_QUESTION.search(question) and not _MONEY.search(passage):
        return False
    if _RATE_QUESTION.search(question) and not _RATE.search(passage):
        return False
    counted = _COUNTED.search(question)
    if counted is None:
        return True
    first, second = counted.group(1), counted.group(2) or ""
    # "national hubs", "partner organisations": both words; "organisations approved": the first
    counted_words = f"{first} {second}" if _plural(second) and not _plural(first) else first
    words = [t for t in tokenize(counted_words) if t not in DOMAIN_WORDS and known(t)]
    if not words:
        return True
    # a figure or a number word, followed closely by what is counted ("30 countries", "seven Information Sheets")
    for match in (*_FIGURE.finditer(passage), *_AMOUNT_WORD.finditer(passage)):
        if _LABEL_BEFORE.search(passage[: match.start()]):
            continue  # "InfoSheet 3 – National Hubs" numbers a title, it counts no hubs
        sentence_rest = _SENTENCE_END.split(passage[match.end() :], maxsplit=1)[0]
        following = set(tokenize(" ".join(sentence_rest.split()[:COUNTED_WINDOW])))
        if all(_present(word, following) for word in words):
            return True
    return False


_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)|\n")  # what a figure counts follows it in its sentence or line


# A clause in which the asker says who they are: "I work at a German ministry.", "Sono un ricercatore italiano:".
_SELF_CLAUSE = re.compile(
    r"^\W*(?:(?:i am|i'm|i’m)(?!\s+(?:wondering|curious|looking|trying|interested|keen|asking|hoping|unsure|not\s+sure|"
    r"confused|searching|seeking)\b)|i work|we are|we work|as an? |i (?:coordinate|represent|run|lead|manage|head|chair|study|"
    r"teach|write|do)\b|we (?:coordinate|represent|run|lead|manage|fund)\b|ich bin|ich arbeite|wir sind|als |je suis|je travaille|"
    r"nous sommes|en tant que|soy|trabajo|somos|como |sono|lavoro|siamo|come )",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bDr\.)(?<=[.!?:;])\s+")


def _without_self(question: str) -> str:
    """The question without the clauses in which the asker says who they are."""
    clauses = _CLAUSE_BREAK.split(question.strip())
    kept = [c for c in clauses if not _SELF_CLAUSE.match(c)]
    return " ".join(kept) if kept else question


def _without_lead(question: str) -> str:
    """The question after a lead closed by a colon that asks nothing ("I don't have the slides: what did the
    presenters inform about?"), when what follows opens a question and does not refer back to the lead ("Who
    coordinates it: a ministry or an agency?", "About the next call: which topics will it cover?" stay whole)."""
    clauses = _CLAUSE_BREAK.split(question.strip())
    first = next((n for n, c in enumerate(clauses) if not c.rstrip().endswith(":")), 0)
    rest = " ".join(clauses[first:])
    if (
        first == 0
        or any(_OPENS_A_QUESTION.match(c) for c in clauses[:first])
        or not _OPENS_A_QUESTION.match(rest)
        or _REFERS_TO_THE_LEAD.search(rest)
    ):
        return question
    return rest


_REFERS_TO_THE_LEAD = re.compile(r"\b(?:it|its|they|them|their)\b", re.I)


def _plural(word: str) -> bool:
    """An English plural by its ending ("hubs", "countries"), not "-ss" ("process") nor a short word ("is")."""
    lowered = word.casefold()
    return len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith(("ss", "us", "is"))


_TITLE_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")  # "Member States", "Industry Involvement"


def _holds_term(
    gap: KnownGap, question_words: Sequence[tuple[str, str]], passage: str, question: str = ""
) -> bool:
    """Whether the passage says one of the gap's terms the question names, its words in a row ("next call"
    in the passage, not "next" in one sentence and "calling" in another)."""
    # a name of the material is no term said ("Member States" are not "members"), unless the question names it
    asked = question.casefold()
    sequence = text_sequence(
        _TITLE_NAME.sub(lambda m: m.group(0) if m.group(0).casefold() in asked else " ", passage)
    )
    for term in gap.terms:
        words = text_sequence(term)
        if not words or not names_term(term, question_words):
            continue
        width = len(words)
        if any(sequence[i : i + width] == words for i in range(len(sequence) - width + 1)):
            return True
    return False


def _surface(focus: Focus, tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(focus.surface.get(t, t) for t in tokens))
