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
# forms that are common English words ("polish", German "Island").
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
    "Malta": "malta maltese maltesisch malte maltais maltés",
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
    "United Kingdom": "united kingdom uk britain british großbritannien britisch royaume-uni britannique "
    "reino unido británico regno unito britannico",
    "Israel": "israel israeli israelisch israélien israelí israeliano",
    "Turkey": "turkey turkish türkei türkisch turquie turc turquía turco turchia",
    "Canada": "canada canadian kanada kanadisch canadien canadá canadiense canadese",
    "United States": "united states usa american vereinigte staaten amerikanisch états-unis américain "
    "estados unidos estadounidense stati uniti americano",
    "Japan": "japan japanese japanisch japon japonais japón japonés giappone giapponese",
    "China": "china chinese chinesisch chine chinois chino cina cinese",
    "India": "india indian indien indisch inde indien indio indiano",
    "Australia": "australia australian australien australisch australie australien australiano",
    "Brazil": "brazil brazilian brasilien brasilianisch brésil brésilien brasil brasileño brasile brasiliano",
}
ENDING = 2  # letters a word may add to a form: "deutsch" -> "deutschen", "français" -> "françaises"
MIN_STEM = 6  # a form shorter than this matches itself only ("inde" is no "index", "turc" no "turco" stem)
# A language, not a country: "auf Deutsch", "en français", "in italiano", "in English"
_LANGUAGE_BEFORE = re.compile(r"\b(?:auf|en|in|su|lingua)\s*$", re.I)
_LANGUAGES = frozenset(
    "deutsch german englisch english französisch french français italienisch italian italiano spanisch spanish "
    "español espagnol allemand italien anglais inglés inglese tedesco francese spagnolo alemán francés".split()
)


@dataclass(frozen=True, slots=True)
class CountryNamed:
    """A country a question names: the user's word and the country's English name."""

    word: str
    country: str


def _plain(text: str) -> str:
    """Case-folded, without accents: "Alemán" and "aleman" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _forms() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every form as its words (plain), with its country, longest first."""
    forms = {
        tuple(_plain(form).split()): country for country, text in _FORMS.items() for form in _multiword(text)
    }
    return tuple(sorted(forms.items(), key=lambda item: -len(item[0])))


def _multiword(text: str) -> list[str]:
    """A country's forms: words, and the two-word names kept together ("united kingdom", "paesi bassi")."""
    pairs = {"united", "reino", "regno", "stati", "estados", "vereinigte", "países", "paesi"}
    words = text.split()
    forms: list[str] = []
    skip = False
    for position, word in enumerate(words):
        if skip:
            skip = False
            continue
        if word in pairs and position + 1 < len(words):
            forms.append(f"{word} {words[position + 1]}")
            skip = True
        else:
            forms.append(word)
    return forms


def _matches(form: str, word: str) -> bool:
    if word == form:
        return True
    return len(form) >= MIN_STEM and word.startswith(form) and len(word) - len(form) <= ENDING


def countries_named(question: str) -> list[CountryNamed]:
    """The countries a question names, by a name or an adjective, in the order named; a language named as
    one ("auf Deutsch", "en français") names no country."""
    spans = [(m.group(0), m.start()) for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", question)]
    words = [_plain(word) for word, _ in spans]
    found: dict[str, CountryNamed] = {}
    position = 0
    while position < len(words):
        for form, country in _forms():
            width = len(form)
            window = words[position : position + width]
            if len(window) < width or not all(_matches(f, w) for f, w in zip(form, window, strict=True)):
                continue
            surface = " ".join(word for word, _ in spans[position : position + width])
            language = width == 1 and form[0] in {_plain(x) for x in _LANGUAGES}
            if not (language and _LANGUAGE_BEFORE.search(question[: spans[position][1]])):
                found.setdefault(country, CountryNamed(surface, country))
            position += width - 1
            break
        position += 1
    return list(found.values())


# The English adjective of each country the material could name ("Spanish" for the "Pamplona, Spain" of the
# timeline): a question using it names the country.
ENGLISH_ADJECTIVES: dict[str, str] = {
    "spanish": "Spain",
    "german": "Germany",
    "french": "France",
    "italian": "Italy",
    "dutch": "Netherlands",
    "belgian": "Belgium",
    "austrian": "Austria",
    "swiss": "Switzerland",
    "british": "United Kingdom",
    "irish": "Ireland",
    "danish": "Denmark",
    "swedish": "Sweden",
    "finnish": "Finland",
    "norwegian": "Norway",
    "portuguese": "Portugal",
    "greek": "Greece",
    "canadian": "Canada",
    "american": "United States",
}
