"""detect_language decides how retrieval treats a question, so it must be right or say it is unsure."""

import json
from pathlib import Path

import pytest

from knowledge.language import LANGUAGES, detect_language, function_word_language, is_foreign, language_scores

ROOT = Path(__file__).parents[2]
DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
HELD_OUT = ROOT / "tests" / "integration" / "multilingual_questions.jsonl"
SHORT_TEXTS = ROOT / "tests" / "data" / "language_short.jsonl"

SENTENCES = {
    "en": [
        "When will EP PerMed be launched?",
        "What is the contact email for EP PerMed questions?",
        "What happened in November 2022?",
        "Who developed the draft proposal?",
        "How many topics are proposed for European Partnerships?",
        "Which programme is EP PerMed part of?",
        "Is there an information sheet for funders about joint calls?",
        "What was published in March 2023?",
        "Where was the workshop held?",
        "Tell me about the InfoSheets",
        "Who can I contact?",
        "What does the guideline paper aim to do?",
        "Is the draft concept paper endorsed by the European Commission?",
        "Give me a recipe for lasagna.",
        "How tall is the Eiffel Tower?",
        "What is the vision of the partnership?",
    ],
    "de": [
        "Was ist die Vision von EP PerMed?",
        "Wann wird die Partnerschaft gestartet?",
        "Wer hat die Fußball-Weltmeisterschaft 2014 gewonnen?",
        "Wie lautet die Kontaktadresse?",
        "Welche InfoSheets gibt es?",
        "Was geschah im November 2022?",
        "Wer hat den Entwurf des Vorschlags erarbeitet?",
        "Wo fand der Workshop statt?",
        "Worum ging es beim Informationstag?",
        "Gibt es ein Informationsblatt zur Industriebeteiligung?",
        "Ist das Konzeptpapier von der Kommission genehmigt?",
        "Wie viele Organisationen haben das Papier unterstützt?",
        "Zu welchem Programm gehört EP PerMed?",
        "Welche Ziele verfolgt die Partnerschaft?",
        "Wann wurde die SRIA veröffentlicht?",
    ],
    "fr": [
        "Quand le partenariat sera-t-il lancé ?",
        "Quelle est la vision de EP PerMed ?",
        "Qui a rédigé le projet de proposition ?",
        "Où a eu lieu l'atelier de janvier 2023 ?",
        "Quelle fiche d'information porte sur la perspective internationale ?",
        "Qu'est-ce que le document d'orientation ?",
        "Combien d'organisations ont approuvé le document ?",
        "À qui puis-je écrire pour poser une question ?",
        "Que s'est-il passé en novembre 2022 ?",
        "Le document de réflexion est-il officiel ?",
        "Quel est le lien avec ERA PerMed ?",
        "Dans quel programme s'inscrit EP PerMed ?",
        "Quelle est l'adresse de contact ?",
        "Pourquoi faut-il un partenariat européen ?",
    ],
    "es": [
        "¿Cuál es la dirección de correo de contacto?",
        "¿Cuándo se lanzará la asociación?",
        "¿Quién elaboró el borrador de la propuesta?",
        "¿Dónde se celebró el taller de enero de 2023?",
        "¿Qué se publicó en marzo de 2023?",
        "¿Cuál es la visión de EP PerMed?",
        "¿Hay una ficha sobre la participación de la industria?",
        "¿Cuántos temas se proponen para las asociaciones europeas?",
        "Qué es ERA PerMed",
        "¿De qué trata la jornada informativa?",
        "¿En qué programa se enmarca EP PerMed?",
        "¿El documento de concepto es oficial?",
        "Quiero saber cuándo empieza la asociación",
        "¿Con quién puedo hablar sobre EP PerMed?",
    ],
    "it": [
        "Qual è la visione di EP PerMed?",
        "Quando sarà lanciato il partenariato?",
        "Chi ha elaborato la bozza della proposta?",
        "Dove si è svolto il workshop di gennaio 2023?",
        "Che cosa è stato pubblicato nel marzo 2023?",
        "Qual è l'indirizzo email di contatto?",
        "Quale scheda informativa riguarda la prospettiva internazionale?",
        "Quante organizzazioni hanno approvato il documento?",
        "Di che cosa trattava la giornata informativa?",
        "Il documento di concetto è ufficiale?",
        "A quale programma appartiene EP PerMed?",
        "Perché serve un partenariato europeo?",
        "Come posso contattare il gruppo di redazione?",
        "Ci sono schede per le regioni?",
    ],
}


@pytest.mark.parametrize(
    ("language", "sentence"), [(lang, s) for lang, sentences in SENTENCES.items() for s in sentences]
)
def test_short_sentences_get_their_language(language: str, sentence: str) -> None:
    assert detect_language(sentence) == language


def _questions(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_development_question_gets_its_language() -> None:
    if not DEV_QUESTIONS.exists():
        pytest.skip(f"{DEV_QUESTIONS} is not here (../shared is optional)")
    wrong = [(q["id"], q["lang"], detect_language(q["q"])) for q in _questions(DEV_QUESTIONS)]
    assert [w for w in wrong if w[1] != w[2]] == []


def test_every_held_out_question_gets_its_language() -> None:
    wrong = [(q["id"], q["lang"], detect_language(q["q"])) for q in _questions(HELD_OUT)]
    assert [w for w in wrong if w[1] != w[2]] == []


@pytest.mark.parametrize(
    "text",
    ["", "   ", "EP PerMed", "SRIA?", "eppermed@dlr.de", "2023", "ICPerMed ERA PerMed", "👍", "/timeline"],
)
def test_names_numbers_and_symbols_are_unsure(text: str) -> None:
    assert detect_language(text) is None


def test_a_word_shared_by_languages_alone_is_unsure() -> None:
    # "la" is French, Spanish and Italian; nothing tells them apart.
    assert detect_language("la SRIA") is None


def test_scores_cover_the_five_languages() -> None:
    scores = language_scores("Wann wird EP PerMed gestartet?")
    assert set(scores) == set(LANGUAGES)
    assert max(scores, key=lambda k: scores[k]) == "de"


def test_telltale_letters_decide_without_function_words() -> None:
    assert detect_language("¿EP PerMed?") == "es"
    assert detect_language("Fußball Größe") == "de"


@pytest.mark.parametrize(
    "text", ["SRIA", "EP PerMed", "InfoSheet 3", "EP PerMed 2023", "ICPerMed", "https://www.eppermed.eu/"]
)
def test_acronyms_names_and_addresses_never_look_foreign(text: str) -> None:
    assert detect_language(text) is None
    assert not is_foreign(text)


def test_e_mail_is_one_word_not_the_italian_and() -> None:
    # "contact e-mail" used to be read as Italian: "e" is Italian for "and".
    assert language_scores("contact e-mail")["it"] == 0.0
    assert detect_language("contact e-mail") != "it"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "when launch"),
        ("en", "wat is the vison"),
        ("en", "what is ep permed"),
        ("de", "Wer koordiniert?"),
        ("de", "Anmeldung Newsletter"),
        ("fr", "Date de lancement"),
        ("fr", "Qui coordonne ?"),
        ("es", "¿Presupuesto?"),
        ("es", "Fecha de lanzamiento"),
        ("it", "paesi membri"),
        ("it", "Chi coordina?"),
    ],
)
def test_short_questions_and_noun_phrases_get_their_language(language: str, text: str) -> None:
    assert detect_language(text) == language


def test_function_words_alone_leave_noun_phrases_open() -> None:
    # The first step abstains; lingua, asked only then, decides.
    assert function_word_language("Date de lancement") is None
    assert function_word_language("Quand le partenariat sera-t-il lancé ?") == "fr"


def test_the_short_text_set_routes_every_foreign_text_to_the_foreign_search() -> None:
    rows = _questions(SHORT_TEXTS)
    foreign_kept_english = [
        r["q"] for r in rows if r["lang"] not in ("en", "none") and not is_foreign(r["q"])
    ]
    english_sent_foreign = [r["q"] for r in rows if r["lang"] in ("en", "none") and is_foreign(r["q"])]
    assert foreign_kept_english == []
    assert len(english_sent_foreign) <= 1  # "contact e-mail": lingua reads it as French


def test_lingua_is_imported_on_first_use_not_at_start_up() -> None:
    """The bot imports the answerer at start-up; lingua's import waits for a text the function words leave open."""
    import subprocess
    import sys

    code = (
        "import sys, knowledge.answering, knowledge.language as l; a = 'lingua' in sys.modules; "
        "l.detect_language('paesi membri'); print(a, 'lingua' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # no function word to go by, every word English or the material's name: lingua read these as Spanish
        ("ep permed vision?", "en"),
        ("era permed relation", "en"),
        ("concept paper when", "en"),
        # a foreign article or word keeps the text foreign
        ("Le budget ?", "fr"),
        ("la vision", "fr"),
        ("il budget", "fr"),  # lingua's reading of two words; foreign either way
        ("visione ep permed", "it"),
        ("Kontakt", "de"),
        # words of both languages, meant in the other ("bald": soon, "data": date, "finale": final)
        ("Start bald?", "de"),
        ("SRIA Data", "it"),
        ("Mission finale?", "fr"),
    ],
)
def test_short_texts_of_english_words_only_are_english(text: str, language: str) -> None:
    assert (detect_language(text) == "en") is (language == "en")
