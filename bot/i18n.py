"""Every sentence the bot itself says, in English, German, French, Spanish and Italian.

Templates are Telegram HTML: the fixed text is safe as written; `t` fills placeholders with values the
caller has already escaped. Quoted sources stay in English; only the bot's own words are translated.
"""

from __future__ import annotations

LANGUAGES = ("en", "de", "fr", "es", "it")
DEFAULT_LANGUAGE = "en"

_MONTHS: dict[str, str] = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}

CATALOGUE: dict[str, dict[str, str]] = {
    "greeting": {
        "en": "Hello! I answer questions about the European Partnership for Personalised Medicine "
        "(EP PerMed): its timeline, InfoSheets, vision and whom to contact. Just ask, or send /help.",
        "de": "Hallo! Ich beantworte Fragen zur Europäischen Partnerschaft für Personalisierte Medizin "
        "(EP PerMed): Zeitplan, InfoSheets, Vision und Ansprechpartner. "
        "Fragen Sie einfach oder senden Sie /help.",
        "fr": "Bonjour ! Je réponds aux questions sur le Partenariat européen pour la médecine personnalisée "
        "(EP PerMed) : calendrier, InfoSheets, vision et contacts. Posez votre question ou envoyez /help.",
        "es": "¡Hola! Respondo preguntas sobre la Asociación Europea para la Medicina Personalizada "
        "(EP PerMed): su calendario, las InfoSheets, su visión y a quién contactar. Pregunte o envíe /help.",
        "it": "Ciao! Rispondo a domande sul Partenariato europeo per la medicina personalizzata "
        "(EP PerMed): tappe, InfoSheet, visione e contatti. Chieda pure, oppure invii /help.",
    },
    "thanks": {
        "en": "You're welcome! Ask me anything else about EP PerMed.",
        "de": "Gern geschehen! Fragen Sie mich gern noch mehr zu EP PerMed.",
        "fr": "Avec plaisir ! N'hésitez pas à me poser d'autres questions sur EP PerMed.",
        "es": "¡De nada! Pregúnteme lo que quiera sobre EP PerMed.",
        "it": "Prego! Mi chieda pure altro su EP PerMed.",
    },
    "medical": {
        "en": "I cannot give medical advice. Please take this question to a doctor or another healthcare "
        "professional. I only answer questions about the EP PerMed partnership itself.",
        "de": "Ich kann keine medizinischen Ratschläge geben. Bitte wenden Sie sich mit dieser Frage an eine "
        "Ärztin, einen Arzt oder andere medizinische Fachleute. Ich beantworte nur Fragen zur Partnerschaft "
        "EP PerMed selbst.",
        "fr": "Je ne peux pas donner de conseils médicaux. Veuillez poser cette question à un médecin "
        "ou à un "
        "autre professionnel de santé. Je réponds uniquement aux questions sur le partenariat EP PerMed.",
        "es": "No puedo dar consejos médicos. Consulte esta pregunta con un médico u otro profesional "
        "sanitario. Solo respondo preguntas sobre la propia asociación EP PerMed.",
        "it": "Non posso dare consigli medici. Si rivolga a un medico o a un altro professionista sanitario "
        "per questa domanda. Rispondo solo a domande sul partenariato EP PerMed.",
    },
    "empty": {
        "en": "Please send your question about EP PerMed as text.",
        "de": "Bitte senden Sie Ihre Frage zu EP PerMed als Text.",
        "fr": "Veuillez envoyer votre question sur EP PerMed sous forme de texte.",
        "es": "Envíe su pregunta sobre EP PerMed como texto, por favor.",
        "it": "Invii la sua domanda su EP PerMed come testo, per favore.",
    },
    "too_long": {
        "en": "That message is too long for me (more than {limit} characters). "
        "Please ask one short question at a time.",
        "de": "Diese Nachricht ist zu lang für mich (mehr als {limit} Zeichen). "
        "Bitte stellen Sie jeweils eine kurze Frage.",
        "fr": "Ce message est trop long pour moi (plus de {limit} caractères). "
        "Posez une seule question courte à la fois.",
        "es": "Este mensaje es demasiado largo para mí (más de {limit} caracteres). "
        "Haga una sola pregunta breve cada vez.",
        "it": "Questo messaggio è troppo lungo per me (più di {limit} caratteri). "
        "Faccia una sola domanda breve alla volta.",
    },
    "error": {
        "en": "Sorry, something went wrong on my side. Please try again later, or write to {email}.",
        "de": "Entschuldigung, bei mir ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut "
        "oder schreiben Sie an {email}.",
        "fr": "Désolé, un problème est survenu de mon côté. Veuillez réessayer plus tard "
        "ou écrire à {email}.",
        "es": "Lo siento, algo ha fallado por mi parte. Inténtelo de nuevo más tarde o escriba a {email}.",
        "it": "Mi dispiace, qualcosa non ha funzionato da parte mia. Riprovi più tardi o scriva a {email}.",
    },
    "not_found": {
        "en": "The EP PerMed material I have does not answer this question. "
        "For current information see {site}; for anything else about EP PerMed, please write to {email}.",
        "de": "Das EP-PerMed-Material, das mir vorliegt, beantwortet diese Frage nicht. "
        "Aktuelle Informationen finden Sie auf {site}; für alle weiteren Fragen zu EP PerMed schreiben Sie "
        "bitte an {email}.",
        "fr": "Les documents EP PerMed dont je dispose ne répondent pas à cette question. "
        "Pour des informations à jour, consultez {site} ; pour toute autre question sur EP PerMed, "
        "écrivez à {email}.",
        "es": "El material de EP PerMed del que dispongo no responde a esta pregunta. "
        "Para información actualizada consulte {site}; para cualquier otra consulta sobre EP PerMed, "
        "escriba a {email}.",
        "it": "Il materiale EP PerMed di cui dispongo non risponde a questa domanda. "
        "Per informazioni aggiornate consulti {site}; per qualsiasi altra domanda su EP PerMed, "
        "scriva a {email}.",
    },
    "declined_gap": {
        "en": "The EP PerMed material (as of {as_of}) does not cover {topic}.",
        "de": "Das EP-PerMed-Material (Stand {as_of}) sagt nichts über {topic}.",
        "fr": "Les documents EP PerMed (état {as_of}) ne traitent pas de ce sujet : {topic}.",
        "es": "El material de EP PerMed (a fecha de {as_of}) no trata este tema: {topic}.",
        "it": "Il materiale EP PerMed (aggiornato al {as_of}) non tratta questo tema: {topic}.",
    },
    "declined_missing": {
        "en": "The EP PerMed material (as of {as_of}) does not mention {words}.",
        "de": "Das EP-PerMed-Material (Stand {as_of}) erwähnt {words} nicht.",
        "fr": "Les documents EP PerMed (état {as_of}) ne mentionnent pas {words}.",
        "es": "El material de EP PerMed (a fecha de {as_of}) no menciona {words}.",
        "it": "Il materiale EP PerMed (aggiornato al {as_of}) non menziona {words}.",
    },
    "declined_date": {
        "en": "The EP PerMed material (as of {as_of}) does not give the date you ask about.",
        "de": "Das EP-PerMed-Material (Stand {as_of}) nennt das erfragte Datum nicht.",
        "fr": "Les documents EP PerMed (état {as_of}) ne donnent pas la date demandée.",
        "es": "El material de EP PerMed (a fecha de {as_of}) no da la fecha que pregunta.",
        "it": "Il materiale EP PerMed (aggiornato al {as_of}) non indica la data richiesta.",
    },
    "declined_amount": {
        "en": "The EP PerMed material (as of {as_of}) does not give the figure you ask about.",
        "de": "Das EP-PerMed-Material (Stand {as_of}) nennt die erfragte Zahl nicht.",
        "fr": "Les documents EP PerMed (état {as_of}) ne donnent pas le chiffre demandé.",
        "es": "El material de EP PerMed (a fecha de {as_of}) no da la cifra que pregunta.",
        "it": "Il materiale EP PerMed (aggiornato al {as_of}) non indica la cifra richiesta.",
    },
    "declined_person": {
        "en": "The EP PerMed material (as of {as_of}) does not name the people you ask about.",
        "de": "Das EP-PerMed-Material (Stand {as_of}) nennt die erfragten Personen nicht.",
        "fr": "Les documents EP PerMed (état {as_of}) ne nomment pas les personnes demandées.",
        "es": "El material de EP PerMed (a fecha de {as_of}) no nombra a las personas que pregunta.",
        "it": "Il materiale EP PerMed (aggiornato al {as_of}) non nomina le persone richieste.",
    },
    "declined_body": {
        "en": "The EP PerMed material (as of {as_of}) does not say who that is.",
        "de": "Das EP-PerMed-Material (Stand {as_of}) sagt nicht, wer das ist.",
        "fr": "Les documents EP PerMed (état {as_of}) ne disent pas de qui il s'agit.",
        "es": "El material de EP PerMed (a fecha de {as_of}) no dice quién es.",
        "it": "Il materiale EP PerMed (aggiornato al {as_of}) non dice di chi si tratta.",
    },
    "declined_place": {
        "en": "The EP PerMed material (as of {as_of}) does not say where.",
        "de": "Das EP-PerMed-Material (Stand {as_of}) sagt nicht, wo.",
        "fr": "Les documents EP PerMed (état {as_of}) ne disent pas où.",
        "es": "El material de EP PerMed (a fecha de {as_of}) no dice dónde.",
        "it": "Il materiale EP PerMed (aggiornato al {as_of}) non dice dove.",
    },
    "declined_duration": {
        "en": "The EP PerMed material (as of {as_of}) does not say how long or until when.",
        "de": "Das EP-PerMed-Material (Stand {as_of}) sagt nicht, wie lange oder bis wann.",
        "fr": "Les documents EP PerMed (état {as_of}) ne disent pas pendant combien de temps ni jusqu'à quand.",
        "es": "El material de EP PerMed (a fecha de {as_of}) no dice cuánto tiempo ni hasta cuándo.",
        "it": "Il materiale EP PerMed (aggiornato al {as_of}) non dice per quanto tempo né fino a quando.",
    },
    "look_instead": {
        "en": "For that, see {look}: {url}",
        "de": "Dazu siehe {look}: {url}",
        "fr": "Pour cela, consultez {look} : {url}",
        "es": "Para ello, consulte {look}: {url}",
        "it": "Per questo, consulti {look}: {url}",
    },
    "nearby": {
        "en": "What the material does cover nearby:",
        "de": "Was das Material in der Nähe behandelt:",
        "fr": "Ce que les documents couvrent sur des sujets proches :",
        "es": "Lo que el material trata sobre temas cercanos:",
        "it": "Cosa tratta il materiale su temi vicini:",
    },
    "handover": {
        "en": "For current information see {site}, or write to {email}.",
        "de": "Aktuelle Informationen finden Sie auf {site}, oder schreiben Sie an {email}.",
        "fr": "Pour des informations à jour, consultez {site} ou écrivez à {email}.",
        "es": "Para información actualizada consulte {site} o escriba a {email}.",
        "it": "Per informazioni aggiornate consulti {site} o scriva a {email}.",
    },
    "suggestions": {
        "en": "I can tell you about, for example:",
        "de": "Ich kann Ihnen zum Beispiel etwas hierzu sagen:",
        "fr": "Je peux par exemple vous renseigner sur :",
        "es": "Puedo informarle, por ejemplo, sobre:",
        "it": "Posso parlarle, per esempio, di:",
    },
    "quoted_in_english": {
        "en": "(quoted from the English source)",
        "de": "(Zitat aus der englischen Quelle)",
        "fr": "(citation de la source en anglais)",
        "es": "(cita de la fuente en inglés)",
        "it": "(citazione dalla fonte in inglese)",
    },
    "source": {
        "en": "Source: {link}, as of {as_of}",
        "de": "Quelle: {link}, Stand {as_of}",
        "fr": "Source : {link}, état {as_of}",
        "es": "Fuente: {link}, a fecha de {as_of}",
        "it": "Fonte: {link}, aggiornata al {as_of}",
    },
    "also_in": {
        "en": "Also in {link}: “{lead}”",
        "de": "Auch in {link}: „{lead}“",
        "fr": "Voir aussi {link} : « {lead} »",
        "es": "También en {link}: «{lead}»",
        "it": "Anche in {link}: «{lead}»",
    },
    "sources": {
        "en": "Sources:",
        "de": "Quellen:",
        "fr": "Sources :",
        "es": "Fuentes:",
        "it": "Fonti:",
    },
    "planned_note": {
        "en": "Note: this was the plan as of {as_of}; check {site} for the current state.",
        "de": "Hinweis: Das war der Plan mit Stand {as_of}; den aktuellen Stand finden Sie auf {site}.",
        "fr": "Remarque : c'était le projet en {as_of} ; consultez {site} pour la situation actuelle.",
        "es": "Nota: este era el plan a fecha de {as_of}; consulte {site} para conocer la situación actual.",
        "it": "Nota: questo era il programma al {as_of}; consulti {site} per la situazione attuale.",
    },
    "contact_line": {
        "en": "Questions? Write to {email}.",
        "de": "Fragen? Schreiben Sie an {email}.",
        "fr": "Des questions ? Écrivez à {email}.",
        "es": "¿Preguntas? Escriba a {email}.",
        "it": "Domande? Scriva a {email}.",
    },
    "button_more": {
        "en": "More sources ({count})",
        "de": "Weitere Quellen ({count})",
        "fr": "Autres sources ({count})",
        "es": "Más fuentes ({count})",
        "it": "Altre fonti ({count})",
    },
    "more_header": {
        "en": "More passages from the EP PerMed material:",
        "de": "Weitere Passagen aus dem EP-PerMed-Material:",
        "fr": "Autres passages des documents EP PerMed :",
        "es": "Más pasajes del material de EP PerMed:",
        "it": "Altri passaggi dal materiale EP PerMed:",
    },
    "more_partly_updated": {
        "en": "Some of these sources were updated since; ask again to see the current ones.",
        "de": "Einige dieser Quellen wurden inzwischen aktualisiert; "
        "fragen Sie erneut, um die aktuellen zu sehen.",
        "fr": "Certaines de ces sources ont été mises à jour depuis ; reposez la question pour voir les "
        "versions actuelles.",
        "es": "Algunas de estas fuentes se han actualizado desde entonces; vuelva a preguntar para ver las "
        "actuales.",
        "it": "Alcune di queste fonti sono state aggiornate nel frattempo; ripeta la domanda per vedere "
        "quelle attuali.",
    },
    "sources_updated": {
        "en": "The sources were updated since this answer. Please ask your question again.",
        "de": "Die Quellen wurden seit dieser Antwort aktualisiert. Bitte stellen Sie Ihre Frage erneut.",
        "fr": "Les sources ont été mises à jour depuis cette réponse. Veuillez reposer votre question.",
        "es": "Las fuentes se han actualizado desde esta respuesta. Vuelva a hacer su pregunta, por favor.",
        "it": "Le fonti sono state aggiornate dopo questa risposta. Ripeta la sua domanda, per favore.",
    },
    "feedback_up": {
        "en": "Thank you for your feedback!",
        "de": "Danke für Ihre Rückmeldung!",
        "fr": "Merci pour votre avis !",
        "es": "¡Gracias por su opinión!",
        "it": "Grazie per il suo riscontro!",
    },
    "feedback_down": {
        "en": "Thank you, noted. For a precise answer, write to {email}.",
        "de": "Danke, notiert. Für eine genaue Antwort schreiben Sie an {email}.",
        "fr": "Merci, c'est noté. Pour une réponse précise, écrivez à {email}.",
        "es": "Gracias, queda anotado. Para una respuesta precisa, escriba a {email}.",
        "it": "Grazie, ne prendo nota. Per una risposta precisa scriva a {email}.",
    },
    "callback_unknown": {
        "en": "This button no longer works. Please ask your question again.",
        "de": "Diese Schaltfläche funktioniert nicht mehr. Bitte stellen Sie Ihre Frage erneut.",
        "fr": "Ce bouton ne fonctionne plus. Veuillez reposer votre question.",
        "es": "Este botón ya no funciona. Vuelva a hacer su pregunta, por favor.",
        "it": "Questo pulsante non funziona più. Ripeta la sua domanda, per favore.",
    },
    "timeline_header": {
        "en": "The steps towards EP PerMed:",
        "de": "Die Schritte auf dem Weg zu EP PerMed:",
        "fr": "Les étapes vers EP PerMed :",
        "es": "Los pasos hacia EP PerMed:",
        "it": "Le tappe verso EP PerMed:",
    },
    "planned_mark": {
        "en": "(planned as of {as_of})",
        "de": "(geplant, Stand {as_of})",
        "fr": "(prévu, état {as_of})",
        "es": "(previsto a fecha de {as_of})",
        "it": "(previsto al {as_of})",
    },
    "source_word": {
        "en": "source",
        "de": "Quelle",
        "fr": "source",
        "es": "fuente",
        "it": "fonte",
    },
    "infosheets_header": {
        "en": "The seven EP PerMed InfoSheets:",
        "de": "Die sieben InfoSheets zu EP PerMed:",
        "fr": "Les sept InfoSheets d'EP PerMed :",
        "es": "Las siete InfoSheets de EP PerMed:",
        "it": "I sette InfoSheet di EP PerMed:",
    },
    "infosheet_item": {
        "en": "InfoSheet {number}: {title}",
        "de": "InfoSheet {number}: {title}",
        "fr": "InfoSheet {number} : {title}",
        "es": "InfoSheet {number}: {title}",
        "it": "InfoSheet {number}: {title}",
    },
    "contact": {
        "en": "For questions about EP PerMed, contact the EP PerMed drafting group: {email}\n"
        "The partnership's own website: {site}",
        "de": "Bei Fragen zu EP PerMed wenden Sie sich an die EP-PerMed-Redaktionsgruppe: {email}\n"
        "Die Website der Partnerschaft: {site}",
        "fr": "Pour toute question sur EP PerMed, contactez le groupe de rédaction d'EP PerMed : {email}\n"
        "Le site web du partenariat : {site}",
        "es": "Para preguntas sobre EP PerMed, contacte con el grupo de redacción de EP PerMed: {email}\n"
        "El sitio web de la asociación: {site}",
        "it": "Per domande su EP PerMed, contatti il gruppo di redazione di EP PerMed: {email}\n"
        "Il sito web del partenariato: {site}",
    },
    "start": {
        "en": "Welcome! I answer questions about the European Partnership for Personalised Medicine "
        "(EP PerMed) from ICPerMed's public material (as of {as_of}): what it is, its vision, the steps "
        "towards it, the InfoSheets and whom to contact. Ask in your own words, for example "
        "<i>When will EP PerMed be launched?</i> I quote the source and link it.\n\n{commands}",
        "de": "Willkommen! Ich beantworte Fragen zur Europäischen Partnerschaft für Personalisierte Medizin "
        "(EP PerMed) anhand des öffentlichen Materials von ICPerMed (Stand {as_of}): was sie ist, ihre "
        "Vision, die Schritte dorthin, die InfoSheets und Ansprechpartner. Fragen Sie in eigenen Worten, "
        "zum Beispiel <i>Wann startet EP PerMed?</i> Ich zitiere die Quelle und verlinke sie.\n\n{commands}",
        "fr": "Bienvenue ! Je réponds aux questions sur le Partenariat européen pour la médecine "
        "personnalisée (EP PerMed) à partir des documents publics d'ICPerMed (état {as_of}) : ce qu'il est, "
        "sa vision, les étapes de sa préparation, les InfoSheets et qui contacter. Posez votre question "
        "librement, par exemple <i>Quand EP PerMed sera-t-il lancé ?</i> Je cite la source avec son lien."
        "\n\n{commands}",
        "es": "¡Bienvenido! Respondo preguntas sobre la Asociación Europea para la Medicina Personalizada "
        "(EP PerMed) a partir del material público de ICPerMed (a fecha de {as_of}): qué es, su visión, "
        "los pasos hacia ella, las InfoSheets y a quién contactar. Pregunte con sus propias palabras, por "
        "ejemplo <i>¿Cuándo se pondrá en marcha EP PerMed?</i> Cito la fuente y la enlazo.\n\n{commands}",
        "it": "Benvenuto! Rispondo a domande sul Partenariato europeo per la medicina personalizzata "
        "(EP PerMed) sulla base del materiale pubblico di ICPerMed (aggiornato al {as_of}): che cos'è, la "
        "sua visione, le tappe per realizzarlo, gli InfoSheet e chi contattare. Chieda con parole sue, per "
        "esempio <i>Quando sarà avviato EP PerMed?</i> Cito la fonte con il link.\n\n{commands}",
    },
    "help": {
        "en": "<b>How to ask</b>\nWrite a question in a sentence; I answer with the passage of the EP PerMed "
        "material that answers it, its source and how old that source is. For example:\n"
        "• What is the vision of EP PerMed?\n• What happened in November 2022?\n"
        "• Which InfoSheet covers the international perspective?\n"
        "You can follow up without repeating yourself (<i>And when?</i>); /new starts over.\n\n"
        "<b>Commands</b>\n{commands}\n\n"
        "<b>Voice</b>\nYou may also ask by a short voice message in English (a minute at most): I show what "
        "I heard, then answer.\n\n"
        "<b>Privacy</b>\nNo message text is stored by default; only counts of questions and the 👍/👎 "
        "feedback you give are kept. What a conversation is about is kept in memory only, never on disk, "
        "and forgotten after {minutes} quiet minutes (or at /new). Voice messages are transcribed on the bot's own server, never sent elsewhere; "
        "the audio is deleted at once and what I heard is treated like typed text.\nFor anything I cannot "
        "answer: {email}",
        "de": "<b>So fragen Sie</b>\nSchreiben Sie Ihre Frage als Satz; ich antworte mit der Passage aus dem "
        "EP-PerMed-Material, die sie beantwortet, mit Quelle und Stand dieser Quelle. Zum Beispiel:\n"
        "• Was ist die Vision von EP PerMed?\n• Was geschah im November 2022?\n"
        "• Welches InfoSheet behandelt die internationale Perspektive?\n"
        "Sie können nachfragen, ohne sich zu wiederholen (<i>Und wann?</i>); /new beginnt neu.\n\n"
        "<b>Befehle</b>\n{commands}\n\n"
        "<b>Sprachnachrichten</b>\nSie können auch mit einer kurzen Sprachnachricht auf Englisch fragen "
        "(höchstens eine Minute): Ich zeige, was ich gehört habe, und antworte dann.\n\n"
        "<b>Datenschutz</b>\nStandardmäßig wird kein Nachrichtentext gespeichert; nur die Anzahl der "
        "Fragen und Ihre 👍/👎-Rückmeldungen werden aufbewahrt. Worum es im Gespräch geht, bleibt nur im "
        "Arbeitsspeicher, nie auf der Festplatte, und wird nach {minutes} ruhigen Minuten (oder mit /new) vergessen. "
        "Sprachnachrichten werden auf dem Server des Bots selbst transkribiert und nirgendwohin "
        "weitergegeben; die Aufnahme wird sofort gelöscht, und das Gehörte wird wie geschriebener Text "
        "behandelt.\n"
        "Für alles, was ich nicht beantworten kann: {email}",
        "fr": "<b>Comment poser une question</b>\nÉcrivez votre question en une phrase ; je réponds avec le "
        "passage des documents EP PerMed qui y répond, sa source et sa date. Par exemple :\n"
        "• Quelle est la vision d'EP PerMed ?\n• Que s'est-il passé en novembre 2022 ?\n"
        "• Quelle InfoSheet traite de la perspective internationale ?\n"
        "Vous pouvez enchaîner sans tout répéter (<i>Et quand ?</i>) ; /new recommence à zéro.\n\n"
        "<b>Commandes</b>\n{commands}\n\n"
        "<b>Messages vocaux</b>\nVous pouvez aussi poser votre question par un court message vocal en "
        "anglais (une minute au plus) : j'affiche ce que j'ai entendu, puis je réponds.\n\n"
        "<b>Confidentialité</b>\nPar défaut, aucun texte de message n'est conservé ; seuls le nombre de "
        "questions et vos avis 👍/👎 sont gardés. Le sujet de la conversation reste en mémoire vive "
        "seulement, jamais sur disque, et s'efface après {minutes} minutes sans message (ou avec /new). Les messages vocaux sont transcrits sur le serveur du bot lui-même, "
        "sans être envoyés ailleurs ; l'enregistrement est effacé aussitôt et ce que j'ai entendu est traité "
        "comme un texte écrit.\nPour tout ce à quoi je ne sais pas répondre : {email}",
        "es": "<b>Cómo preguntar</b>\nEscriba su pregunta en una frase; respondo con el pasaje del material "
        "de EP PerMed que la responde, su fuente y la fecha de esa fuente. Por ejemplo:\n"
        "• ¿Cuál es la visión de EP PerMed?\n• ¿Qué ocurrió en noviembre de 2022?\n"
        "• ¿Qué InfoSheet trata la perspectiva internacional?\n"
        "Puede seguir preguntando sin repetirse (<i>¿Y cuándo?</i>); /new empieza de nuevo.\n\n"
        "<b>Comandos</b>\n{commands}\n\n"
        "<b>Mensajes de voz</b>\nTambién puede preguntar con un mensaje de voz breve en inglés (un minuto "
        "como máximo): muestro lo que he oído y después respondo.\n\n"
        "<b>Privacidad</b>\nPor defecto no se guarda el texto de ningún mensaje; solo se conservan el número "
        "de preguntas y sus valoraciones 👍/👎. El tema de la conversación se guarda solo en memoria, nunca "
        "en disco, y se olvida tras {minutes} minutos sin mensajes (o con /new). Los mensajes de voz se transcriben en el propio servidor del bot, sin "
        "enviarse a ningún otro sitio; la grabación se borra en el acto y lo que he oído se trata como "
        "texto escrito.\nPara todo lo que no sepa responder: {email}",
        "it": "<b>Come chiedere</b>\nScriva la domanda in una frase; rispondo con il passaggio del materiale "
        "EP PerMed che vi risponde, la sua fonte e la data della fonte. Per esempio:\n"
        "• Qual è la visione di EP PerMed?\n• Che cosa è successo a novembre 2022?\n"
        "• Quale InfoSheet tratta la prospettiva internazionale?\n"
        "Può continuare senza ripetersi (<i>E quando?</i>); /new ricomincia da capo.\n\n"
        "<b>Comandi</b>\n{commands}\n\n"
        "<b>Messaggi vocali</b>\nPuò anche chiedere con un breve messaggio vocale in inglese (al massimo un "
        "minuto): mostro ciò che ho sentito, poi rispondo.\n\n"
        "<b>Privacy</b>\nPer impostazione predefinita nessun testo dei messaggi viene conservato; restano "
        "solo il numero di domande e i suoi riscontri 👍/👎. L'argomento della conversazione resta solo in "
        "memoria, mai su disco, e si dimentica dopo {minutes} minuti senza messaggi (o con /new). I messaggi vocali vengono trascritti sul server del bot stesso, senza "
        "essere inviati altrove; la registrazione viene cancellata subito e ciò che ho sentito è trattato "
        "come testo scritto.\nPer tutto ciò a cui non so rispondere: {email}",
    },
    "about": {
        "en": "(about: {topic})",
        "de": "(zum Thema: {topic})",
        "fr": "(au sujet de : {topic})",
        "es": "(sobre: {topic})",
        "it": "(a proposito di: {topic})",
    },
    "new_done": {
        "en": "Done: I have forgotten what we were talking about. Ask me anything about EP PerMed.",
        "de": "Erledigt: Ich habe vergessen, worüber wir gesprochen haben. Fragen Sie mich gern zu EP PerMed.",
        "fr": "C'est fait : j'ai oublié le sujet de notre conversation. Posez-moi vos questions sur EP PerMed.",
        "es": "Hecho: he olvidado de qué estábamos hablando. Pregúnteme lo que quiera sobre EP PerMed.",
        "it": "Fatto: ho dimenticato di che cosa stavamo parlando. Mi chieda pure altro su EP PerMed.",
    },
    "cmd_new": {
        "en": "start over: forget what we were talking about",
        "de": "neu beginnen: vergessen, worüber wir gesprochen haben",
        "fr": "recommencer : oublier le sujet de la conversation",
        "es": "empezar de nuevo: olvidar de qué hablábamos",
        "it": "ricominciare: dimenticare di che cosa parlavamo",
    },
    "unknown_command": {
        "en": "I don't know that command. These are the ones I have:\n{commands}",
        "de": "Diesen Befehl kenne ich nicht. Das sind meine Befehle:\n{commands}",
        "fr": "Je ne connais pas cette commande. Voici celles que je connais :\n{commands}",
        "es": "No conozco ese comando. Estos son los que tengo:\n{commands}",
        "it": "Non conosco questo comando. Ecco quelli disponibili:\n{commands}",
    },
    "cmd_start": {
        "en": "what I know and how to ask",
        "de": "was ich weiß und wie Sie fragen",
        "fr": "ce que je sais et comment me questionner",
        "es": "qué sé y cómo preguntarme",
        "it": "che cosa so e come chiedermelo",
    },
    "cmd_help": {
        "en": "how to ask, examples, privacy",
        "de": "so fragen Sie, Beispiele, Datenschutz",
        "fr": "comment poser une question, exemples, confidentialité",
        "es": "cómo preguntar, ejemplos, privacidad",
        "it": "come chiedere, esempi, privacy",
    },
    "cmd_timeline": {
        "en": "the steps towards EP PerMed, in date order",
        "de": "die Schritte zu EP PerMed in zeitlicher Reihenfolge",
        "fr": "les étapes vers EP PerMed, par ordre chronologique",
        "es": "los pasos hacia EP PerMed, por orden cronológico",
        "it": "le tappe verso EP PerMed, in ordine cronologico",
    },
    "cmd_infosheets": {
        "en": "the seven InfoSheets with their link",
        "de": "die sieben InfoSheets mit Link",
        "fr": "les sept InfoSheets avec leur lien",
        "es": "las siete InfoSheets con su enlace",
        "it": "i sette InfoSheet con il link",
    },
    "cmd_contact": {
        "en": "whom to write to about EP PerMed",
        "de": "an wen Sie sich zu EP PerMed wenden",
        "fr": "à qui écrire au sujet d'EP PerMed",
        "es": "a quién escribir sobre EP PerMed",
        "it": "a chi scrivere su EP PerMed",
    },
    "inline_not_found": {
        "en": "No answer in the EP PerMed material",
        "de": "Keine Antwort im EP-PerMed-Material",
        "fr": "Pas de réponse dans les documents EP PerMed",
        "es": "Sin respuesta en el material de EP PerMed",
        "it": "Nessuna risposta nel materiale EP PerMed",
    },
    "inline_medical": {
        "en": "No medical advice",
        "de": "Keine medizinische Beratung",
        "fr": "Pas de conseil médical",
        "es": "Sin consejo médico",
        "it": "Nessun consiglio medico",
    },
    "console_greeting": {
        "en": "EP PerMed assistant: ask about the European Partnership for Personalised Medicine "
        "(timeline, InfoSheets, vision, contact). /help for commands, /quit to leave.",
        "de": "EP-PerMed-Assistent: Fragen Sie zur Europäischen Partnerschaft für Personalisierte Medizin "
        "(Zeitplan, InfoSheets, Vision, Kontakt). /help für Befehle, /quit zum Beenden.",
        "fr": "Assistant EP PerMed : questions sur le Partenariat européen pour la médecine personnalisée "
        "(calendrier, InfoSheets, vision, contact). /help pour les commandes, /quit pour quitter.",
        "es": "Asistente EP PerMed: pregunte sobre la Asociación Europea para la Medicina Personalizada "
        "(calendario, InfoSheets, visión, contacto). /help para los comandos, /quit para salir.",
        "it": "Assistente EP PerMed: domande sul Partenariato europeo per la medicina personalizzata "
        "(tappe, InfoSheet, visione, contatti). /help per i comandi, /quit per uscire.",
    },
    "console_more_hint": {
        "en": "(/more shows {count} more sources)",
        "de": "(/more zeigt {count} weitere Quellen)",
        "fr": "(/more affiche {count} autres sources)",
        "es": "(/more muestra {count} fuentes más)",
        "it": "(/more mostra altre {count} fonti)",
    },
    "console_no_more": {
        "en": "There are no more sources for the last answer.",
        "de": "Zur letzten Antwort gibt es keine weiteren Quellen.",
        "fr": "Il n'y a pas d'autres sources pour la dernière réponse.",
        "es": "No hay más fuentes para la última respuesta.",
        "it": "Non ci sono altre fonti per l'ultima risposta.",
    },
    "media_only": {
        "en": "I can only read text here. Please type your question about EP PerMed in a sentence, "
        "for example <i>When will EP PerMed be launched?</i>",
        "de": "Ich kann hier nur Text lesen. Bitte schreiben Sie Ihre Frage zu EP PerMed als Satz, "
        "zum Beispiel <i>Wann wird EP PerMed starten?</i>",
        "fr": "Je ne peux lire que du texte ici. Veuillez écrire votre question sur EP PerMed en une phrase, "
        "par exemple <i>Quand EP PerMed sera-t-il lancé ?</i>",
        "es": "Aquí solo puedo leer texto. Escriba su pregunta sobre EP PerMed en una frase, "
        "por ejemplo <i>¿Cuándo se pondrá en marcha EP PerMed?</i>",
        "it": "Qui posso leggere solo testo. Scriva la sua domanda su EP PerMed in una frase, "
        "per esempio <i>Quando sarà avviato EP PerMed?</i>",
    },
    "voice_heard": {
        "en": "You asked: <i>{text}</i>",
        "de": "Sie haben gefragt: <i>{text}</i>",
        "fr": "Vous avez demandé : <i>{text}</i>",
        "es": "Usted preguntó: <i>{text}</i>",
        "it": "Ha chiesto: <i>{text}</i>",
    },
    "voice_too_long": {
        "en": "Sorry, that recording is too long for me (more than {limit} seconds). "
        "Please ask one short question, by voice or as text.",
        "de": "Entschuldigung, diese Aufnahme ist zu lang für mich (mehr als {limit} Sekunden). "
        "Bitte stellen Sie eine kurze Frage, gesprochen oder als Text.",
        "fr": "Désolé, cet enregistrement est trop long pour moi (plus de {limit} secondes). "
        "Posez une seule question courte, à voix haute ou par écrit.",
        "es": "Lo siento, esta grabación es demasiado larga para mí (más de {limit} segundos). "
        "Haga una sola pregunta breve, por voz o por escrito.",
        "it": "Mi dispiace, questa registrazione è troppo lunga per me (più di {limit} secondi). "
        "Faccia una sola domanda breve, a voce o per iscritto.",
    },
    "voice_too_big": {
        "en": "Sorry, that file is too large for me (more than {limit} MB). "
        "Please send a short voice message or type your question.",
        "de": "Entschuldigung, diese Datei ist zu groß für mich (mehr als {limit} MB). "
        "Bitte senden Sie eine kurze Sprachnachricht oder schreiben Sie Ihre Frage.",
        "fr": "Désolé, ce fichier est trop volumineux pour moi (plus de {limit} Mo). "
        "Envoyez un court message vocal ou écrivez votre question.",
        "es": "Lo siento, este archivo es demasiado grande para mí (más de {limit} MB). "
        "Envíe un mensaje de voz breve o escriba su pregunta.",
        "it": "Mi dispiace, questo file è troppo grande per me (più di {limit} MB). "
        "Invii un breve messaggio vocale o scriva la sua domanda.",
    },
    "voice_busy": {
        "en": "Sorry, I am busy with other voice messages right now. "
        "Please try again in a minute, or type your question.",
        "de": "Entschuldigung, ich bearbeite gerade andere Sprachnachrichten. "
        "Bitte versuchen Sie es in einer Minute erneut oder schreiben Sie Ihre Frage.",
        "fr": "Désolé, je traite d'autres messages vocaux en ce moment. "
        "Réessayez dans une minute ou écrivez votre question.",
        "es": "Lo siento, ahora mismo estoy ocupado con otros mensajes de voz. "
        "Inténtelo de nuevo en un minuto o escriba su pregunta.",
        "it": "Mi dispiace, in questo momento sto elaborando altri messaggi vocali. "
        "Riprovi tra un minuto o scriva la sua domanda.",
    },
    "voice_unclear": {
        "en": "I could not understand that. Please ask again, slowly and in English, or type your question.",
        "de": "Das konnte ich nicht verstehen. Bitte fragen Sie noch einmal langsam auf Englisch, "
        "oder schreiben Sie Ihre Frage.",
        "fr": "Je n'ai pas compris. Posez à nouveau votre question lentement et en anglais, ou écrivez-la.",
        "es": "No he podido entenderlo. Vuelva a preguntar despacio y en inglés, o escriba su pregunta.",
        "it": "Non ho capito. Ripeta la domanda lentamente e in inglese, oppure la scriva.",
    },
    "voice_unreadable": {
        "en": "Sorry, I could not play that recording. Please send a voice message or type your question.",
        "de": "Entschuldigung, diese Aufnahme konnte ich nicht abspielen. Bitte senden Sie eine "
        "Sprachnachricht oder schreiben Sie Ihre Frage.",
        "fr": "Désolé, je n'ai pas pu lire cet enregistrement. Envoyez un message vocal ou écrivez "
        "votre question.",
        "es": "Lo siento, no he podido reproducir esta grabación. Envíe un mensaje de voz o escriba "
        "su pregunta.",
        "it": "Mi dispiace, non sono riuscito a riprodurre questa registrazione. Invii un messaggio vocale "
        "o scriva la sua domanda.",
    },
    "slow_down": {
        "en": "You are sending messages faster than I can answer. I will answer your latest ones; "
        "please send one question at a time.",
        "de": "Sie senden Nachrichten schneller, als ich antworten kann. Ich beantworte Ihre letzten; "
        "bitte senden Sie eine Frage nach der anderen.",
        "fr": "Vous envoyez des messages plus vite que je ne peux répondre. Je réponds aux derniers ; "
        "merci d'envoyer une question à la fois.",
        "es": "Está enviando mensajes más rápido de lo que puedo responder. Responderé a los últimos; "
        "por favor, envíe una pregunta cada vez.",
        "it": "Sta inviando messaggi più velocemente di quanto io possa rispondere. Risponderò agli ultimi; "
        "per favore invii una domanda alla volta.",
    },
    "admin_only": {
        "en": "Sorry, this command is for the bot's administrators only.",
        "de": "Dieser Befehl ist leider nur für die Administratoren des Bots.",
        "fr": "Désolé, cette commande est réservée aux administrateurs du bot.",
        "es": "Lo siento, este comando es solo para los administradores del bot.",
        "it": "Spiacente, questo comando è riservato agli amministratori del bot.",
    },
    "feedback_already": {
        "en": "Thanks, already noted.",
        "de": "Danke, bereits notiert.",
        "fr": "Merci, c'est déjà noté.",
        "es": "Gracias, ya está anotado.",
        "it": "Grazie, già registrato.",
    },
    "more_already_shown": {
        "en": "Already shown above.",
        "de": "Bereits oben gezeigt.",
        "fr": "Déjà affiché ci-dessus.",
        "es": "Ya se muestra arriba.",
        "it": "Già mostrato sopra.",
    },
}


def language_of(code: str | None) -> str:
    """The catalogue language for a Telegram language_code ("de", "pt-br", "fr_CA"); English otherwise."""
    if not code:
        return DEFAULT_LANGUAGE
    prefix = code.strip().replace("_", "-").split("-", 1)[0].casefold()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The bot's sentence `key` in the user's language, its placeholders filled (values pre-escaped)."""
    try:
        entry = CATALOGUE[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in the bot's catalogue") from None
    return entry[language_of(lang)].format(**fields)


def month_name(month: int, lang: str | None = None) -> str:
    """The month's name in the user's language (1 = January)."""
    return _MONTHS[language_of(lang)].split()[month - 1]
