"""Write knowledge/medicine_names.txt: one-word medicine names (generic and brand) for the medical guard.

The names come from the dictionary of drug-named-entity-recognition (Fast Data Science, MIT licence;
DrugBank, MedlinePlus and MeSH names), a dev dependency pinned in pyproject.toml. Kept: one word of at least
five letters whose medicine has a DrugBank or MedlinePlus entry (MeSH-only entries are proteins, receptors
and chemicals as often as medicines; four letters are mostly acronyms: "CEPR", "EATG", "GABA"); left out:
every word that pyspellchecker's lists of the bot's five languages know, however rare ("emend", "hops",
Italian "Cipro" for Cyprus, the "vitae" of a CV), every given name of gender-guesser's list ("Camila",
"Makena"), and every laboratory value the patterns read as one ("creatinina"): such a name may be meant as
the word, and the patterns' own list and stems already know the household generics ("ibuprofen",
"warfarin"). The bot reads only the written file, so it does
not load the package's 100,000-entry dictionary (seconds at start) to know a name.

    .venv/bin/python scripts/medicine_names.py            # rewrite the file
    .venv/bin/python scripts/medicine_names.py --check    # exit 1 when the file is not what this writes
"""

from __future__ import annotations

import argparse
import bz2
import importlib.metadata
import importlib.util
import pickle
import re
import sys
from pathlib import Path

from spellchecker import SpellChecker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.intent import laboratory_value  # noqa: E402
from knowledge.medicines import NAMES_FILE  # noqa: E402

PACKAGE = "drug_named_entity_recognition"
DISTRIBUTION = "drug-named-entity-recognition"
LANGUAGES = ("en", "de", "fr", "es", "it")
ONE_WORD = re.compile(r"[a-zà-ÿ][a-zà-ÿ-]{4,}")
MEDICINE_SOURCES = ("drugbank_id", "medline_plus_id")


def _dictionary() -> dict[str, dict[str, object]]:
    """The package's dictionary, read from its data file: importing the package would also build its
    n-gram tables (seconds) and import requests for its web look-ups, neither needed here."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{DISTRIBUTION} is not installed: pip install -e '.[dev]'")
    data = Path(next(iter(spec.submodule_search_locations))) / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(data, "rb") as file:
        loaded: dict[str, dict[str, object]] = pickle.load(file)  # the pinned package's own data
    return loaded


def _words_of_the_languages() -> set[str]:
    known: set[str] = set()
    for language in LANGUAGES:
        known |= set(SpellChecker(language=language, distance=1).word_frequency.dictionary)
    return known


def _given_names() -> set[str]:
    """First names of gender-guesser's list (about 60,000, European and others), lower case."""
    try:
        from gender_guesser.detector import Detector
    except ImportError as exc:
        raise SystemExit("gender-guesser is not installed: pip install -e '.[dev]'") from exc
    return {name.casefold() for name in Detector(case_sensitive=False).names}


def medicine_names() -> list[str]:
    """The names the file holds, sorted."""
    dictionary = _dictionary()
    variants: dict[str, list[str]] = dictionary["drug_variant_to_canonical"]  # type: ignore[assignment]
    canonical: dict[str, dict[str, object]] = dictionary["drug_canonical_to_data"]  # type: ignore[assignment]
    words = _words_of_the_languages() | _given_names()

    def a_medicine(variant: str) -> bool:
        return any(key in canonical.get(name, {}) for name in variants[variant] for key in MEDICINE_SOURCES)

    return sorted(
        variant
        for variant in variants
        if ONE_WORD.fullmatch(variant)
        and variant not in words
        and not laboratory_value(variant)
        and a_medicine(variant)
    )


def render(names: list[str]) -> str:
    version = importlib.metadata.version(DISTRIBUTION)
    head = (
        f"# One-word medicine names for the medical guard, written by scripts/medicine_names.py from\n"
        f"# {DISTRIBUTION} {version} (MIT licence, Fast Data Science; DrugBank and MedlinePlus names).\n"
        "# Do not edit by hand: rerun the script. Lines starting with # are comments.\n"
    )
    return head + "".join(f"{name}\n" for name in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = parser.parse_args(argv)
    text = render(medicine_names())
    if args.check:
        if not NAMES_FILE.exists() or NAMES_FILE.read_text(encoding="utf-8") != text:
            print(
                f"{NAMES_FILE.relative_to(ROOT)} is out of date: run scripts/medicine_names.py",
                file=sys.stderr,
            )
            return 1
        print(f"{NAMES_FILE.relative_to(ROOT)} is up to date")
        return 0
    NAMES_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines()) - 3} names to {NAMES_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
