"""Follow-up questions: does a message lean on the previous turn, and what is it then asking?

Pure functions over plain text, in the five languages the bot speaks. The cues are general grammar
(pronouns, "and ...?", a question word alone, a message too short to name a topic), never words of a
question set. Answering stays `Answerer.answer_many`: a resolved follow-up is answered, declined or refused
exactly like a question asked in full.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import Literal

from knowledge.answering import Answer, quote
from knowledge.intent import classify
from knowledge.language import detect_language
from knowledge.lexical import tokenize
from knowledge.models import Passage

Reason = Literal["standalone", "new_topic", "pronoun", "ellipsis", "short"]

MAX_OWN_WORDS = 2  # a message naming nothing, with at most this many words that are not grammar, may lean
MAX_ELLIPSIS_WORDS = 6  # "And the launch?" / "What about the regional opportunities?" at most this long
MAX_FOCUS_WORDS = 9
MAX_KEPT_QUESTION_CHARS = 200  # what a conversation keeps of a turn, so its memory is bounded
MAX_KEPT_FOCUS_CHARS = 100
MAX_KEPT_PASSAGES = 3


@dataclass(frozen=True, slots=True)
class Turn:
    """What a conversation keeps of one answered question: the question searched, what it was about,
    and the passages (chunk ids, best first) that answered it."""

    question: str
    focus: str
    passages: tuple[str, ...] = ()
    answered: bool = True


@dataclass(frozen=True, slots=True)
class Resolution:
    """The question to answer for a message: itself, or rewritten with the conversation's focus."""

    query: str
    about: str  # what the message was understood to be about ("" when it stands alone)
    rewritten: bool
    reason: Reason
    focus: str  # the focus the next follow-up carries on with


# --- vocabulary: grammar, in the five languages ------------------------------------------------------

_CONTINUATION = re.compile(
    r"^(and what about|and how about|what about|how about|and also|and|also|as for|"
    r"und was ist mit|was ist mit|und wie ist es mit|und|auch|"
    r"et qu'en est-il d[eu]s?|qu'en est-il d[eu]s?|et pour|et|quid d[eu]s?|"
    r"y qué hay de|qué hay de|y en cuanto a|en cuanto a|y|"
    r"e per quanto riguarda|per quanto riguarda|e invece|e|ed)\b[\s,]*",
    re.IGNORECASE,
)
_QUESTION_WORDS = frozenset(
    """what when where which who whom whose why how whereabouts
    was wann wo woher wohin welche welcher welches welchen welchem wer wen wem wessen warum wie wieso weshalb
    que quoi quand où quel quelle quels quelles qui pourquoi comment combien
    qué cuándo dónde cuál cuáles quién quiénes por cómo cuánto cuánta cuántos cuántas
    cosa che quando dove quale quali chi perché come quanto quanta quanti quante""".split()
)
# Function words: articles, auxiliaries, prepositions, particles. A message made of these and at most a
# word or two more names no topic of its own.
_FUNCTION = frozenset(
    """a an the is are was were be been being am do does did done will would shall should can could may
    might must have has had of to in on at for from with by about into over under after before between
    during through up out if so as such only just then than also too not no yes any some all much many more
    most this that these those it its they them their theirs he him his she her we us our you your i me my
    there here one ones again else exactly time
    der die das den dem des ein eine einen einem einer eines und oder ist sind war waren wird werden wurde
    wurden hat haben hatte hatten sein mit von zu zum zur für auf aus bei nach über unter vor durch um an im
    am ins vom beim es sie er ihn ihm ihr ihre ihren ihrem ihrer dies diese dieser dieses auch noch denn
    genau dort da dafür darüber dazu davon damit daran dabei statt
    le la les l un une des du de d et ou est sont était étaient sera seront a ont avait été être avec pour
    par sur dans en au aux ce cet cette ces il ils elle elles y lui leur leurs se son sa ses cela ça ceci
    celui celle ceux celles ne pas plus aussi donc alors là t
    el los las lo un una unos unas del al y o es son era eran será serán fue fueron ha han había se su sus
    con para sobre en entre desde hasta él ella ellos ellas eso esto ello le les también entonces allí ahí
    va van
    il lo la i gli le un uno una di del dello della dei degli delle da dal dalla a al alla ai in nel nella
    su sul sulla con per tra fra e ed o è sono era erano sarà stato stata stati state ha hanno si ci ne
    esso essa essi esse ciò questo questa quello quella suo sua suoi sue anche allora lì là l""".split()
)
# Words that stand for something said before. Ambiguous ones (French "la", German "Sie") are left out:
# a message leaning on them is caught by its shortness instead.
_ANAPHORS = frozenset(
    """it its they them their theirs he him his she her
    er ihn ihm dafür darüber dazu davon damit daran dabei dort dorthin deren dessen
    il ils elle elles cela ça celui-ci celle-ci ceux-ci celles-ci
    él ella ellos ellas eso esto ello
    esso essa essi esse ciò""".split()
)
_LOWER_ANAPHORS = frozenset({"sie", "es", "ihr", "ihre", "ihren", "ihrem", "ihrer"})  # German, mid-sentence
_DEMONSTRATIVE = re.compile(
    r"\b(that|this|these|those|dieser|diese|dieses|diesen|ce|cet|cette|ces|ese|esa|esos|esas|este|esta|"
    r"estos|estas|quel|quella|quello|quei|quelle|questo|questa|questi|queste)\s+(\w+)(\s+\w+)?\s*[?!.]*$",
    re.IGNORECASE,
)
_DEMONSTRATIVE_SUBJECT = re.compile(
    r"(?:is|was|are|were|will|would|can|could|should|must)\s+(that|this|these|those)\s+\w+$", re.IGNORECASE
)
_STANDALONE_DEMONSTRATIVE = re.compile(
    r"\b(that|this|these|those|dies|das|cela|ça|ceci|eso|esto|ciò|questo|quello)\s*[?!.]*$", re.IGNORECASE
)
_CLITIC_BEFORE_VERB = re.compile(
    r"\b(l'|lo |la |le |li |los |las |les )(ha|hanno|ho|hai|abbiamo|a|ont|as|avons|avez|est|sont|han|he)\b",
    re.IGNORECASE,
)
# "it" that stands for nothing: "is it possible to ...", "it is planned that ...".
_EXPLETIVE_IT = re.compile(
    r"\b(is it|was it|will it be|it is|it was|it will be)\s+(possible|true|likely|necessary|planned|"
    r"known|worth|allowed|required|mandatory|important|too late|easy|hard)\b",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(
    """the an this that these those its their our
    der die das den dem des ein eine einen einem einer eines dieser diese dieses diesen
    le la les l un une des du ce cet cette ces son sa ses leur leurs
    el los las un una unos unas del al este esta estos estas ese esa su sus
    il lo gli i uno una dei degli delle della dello nel nella questo questa quel quella""".split()
)
# Auxiliaries, copulas and modals end a noun phrase ("the proposal | was submitted", "la SRIA | è stata").
_PHRASE_ENDS = frozenset(
    """is are was were be been being will would shall should can could may might must do does did have has
    had get gets got
    ist sind war waren wird werden wurde wurden hat haben hatte hatten kann können soll sollte
    est sont était étaient sera seront a ont avait été être eu peut doit
    es son era eran será serán fue fueron ha han había sido está están puede debe
    è sono era erano sarà saranno stato stata stati state ha hanno aveva può deve""".split()
)
# What French and Italian shorten before a vowel and join with an apostrophe ("qu'un", "l'agenda", "d'un").
_ELIDED = frozenset("qu l d j n s c m t dell dall nell sull all un".split())
_ELIDED_START = re.compile(r"^(?:qu|[dnsjcmt])['’](?=\w)", re.I)  # not "l'agenda": the article stays
_ELIDED_ARTICLES = frozenset("dell dall nell sull all".split())  # Italian: a preposition with "l'"
# English particles of phrasal verbs: "put those out" has no noun after the demonstrative.
_PARTICLES = frozenset("out up off down over back away".split())
# Small adverbs that may follow a demonstrative's noun without being part of it ("that paper first").
_AFTER_NOUN = frozenset("first then later again too exactly anyway".split())
# Words that join names into one subject ("ICPerMed and ERA PerMed").
_JOINING = frozenset("and or & of".split())
_NOT_NOUN = _FUNCTION | _PARTICLES | _AFTER_NOUN  # what may follow a demonstrative's noun
_NOT_SUBJECT_END = _JOINING | _DETERMINERS  # what a subject of names does not end with ("ICPerMed and the")
# English auxiliaries and modals that, before the subject, leave its verb bare after it.
_INVERTING = frozenset("do does did will would can could shall should may might must".split())
# English participles that do not end in -ed, closing a phrase: "the workshop | held".
_IRREGULAR_PARTICIPLES = frozenset(
    """held made done written taken given known begun seen set put run built sent led met paid found
    chosen drawn shown grown kept left meant read said sold spent told thought understood won brought
    bought caught taught""".split()
)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*'?|\d+", re.UNICODE)
_EDGES = "¿¡?!.,;: \t\n\"'“”«»()"


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'")


def _named(word: str, position: int) -> bool:
    """A word that names something: an acronym, a number, or a capital letter not at the start."""
    if any(c.isdigit() for c in word):
        return True
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2:
        return True
    return position > 0 and word[:1].isupper()


def content_words(text: str) -> list[str]:
    """The words of a message that are neither grammar nor question words."""
    return [
        w
        for w in _words(text)
        if _fold(w) not in _FUNCTION and _fold(w) not in _QUESTION_WORDS and len(w) > 1
    ]


def names_a_topic(text: str) -> bool:
    """The message names something of its own: an acronym, a number, a proper noun. German writes every
    noun with a capital, so there a capital alone names nothing ("In welchem Bereich?")."""
    words = _words(text.strip(_EDGES))
    skip = 1 if words and _CONTINUATION.match(text.strip(_EDGES)) else 0
    german = detect_language(text) == "de"
    return any(
        _named(w, -1 if german else i) for i, w in enumerate(words) if i >= skip and _fold(w) not in _ANAPHORS
    )


def _anaphor(text: str) -> str | None:
    """The word or phrase of `text` that stands for something said before, if any."""
    if _EXPLETIVE_IT.search(text):
        text = _EXPLETIVE_IT.sub(" ", text)
    subject = _DEMONSTRATIVE_SUBJECT.match(text.strip(_EDGES))
    if subject:  # "Is that final?": the demonstrative is the subject, the word after it says what it is
        return subject.group(1)
    demonstrative = _DEMONSTRATIVE.search(text)
    if demonstrative:  # "that paper"; alone in "could that happen", "put those out"
        noun = _pointing(text)
        return text[noun.start() : _noun_end(noun)] if noun else demonstrative.group(1)
    standalone = _STANDALONE_DEMONSTRATIVE.search(text)
    if standalone:
        return standalone.group(1)
    clitic = _CLITIC_BEFORE_VERB.search(text)
    if clitic:
        return clitic.group(1).strip()
    found = None  # the last one: "When did they publish it?" asks about "it"
    for i, word in enumerate(_words(text)):
        inverted = word.rsplit("-", 1)[-1] if "-" in word else ""  # French "Sera-t-il", "a-t-elle"
        if inverted and _fold(inverted) in _ANAPHORS:
            found = inverted
        elif _fold(word) in _ANAPHORS or (i > 0 and word in _LOWER_ANAPHORS and not _gibt_es(text, word)):
            found = word
    return found


def _pointing(text: str) -> re.Match[str] | None:
    """A demonstrative and its noun ("that paper", "cette feuille"); not one after an auxiliary or a modal,
    whose next word is its verb ("Could that happen?"), nor one before a particle ("put those out")."""
    found = _DEMONSTRATIVE.search(text)
    if found is None:
        return None
    noun = _fold(found.group(2))
    if noun in _PARTICLES or (noun in _FUNCTION and noun not in ("one", "ones")):
        return None  # "this in Germany", "that was approved", "put those out": no noun
    before = _words(text[: found.start()])
    return None if before and _fold(before[-1]) in _PHRASE_ENDS else found


def _noun_end(found: re.Match[str]) -> int:
    """Where the demonstrative's noun phrase ends: its third word belongs to it ("that concept paper")
    unless it is grammar or a small adverb ("that paper first", "this one then")."""
    third = found.group(3)
    if third and _fold(third.strip()) not in _NOT_NOUN:
        return found.end(3)
    return found.end(2)


def _gibt_es(text: str, word: str) -> bool:
    return word == "es" and re.search(r"\b(gibt es|es gibt|gab es|es gab)\b", text) is not None


def focus_of(question: str) -> str:
    """The noun phrase a question is about, in its own words ("When was the SRIA published?" -> "the SRIA").

    From the first determiner or name to the next verb; "" when the question names nothing.
    """
    text = question.strip(_EDGES)
    text = _CONTINUATION.sub("", text, count=1) if _CONTINUATION.match(text) else text
    tokens = list(_WORD.finditer(text))
    language = detect_language(text)
    start = _phrase_start(tokens, english=language in (None, "en"), shouting=text.isupper())
    if start is None:
        return ""
    end = start
    closed = False  # an auxiliary, a copula or a question word closed the phrase
    for i in range(start + 1, len(tokens)):
        word = tokens[i].group(0)
        folded = _fold(word)
        head = folded.split("-", 1)[0]  # "a-t-elle", "wurde-"
        acronym = _acronym(word, text)  # "ERA" of "ERA PerMed" is a name, not Spanish "was"
        if (
            (head in _PHRASE_ENDS and not acronym)
            or folded in _QUESTION_WORDS
            or i - start >= MAX_FOCUS_WORDS
        ):
            closed = True
            break
        end = i
    german = language == "de"
    while (
        end > start
        and _trailing_verb(tokens[end].group(0), german=german)
        and not _acronym(tokens[end].group(0), text)
    ):
        end -= 1
    inverted = language in (None, "en") and start > 0 and _fold(tokens[start - 1].group(0)) in _INVERTING
    if inverted and _named(tokens[start].group(0), start):
        # "What did ICPerMed and ERA PerMed publish in May 2021?": names joined by "and", then the bare verb
        verb = _verb_after_joined_names(tokens, start, end)
        if verb is not None:
            end, closed = verb - 1, True
            while end > start and _fold(tokens[end].group(0)) in _NOT_SUBJECT_END:
                end -= 1
    if inverted and not closed and end > start and tokens[end].group(0).islower():
        # "What does the paper propose?": after "does"/"will" before the subject, the bare verb closes it
        end -= 1
        while end > start and _trailing_verb(tokens[end].group(0), german=False):
            end -= 1
    phrase = text[tokens[start].start() : tokens[end].end()]
    return _ELIDED_START.sub("", phrase.strip(_EDGES))  # "qu'EP PerMed" is about EP PerMed


def _acronym(word: str, text: str) -> bool:
    """A word in capitals in a question that is not written all in capitals ("ERA", not "WILL")."""
    return len(word) > 1 and word.isupper() and not text.isupper()


def _verb_after_joined_names(tokens: Sequence[re.Match[str]], start: int, end: int) -> int | None:
    """Where the bare verb stands after a subject of names ("EP PerMed | support SMEs", "ICPerMed and the
    EC | publish"): the first lower-case word that is no grammar, except the word a joiner brings in
    ("and its partners"). "ICPerMed experts recommend" is cut at "experts": the rarer shape."""
    joined = False
    for i in range(start + 1, end + 1):
        word = tokens[i].group(0)
        folded = _fold(word)
        if folded in _JOINING:
            joined = True
        elif folded in _FUNCTION or folded in _DETERMINERS:
            continue
        elif joined:
            joined = False  # the name "and" brings in, whatever its case
        elif word.islower():
            return i
    return None


def _phrase_start(tokens: Sequence[re.Match[str]], *, english: bool, shouting: bool = False) -> int | None:
    """Where the focus starts: the first determiner or name; else the words after the question frame."""
    # English "a" is an article ("Is there a guidance document on EP PerMed?" is about the document); in
    # French, Spanish and Italian it is a verb or a preposition
    determiners = _DETERMINERS | {"a"} if english else _DETERMINERS
    for i, match in enumerate(tokens):
        word = match.group(0)
        folded = _fold(word)
        if folded in _QUESTION_WORDS or folded in _ANAPHORS:
            continue
        elided, _, after = folded.partition("'")  # "qu'un partenariat", "l'agenda", "dell'agenda"
        if after and elided in _ELIDED:
            if _named(word.replace("’", "'").partition("'")[2], 1):
                return i  # "qu'EP PerMed"
            if after in determiners and i + 1 < len(tokens):
                return i + 1  # "qu'un partenariat européen": the noun after the article
            if elided in determiners or elided in _ELIDED_ARTICLES:
                return i  # "l'agenda stratégique": the article is part of the word
            continue
        # a question all in capitals names nothing by its capitals ("WHEN WILL THE CALL BE OPENED?")
        named = any(c.isdigit() for c in word) if shouting else _named(word, i)
        if (folded in determiners and i + 1 < len(tokens)) or named:
            return i
    rest = [i for i, m in enumerate(tokens) if _fold(m.group(0)) not in _FUNCTION | _QUESTION_WORDS]
    if not rest:
        return None
    return rest[-1] if len(rest) > 1 else rest[0]


def _trailing_verb(word: str, *, german: bool) -> bool:
    """A last word that is grammar, or a verb: German writes nouns capitalised, so a lower-case word
    closing a German phrase is a verb or a particle ("der Informationstag | statt")."""
    folded = _fold(word)
    if folded in _FUNCTION or folded in _PHRASE_ENDS or folded in _IRREGULAR_PARTICIPLES:
        return True
    if german:
        return word[:1].islower()
    return word.islower() and len(folded) > 4 and folded.endswith("ed")


def _answerable_alone(text: str) -> bool:
    return classify(text) != "question"


def standalone(message: str) -> Resolution:
    """A message taken as it is: a new topic, its own focus carried on."""
    text = message.strip()
    return Resolution(text, "", False, "new_topic", focus_of(text))


def resolve(message: str, previous: Turn | None, *, titles: AbstractSet[str] = frozenset()) -> Resolution:
    """The question to answer for `message`, given the conversation's previous turn (None: no context).

    `titles`: the stems of the words that name the material's documents and sections ("proposal", "vision");
    a short message naming one of them that the previous turn did not is a new question.
    """
    text = message.strip()
    own_focus = focus_of(text)
    if previous is None or not previous.focus or not text or _answerable_alone(text):
        return Resolution(text, "", False, "standalone", own_focus)
    focus = previous.focus
    bare = text.strip(_EDGES)
    continuation = _CONTINUATION.match(bare)
    rest = _CONTINUATION.sub("", bare, count=1).strip(_EDGES) if continuation else bare
    rest_words = _words(rest)
    anaphor = _anaphor(text)
    names = names_a_topic(text)
    starts_with_question = bool(rest_words) and _fold(rest_words[0]) in _QUESTION_WORDS
    # the question itself, without "and": "Und wann?" is searched as a question starting with "wann"
    asked = rest + (text[len(text.rstrip(_EDGES)) :].strip() or "?") if continuation and rest else text
    if anaphor is not None:
        return _rewrite(asked, anaphor, focus, "pronoun")
    if continuation and rest_words and not starts_with_question and len(_words(bare)) <= MAX_ELLIPSIS_WORDS:
        # "And the launch?": the earlier question, asked of a new thing
        return _asked_of_another(previous, rest)
    if continuation and len(_words(bare)) <= MAX_ELLIPSIS_WORDS and not names:
        return _append(asked, focus, "ellipsis")
    # names nothing and says little ("What else was decided back then?"): read with the conversation too,
    # and the message alone still wins when only it finds its passage (`choose`)
    if (
        not names
        and len(content_words(bare)) <= MAX_OWN_WORDS
        and not _names_new_thing(own_focus, previous, titles)
    ):
        return _append(text, focus, "short")
    return Resolution(text, "", False, "new_topic", own_focus or focus)


def _asked_of_another(previous: Turn, rest: str) -> Resolution:
    """ "And the launch?": the earlier question asked of a new thing; "And one for hospitals?": of the
    earlier thing, now for hospitals."""
    pro_form = _pro_form(rest, previous.question) or _kind_of_one(rest, previous.question)
    if pro_form is not None:
        query, thing = pro_form
        return Resolution(query, thing, True, "ellipsis", thing)
    thing = _another_of_a_series(rest, previous.focus) or rest
    return Resolution(_swap(previous.question, previous.focus, thing), thing, True, "ellipsis", thing)


_ORDINAL = re.compile(
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th|\.)|"
    r"(?:erste|zweite|dritte|vierte|fünfte|sechste|siebte|achte|neunte|zehnte|letzte)[nrs]?|"
    r"premier|première|deuxième|troisième|quatrième|cinquième|sixième|septième|dernière|dernier|"
    r"(?:primer|segund|tercer|cuart|quint|sext|séptim|últim|prim|second|terz|quart|sest|settim|ultim)[oa]?",
    re.I,
)


def _another_of_a_series(rest: str, focus: str) -> str | None:
    """ "And the seventh?" after "What is the fourth InfoSheet about?": the earlier thing with the other
    ordinal ("the seventh InfoSheet"). None unless the message is an ordinal, with its article, and the
    earlier focus has one."""
    words = _words(rest)
    if not words or len(words) > 2 or not _ORDINAL.fullmatch(words[-1]):
        return None
    if len(words) == 2 and _fold(words[0]) not in _DETERMINERS:
        return None
    earlier = next((w for w in _words(focus) if _ORDINAL.fullmatch(w)), None)
    if earlier is None:
        return None
    ordinal = words[-1]
    return re.sub(rf"\b{re.escape(earlier)}\b", lambda _m: ordinal, focus, count=1)


_PRO_FORM_PREPOSITIONS = frozenset("for on about in from with to at by of".split())


def _pro_form(rest: str, earlier: str) -> tuple[str, str] | None:
    """ "And one for hospitals?" after "Is there a guide for funders?": "one" stands for the earlier
    question's first noun phrase up to its first preposition ("a guide"), and what follows it replaces the
    rest of that question: ("Is there a guide for hospitals?", "a guide for hospitals"). None when the
    message does not start with "one" or the earlier question has no article to start a noun phrase at."""
    words_of_rest = _words(rest)
    if not words_of_rest or _fold(words_of_rest[0]) not in ("one", "ones") or not earlier:
        return None
    tail = rest[rest.casefold().index(_fold(words_of_rest[0])) + len(words_of_rest[0]) :].strip(_EDGES)
    # "one for hospitals", "one on ethics": a pronoun; "one more", "one year later": a number
    if not tail or _fold(_words(tail)[0]) not in _PRO_FORM_PREPOSITIONS:
        return None
    if detect_language(earlier) not in (None, "en"):
        return None  # French "a" is a verb, not an article
    words = list(_WORD.finditer(earlier))
    start = next((i for i, m in enumerate(words) if _fold(m.group(0)) in ("a", "an", "the")), None)
    if start is None:
        return None
    head: list[str] = []
    for match in words[start:]:
        word = match.group(0)
        if len(head) > 1 and _fold(word) in _FUNCTION:
            break  # a preposition or another small word ends the noun phrase
        head.append(word)
    if len(head) < 2:
        return None
    thing = f"{' '.join(head)} {tail}".strip()
    mark = earlier[len(earlier.rstrip(_EDGES)) :].strip() or "?"
    return f"{earlier[: words[start].start()]}{thing}{mark}", thing


# "Which InfoSheet is ...", "What kind of document covers ...": the noun asked to pick, before its verb
_WHICH_NOUN = re.compile(
    r"^\W*(?:which|what)\s+(?:(?:kind|sort|type)s?\s+of\s+)?(?!\w+ly\b)([^\W\d_][\w-]*)\s+"
    r"(?:is|are|was|were|does|do|did|has|have|covers?|deals?|talks?|speaks?|focus(?:es)?|addresses|explains?|"
    r"describes?|concerns?|mentions?|treats?|looks?)\b",
    re.I,
)


def _kind_of_one(rest: str, earlier: str) -> tuple[str, str] | None:
    """ "And the regional one?" after "Which InfoSheet is about national hubs?": "one" stands for the noun the
    earlier question asked to pick ("InfoSheet"), so the message asks for "the regional InfoSheet". None
    unless the message is a determiner, one or two words and "one", and the earlier question a "which N"."""
    words = [_fold(word) for word in _words(rest)]
    if not 3 <= len(words) <= 4 or words[0] not in ("the", "a", "an") or words[-1] not in ("one", "ones"):
        return None
    noun = _WHICH_NOUN.match(earlier)
    if noun is None or detect_language(earlier) not in (None, "en") or _fold(noun.group(1)) in _FUNCTION:
        return None
    modifier = " ".join(_words(rest)[1:-1])
    thing = f"the {modifier} {noun.group(1)}"
    return f"{thing}?", thing


def _names_new_thing(own_focus: str, previous: Turn, titles: AbstractSet[str]) -> bool:
    """A short message naming, with a determiner, a document or section of the material ("Who drafted the
    proposal?") that the previous turn never mentioned: a new question, not a follow-up. "Who wrote the
    paper?" after the concept paper leans; so does "What was the agenda?" (no title names an agenda)."""
    words = _words(own_focus)
    if len(words) < 2 or _fold(words[0]) not in _DETERMINERS:
        return False
    own = set(tokenize(" ".join(words[1:])))
    return bool(own & titles) and not own & set(tokenize(f"{previous.question} {previous.focus}"))


# A verb, a pronoun and its particle closing the clause ("sets it out?", "put them together?"); not after a form
# of "be", "do" or "have" nor a modal, also contracted ("When's it out?" asks about "it"); not "in" nor "over"
# ("Which folder do I find it in?", "Isn't it over?").
_PHRASAL = re.compile(
    r"(?i)(?<![\w'’])(?!(?:is|are|was|were|be|been|being|am|do|does|did|will|would|can|could|should|shall|may|"
    r"might|must|has|have|had)\b)[a-z]+\s+(?P<anaphor>it|them|this|that|these|those)\s+"
    r"(?P<particle>out|up|off|down|together|forward|back|away)(?=\s*[?.!,]|\s*$)"
)


def _rewrite(text: str, anaphor: str, focus: str, reason: Reason) -> Resolution:
    """The anaphor replaced by the focus where English grammar allows it, else the focus added."""
    if re.fullmatch(
        r"(?i)it|they|them|that|this|these|those|(that|this|these|those)\s+\w+(\s+\w+)?", anaphor
    ):
        # "Which document sets it out?": the particle goes before the focus ("sets out the vision"), as it
        # must before a noun phrase, and the search reads the verb whole
        phrasal = _PHRASAL.search(text)
        if phrasal is not None and phrasal.group("anaphor").casefold() == anaphor.casefold():
            start, end = phrasal.span("anaphor")[0], phrasal.end("particle")
            query = f"{text[:start]}{phrasal.group('particle')} {focus}{text[end:]}"
            return Resolution(query, focus, True, reason, focus)
        query = re.sub(rf"\b{re.escape(anaphor)}\b", lambda _m: focus, text, count=1)  # no escapes read
        if query != text:
            return Resolution(query, focus, True, reason, focus)
    if re.fullmatch(r"(?i)its|their", anaphor):
        query = re.sub(rf"\b{re.escape(anaphor)}\b", lambda _m: f"{focus}'s", text, count=1)
        return Resolution(query, focus, True, reason, focus)
    return _append(text, focus, reason)


def _append(text: str, focus: str, reason: Reason) -> Resolution:
    bare = text.rstrip(_EDGES)
    mark = text[len(bare) :].strip() or "?"
    return Resolution(
        f"{bare} {focus}{mark if mark.startswith(('?', '!', '.')) else ''}", focus, True, reason, focus
    )


def _swap(question: str, old: str, new: str) -> str:
    """The earlier question about `new` instead of `old` ("When was the proposal submitted?", "the launch")."""
    if old and old in question:
        before = question[: question.index(old)]
        head, _, tail = new.partition(" ")
        # "in March 2023" after "... published in April 2023?": the preposition is there already
        if tail and _fold(head) in _FUNCTION and before.rstrip().casefold().endswith(" " + head.casefold()):
            new = tail
        return question.replace(old, new, 1)
    return f"{new} {question}".strip()


def remember(resolution: Resolution, *, passages: tuple[str, ...], answered: bool) -> Turn:
    """The turn a conversation keeps after answering `resolution`: bounded in size, so that memory per
    conversation is too (a question longer than `MAX_KEPT_QUESTION_CHARS` keeps only its focus)."""
    question = resolution.query if len(resolution.query) <= MAX_KEPT_QUESTION_CHARS else ""
    return Turn(question, resolution.focus[:MAX_KEPT_FOCUS_CHARS], passages[:MAX_KEPT_PASSAGES], answered)


# --- several readings of a follow-up, one answer chosen -------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """One way to read a follow-up: a query to answer, and whether it leans on the conversation."""

    query: str
    contextual: bool


# Words that ask, besides the question words: "Until when?", "Wie viel?", "Since when?" name nothing either.
_ASKING = frozenset("until till since viel viele wieviel".split())


def _names_something(message: str) -> bool:
    """Whether a message has a word of its own besides "and", grammar and question words ("And by whom?",
    "Wie viel?" have none)."""
    rest = _CONTINUATION.sub("", message.strip(_EDGES), count=1)
    return any(_fold(word) not in _ASKING for word in content_words(rest))


def candidates(message: str, resolution: Resolution, previous: Turn | None) -> tuple[Candidate, ...]:
    """The queries a rewritten follow-up is answered as, in one batch: the rewrite, the message alone (when
    it has a word of its own besides grammar and question words), the message followed by the focus it
    carries, and the earlier question followed by the message (these two not when the message swaps the
    focus for a new thing: "And the launch?" leaves what came before).

    No single rewrite is right for every shape of follow-up; the passages they agree on are (`choose`).
    A message that is not rewritten has one reading: itself.
    """
    text = message.strip()
    if not resolution.rewritten or previous is None:
        return (Candidate(text, False),)
    readings = [Candidate(resolution.query, True)]
    # "that paper" for the draft proposal just discussed: the user's noun names the earlier thing, not a new
    # one, so the other readings keep only the demonstrative ("And who published that?")
    english = detect_language(text) in (None, "en")  # the only language whose rewrite replaces the phrase
    pointing = _pointing(text) if resolution.reason == "pronoun" and english else None
    if pointing is not None:  # "that paper first" -> "that first"
        text = f"{text[: pointing.end(1)]}{text[_noun_end(pointing) :]}".strip()
    # "Par qui ?" alone names nothing: its passages are noise (the multilingual model answers anything)
    if _names_something(text):
        readings.append(Candidate(text, False))
    swapped = resolution.about != previous.focus  # "And the launch?": the earlier focus is what it leaves
    if previous.focus and not swapped:
        readings.append(Candidate(_append(text, previous.focus, resolution.reason).query, True))
    if previous.question and not swapped:
        readings.append(Candidate(f"{text} {previous.question.strip()}", True))
    unique: dict[str, Candidate] = {}
    for reading in readings:
        unique.setdefault(reading.query, reading)
    return tuple(unique.values())


@dataclass(frozen=True, slots=True)
class Choice:
    """The answer given to a follow-up, and whether it still leans on the conversation (the reply then
    says what it was understood to be about)."""

    answer: Answer
    contextual: bool


EARLIER_MARGIN = 0.03  # per answered reading: the passage quoted before wins when this close to the best
# Readings vote by rank, 1 / (RANK_OFFSET + rank): scores of the multilingual model sit in a narrow band, and a
# passage that one reading does not list would lose to one every reading lists lower down.
RANK_OFFSET = 1


def choose(
    readings: Sequence[Candidate],
    answers: Sequence[Answer],
    idf: Callable[[str], float],
    *,
    earlier: str | None = None,
    margin: float = EARLIER_MARGIN,
    fits: Callable[[Passage], bool] | None = None,
    surroundings: Callable[[str, Sequence[Passage]], tuple[str, str]] | None = None,
) -> Choice:
    """The passage the readings agree on: each answered reading votes for its passages by rank (1/2 for its
    first, 1/3 for its second, ...), summed per passage; the passage quoted for the previous answer
    (`earlier`) when within `margin` a reading of the best, as a follow-up is most often about what was just
    quoted. With `fits`, only passages it accepts compete when
    any does ("When was it published?" wants a passage with a date, whatever the conversation quoted).

    The quote comes from the answered reading that ranks the passage highest (its lead picked again,
    verbatim, when no reading has it first, and quoted with what `surroundings` gives for its id among the
    reading's passages). When only the
    message alone finds it first, the message was a new topic after all and the reply is its own. When no
    reading is answered, the rewrite's decline stands.
    """
    if len(readings) != len(answers) or not answers:
        raise ValueError("choose() needs one answer per reading")
    answered = [(r, a) for r, a in zip(readings, answers, strict=True) if a.answered and a.passages]
    if not answered:
        return Choice(answers[0], readings[0].contextual)
    totals: dict[str, float] = {}
    for _, answer in answered:
        for rank, passage in enumerate(answer.passages, start=1):
            totals[passage.chunk_id] = totals.get(passage.chunk_id, 0.0) + 1.0 / (RANK_OFFSET + rank)
    first_seen = list(totals)
    if fits is not None:  # only passages holding what the message asks for, when any does
        texts = {p.chunk_id: p for _, answer in answered for p in answer.passages}
        fitting = [cid for cid in first_seen if fits(texts[cid])]
        first_seen = fitting or first_seen
    chosen = max(first_seen, key=lambda cid: (totals[cid], -first_seen.index(cid)))
    if earlier in first_seen and totals[chosen] - totals[earlier] <= margin * len(answered):
        chosen = earlier
    firsts = [(r, a) for r, a in answered if a.passages[0].chunk_id == chosen]
    leaning = [a for r, a in firsts if r.contextual]
    if leaning:
        return Choice(max(leaning, key=lambda a: a.confidence), True)
    if firsts:  # only the message alone finds it first: the context would have bent it away
        return Choice(firsts[0][1], False)
    holders = [
        (next(i for i, p in enumerate(a.passages) if p.chunk_id == chosen), -a.confidence, n)
        for n, (_, a) in enumerate(answered)
        if any(p.chunk_id == chosen for p in a.passages)
    ]
    position, _, n = min(holders)
    return Choice(_led_by(answered[n][1], position, idf, surroundings), True)


def _led_by(
    answer: Answer,
    position: int,
    idf: Callable[[str], float],
    surroundings: Callable[[str, Sequence[Passage]], tuple[str, str]] | None = None,
) -> Answer:
    """The same answer quoting its passage at `position` first, the lead picked again from it verbatim."""
    passage = answer.passages[position]
    order = (passage, *answer.passages[:position], *answer.passages[position + 1 :])
    around = surroundings(passage.chunk_id, answer.passages) if surroundings is not None else ("", "")
    lead, context, lead_start, plans = quote(answer.question, passage.text, idf, surroundings=around)
    return replace(
        answer,
        passages=order,
        lead=lead,
        context=context,
        lead_start=lead_start,
        speaks_of_plans=plans,
        also=None,  # the runner-up was ranked against the passage no longer quoted
        also_lead="",
    )
