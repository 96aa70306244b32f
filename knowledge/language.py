"""Which of the five supported languages a question is written in: function words first, then lingua.

Function words and telltale letters decide when one language clearly leads. Short noun phrases ("Date de
lancement", "paesi membri") have too few of them, so lingua-language-detector, restricted to the five
languages and to those leading on function words, chooses then. Names, acronyms, numbers and addresses
(EP PerMed, SRIA, InfoSheet 3, eppermed@dlr.de) carry no vote; a text made only of them is unsure (None).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING, Final

from knowledge.spelling import common_english_words

if TYPE_CHECKING:
    from lingua import LanguageDetector

LANGUAGES: Final = ("en", "de", "fr", "es", "it")

# Function words of each language: articles, pronouns, prepositions, conjunctions, auxiliaries and modals,
# question words and the commonest adverbs, from general grammar rather than from any question set. A word
# listed for several languages splits its vote between them.
_WORDS: Final[dict[str, frozenset[str]]] = {
    "en": frozenset(
        """the a an and or but nor of to in on at for from with by about into onto over under after before
        between through during without within against among since until than then also only just very too
        is are was were be been being am will would shall should can could may might must do does did done
        have has had having not no yes what when where which who whom whose why how this that these those
        there here their they them it its my your our his her we you i me us him she he any some all each
        every many much more most other such own same so as if because while whether please""".split()
    ),
    "de": frozenset(
        """der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner und oder
        aber sondern denn dass ob weil wenn als wie auch noch schon nur sehr nicht nie ja nein ist sind war
        waren bin bist seid sein wird werden wurde wurden worden hat haben hatte hatten habe kann können
        konnte könnte muss müssen soll sollen sollte darf dürfen will wollen möchte mit von zu zum zur für
        auf aus bei nach über unter vor durch gegen ohne um bis seit ab im am ins vom beim zwischen während
        wegen was wer wen wem wessen wann wo woher wohin warum wieso weshalb welche welcher welches welchen
        welchem wofür worum wozu womit wieviel es ich du er sie wir ihr mich mir dich dir uns euch ihm ihn
        ihnen sich mein meine dein sein ihre unser dieser diese dieses diesen diesem jener man gibt etwas
        bitte""".split()
    ),
    "fr": frozenset(
        """le la les l un une des du de d et ou mais donc car ni que qu qui quoi dont où quand comment
        pourquoi combien quel quelle quels quelles lequel laquelle est sont était étaient sera seront être
        été a ont avait avaient aura ai as avons avez peut peuvent pouvez puis dois doit faut veux voudrais
        je tu il elle on nous vous ils elles me moi te toi se lui leur leurs mon ma mes ton ta tes son sa
        ses notre nos votre vos ce cet cette ces ceci cela ça au aux avec pour par sur sous dans en entre
        chez vers depuis pendant avant après sans contre ne pas plus jamais rien aussi très bien déjà encore
        y c s n j m t a-t-il y-a-t-il""".split()
    ),
    "es": frozenset(
        """el la los las un una unos unas lo al del de y e o u ni pero sino que porque como cuando donde
        quien quienes cual cuales cuyo qué quién quiénes cuál cuáles cuándo dónde cómo cuánto cuánta cuántos
        cuántas es son era eran fue fueron será serán ser sido está están estaba estar ha han he hemos había
        habrá hay puedo puede pueden podría debo debe deben quiero yo tú él ella ello nosotros nosotras
        vosotros ustedes usted ellos ellas me te se nos le les mi mis tu tus su sus nuestro nuestra este
        esta estos estas ese esa esos esas aquel con para por sobre en entre desde hasta hacia sin contra
        según durante no sí muy también ya todavía más menos algo nada""".split()
    ),
    "it": frozenset(
        """il lo la i gli le l un uno una un' di del dello della dei degli delle da dal dallo dalla dai
        dagli dalle a al allo alla ai agli alle in nel nello nella nei negli nelle su sul sullo sulla sui
        sugli sulle con col per tra fra e ed o od ma però che chi cosa cos quale quali quando dove come
        perché quanto quanta quanti quante è sono era erano sarà saranno essere stato stata stati state ha
        hanno ho hai abbiamo avete aveva avevano posso può possono potrei devo deve devono vorrei voglio io
        tu lui lei noi voi loro mi ti ci vi si ne gli mio mia miei mie tuo tua suo sua suoi sue nostro
        nostra vostro questo questa questi queste quello quella quelli quelle non anche molto più già ancora
        c dell nell all sull dall dov qual""".split()
    ),
}

# Letters and marks that only some of the five languages use, with how strongly they point there.
_LETTERS: Final[dict[str, dict[str, float]]] = {
    "ß": {"de": 2.0},
    "ä": {"de": 1.5},
    "ö": {"de": 1.5},
    "ü": {"de": 1.5},
    "ñ": {"es": 2.0},
    "¿": {"es": 3.0},
    "¡": {"es": 3.0},
    "á": {"es": 1.0},
    "í": {"es": 1.0},
    "ó": {"es": 1.0},
    "ú": {"es": 1.0},
    "ç": {"fr": 1.5},
    "œ": {"fr": 2.0},
    "ê": {"fr": 1.5},
    "â": {"fr": 1.0},
    "î": {"fr": 1.0},
    "ô": {"fr": 1.0},
    "û": {"fr": 1.0},
    "ë": {"fr": 1.0},
    "é": {"fr": 0.7, "es": 0.2, "it": 0.1},
    "è": {"fr": 0.6, "it": 0.4},
    "à": {"fr": 0.5, "it": 0.5},
    "ò": {"it": 1.5},
    "ì": {"it": 1.5},
    "ù": {"it": 0.8, "fr": 0.4},
}

# Word endings typical of one language; only for words of five letters or more.
_ENDINGS: Final[tuple[tuple[str, str], ...]] = (
    ("ción", "es"),
    ("ciones", "es"),
    ("zione", "it"),
    ("zioni", "it"),
    ("ung", "de"),
    ("ungen", "de"),
    ("keit", "de"),
    ("heit", "de"),
    ("schaft", "de"),
    ("ing", "en"),
    ("ness", "en"),
    ("ment", "fr"),  # also English, but far more frequent in French
    ("eux", "fr"),
    ("ées", "fr"),
    ("dad", "es"),
    ("idad", "es"),
    ("ità", "it"),
)
_ENDING_WEIGHT: Final = 0.5

_WORD = re.compile(r"[^\W\d_](?:-[^\W\d_]+)+|[^\W\d_]+")  # "e-mail" is one word, not Italian "e"
MIN_EVIDENCE: Final = 1.0  # the winner needs at least one distinctive function word's worth of votes
MIN_LEAD: Final = 0.75  # and must lead the runner-up by this much


def _owners() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for language, words in _WORDS.items():
        for word in words:
            owners.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in owners.items()}


_OWNERS: Final = _owners()


def language_scores(text: str) -> dict[str, float]:
    """Votes per language: function words (shared ones split), telltale letters and word endings."""
    scores = dict.fromkeys(LANGUAGES, 0.0)
    folded = unicodedata.normalize("NFC", text).casefold().replace("’", "'")
    for word in _WORD.findall(folded):
        languages = _OWNERS.get(word)
        if languages:
            for language in languages:
                scores[language] += 1.0 / len(languages)
        elif len(word) >= 5:
            for ending, language in _ENDINGS:
                if word.endswith(ending):
                    scores[language] += _ENDING_WEIGHT
                    break
    for char, count in Counter(folded).items():
        for language, weight in _LETTERS.get(char, {}).items():
            scores[language] += weight * min(count, 3)
    return scores


# What lingua should not see: addresses, words with digits, acronyms and names with inner capitals.
_NAME = re.compile(r"[@/\d]|[A-Z][^A-Z]*[A-Z]")  # searched in one white-space separated token
_LINGUA_MAX_CHARS: Final = 300  # its time grows with the text; a question's language shows in its start
_ENOUGH_TO_GUESS = re.compile(r"[^\W\d_]{3,}")  # a word of three letters or more besides the names
# lingua's names of the five languages; lingua itself is imported on first use, not at bot start-up.
_LINGUA_LANGUAGES: Final = {"ENGLISH": "en", "GERMAN": "de", "FRENCH": "fr", "SPANISH": "es", "ITALIAN": "it"}


@cache
def _lingua() -> LanguageDetector:
    """Built once, on the first text the function words leave open (about 0.1 s and 20 MB)."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LINGUA_LANGUAGES]
    builder = LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode()
    return builder.with_preloaded_language_models().build()


def is_foreign(text: str) -> bool:
    """Clearly written in another of the five languages than English (unsure counts as English)."""
    return detect_language(text) not in (None, "en")


def function_word_language(text: str) -> str | None:
    """The language whose function words and letters clearly lead; None when none does."""
    ranked = sorted(language_scores(text).items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= MIN_EVIDENCE and top - second >= MIN_LEAD else None


# The material's names, which no dictionary has: they do not make a text less English.
_THE_MATERIALS_NAMES: Final = frozenset(
    "ep permed eppermed icpermed era nets sria infosheet infosheets jpi jpis horizon pamplona dlr".split()
)


# Articles and small words of the other four languages that English lists carry as abbreviations or names, and
# words that are English and something else there ("data": a date, "fine": an end, "bald": soon, "Tag": day).
_SMALL_FOREIGN_WORDS: Final = frozenset(
    "le la les de des du da di del della dei el los las il lo gli un une una uno der die das den dem und et y e "
    "au aux al ai en es est ist qui que che chi quel quelle wer was wie wo "
    "data fine finale fin bald tag con chose piano mission start".split()
)


def _all_english(words: str) -> bool:
    """Whether every word of two letters or more is a common English word or one of the material's names (a
    text without function words, which lingua reads from too few letters: "era permed relation" is no
    Spanish)."""
    found = [w.casefold() for w in re.findall(r"[^\W\d_]{2,}", words)]
    common = common_english_words()
    return bool(found) and all(
        w in _THE_MATERIALS_NAMES or (w in common and w not in _SMALL_FOREIGN_WORDS) for w in found
    )


def detect_language(text: str) -> str | None:
    """ "en", "de", "fr", "es" or "it"; None when the text holds nothing but names, numbers and symbols."""
    found = function_word_language(text)
    if found is not None:
        return found
    words = " ".join(w for w in unicodedata.normalize("NFC", text).split() if not _NAME.search(w))
    if not _ENOUGH_TO_GUESS.search(words):
        return None
    if _all_english(words):
        return "en"  # "ep permed vision?", "concept paper when": too few words for lingua, all English ones
    scores = language_scores(text)
    top = max(scores.values())
    leaders = {language for language, score in scores.items() if score == top} if top > 0 else set(LANGUAGES)
    for guess in _lingua().compute_language_confidence_values(words[:_LINGUA_MAX_CHARS]):
        found = _LINGUA_LANGUAGES.get(guess.language.name)
        if found in leaders:
            return found
    return None
