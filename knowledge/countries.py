"""Countries and their adjectives in the five languages ("deutschen Ministerien", "organismes français").

A question naming a country the material never mentions cannot be answered from it. English names are
capitalised and caught as names; the adjectives of other languages are not ("welche deutschen ..."), and an
English adjective is no name of the material ("Spanish" for the "Pamplona, Spain" of the timeline). General
vocabulary, not words of any question set.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# The English name, then its forms (names and adjectives, English, German, French, Spanish, Italian). A word
# matches a form it starts with when at most `ENDING` letters follow ("deutsch" -> "deutschen"). Left out:
# forms that are common words ("polish", German "Island" and "malte"). A form in capitals ("USA", "UK") matches
# only a word written so: Spanish and Italian "usa" is "uses".
_FORMS: dict[str, str] = {
    "Austria": "austria austrian österreich österreichisch autriche autrichien austriaco austriaca",
    "Belgium": "belgium belgian belgien belgisch belgique belge bélgica belga belgio",
    "Bulgaria": "bulgaria bulgarian bulgarien bulgarisch bulgarie bulgare búlgaro búlgara bulgaro",
    "Croatia": "croatia croatian kroatien kroatisch croatie croate croacia croata croazia",
    "Cyprus": "cyprus cypriot zypern zyprisch chypre chypriote chipre chipriota cipro cipriota",
    "Czechia": "czechia czech tschechien tschechisch tchéquie tchèque chequia checo checa cechia ceco ceca",
    "Denmark": "denmark danish dänemark dänisch danemark danois dinamarca danés danesa danimarca danese",
    "Estonia": "estonia estonian estland estnisch estonie estonien estonio estone",
    "Finland": "finland finnish finnland finnisch finlande finlandais finlandia finlandés finlandese",
    "France": "france french frankreich französisch français française francia francés francesa francese",
    "Germany": "germany german deutschland deutsch allemagne allemand alemania alemán alemana germania tedesco "
    "tedesca tedeschi tedesche",
    "Greece": "greece greek griechenland griechisch grèce grec grecque grecia griego griega greco greci",
    "Hungary": "hungary hungarian ungarn ungarisch hongrie hongrois hungría húngaro ungheria ungherese",
    "Ireland": "ireland irish irland irisch irlande irlandais irlanda irlandés irlandese",
    "Italy": "italy italian italien italienisch italie italienne italia italiano italiana italiani italiane",
    "Latvia": "latvia latvian lettland lettisch lettonie letton letonia letón lettonia lettone",
    "Lithuania": "lithuania lithuanian litauen litauisch lituanie lituanien lituania lituano",
    "Luxembourg": "luxembourg luxembourgish luxemburg luxemburgisch luxembourgeois luxemburgo luxemburgués "
    "lussemburgo lussemburghese",
    "Malta": "malta maltese maltesisch maltais maltés",
    "Netherlands": "netherlands dutch holland niederlande niederländisch pays-bas néerlandais países bajos "
    "neerlandés holandés paesi bassi olanda olandese",
    "Poland": "poland polen polnisch pologne polonais polonia polaco polaca polacchi polacco",
    "Portugal": "portugal portuguese portugiesisch portugais portugués portuguesa portogallo portoghese",
    "Romania": "romania romanian rumänien rumänisch roumanie roumain rumanía rumano rumena rumeno",
    "Slovakia": "slovakia slovak slowakei slowakisch slovaquie slovaque eslovaquia eslovaco slovacchia slovacco",
    "Slovenia": "slovenia slovenian slowenien slowenisch slovénie slovène eslovenia esloveno sloveno",
    "Spain": "spain spanish spanien spanisch espagne espagnol españa español española spagna spagnolo spagnola",
    "Sweden": "sweden swedish schweden schwedisch suède suédois suecia sueco svezia svedese",
    "Norway": "norway norwegian norwegen norwegisch norvège norvégien noruega noruego norvegia norvegese",
    "Iceland": "iceland icelandic isländisch islande islandais islandia islandés islanda islandese",
    "Switzerland": "switzerland swiss schweiz schweizer schweizerisch suisse suiza suizo svizzera svizzero",
    "United Kingdom": "united kingdom UK britain british großbritannien britisch royaume-uni britannique "
    "reino unido británico regno unito britannico",
    "Israel": "israel israeli israelisch israélien israelí israeliano",
    "Turkey": "turkey turkish türkei türkisch turquie turc turquía turco turchia",
    "Canada": "canada canadian kanada kanadisch canadien canadá canadiense canadese",
    "United States": "united states USA american vereinigte staaten amerikanisch états-unis américain "
    "estados unidos estadounidense stati uniti americano",
    "Japan": "japan japanese japanisch japon japonais japón japonés giappone giapponese",
    "China": "china chinese chinesisch chine chinois chino cina cinese",
    "India": "india indian indien indisch inde indien indio indiano",
    "Australia": "australia australian australien australisch australie australien australiano",
    "Brazil": "brazil brazilian brasilien brasilianisch brésil brésilien brasil brasileño brasile brasiliano",
}
ENDING = 2  # letters a word may add to a form: "deutsch" -> "deutschen", "français" -> "françaises"
MIN_STEM = 6  # a form shorter than this matches itself only ("inde" is no "index", "turc" no "turco" stem)
# Forms that take no ending although they are long enough: "islanders", "germane" name no country.
_EXACT = frozenset({"islande", "german"})
# A language, not a country: after a preposition that takes it ("auf Deutsch", "ins Deutsche"; "in" and "en" at
# the end of the clause: "available in German?", not "in German regions", "in deutschen Ministerien"), after a word for language
# ("in lingua tedesca", "en langue allemande"), or before one ("in deutscher Sprache").
# Which languages each preposition takes: German "in Italien" is Italy, French "en italien" is Italian.
_LANGUAGE_AFTER: dict[str, frozenset[str]] = {
    "auf": frozenset("deutsch englisch franzosisch italienisch spanisch".split()),
    "ins": frozenset("deutsche englische franzosische italienische spanische".split()),
    "en": frozenset(
        "francais anglais allemand italien espagnol espanol ingles aleman frances italiano".split()
    ),
    "in": frozenset(
        "english german french italian spanish italiano inglese tedesco francese spagnolo".split()
    ),
    "into": frozenset("english german french italian spanish".split()),
    "al": frozenset("aleman ingles frances italiano espanol".split()),
}
_LANGUAGE_NOUNS = frozenset(
    "language languages sprache langue idioma lingua version versions fassung ubersetzung translation".split()
)
_CLAUSE_ENDS_NEXT = re.compile(r"^\s*(?:[^\w\s-]|$)")


@dataclass(frozen=True, slots=True)
class CountryNamed:
    """A country a question names: the user's word and the country's English name."""

    word: str
    country: str


def _plain(text: str) -> str:
    """Case-folded, without accents: "Alemán" and "aleman" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PAIR_HEADS = frozenset({"united", "reino", "regno", "stati", "estados", "vereinigte", "países", "paesi"})


@lru_cache(maxsize=1)
def _lookup() -> tuple[dict[str, str], dict[tuple[str, str], str], frozenset[str]]:
    """One-word forms (plain) -> country, two-word forms -> country, forms written in capitals."""
    single: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    capitals: set[str] = set()
    for country, text in _FORMS.items():
        words = text.split()
        position = 0
        while position < len(words):
            word = words[position]
            if word in _PAIR_HEADS and position + 1 < len(words):
                pairs[(_plain(word), _plain(words[position + 1]))] = country
                position += 2
                continue
            if word.isupper():
                capitals.add(_plain(word))
            single[_plain(word)] = country
            position += 1
    return single, pairs, frozenset(capitals)


def _stem_of(word: str, single: dict[str, str]) -> str | None:
    """The form a word is ("deutschen" -> "deutsch"): itself, or a long enough form it adds up to two letters to."""
    if word in single:
        return word
    for cut in range(1, ENDING + 1):
        base = word[:-cut]
        if len(base) >= MIN_STEM and base in single and base not in _EXACT:
            return base
    return None


def countries_named(question: str) -> tuple[CountryNamed, ...]:
    """The countries a question names, by a name or an adjective, in the order named; a language named as
    one ("auf Deutsch", "en français", "in lingua tedesca") names no country."""
    return _countries_named(question)


@lru_cache(maxsize=1024)
def _countries_named(question: str) -> tuple[CountryNamed, ...]:
    single, pairs, capitals = _lookup()
    spans = list(re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", question))
    words = [_plain(m.group(0)) for m in spans]
    found: dict[str, CountryNamed] = {}
    position = 0
    while position < len(words):
        country = _pair_at(words, position, pairs)
        if country is not None:
            surface = question[spans[position].start() : spans[position + 1].end()]
            found.setdefault(country, CountryNamed(surface, country))
            position += 2
            continue
        form = _stem_of(words[position], single)
        original = spans[position].group(0)
        if (
            form is not None
            and (form not in capitals or original.isupper())
            and not _is_a_language(question, words, spans, at=position)
        ):
            found.setdefault(single[form], CountryNamed(original, single[form]))
        position += 1
    return tuple(found.values())


def _pair_at(words: list[str], at: int, pairs: dict[tuple[str, str], str]) -> str | None:
    """The country of a two-word name starting at `at`, its first word inflected or not ("den Vereinigten
    Staaten")."""
    if at + 1 >= len(words):
        return None
    first, second = words[at], words[at + 1]
    for cut in range(ENDING + 1):
        country = pairs.get((first[: len(first) - cut], second))
        if country is not None:
            return country
    return None


def _is_a_language(
    question: str,
    words: list[str],
    spans: list[re.Match[str]],
    *,
    at: int,
) -> bool:
    """Whether the word at `at` names a language: beside a word for language, or after a preposition that
    takes it ("auf Deutsch", "ins Deutsche", "al alemán"; "in" and "en" at the end of their clause only)."""
    before = words[at - 1] if at > 0 else ""
    after = words[at + 1] if at + 1 < len(words) else ""
    if before in _LANGUAGE_NOUNS or after in _LANGUAGE_NOUNS:
        return True
    if words[at] not in _LANGUAGE_AFTER.get(before, frozenset()):
        return False
    return before not in {"in", "en"} or bool(_CLAUSE_ENDS_NEXT.match(question[spans[at].end() :]))


# The English adjective of each country the material could name ("Spanish" for the "Pamplona, Spain" of the
# timeline): a question using it names the country. One-word countries only: "American" is no "States".
ENGLISH_ADJECTIVES: dict[str, str] = {
    "spanish": "Spain",
    "german": "Germany",
    "french": "France",
    "italian": "Italy",
    "dutch": "Netherlands",
    "belgian": "Belgium",
    "austrian": "Austria",
    "swiss": "Switzerland",
    "irish": "Ireland",
    "danish": "Denmark",
    "swedish": "Sweden",
    "finnish": "Finland",
    "norwegian": "Norway",
    "portuguese": "Portugal",
    "greek": "Greece",
    "canadian": "Canada",
}
