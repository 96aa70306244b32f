"""What kind of message this is before any search: a greeting, thanks, or a request for medical advice.

Patterns cover the five languages the bot speaks. Medical advice is refused whatever the index holds.
"""

from __future__ import annotations

import re
from typing import Literal

Intent = Literal["greeting", "thanks", "medical", "question"]

_GREETING = re.compile(
    r"^(hi|hello|hey|hallo|servus|moin|guten (morgen|tag|abend)|good (morning|afternoon|evening)|bonjour|"
    r"bonsoir|salut|hola|buenos d[ií]as|buenas( tardes| noches)?|ciao|salve|buongiorno|buonasera)"
    r"( there| everyone| all| bot| zusammen| à tous| a todos| a tutti)?[\s!.,:)]*$",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^((many |thanks?( you)?( so much| a lot| very much)?|thx|ty|cheers|great,? thanks?)|danke( schön| sehr)?|"
    r"vielen dank|merci( beaucoup)?|gracias|muchas gracias|grazie( mille)?)[\s!.,:)]*$",
    re.IGNORECASE,
)

# A person asking what to do about their own (or a relative's) health. Two signals must meet:
# a personal or advice-seeking frame and a clinical word. "Personalised medicine" alone is the topic, not advice.
_ADVICE_FRAME = re.compile(
    r"\b(should i|shall i|do i need|is it safe|am i|i have|i've got|i feel|i suffer|"
    r"my (mother|father|child|son|daughter|wife|husband|partner|doctor)|"
    r"my|soll ich|sollte ich|ich habe|mein(e|en|em)?|"
    r"dois-je|devrais-je|j'ai|mon|ma|mes|"
    r"debo|deber[ií]a|tengo|mis|"
    r"devo|dovrei|ho|mio|mia|miei|mie)\b",
    re.IGNORECASE,
)
_CLINICAL = re.compile(
    r"\b(medication|medicine|medicines|meds|drug|drugs|pill|pills|tablet|tablets|dose|dosage|prescription|"
    r"symptom|symptoms|pain|fever|diagnos\w*|treat|treatment|therapy|chemo\w*|cancer|tumou?r|diabetes|"
    r"blood pressure|cholesterol|insulin|antibiotic\w*|vaccin\w*|side effects?|pregnan\w*|disease|illness|"
    r"sick|infection|surgery|genetic test|dna test|"
    r"medikament\w*|tablette\w*|arznei\w*|dosis|schmerz\w*|fieber|krankheit|blutdruck|behandlung|therapie|"
    r"krebs|nebenwirkung\w*|m[ée]dicament\w*|traitement|douleur|fi[èe]vre|maladie|tension|cancer|"
    r"medicamento\w*|tratamiento|dolor|fiebre|enfermedad|presi[óo]n arterial|"
    r"farmac\w*|medicin\w*|terapia|dolore|febbre|malattia|pressione)\b",
    re.IGNORECASE,
)
# Phrases that are advice requests on their own, whatever the frame.
_ADVICE_ALONE = re.compile(
    r"\b(stop taking|start taking|(can|could|may|should) i (take|stop|use|combine|mix)\b|how much .* (should|can) i take|what (medicine|drug|treatment) should|"
    r"is .* safe (for me|to take)|side effects of|cure for|diagnose me|"
    r"absetzen|einnehmen|arr[êe]ter (mon|ma|mes|de prendre)|dejar de tomar|smettere di prendere)\b",
    re.IGNORECASE,
)


def classify(text: str) -> Intent:
    """Greeting, thanks, medical advice request, or an ordinary question to search for."""
    stripped = text.strip()
    if _GREETING.match(stripped):
        return "greeting"
    if _THANKS.match(stripped):
        return "thanks"
    if _ADVICE_ALONE.search(stripped) or (_ADVICE_FRAME.search(stripped) and _CLINICAL.search(stripped)):
        return "medical"
    return "question"
