"""What kind of message this is before any search: a greeting, thanks, or a request for medical advice.

Patterns cover the five languages the bot speaks. Medical advice is refused whatever the index holds, but only
advice about a person's own (or a relative's) health: symptoms, diagnosis, treatment, dose, which test to take.
A stakeholder asking about research, organisations, funding, documents or events that mention a disease, or
who writes "can I" / "my", gets an ordinary answer; so does a professional named with a disease ("a diabetes
nurse") or a line of work ("my disease area", "our screening programme") asking how to take part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final, Literal

from knowledge.countries import countries_named
from knowledge.medicines import MEDICINE_MARK, mark_medicines
from knowledge.spelling import common_english_words

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

# ---- Vocabulary -------------------------------------------------------------------------------------------
# General words of each language, one line per language (en, de, fr, es, it), entries separated by commas.
# An entry is a regex fragment matched as a whole word: `\w*` lets a stem cover a word's forms, `?` an ending.

# Relatives whose health the asker may ask about ("my mother", "mio figlio").
KIN: Final = r"""
    mother, mum, mom, father, dad, parents?, child, children, kids?, son, daughter, baby, wife, husband,
        brother, sister, grandmother, grandfather, grandma, grandpa, aunt, uncle, family member, friend,
        girlfriend, boyfriend, (?:mother|father|sister|brother|son|daughter)-in-law, in-laws
    mutter, mama, vater, papa, schwieger\w+, eltern, kind, kinder, sohn, tochter, baby, frau, mann, ehemann, ehefrau, bruder,
        schwester, oma, opa, gro(?:ß|ss)mutter, gro(?:ß|ss)vater, tante, onkel, freund, freundin
    m[èe]re, p[èe]re, maman, parents, enfants?, fils, fille, b[ée]b[ée], femme, mari, fr[èe]re, s(?:œ|oe)ur,
        grand-m[èe]re, grand-p[èe]re, tante, oncle, ami, amie, compagne, compagnon, belle-m[èe]re, beau-p[èe]re,
        belle-s(?:œ|oe)ur, beau-fr[èe]re, beaux-parents
    madre, padre, padres, mamá, papá, hij[oa]s?, beb[ée], esposa?, marido, herman[oa]s?, abuel[oa]s?, t[ií][oa], amig[oa],
        novi[oa], pareja, suegr[oa]s?, cu[ñn]ad[oa]
    mamma, pap[àa], genitori, figli[oa]?, figlie, bambin[oa], moglie, marito, fratello, sorella, nonn[oa], zi[oa],
        amic[oa], compagn[oa], fidanzat[oa], suocer[oa], cognat[oa]
"""
# Colleagues: "my colleague is sick and cannot attend" tells of no ailment of the asker's own.
COLLEAGUE: Final = r"""
    colleagues?, co-workers?, coworkers?
    kolleg(?:e|en|in|innen)
    coll[èe]gues?
    colegas?
    collega, colleghi, colleghe
"""
# People a message may present as a case, without "my": by sex or age ("a woman of 62", "un homme de 55 ans",
# "a 4-year-old"); with an age, they are a patient.
AGED_PERSON: Final = r"""
    woman, man, girl, boy, child, kid, baby, toddler, teenager, lady, gentleman, patient, dad, mum, mom, father,
        mother, husband, wife, grandma, grandpa, grandmother, grandfather
    frau, mann, m[äa]dchen, junge, patient(?:in)?, seniorin, senior, vater, mutter, ehemann, ehefrau, oma, opa
    femme, homme, fille, gar[çc]on, enfant, b[ée]b[ée], patiente?, dame, monsieur, p[èe]re, m[èe]re, mari
    mujer, hombre, ni[ñn][oa], chic[oa], beb[ée], paciente, se[ñn]ora, se[ñn]or, padre, madre, marido, esposa,
        abuel[oa]
    donna, uomo, ragazz[oa], bambin[oa], paziente, signora, signore, padre, madre, marito, moglie, nonn[oa]
"""
# Stopping a medicine ("stop taking", "arrêter", "absetzen", "dejar de tomar", "sospendere").
STOPPING: Final = r"""
    stop, stopping, stop taking, quit, quitting, come off, coming off
    absetzen, aufh[öo]ren mit, abbrechen
    arr[êe]ter, arr[êe]ter de prendre, interrompre
    dejar de tomar, suspender, interrumpir
    sospendere, smettere, smettere di prendere, interrompere
"""
# Someone close whose health one may ask about without "my": "a test for a friend", "für einen Nachbarn".
FRIEND: Final = r"""
    friend, neighbou?r
    freund(?:in)?, nachbar(?:in|n)?
    amie?, voisine?
    amig[oa], vecin[oa]
    amic[oa], vicin[oa]
"""
# One's own doctor: "my doctor says I need a biopsy", "mein Arzt empfiehlt eine Genanalyse".
DOCTOR: Final = r"""
    doctor, gp, physician, oncologist, cardiologist, neurologist, specialist, paediatrician, pediatrician
    arzt, [äa]rztin, haus[äa]rzt\w*, onkolog\w*, kardiolog\w*, neurolog\w*, facharzt, kinderarzt
    m[ée]decin, g[ée]n[ée]raliste, oncologue, cardiologue, neurologue, sp[ée]cialiste, p[ée]diatre
    m[ée]dic[oa], doctor[a]?, onc[óo]log[oa], cardi[óo]log[oa], neur[óo]log[oa], especialista, pediatra
    medico, dottor[e]?, dottoressa, oncologo, cardiologo, neurologo, specialista, pediatra
"""
# Ailments one has or feels: symptoms.
SYMPTOM: Final = r"""
    symptoms?, pains?(?!\s+points?), painful, aches?, headaches?, migraines?, fever, cough\w*, nausea, dizz\w*, rash(?:es)?,
        lump(?!\s+sums?),
        side[- ]effects?, tingling, numbness, \w*ausschlag, kribbeln, taubheit\w*, fourmillements?,
        [ée]ruptions?(?: cutan[ée]es?)?, erupci[óo]n(?:es)?(?: cut[áa]neas?)?, hormigueo, eruzion[ei](?: cutane[ae])?, formicolio,
        insomnia, sleeplessness, schlaflosigkeit, insomnie, insomnio, insonnia, hair loss, hair falling out, haarausfall, chute de cheveux, ca[ií]da del pelo, caduta dei capelli,
        nebenwirkung\w*, effets? (?:secondaires?|ind[ée]sirables?), efectos? (?:secundarios?|adversos?),
        effett[oi] collateral[ei],
        bleeding, fatigue, vomit\w*, diarrh\w*, hurts?, sore(?!\s+points?), sick, ill, unwell, bleeds, tremors?,
        trembling, zittern, tremor, tremblements?, temblores?, tremori?, cramps?, kr[äa]mpfe?, crampes?, calambres?,
        crampi?, itch, itchy, itching(?!\s+(?:to\b|questions?\b|with\b|for\s+(?!(?:a|an|one|two|three|few|several|many|\d+|no|the|about|over|some|almost|nearly)\b|(?:days|weeks|months|years)\b))), red (?:patch|spot|blotch|dot|bump)\w*, bruises?, ha?ematomas?
    symptome?, schmerz\w*, \w+schmerz\w*, fieber, husten, übelkeit, schwindel\w*, ausschlag, knoten, blutung\w*,
        erbrechen, durchfall, krank, weh, hustet, erbricht, blutet, juckreiz, juckt, jucken, rote flecken,
        blaue flecken, hämatom\w*
    sympt[ôo]mes?, douleurs?, (?<!pas\s)(?<!marche\s)(?<!fonctionne\s)(?<!va\s)(?<!vont\s)(?<!funciona\s)(?<!anda\s)(?<!van\s)mal, maux, fi[èe]vre, toux, naus[ée]es?, vertiges?, saignements?, vomissements?,
        diarrh[ée]e, malade, tousse, vomit, saigne, d[ée]mangeaisons?, d[ée]mange, prurit, plaques rouges,
        (?:des|mes|ses|de|plein de) bleus, h[ée]matomes?
    s[ií]ntomas?, dolor(?:es)?, fiebre, tos, n[áa]useas?, mareos?, sarpullido, bulto, sangrado, v[óo]mitos?,
        diarrea, enferm[oa], duel[ea]n?, tose, vomita, sangra, picor\w*, picaz[óo]n, comez[óo]n, manchas rojas,
        moratones?, hematomas?
    sintom[io], dolor[ei], (?<!funziona\s)(?<!va\s)(?<!vanno\s)(?<!arrivano\s)(?<!andr[àa]\s)male, febbre, tosse, nausea, vertigin[ei], nodulo, sanguinamento, vomito, diarrea,
        malat[oa], tossisce, vomita, sanguina, prurito, macchie rosse, lividi, ematom[ai],
        (?<=mi\s)prude(?!\s+(?:la\s+lingua|il\s+naso|la\s+mano)), (?<=mi\s)prudono(?!\s+le\s+mani\s+(?:dalla|per))
"""
# Diseases and conditions.
CONDITION: Final = r"""
    cancers?, tumou?rs?, leuka?emia, lymphoma, diabet\w*, asthma, epilep\w*, parkinson'?s?, alzheimer'?s?,
        dementia, depress\w*, anxiety, infection, flu, covid\w*, hiv, vih, hepatitis, strokes?, heart attacks?,
        blood pressure, hypertension, cholesterol, (?:kidney|renal|liver|heart) failure, \w+insuffizienz,
        insuffisance (?:r[ée]nale|cardiaque|h[ée]patique|respiratoire), insuficiencia (?:renal|card[ií]aca|hep[áa]tica|respiratoria),
        insufficienza (?:renale|cardiaca|epatica|respiratoria), arthritis, allerg\w*, disease, illness, disorder,
        pregnan\w*, miscarriages?, syndrome, migraines?, diagnosis, mutations?, (?:gene|genetic|pathogenic|germline|\w+\d)\s+variants?, autism, adhd, obesity, thyroid, eczema,
        ulcers?, cysts?, seizures?, \w*sclerosis, autistic, diabetic, epileptic, asthmatic, \w+itis, \w+osis, \w+iasis,
        \w*(?:carcin|melan|gli|lymph|myel|sarc|blast)omas?
    krebs, \w+krebs, tumor(?:e|en)?, leuk[äa]mie, lymphom, diabetes, asthma, epilepsie, demenz, depression\w*,
        infektion, grippe, herzinfarkt\w*, schlaganfall, blutdruck, cholesterin, arthritis, allergie, krankheit,
        erkrankung, fehlgeburt\w*, \w+erkrankung(?:en)?, \w+krankheit(?:en)?, schwanger\w*, (?:\w+-)?syndrom, migr[äa]ne, diagnose, \w+itis, mutation, autismus, adhs,
        adipositas, übergewicht, schilddr[üu]se, ekzem, geschwür, zyste, anf[äa]ll\w*, \w*sklerose,
        mukoviszidose, \w+ose, autistisch, diabetiker\w*, epileptiker\w*, asthmatiker\w*,
        \w*(?:karzin|melan|gli|myel|sark|blast)om
    cancers?, tumeurs?, leuc[ée]mie, lymphome, diab[èé]t\w*, asthme, [ée]pilepsie, d[ée]mence, d[ée]pression,
        infection, grippe, avc, infarctus, tension, hypertension, cholest[ée]rol, arthrite, allergie,
        maladies?, enceinte, grossesse, fausses? couches?, grains? de beaut[ée], syndrome, mucoviscidose, migraines?, diagnostic, mutations?,
        variantes? de signification, autisme, tdah, ob[ée]sit[ée], thyro[ïi]de, ecz[ée]ma, ulc[èe]re, kyste, crises?, scl[ée]rose,
        autiste, [ée]pileptique, asthmatique, \w*(?:carcin|m[ée]lan|gli|my[ée]l|sarc|blast)ome
    c[áa]ncer, tumor(?:es)?, leucemia, linfoma, diab[ée]t\w*, asma, epilepsia, alzh[ée]imer, demencia,
        depresi[óo]n, infecci[óo]n, gripe, infartos?, ictus, presi[óo]n arterial, hipertensi[óo]n, colesterol,
        artritis, alergia, enfermedad(?:es)?, embarazad[oa], embarazo, abortos? espont[áa]neos?, s[ií]ndrome, migra[ñn]as?,
        diagn[óo]stico, \w+itis, \w+osis, mutaci[óo]n, autismo, tdah, obesidad, tiroides, eccema,
        [úu]lcera, quiste, convulsi[óo]n\w*, esclerosis, autista, epil[ée]ptic[oa], asm[áa]tic[oa]
    cancro, tumor[ei], aborti? spontane[oi], leucemia, linfoma, diabet\w*, asma, epilessia, demenza, depressione, infezione,
        influenza, infarto, ictus, pressione, ipertensione, colesterolo, artrite, allergia, malattia, malattie,
        incinta, gravidanza, sindrome, emicrania, diagnosi, \w+iasi, mutazione, autismo, adhd, obesit[àa],
        tiroide, eczema, ulcera, cisti, convulsion[ei], sclerosi, autistic[oa], epilettic[oa], asmatic[oa]
"""
# Medicines and treatments, with the common names and international name stems of medicines.
# Medicines by name, and by the stems of their international non-proprietary names (WHO INN: "-mab", "-nib",
# "-pril", "-statin", "-olol", ...) with the endings of the five languages ("bisoprololo", "tamoxifène"): a
# medicine whatever the vocabulary lists. The names of knowledge/medicine_names.txt reach the patterns as
# MEDICINE_MARK (knowledge/medicines.py).
MEDICINE_NAMES: Final = rf"""
    {MEDICINE_MARK}, aspirin[ae]?, ibuprof[eè]n[eo]?, parac[eé]tamol[eo]?, acetaminoph[eè]ne?, cortison[ea]?,
        kortison, morphin[ea]?, metformin[ae]?, opioid\w*, \w+farin[ae]?, \w+grel, \w+trexat\w*, \w+olol[oi]?,
        (?!april|abril)\w+pril, \w+ox[eé]tin[ae]?, \w+tralin[ae]?, \w+alopram, \w+az[eé]pam[eo]?, \w+zolam[eo]?,
        \w+cyclin[ae]?, \w+floxacin[ae]?, \w+gliptin[ae]?, \w+gliflozin[ae]?, \w+dronat[eo]?,
        \w*predn?isol?on[ea]?, \w*methason[ea]?, \w*statin(?:a|as|e|es|s|i)?, \w+mab, \w+nib, \w+parib,
        \w+ciclib, \w+platin[ae]?, \w+taxel, \w+rubicin[ae]?, \w+xif[eè]n[eo]?, \w*prof[eè]n[eo]?, \w*cillin\w*,
        \w*mycin\w*, \w*prazol\w*, \w+zol[eo]?, \w*sartan\w*, \w+parin[ae]?, \w+xaban, \w+gatran,
        \w*th?yroxin[ae]?, \w*tiroxin[ae]?, \w+s[eé]mid[ea]?, \w+thiazid[ea]?, \w+dipin[ae]?, \w+triptan[eo]?,
        \w+s[eé]tron[eo]?, \w+pramin[ae]?, \w+lukast, \w+navir, \w+ciclovir, \w+fovir
"""
TREATMENT: Final = (
    r"""
    medications?, medicines?, meds, drugs?, pills?, tablets?, capsules?, doses?, dosage, prescriptions?,
        prescribed, treatments?, \w*therap\w*, chemo\w*, radiotherapy, surgery, operation, vaccin\w*, injections?,
        antibiotics?, antidepressants?, painkillers?, insulin, inhaler, radiation, biologics?, anticoagul\w*,
        blood thinners?
    medikament\w*, tabletten?, arznei\w*, verschrieb\w*, pillen?, dosis, behandlung, therapie, \w+therapie, chemo\w*,
        operation, impfung, spritze, antibiotik\w*, antidepressiv\w*, schmerzmittel, insulin, bestrahlung\w*,
        chirurgie, biologika, gerinnungshemm\w*, blutverd[üu]nn\w*
    m[ée]dicaments?, traitements?, \w*th[ée]rapies?, prescrit\w*, chimio\w*, chirurgie, op[ée]ration, vaccins?, piq[ûu]res?,
        antibiotiques?, antid[ée]presseurs?, antidouleurs?, comprim[ée]s?, pilules?, doses?, posologie, insuline, ordonnance
    medicamentos?, medicaci[óo]n, f[áa]rmacos?, recetad[oa]s?, prescrit[oa]s?, pastillas?, dosis, tratamientos?, \w*terapias?, quimio\w*,
        cirug[ií]a, operaci[óo]n, vacunas?, inyecci[óo]n, antibi[óo]ticos?, antidepresivos?, insulina, receta
    farmac[oi], medicin[ae], medicinal[ei], prescritt[oaie], pastigli[ae], compress[ae], dos[ei], dosaggio, cur[ae],
        \w*terapi[ae], chemio\w*, chirurgia, operazione, vaccin[oi], iniezion[ei], antibiotic[oi], antidepressiv[oi],
        insulina, ricetta
"""
    + MEDICINE_NAMES
)
# Tests a person might take about their own health ("which test should I take").
TEST: Final = r"""
    tests?, testing, genetic tests?, dna tests?, blood tests?, screening, biopsy, scan, mri, mammogra\w*,
        check-?up, genome, dna
    tests?, gentests?, bluttests?, untersuchung, \w+untersuchung, vorsorge\w*, biopsie, genanalyse,
        genom, dna, blutwerte
    tests?, analyses? (?:de sang|sanguines?|g[ée]n[ée]tiques?|d' urine|d'urine|m[ée]dicales?), prise de sang, d[ée]pistage, biopsie, irm, mammographie, bilan, g[ée]nome, adn
    pruebas?, test, an[áa]lisis (?:de sangre|de orina|gen[ée]ticos?|cl[ií]nicos?), cribado, biopsia, resonancia, mamograf[ií]a, chequeo, genoma, adn
    test, esam[ei], analisi (?:del sangue|delle urine|genetic(?:a|he)|cliniche), biopsia, risonanza, mammografia, genoma, dna
"""
# Doing something about one's health: take, stop, start, try, undergo, be tested ... (not "take part").
CARE: Final = r"""
    take(?!\s+(?:part|a look|place|into|note|advantage)), takes, taking, stop\w*, start\w*, try, trying, switch,
        combine, mix, skip, quit, continue, undergo, get tested, get vaccinated, see a doctor, increase, reduce,
        lower, follow, get, give, inject
    nehmen, nehme, einnehmen, absetzen, aufh[öo]ren, anfangen, versuchen, wechseln, kombinieren,
        machen lassen, impfen lassen, testen lassen, geben, spritzen, bekommen, machen
    prendre(?!\s+part), arr[êe]ter, commencer, essayer, changer, combiner, continuer, faire, suivre, donner, injecter
    tomar(?!\s+parte), tomarl[oa]s?, tomo, dejar, empezar, probar, cambiar, combinar, seguir, hacer\w*, dar\w*, inyectar\w*
    prendere(?!\s+parte), prendo, smettere, sospendere, iniziare, cominciare, provare, cambiare, combinare,
        continuare, fare, seguire, dare, dargli, darle, iniettare
"""
# Asking what to do: a modal with the person concerned, or an impersonal "is it safe to".
ADVICE: Final = r"""
    (?:should|shall|can|could|may|must) (?:i|he|she|we), do (?:i|we) need to, is it (?:safe|ok|okay|dangerous)
    (?:soll|sollte|kann|darf|muss) ich, (?:soll|sollte|kann|darf|muss) (?:er|sie), ist es gef[äa]hrlich,
        (?:soll|sollte|muss) sich (?:mein\w*|sein\w*|ihr\w*) (?:freund(?:in)?|partner(?:in)?|frau|mann|mutter|vater|tochter|sohn|schwester|bruder|oma|opa|kind|eltern|kolleg\w*|nachbar\w*|schwieger\w+)(?=.*\b(?:testen|untersuchen|impfen|behandeln|operieren) lassen\b)
    dois-je, devrais-je, puis-je, peut-il, peut-elle, doit-il, doit-elle,
        (?:mon|ma|mes) (?:grand-)?(?:m[èe]re|p[èe]re|maman|papa|fils|fille|fr[èe]re|s(?:œ|oe)ur|mari|femme|ami|amie|partenaire|compagne?|compagnon|enfants?|parents) devrai(?:t|ent)-(?:il|elle|ils|elles) (?:faire|passer) (?:un|une|des) (?:tests?|d[ée]pistages?|analyses?|bilans?|prises? de sang|irm|biopsies?|s[ée]quen[cç]ages?),
        je dois, je peux, est-ce dangereux
    debo, deber[ií]a, puedo, puede, tengo que, es peligroso
    devo, dovrei, posso, deve, dovrebbe, pu[òo], [èe] pericoloso
    (?:should|can|could|may|must|soll|sollte|kann|darf|muss|doit|peut|devrait|debe|deber[ií]a|puede|deve|dovrebbe|pu[òo]) (?:my|our|mein\w*|unser\w*|mon|ma|notre|mi|nuestr[oa]|mio|mia|il mio|la mia)
"""
# Asking for an amount, and the units a dose is given in.
AMOUNT: Final = r"""
    how much, how many, what, which, maximum, right
    wie viel\w*, welche\w*
    combien, quel\w*
    cu[áa]nt[oa]s?, qu[ée], cu[áa]l
    quant[oaie], quale, quali
"""
DOSE_UNIT: Final = r"""
    doses?, dosage, amount, mg, milligrams?, micrograms?, units, drops, tablets?, pills?, (?:a|per) day
    dosis, menge, milligramm, tropfen, tabletten?, (?:pro|am) tag
    doses?, posologie, quantit[ée], milligrammes?, gouttes, comprim[ée]s?, par jour
    dosis, cantidad, miligramos?, gotas, pastillas?, al d[ií]a, por d[ií]a
    dos[ei], dosaggio, quantit[àa], milligrammi, gocce, compress[ae], pastigli[ae], al giorno
"""
# Units a dose of a medicine is weighed or measured in: "75 mg", "how many milligrams" ask a dose whatever the
# medicine is called.
MASS_UNIT: Final = r"""
    milligrams?, micrograms?, millilit(?:er|re)s?
    milligramm, mikrogramm, milliliter
    milligrammes?, microgrammes?, millilitres?
    miligramos?, microgramos?, mililitros?
    milligrammi, microgrammi, millilitri
"""
# Their abbreviations, read only after a figure ("5 mg"; "ML methods", "the UI" are no doses).
MASS_ABBREVIATION: Final = r"""
    mg, mcg, µg, ml, iu, ui
"""
# Asking whether a health matter is normal, serious or dangerous ("Is that a normal side effect?", "c'est
# normal ?", "è pericoloso?"): with an ailment or a medicine in the message, a question about someone's health.
JUDGEMENT: Final = r"""
    is (?:that|this|it) (?:a |an )?(?:normal|common|usual|dangerous|serious|safe|bad|worrying|harmful)
    ist (?:das|es|dies) (?:\w+ )?(?:normal|gef[äa]hrlich|schlimm|bedenklich|ernst)
    c' est (?:\w+ )?(?:normal|grave|dangereux|inqui[ée]tant), est-ce (?:\w+ )?(?:normal|grave|dangereux)
    es (?:\w+ )?(?:normal|peligroso|grave|preocupante)
    [èe] (?:\w+ )?(?:normale|pericoloso|grave|preoccupante)
"""
# A result of one's own test, and asking what it means ("Mon résultat HER2 ..., qu'est-ce que ça veut dire ?").
RESULT: Final = r"""
    results?, values?, levels?, readings?
    ergebnis\w*, befund\w*, wert\w*
    r[ée]sultats?, valeurs?, taux
    resultados?, valores?, niveles?
    risultat[oi], valor[ei], livell[oi], referto
"""
MEANING: Final = r"""
    mean, means, meaning, stand for
    bedeutet, bedeuten, was hei(?:ß|ss)t das, was hei(?:ß|ss)t (?:dieser|der|dieses|das) \w+
    veut dire, veulent dire, signifie, signifient
    significa, significan, quiere decir
    significa, significano, vuol dire, vogliono dire
"""
# Whether one should take a test or a treatment, asked of anyone ("Kann EP PerMed mir sagen, ob ich einen
# Gentest machen sollte?"): the German verb comes last.
SHOULD_I: Final = r"""
    (?:whether|if) (?:i|we) (?:should|need to|ought to|must)
    ob ich
    si je (?:dois|devrais|dev(?:r)?ais)
    si (?:debo|deber[ií]a|tengo que)
    se (?:devo|dovrei|debba)
"""
# The asker as the subject of having or feeling (Spanish and Italian drop the pronoun: "tengo", "ho").
SELF: Final = r"""
    i
    ich
    je
    yo
    io
"""
SELF_HAVING: Final = r"""
    i've, i'?ve got, i feel, i'm feeling, i am feeling, i need, i'?ll need, i carry,
        (?:i'm|i am|as) (?:a patient|someone|somebody|a person) with
    habe ich, hab ich, und habe, und hab, hatte ich, leide ich, ich brauche, brauche ich, ich f[üu]hle mich,
        ich trage,
        (?:ich bin|als) patient(?:in)? mit
    j' ai, j' avais, je me sens, j' ai besoin d' une?, je porte, (?:je suis|en tant que) (?:une? )?patiente?
    tengo(?!\s+que), ten[ií]a, sufro, padezco, me siento, necesito, (?:soy|como) (?:una? )?paciente (?:con|de)
    ho, avevo, soffro, mi sento, ho bisogno di, porto, (?:sono|come) (?:una? )?paziente (?:con|di)
"""
# Statements of pain that need no ailment word after them ("my head hurts", "me duele el pecho").
SELF_HURTING: Final = r"""
    my \w+ hurts?, my \w+ aches?, it hurts
    mir tut \w+ \w* ?weh, tut mir \w+ weh
    j' ai mal
    me duel[ea]n?
    mi fa male, mi fanno male
"""
# Asking whether an ailment is what one has ("could it be Alzheimer's").
SELF_DIAGNOSIS: Final = r"""
    (?:could|might|may) (?:it|this|that) be, do i have, have i got
    k[öo]nnte (?:es|das) \w* ?sein, habe ich
    (?:ce serait|cela pourrait [êe]tre|ça pourrait [êe]tre|serait-ce|est-ce que c' est), ai-je
    (?:podr[ií]a|puede) ser, (?:ser[áa]|tengo)
    (?:potrebbe|pu[òo]) essere, (?:sar[àa]|ho)
"""
# Being diagnosed: with the person named just before, a question about their health whatever the ailment.
DIAGNOSED: Final = r"""
    diagnosed
    diagnostiziert, festgestellt
    diagnostiqu[ée]e?, d[ée]tect[ée]e?
    diagnosticar\w*, diagnosticad[oa], detectar\w*, detectad[oa]
    diagnosticat[oa], riscontrat[oa]
"""
# Taking a medicine regularly, after "I" or "my mother": "I take statins" (not "I take part").
TAKING: Final = r"""
    take(?!\s+(?:part|a look|place|into|note|advantage)), takes, took, am taking, is taking, use, uses, using
    nehme(?!\s+\w+\s+teil), nimmt(?!\s+\w+\s+teil), nahm
    prends, prend, prenais, suis sous, est sous
    toma, tomaba, est[áa] tomando
    prende, prendeva, sta prendendo
"""
# The same in Spanish and Italian without the pronoun: "estoy tomando antibióticos", "sto prendendo ...".
SELF_TAKING: Final = r"""
    tomo, estoy tomando
    prendo, sto prendendo
"""
# The asker as the object: "me diagnosticaron", "mir wurde", "on m'a".
SELF_OBJECT: Final = r"""
    me
    mir, mich, bei mir
    m', me
    me
    mi, mi hanno
"""
# Prepositions of purpose: "a treatment for my psoriasis", "Medikament gegen meine Migräne".
FOR: Final = r"""
    for, against
    für, gegen
    pour, contre
    para, contra
    per, contro
"""
# Asking for a recommendation addressed to oneself.
RECOMMEND: Final = r"""
    recommend, suggest, prescribe, suits?, is best for
    empfehlen, empfiehlst, empfiehlt, raten, r[äa]tst, passt
    recommandez, recommandes, conseillez, conseilles, conseiller, recommander, convient
    recomiendas?, recomiendan, aconsejas?, aconsejan, recomendar, conviene
    consigli, consiglia, consigliate, consigliare, raccomandi, raccomanda, conviene, va bene per
"""
# Having, suffering from, being diagnosed with or prescribed.
HAVING: Final = r"""
    have, has, had, having, got, suffers?, suffering, feels?, (?:was|were|been|got) diagnosed, diagnosed,
        prescribed
    habe, hat, hatte, leide\w*, f[üu]hlt, diagnostiziert, verschrieben
    ai, a, avait, souffre\w*, sent, diagnostiqu[ée]e?, prescrit
    tiene, ten[ií]a, sufre, padece, le diagnosticaron, diagnosticad[oa], le recetaron, recetad[oa]
    ha, aveva, soffre, diagnosticat[oa], prescritt[oa]
"""
# Documents one may ask about: "is the treatment guide useful for me?" asks about a document.
DOCUMENT: Final = r"""
    guides?, guidelines?, guidance, documents?, sheets?, leaflets?, brochures?, versions?, overviews?,
        summar(?:y|ies), factsheets?, handbooks?, manuals?, texts?, abstracts?, faqs?, pdfs?, topics?, portal,
        websites?
    leitf[äa]den, dokument\w*, merkbl[äa]tt\w*, brosch[üu]re\w*, übersicht\w*, text, texte, thema, themen
    guides?, documents?, fiches?, brochures?, r[ée]sum[ée]s?, textes?, th[èe]mes?
    gu[ií]as?, documentos?, fichas?, folletos?, res[úu]men(?:es)?, textos?, temas?
    guid[ae], document[oi], schede?, opuscol[oi], riassunt[oi], test[oi], tem[ai]
"""
# The same for English "I" alone: the other languages' "a" / "ha" would read "I get a ..." as "I have".
HAVING_EN: Final = r"""
    have, has, had, having, got, suffers?, suffering, feels?, (?:was|were|been|got) diagnosed, diagnosed,
        prescribed
"""
SELF_NOT_EN: Final = r"""
    ich, je, yo, io
"""
# Being in a state ("I am pregnant", "sono malata"): the state must follow at once.
BEING: Final = r"""
    am, is
    bin, ist
    suis, est
    estoy, est[áa]
    sono, [èe]
"""
# Possessives that make an ailment or a medicine someone's own ("my pills", "mi diabetes").
# "Our", in the five languages: also what makes a message speak for an organisation (`_OURS`).
OUR: Final = r"""
    our
    unser\w*
    notre, nos
    nuestr[oa]s?
    nostr[oaie]
"""
POSSESSIVE: Final = (
    r"""
    my
    mein\w*
    mon, ma, mes
    mi, mis
    mio, mia, miei, mie
"""
    + OUR
)
# What links an ailment or a medicine to whose it is, when the owner follows ("the cancer of my husband"):
# the genitive only ("for my son" is `_FOR_THEMSELVES`, which knows the uses that are not care).
OWNER_OF: Final = r"""
    of
    von
    de, du, des
    de, del
    di, del, della, dello, dei, degli, delle
"""
# Organisations, work, documents and research: with these in the sentence, "can I" or "my" is not about health.
ORGANISATION: Final = r"""
    institutes?, institution, organi[sz]ations?, company, companies, firm, start-?ups?, business, hospitals?,
        clinic, university, lab, laboratory, team, group, department, region, country, state, ministry,
        government, agency, foundation, association, network, consortium, projects?, proposal, application,
        presentation, talk, slides, paper, thesis, article, report, research\w*, study, studies, field,
        employer, biomarkers?, genomics, data, samples, registry, trials?, cohort, patients,
        funding, calls?, partnership, partners?, infosheets?, sria, pre-?proposals?, samples?, submitted, submission,
        consortia, smes?, budget, annex(?:es)?, templates?, calendar, timeline, administrative
    institut\w*, \w*organisation\w*, \w+verband, \w*verein\w*, \w+gruppe, firma, unternehmen, startup, krankenhaus, klinik, universit[äa]t, labor,
        gruppe, abteilung, region, land, bundesland, ministerium, regierung, beh[öo]rde, stiftung, verband,
        netzwerk, projekt\w*, antrag, pr[äa]sentation, vortrag, folien, forschung\w*, studie\w*,
        förderung, ausschreibung, partnerschaft, patienten, daten, konsorti\w*, kmu, förderlinie\w*, förderprogramm\w*, kalender,
        administrativ\w*, verwaltung\w*
    entreprise, soci[ée]t[ée], h[ôo]pital, clinique, universit[ée], laboratoire, [ée]quipe, groupe,
        d[ée]partement, r[ée]gion, pays, minist[èe]re, gouvernement, agence, fondation, r[ée]seau, projets?,
        candidature, pr[ée]sentation, expos[ée], thèse, rapport, recherches?, [ée]tudes?,
        financement, appel, partenariat, patients, essais?, donn[ée]es, pme, consortiums?, calendrier, administrati(?:f|ve|fs|ves)
    instituto, instituci[óo]n, organizaci[óo]n, empresa, compa[ñn][ií]a, hospital, cl[ií]nica, universidad,
        laboratorio, equipo, grupo, departamento, regi[óo]n, pa[ií]s, ministerio, gobierno, agencia,
        fundaci[óo]n, asociaci[óo]n, (?:la|una|nuestra|esta|esa|su|de)\s+red, red\s+(?:de|europea|nacional|internacional|tem[áa]tica), proyectos?, solicitud, propuesta, presentaci[óo]n, charla, tesis,
        informe, investigaci[óo]n, estudios?, financiaci[óo]n, convocatoria, pacientes, ensayos?, datos, consorcios?,
        pymes?, calendario, administrativ[oa]s?
    istitut[oi], istituzione, organizzazione, azienda, societ[àa], ospedale, clinica, universit[àa],
        laboratorio, squadra, gruppo, dipartimento, regione, paese, ministero, governo, agenzia, fondazione,
        associazione, rete, progett[oi], proposta, presentazione, relazione, tesi, rapporto, ricerca, studi[oi],
        finanziamento, bando, partenariato, pazienti, sperimentazion[ei], dati, consorzi[oi], pmi, calendario, amministrativ[oaie]
"""
# Places and trials of care among those: a sentence naming one still asks about someone's care ("Which
# hospital treats the cancer of my husband?").
CARE_SETTING: Final = r"""
    hospitals?, clinic, clinics, trials?, study, studies, patients
    krankenhaus, klinik, studie\w*, patienten
    h[ôo]pital, clinique, [ée]tudes?, patients, essais?
    hospital, cl[ií]nica, estudios?, pacientes, ensayos?
    ospedale, clinica, studi[oi], pazienti, sperimentazion[ei]
"""
# Words after "I have" that turn it into a question about a topic ("I have a question about cancer").
TOPIC: Final = r"""
    about, on, regarding, concerning, questions?, interest, experience, idea, background, training, degree,
        phd, career, job, expertise, knowledge, field
    zu, zum, zur, über, frage\w*, interesse, erfahrung, idee, hintergrund, ausbildung, abschluss, promotion,
        stelle, fachgebiet
    sur, concernant, questions?, int[ée]r[êe]t, exp[ée]rience, id[ée]e, formation, dipl[ôo]me, doctorat,
        poste, domaine
    sobre, acerca, preguntas?, inter[ée]s, experiencia, idea, formaci[óo]n, t[íi]tulo, doctorado, puesto,
        campo
    su, sul, sulla, sui, riguardo, domand[ae], interesse, esperienza, idea, formazione, laurea, dottorato,
        posto, campo
"""
# Sciences and fields: "cancer biology", "Krebsepidemiologie" name a subject of study, not an ailment.
FIELD: Final = r"""
    \w*log(?:y|ie|[íi]a)s?, genetics?, genomics?, medicine, sciences?, science, immunolog\w*, epidemiolog\w*
    \w*genetik, \w*genomik, \w*medizin, wissenschaft\w*
    g[ée]n[ée]tique, g[ée]nomique, m[ée]decine
    gen[ée]tica, gen[óo]mica, medicina, ciencias?
    genetica, genomica, medicina, scienz[ae]
"""

# What a disease may name in someone's work: "diabetes expertise", "cancer care", "a diabetes app".
WORK: Final = r"""
    expertise, care, apps?, software, tools?, platforms?, devices?, products?, pipelines?, calling, annotation,
        interpretation, keywords?, sections?, sums?, facilit(?:y|ies), cores?, costs?, budgets?, providers?,
        capacity, panels?, candidates?, posters?, homework, essays?, careers?, dissertations?
    expertise, versorgung, apps?, software, werkzeug\w*, plattform\w*, ger[äa]te?, produkt\w*
    expertise, soins, applications?, logiciels?, outils?, plateformes?, dispositifs?, produits?
    experiencia, atenci[óo]n, aplicaci[óo]n, software, herramientas?, plataformas?, dispositivos?, productos?
    competenz[ae], cura, app, software, strumenti, strumento, piattaform[ae], dispositiv[oi], prodott[oi]
"""
# Organs and lumps one may have removed: "Should she have her ovaries removed?", "get a cyst taken out".
ORGAN: Final = r"""
    ovar(?:y|ies), uterus, womb, breasts?, thyroid, gallbladder, appendix, tonsils, prostate, kidneys?, polyps?,
        lumps?, cysts?, moles?, tumou?rs?, lymph nodes?, teeth, tooth, wisdom teeth, spleen
"""
# Professional roles: "a diabetes nurse", "Krebsforscherin", "a cancer patient advocate" name someone's work.
# German compounds carry the disease inside the word, so the stems take a prefix.
ROLE: Final = r"""
    nurses?, physicians?, clinicians?, doctors?, pharmacists?, researchers?, scientists?, advocates?,
        representatives?, specialists?, consultants?, surgeons?, practitioners?, educators?, counsell?ors?,
        coordinators?, managers?, officers?, experts?, professionals?, \w+ologists?, geneticists?, dietitians?,
        midwi(?:fe|ves), investigators?, staff, workers?, volunteers?, charity, charities,
        societ(?:y|ies), organi[sz]ations?, groups?
    \w*pfleger(?:in|innen)?, \w*pflegekr[äa]ft\w*, \w*fachkr[äa]ft\w*, \w*schwester\w*, \w*[äa]rzt(?:in|e|innen)?,
        \w*mediziner(?:in|innen)?, \w*kliniker(?:in|innen)?, \w*apotheker(?:in|innen)?, \w*forscher(?:in|innen)?,
        \w*wissenschaftler(?:in|innen)?, \w+olog(?:e|en|in|innen), \w*berater(?:in|innen)?,
        \w*vertreter(?:in|innen)?, \w*vertretung,
        \w*selbsthilfe\w*, \w*expert(?:e|in|en|innen)?, \w*beauftragte[rn]?, \w*koordinator(?:in|en|innen)?
    infirmi[èe]re?s?, m[ée]decins?, clinicien(?:ne)?s?, pharmacien(?:ne)?s?, chercheu(?:r|se)s?, scientifiques?,
        repr[ée]sentante?s?, d[ée]fenseu(?:r|se)s?, porte-parole, sp[ée]cialistes?, \w+logues?, sages-femmes?,
        coordinat(?:eur|rice)s?, responsables?, b[ée]n[ée]voles?
    enfermer[oa]s?, m[ée]dic[oa]s?, cl[ií]nic[oa]s?, farmac[ée]utic[oa]s?, investigador(?:a|es|as)?,
        cient[ií]fic[oa]s?, representantes?, defensor(?:a|es|as)?, especialistas?, \w+[óo]log[oa]s?, portavoz,
        coordinador(?:a|es|as)?, responsables?, voluntari[oa]s?
    infermier[ei]?, infermiera, medic[oi], clinic[oi], farmacist[aie], ricercat(?:ore|rice|ori|rici),
        scienziat[oaie], rappresentant[ei], portavoce, specialist[aie], \w+olog[oaie], coordinat(?:ore|rice|ori),
        responsabil[ei], volontari[oa]?
"""
# Where a disease names a line of work: "my disease area", "our cancer screening programme", "mi registro".
AREA: Final = r"""
    areas?, fields?, domains?, programmes?, programs?, portfolios?, services?, registr(?:y|ies), cohorts?,
        units?, wards?, centres?, centers?, specialt(?:y|ies), specialit(?:y|ies), initiatives?, campaigns?,
        networks?, biobanks?, databases?, focus, remit, sector
    \w*gebiet\w*, \w*bereich\w*, \w*programm\w*, \w*portfolio\w*, \w*dienst\w*, \w*register\w*,
        \w*kohorte\w*, \w*station, \w*zentrum, \w*zentren, \w*ambulanz, \w*schwerpunkt\w*, \w*biobank\w*,
        \w*datenbank\w*, \w*netzwerk\w*
    domaines?, secteurs?, programmes?, portefeuilles?, services?, registres?, cohortes?, unit[ée]s?, centres?,
        fili[èe]res?, sp[ée]cialit[ée]s?, th[ée]matiques?, axes?, r[ée]seaux?, biobanques?
    [áa]reas?, campos?, [áa]mbitos?, sectores?, programas?, carteras?, portafolios?, servicios?, registros?,
        cohortes?, unidad(?:es)?, centros?, especialidad(?:es)?, l[ií]neas?, redes?, biobancos?
    aree?, ambit[oi], settor[ei], campi, programm[ai], portafogli[oi]?, serviz[io], registr[oi], coort[ei],
        unit[àa], centr[oi], specialit[àa], line[ae], reti, biobanc(?:a|he)
"""
# Taking part, applying, being funded or trained: a sentence about these asks about EP PerMed, not about health.
PARTICIPATION: Final = r"""
    join, joining, take part, taking part, participate, participating, participation, get involved,
        involved, involvement, apply for, applying for, fund, funds, funded, grants?, training, courses?,
        workshops?, webinars?, events?, members?, membership, contribute, collaborate, eligible, eligibility
    mitmachen, mitwirken, teilnehmen, teilnahme, beteilig\w*, einbringen, bewerben, bewerbung, einreichen,
        f[öo]rder\w*, gef[öo]rdert, finanzier\w*, fortbildung\w*, weiterbildung\w*, schulung\w*, kurs\w*,
        veranstaltung\w*, mitglied\w*
    participer, participation, rejoindre, adh[ée]rer, impliquer, candidater, postuler, financ\w*,
        finance-t-(?:il|elle|on),
        formations?, ateliers?, cours, [ée]v[ée]nements?, membres?, contribuer, collaborer, [ée]ligibles?
    participar, participaci[óo]n, unirse, unirme, involucrar\w*, implicar\w*, solicitar, postular\w*,
        financia\w*, formaci[óo]n, cursos?, talleres?, jornadas?, eventos?, miembros?, contribuir, colaborar,
        elegibles?
    partecipare, partecipazione, aderire, unirsi, unirmi, coinvolt[oaie], coinvolgere, candidar\w*,
        finanzia\w*, formazione, corsi, corso, eventi?, membri, membro, contribuire, collaborare,
        ammissibil\w*
"""


def _words(block: str, *, tail: str = r"(?![\w-])") -> str:
    """One regex alternation, matched as whole words, from a vocabulary block (commas between entries); `tail`
    is what may not follow (a medicine's name may open a compound, "Methotrexat-Nebenwirkungen")."""
    entries = [e.strip() for e in block.replace("\n", ",").split(",") if e.strip()]
    return r"(?<![\w'-])(?:" + "|".join(e.replace(" ", r"\s+") for e in entries) + r")" + tail


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# ---- Building blocks ----------------------------------------------------------------------------------------
_ANY = r"[^\w']+"  # what separates two words
_WORD = r"[\w'-]+"
_UP_TO_ONE = rf"(?:{_WORD}{_ANY})?"
_ARTICLE = r"(?:the|a|an|il|lo|la|le|i|gli|un|una|der|die|das|el|los|las)(?![\w'-])"
_PARTICIPLE = r"(?:\w{3,}ed|\w+ée?s?|\w+(?:ado|ido|ato|ito)s?|ge\w+t)(?![\w-])"  # "I have developed a ..."
# Up to three words between "I have" and the ailment, none of them a topic, an organisation or a participle.
_FILLER = (
    rf"(?:(?!{_words(TOPIC + ORGANISATION + FIELD + AREA + COLLEAGUE)}|{_PARTICIPLE}){_WORD}{_ANY}){{0,3}}"
)
# A word that names a science, a profession or a line of work, even with a disease inside ("Diabetesberaterin",
# "diabétologie", "Krebsprogramm"), is not an ailment.
_NOT_A_NAME_OF_WORK = rf"(?!{_words(ROLE + FIELD + AREA)})"
_AILMENT = rf"{_NOT_A_NAME_OF_WORK}(?:{_words(CONDITION)}|{_words(SYMPTOM)})"
# "cancer research", "cancer biology", "diabetes nurse", "cancer patient advocate", "my disease area": the
# ailment names a subject, a profession or a line of work, not someone's illness.
# Within the phrase, not past a comma.
_NOT_A_SUBJECT = rf"(?!\s+(?:{_WORD}\s+)?{_words(ORGANISATION + FIELD + ROLE + AREA + WORK)})"
_AGE = r"(?:[^\w']+(?:de|von|di|of|aged?)?[^\w']*\d+[^\w']+(?:ans|jahren?|años|anni|years?(?:[- ]old)?)(?![\w-]))?"
_KIN_SUBJECT = (
    rf"{_words(POSSESSIVE)}{_ANY}(?:{_WORD}{_ANY}){{0,2}}{_words(KIN)}{_AGE}"  # "my 5-year-old son"
)

# A word of no organisation, taking part or document: "whether I should apply for the testing call" is no
# question about a test.
_WEB = r"(?:websites?|web\s*site|site|portal|portale?|plattform|plateforme|plataforma|piattaforma)(?![\w-])"
_NOT_WORK = rf"(?:(?!{_words(ORGANISATION + PARTICIPATION + DOCUMENT)}){_WORD}{_ANY})"
_SHOULD_I_UNDERGO = _compile(
    rf"{_words(SHOULD_I)}{_ANY}{_NOT_WORK}{{1,6}}(?:{_words(TEST)}|{_words(TREATMENT)})(?![\w-])"
    # "... une analyse de marché", "... the screening tool on the website": no test of anyone's health
    rf"(?!{_ANY}(?:de|des|del|dei|di|of|du)\s+(?!sang|sangre|sangue|blood|urin|orina|urine){_WORD})"
    rf"(?!(?:{_ANY}{_WORD}){{0,6}}?{_ANY}(?:{_words(ORGANISATION + DOCUMENT + PARTICIPATION + WORK)}|{_WEB}))"
)

# "Could I have diabetes?" in the conditional: "have" itself ("könnte ich ... haben", "pourrais-je avoir",
# "potrei avere"; Spanish "podría", also "it could", only opening a clause or after "yo") and an ailment after
# it (an article or one other word between); not "mal" or "male" ("aurais-je mal compris", "potrei avere
# capito male"), not Italian "influenza" (also "influence"), not a disease taken as a topic ("come tema", "als
# Thema"). English "could I have" is "I have".
_AS_A_TOPIC = rf"(?!(?:{_ANY}{_WORD}){{0,3}}?{_ANY}(?:como|come|comme|als|as)(?![\w'-]))"
_COULD_I_HAVE = _compile(
    r"(?:(?<![\w'-])(?:je\s+pourrais|pourrais-je)\s+avoir|(?:^|[¿¡,;:]\s*|(?<![\w'-])yo\s+)podr[ií]a\s+tener"
    r"|(?<![\w'-])puedo\s+tener|(?<![\w'-])(?:potrei|posso)\s+avere)"
    rf"{_ANY}{_UP_TO_ONE}(?!(?:mal|male|influenza)(?![\w'-])){_AILMENT}{_NOT_A_SUBJECT}{_AS_A_TOPIC}"
    rf"|(?<![\w'-])k[öo]nnte\s+ich{_ANY}{_UP_TO_ONE}{_AILMENT}{_ANY}haben(?![\w'-])"
)

# A medicine's name, also inside a compound ("Methotrexat-Nebenwirkungen").
_DRUG = _words(MEDICINE_NAMES, tail=r"(?!\w)")

# ---- Signals ------------------------------------------------------------------------------------------------
# Someone's own health, enough on its own wherever it stands in the message.
_OWN_HEALTH: Final[dict[str, re.Pattern[str]]] = {
    "has an ailment": _compile(  # "I have leukaemia", "mia madre ha un tumore", "j'ai mal au ventre"
        rf"(?:(?<![\w'-])i{_ANY}{_UP_TO_ONE}{_words(HAVING_EN)}|{_words(SELF_NOT_EN)}{_ANY}{_UP_TO_ONE}{_words(HAVING)}"
        rf"|{_KIN_SUBJECT}{_ANY}{_UP_TO_ONE}{_words(HAVING)}"
        rf"|{_words(SELF_HAVING)}){_ANY}{_FILLER}{_AILMENT}{_NOT_A_SUBJECT}"
    ),
    "is unwell": _compile(  # "I am pregnant", "sono malata"
        rf"(?:{_words(SELF)}{_ANY}{_words(BEING)}|i'm){_ANY}{_UP_TO_ONE}{_AILMENT}{_NOT_A_SUBJECT}"
    ),
    "a relative is unwell": _compile(rf"{_KIN_SUBJECT}{_ANY}{_UP_TO_ONE}{_AILMENT}{_NOT_A_SUBJECT}"),
    # "my dad ... with his pancreatic cancer": the relative named, then their ailment by "his" or "her"
    "a relative's ailment": _compile(
        rf"{_KIN_SUBJECT}(?:{_ANY}{_WORD}){{0,12}}?{_ANY}(?:his|her|their|sein\w*|ihr\w*|son|sa|ses|leur|su|sus|"
        rf"suo|sua|suoi|sue){_ANY}(?!{_ARTICLE})"
        # at most two words between, none a preposition ("sa carrière au cancer" is a career)
        rf"(?:(?!(?:au|aux|al|dem|der|on|about|to|à|a|in|im|nel|en|di|de|zu|zum|über|sobre|sul|sulla|sui|su|for|with)"
        rf"{_ANY}|{_words(ORGANISATION + DOCUMENT + WORK + TOPIC)}){_WORD}{_ANY}){{0,2}}"
        rf"{_AILMENT}{_NOT_A_SUBJECT}"
    ),
    "own ailment or medicine": _compile(  # "my statins", "mi diabetes", "my stage 2 colon cancer"; not "ma il"
        rf"(?:{_words(POSSESSIVE)}|{_KIN_SUBJECT}'s){_ANY}(?!{_ARTICLE}){_FILLER}"
        rf"(?:{_AILMENT}|{_words(TREATMENT)}|{_words(TEST)}){_NOT_A_SUBJECT}"
    ),
    # "Mom's breast cancer", "für Mamas Brustkrebs": a parent's ailment by their name as a child calls them
    # German genitive after a preposition, straight before the ailment ("für Mamas Brustkrebs"; "junge Mamas
    # ...", "die Initiative Omas Diabetes" are mothers and names)
    "a parent's ailment": _compile(
        rf"(?<![\w'-])(?:für|bei|zu|mit|über|von|gegen|wegen|trotz)\s+(?:mamas|papas|omas|opas)\s+{_AILMENT}"
        rf"{_NOT_A_SUBJECT}"
    ),
    # "Mom's breast cancer": read with case, as a title capitalises the disease ("Mom's Cancer", a novel)
    "a parent's ailment by name": re.compile(
        rf"(?<![\w'-])(?:[Mm]om|[Mm]um|[Mm]ommy|[Mm]ummy|[Dd]ad|[Dd]addy|[Gg]randma|[Gg]randpa|[Gg]ranny)'s\s+"
        rf"(?:[a-z][\w-]*\s+)?{_AILMENT}{_NOT_A_SUBJECT}"
    ),
    "it hurts": _compile(_words(SELF_HURTING)),  # "my knee hurts", "me duele el pecho"
    "asks what they have": _compile(  # "could it be Alzheimer's?"
        rf"{_words(SELF_DIAGNOSIS)}{_ANY}{_UP_TO_ONE}{_AILMENT}{_NOT_A_SUBJECT}"
    ),
    "asks whether they could have it": _COULD_I_HAVE,  # "potrei avere il diabete?"
    "takes a medicine": _compile(  # "je prends des antidépresseurs", "estoy tomando antibióticos"
        rf"(?:(?:{_words(SELF)}|{_KIN_SUBJECT}){_ANY}{_UP_TO_ONE}{_words(TAKING)}|{_words(SELF_TAKING)}){_ANY}{_FILLER}"
        rf"{_words(TREATMENT)}{_NOT_A_SUBJECT}"
    ),
    "the medicine someone takes": _compile(  # "the drug my father takes", "the pills I take"
        rf"{_words(TREATMENT)}{_ANY}(?:(?:that|which){_ANY})?(?:{_words(SELF)}|{_KIN_SUBJECT}){_ANY}{_UP_TO_ONE}"
        rf"{_words(TAKING)}"
    ),
    "asks whether to take a test or treatment": _SHOULD_I_UNDERGO,
    "was diagnosed": _compile(  # "my wife was just diagnosed with MS", "me diagnosticaron"
        rf"(?:(?:{_words(SELF)}|{_KIN_SUBJECT}){_ANY}(?:{_WORD}{_ANY}){{0,3}}{_words(DIAGNOSED)}"
        # The asker as an object before the verb is how German, French, Spanish and Italian say it; in
        # English "me ... diagnosed" is "tell me how cancers are diagnosed", a question about a topic.
        rf"|{_words(SELF_OBJECT)}{_ANY}(?:{_WORD}{_ANY}){{0,3}}(?!diagnosed(?![\w-])){_words(DIAGNOSED)})"
    ),
}
_DRUG_NAME = _compile(_DRUG)
_ORGANISATION = _compile(_words(ORGANISATION))
_CARE_SETTING = _compile(_words(CARE_SETTING))
_PARTICIPATION = _compile(_words(PARTICIPATION))
_ADVICE = _compile(_words(ADVICE))
_CARE = _compile(_words(CARE))
_RECOMMEND = _compile(_words(RECOMMEND))
_ONESELF = _compile(rf"{_words(SELF_OBJECT)}|{_words(POSSESSIVE)}|{_words(SELF)}")
_CLINICAL = _compile(rf"(?:{_AILMENT}|{_words(TREATMENT)}|{_words(TEST)})")
_AMOUNT = rf"{_words(AMOUNT)}{_ANY}(?:{_WORD}{_ANY}){{0,2}}"
_DOSE = _compile(rf"{_AMOUNT}{_words(DOSE_UNIT)}")  # "maximum dose", "wie viel Ibuprofen pro Tag"
_AMOUNT_OF_MEDICINE = _compile(rf"{_AMOUNT}{_words(TREATMENT)}")  # "how many pills", "quanta insulina"
_MEDICINE = _compile(_words(TREATMENT))
# "for me as a citizen / funder / researcher": the asker's role, not their health
_AS_A_ROLE = (
    rf"(?:as|als|comme|en tant que|como|come){_ANY}(?:(?:an?|ein\w*|une?|un[ao]?){_ANY})?"
    rf"(?:{_words(ROLE + ORGANISATION)}|citizens?|funders?|taxpayers?|b[üu]rger\w*|citoyen\w*|ciudadan\w*|cittadin\w*)"
)
_CARE_FOR_ONESELF = _compile(  # "a treatment for my psoriasis", "ein Medikament gegen meine Migräne"
    # not a field of research ("what does precision medicine mean for me as a citizen?")
    rf"(?<!personalised )(?<!personalized )(?<!precision )(?<!stratified )(?<!individualised )"
    rf"(?:{_words(TREATMENT)}|{_words(TEST)}){_ANY}(?:{_WORD}{_ANY}){{0,3}}{_words(FOR)}{_ANY}"
    rf"(?:{_words(POSSESSIVE)}|{_words(SELF_OBJECT)}){_ANY}"
    rf"(?!{_words(ORGANISATION + AREA)}|{_AS_A_ROLE}){_WORD}(?![\w'-])"
    rf"(?!{_ANY}{_words(AREA)})"  # "treatments for my disease area"
)
_OWN_DOCTOR = _compile(rf"{_words(POSSESSIVE)}{_ANY}{_UP_TO_ONE}{_words(DOCTOR)}")
_SENTENCE_END = re.compile(r"[.;!?]+(?:\s|$)")
# French and Italian elisions ("d'insuline", "l'aspirina") split off, so the noun is a word of its own.
_ELISION = re.compile(r"(?<![\w'])((?:[dljmnstc]|qu|dell|all|nell|sull|dall|un|quest|quell)')(?=\w)", re.I)


_IS_A_PATIENT = _compile(  # "as a (breast) cancer patient", "als Parkinson-Patientin"
    rf"(?<!such )(?<![\w'-])(?:as|i'm|i am){_ANY}an?{_ANY}(?:{_WORD}{_ANY}){{0,2}}{_AILMENT}{_ANY}"
    rf"(?:patient|sufferer|survivor)(?![\w'-])(?!{_ANY}(?:{_WORD}{_ANY})?{_words(ORGANISATION + ROLE + AREA)})"
    rf"|(?<![\w'-])(?:als|ich bin){_ANY}[\w-]*(?:krebs|diabetes|tumor|parkinson|alzheimer|ms)-?patient(?:in)?(?![\w'-])"
    rf"|(?<![\w'-])(?:en tant que|je suis){_ANY}(?:une?{_ANY})?patiente?{_ANY}(?:diab[ée]tique|canc[ée]reu(?:x|se)|atteinte? d)"
)
# A test or treatment straight before "for me" (him, her, my son): "which clinic offers pharmacogenomic
# testing for me?", "which painkiller is safe for her?"; not
# "personalised medicine for me", not "for me as a funder" in any of the five languages.
_FOR_THEMSELVES = _compile(
    rf"(?<!personalised )(?<!personalized )(?:{_words(TREATMENT)}|{_words(TEST)}){_ANY}"
    # up to two words between ("is best for me", "available for me"), none a document's or work's name
    rf"(?:(?!{_words(ORGANISATION + AREA + TOPIC + DOCUMENT)}|personn?ali[sz]\w*){_WORD}{_ANY}){{0,2}}"
    rf"{_words(FOR)}{_ANY}"
    rf"(?:me|myself|him|her|mich|ihn|moi|lui|elle|m[ií]|[ée]l|ella|me stesso|me stessa|lei|{_KIN_SUBJECT}|"
    rf"(?:a|an|un|une|una|uno|ein\w*){_ANY}{_words(FRIEND)})(?![\w'-])"
    rf"(?!{_ANY}(?:to(?![\w'-])|{_AS_A_ROLE}))"
)
# A relative's ailment or medicine named before the relative ("le cancer du poumon de mon mari", "il tumore di
# mio marito"), read in a sentence about no organisation, document or research (a hospital, a clinic or a
# trial is no excuse: `_is_about_ep_permed(care_counts=False)`). Not a field ("personalised treatment"), nor
# what belongs to the relative ("the cancer project of my wife's lab").
_OF_A_RELATIVE = _compile(
    rf"(?<!personalised )(?<!personalized )(?<!precision )(?:{_AILMENT}|{_words(TREATMENT)}|{_words(TEST)})"
    rf"{_NOT_A_SUBJECT}{_ANY}"
    rf"(?:(?!{_words(ORGANISATION + AREA + TOPIC + DOCUMENT + PARTICIPATION)}|personn?ali[sz]\w*){_WORD}{_ANY}){{0,3}}?"
    rf"{_words(OWNER_OF)}{_ANY}{_KIN_SUBJECT}(?!'s\b|'\s)"
)
_WILL_I_GET = _compile(  # "would a DNA test tell me if I will get Alzheimer's?", "¿voy a tener cáncer?"
    rf"(?:(?:will|would|could){_ANY}i{_ANY}(?:also{_ANY}|ever{_ANY}|too{_ANY})?(?:get|develop)"
    rf"|i(?:'ll|{_ANY}will|{_ANY}would|'d){_ANY}(?:also{_ANY}|ever{_ANY})?(?:get|develop)"
    rf"|am{_ANY}i{_ANY}(?:at{_ANY}(?:high{_ANY}|higher{_ANY}|low{_ANY}|increased{_ANY})?risk|likely{_ANY}to{_ANY}get"
    rf"|going{_ANY}to{_ANY}get)"
    rf"|werde{_ANY}ich|bekomme{_ANY}ich|vais-je{_ANY}avoir|est-ce{_ANY}que{_ANY}je{_ANY}vais{_ANY}avoir"
    rf"|voy{_ANY}a{_ANY}tener|tendr[ée]|avr[òo]|mi{_ANY}verr[àa]){_ANY}(?:of{_ANY})?"
    rf"{_UP_TO_ONE}{_AILMENT}{_NOT_A_SUBJECT}"
)


_REMOVAL = _compile(  # "Should she have her ovaries removed?"; not "have my name removed from the list"
    rf"(?:have|get|had|having|getting|has){_ANY}(?:(?:{_WORD}){_ANY}){{0,2}}?{_words(ORGAN)}{_ANY}"
    rf"(?:removed|taken out|cut out)(?![\w-])|removal{_ANY}of{_ANY}(?:{_WORD}{_ANY}){{0,2}}?{_words(ORGAN)}"
)
_CHOICE_OF_TREATMENT = _compile(  # "chemo or surgery?", "¿Quimio o radioterapia?"
    rf"{_words(TREATMENT)}{_ANY}(?:{_WORD}{_ANY}){{0,2}}?(?:or|oder|ou|o|oppure|versus|vs){_ANY}"
    rf"(?:{_WORD}{_ANY}){{0,2}}?{_words(TREATMENT)}"
)
_SIDE_EFFECT = _compile(  # "hair falling out on methotrexate", "nausées sous chimio"
    rf"{_words(SYMPTOM)}{_ANY}(?:{_WORD}{_ANY}){{0,2}}?(?:on|from|after|since|with|durch|von|nach|seit|unter|avec|"
    rf"apr[èe]s|depuis|sous|con|por|tras|desde|dopo|da|col|con la|con il){_ANY}(?:{_WORD}{_ANY}){{0,3}}?"
    rf"{_words(TREATMENT)}"
)
# A laboratory value with its unit ("PSA à 6,2 ng/ml", "LDL 190 mg/dl"): someone's measured health.
_LAB_VALUE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:ng|mg|µg|mcg|g|pg|mmol|µmol|umol|nmol|u|iu|ui|mu|miu)\s*/\s*(?:ml|dl|l|g|kg|mmol)(?![\w/])|"
    r"\d+\s*mm\s*hg\b|\d+\s*/\s*\d+\s*mm\s*hg\b",
    re.I,
)
# Things measured in blood or urine: a value given with one of them is someone's result ("PSA de 6,5").
_ANALYTE = re.compile(
    r"(?<![\w-])(?:psa|ferritin\w*|ldl|hdl|hba1c|tsh|crp|cea|inr|glu[ck]os\w*|glicemia|gluc[eé]mie|"
    r"blutzucker|creatinin\w*|kreatinin\w*|cr[ée]atinine|h[äae]moglobin\w*|h[ée]moglobine|emoglobina|"
    r"vitamin\w*|triglycerid\w*|triglic[ée]rid\w*|bilirubin\w*|cholesterin|colesterolo?|cholest[ée]rol|"
    r"cholesterol|ferritine|leukozyten|leucocytes|leucocitos|leucociti|platelets?|thrombozyten|plaquettes|"
    r"plaquetas|piastrine|iron|eisen|fer|hierro|ferro|potassium|kalium|potasio|potassio|sodium|natrium|sodio)"
    r"(?!\w)",  # "PSA-Wert" too
    re.I,
)
# "Ferritina 8, cosa significa?": a short sentence giving a value by name and asking what it means.
_NAMED_VALUE = re.compile(
    r"^\W*(?:[^\W\d_][\w-]*\s+){1,2}(?:(?:de|di|von|of|at|à|a|=|:)\s*)?(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?\b"
    r"(?!\s+(?:of|von|de|di|sur|su)\b)"
)
MAX_NAMED_VALUE_WORDS = 8
# "PSA de 6,5": a measured value, not a year nor a clock time ("13.00 – 16.30 CEST")
_VALUE = re.compile(
    r"(?<![\d.,:])\d+[.,]\d+(?!\d|[.,:]\d)(?!\s*(?:[–-]|cest|cet|utc|uhr|h\b|am\b|pm\b))", re.I
)
_DOSE_BY_WEIGHT = _compile(  # "75 mg de clopidogrel", "cuántos miligramos de warfarina"
    rf"(?:(?:\d+(?:[.,]\d+)?\s*|{_AMOUNT}){_words(MASS_UNIT)}|\d+(?:[.,]\d+)?\s*{_words(MASS_ABBREVIATION)})(?!\s*/)"
)
# A person by sex and age: "Woman of 62,", "un homme de 55 ans", "una mujer de 45", "a 4-year-old", "ein
# 70-jähriger Mann" (not "3-jährige Förderung", "65-year-old people" nor "patient 2").
_AGED = _compile(
    rf"{_words(AGED_PERSON)}\s*(?:,\s*|\s(?:of|aged?|de|di|von|mit)\s+)\d{{1,3}}"
    rf"(?:\s*(?:years?|ans|años|anni|jahren?))?(?!\d|[.,:]\d|/|\s*(?:%|mg|kg|ml))"
    # "a 4-year-old with ...", "my 9-year-old son": before a person, a comma or what they have, not "a
    # 20-year-old drug"
    rf"|(?<![\w'-])(?:my|his|her)\s+\d{{1,3}}[- ]year[- ]old\s+(?:keeps|is|was|gets|got|seems|wakes|woke|cries|"
    r"cried|coughs|coughed|complains|complained|can't|cannot|won't|started|needs|takes|took|feels|felt|vomits|"
    r"vomited|hurts|has been|had)\b"
    rf"|(?<![\w'-])(?:a|an|my|his|her)\s+\d{{1,3}}[- ]year[- ]old(?![\w-])"
    rf"(?=\s*[,:;?]|\s+(?:with|on|has|had|who)\b|\s+(?:{_words(AGED_PERSON)}|smoker|son|daughter))"
    rf"|(?<![\w.,])\d{{1,3}}\s*-?\s*j[äa]hrige?[rnms]?\s+(?:{_words(AGED_PERSON)}|kind)"
)
# Someone close, named as one person (a relative, a friend, a colleague, a partner in life). Words that name
# one person: "my/his/mein/mon/mi/il mio ..." own them; "a/an/un/ein ..." and a question's
# opening only count them when the word is no other word too ("a kind of", "son traitement", "cáncer de
# mama", "Frau Ministerin").
_OWNER = r"(?:my|his|her|mein\w*|sein\w*|ihr\w*|mon|ma|mes|son|sa|mi|su|il mio|la mia|mio|mia|il suo|la sua|suo|sua)"
_ARTICLE_BEFORE_SOMEONE = r"(?:a|an|ein\w*|un|une|una?)"
_AMBIGUOUS = r"(?:kind|son|mama|frau|mann)(?![\w'-])"
# Many people, not one case: "Kinder mit Krebs", "colleagues with diabetes".
_MANY = (
    r"(?:children|kids|parents|friends|colleagues|neighbou?rs|kinder|eltern|freunde|kolleg(?:en|innen)|nachbarn|"
    r"enfants|amis|amies|coll[èe]gues|voisins|padres|hij[oa]s|amig[oa]s|colegas|vecinos|genitori|figli|figlie|"
    r"amici|amiche|colleghi|colleghe|vicini)"
)
_NAMED_CLOSE = (
    # "my/a/un ... friend", "beim Nachbarn", "un'amica", a friend's father, or opening a telegraphic question
    # ("Neighbour on warfarin wants ibuprofen, ok?")
    rf"(?:(?<![\w'-]){_OWNER}\s+|(?<![\w'-])(?:beim|un')\s*|(?:(?<![\w'-]){_ARTICLE_BEFORE_SOMEONE}\s+|^\W*)"
    rf"(?!{_MANY}(?![\w'-])|{_AMBIGUOUS})|(?<![\w'-])(?:{_words(KIN + FRIEND + COLLEAGUE)})'s?\s+)"
    rf"(?:{_words(KIN + FRIEND + COLLEAGUE)}|partner(?:in)?|partenaire|compa[ñn]er[oa])"
)
# "Partner's TSH is 7.8": someone close owning a health matter
_PERSONS_CLOSE = rf"{_NAMED_CLOSE}'s(?![\w'-])"
_PERSON_CLOSE = rf"{_NAMED_CLOSE}(?![\w'-])"
_SOMEONE_CLOSE = _compile(rf"{_PERSON_CLOSE}|{_PERSONS_CLOSE}")
# How a person and their own health are linked, straight after them: "a partner with epilepsy", "un collega in
# terapia con litio", "ma sœur atteinte de ..."; or the health first: "Mutation EGFR chez un collègue",
# "Nebenwirkungen beim Schwiegervater". Not "with a PhD on diabetes", "who writes about dementia".
_HAS = (
    r"(?:with|has|had|having|suffering from|diagnosed with|on|take|takes|took|taking|mit|hat|hatte|leidet an|"
    r"nimmt|avec|a eu|atteinte? de|sous|prend|con|tiene|toma|ha|affett[oa] da|in terapia con|prende)"
)
# Between the link and the ailment: at most two words, none a topic preposition nor a line of work.
_NOT_A_TOPIC = (
    r"(?:(?!(?:about|on|in|sur|sobre|su|di|über|en|experience|expertise|background|phd|doctorate|master|chair|"
    r"blog|podcast|brand|shop|session|board|interview|project|company|app|career|job|column|book|team|lab|"
    r"erfahrung|hintergrund|exp[ée]rience|experiencia|esperienza|marque|marca|marke|negozio|tienda|boutique)"
    rf"(?![\w'-])){_WORD}{_ANY}){{0,2}}?"
)
_SOMEONES_HEALTH = rf"(?:{_AILMENT}{_NOT_A_SUBJECT}|{_DRUG}|{_ANALYTE.pattern})"
# "after three miscarriages", "nach ihrem Herzinfarkt": after their own ailment, told by a count or "her/his"
# (not "after the stroke symposium", "después del congreso")
_AFTER_THEIR_AILMENT = (
    r"(?:after|nach|apr[èe]s|despu[ée]s de|tras|dopo)\s+(?:his|her|their|two|three|four|several|multiple|\d+|"
    r"seinem|seiner|ihrem|ihrer|zwei|drei|son|sa|ses|deux|trois|su|sus|dos|tres|suo|sua|suoi|sue|il suo|la sua|"
    rf"due|tre)\s+(?:{_WORD}\s+)?{_AILMENT}{_NOT_A_SUBJECT}"
    r"(?!\s+(?:congress\w*|symposi\w*|summit|conference|tagung|kongress|congr[èe]s|congreso|congresso|meeting|"
    r"webinar|day|week|campaign|event)\b)"
)
_CASE_OF_SOMEONE_CLOSE = _compile(
    rf"{_PERSON_CLOSE}{_ANY}{_HAS}{_ANY}{_NOT_A_TOPIC}{_SOMEONES_HEALTH}"
    rf"|{_PERSON_CLOSE}{_ANY}{_AFTER_THEIR_AILMENT}"
    rf"|{_PERSONS_CLOSE}{_ANY}(?:{_WORD}{_ANY})?{_SOMEONES_HEALTH}"
    rf"(?!{_ANY}(?:{_words(WORK + AREA + DOCUMENT + ORGANISATION)}|hypothes\w*|models?|theor\w*|ideas?|research|"
    r"data|stud(?:y|ies)|trials?|projects?|papers?|work)(?![\w-]))"
    rf"|{_SOMEONES_HEALTH}(?:{_ANY}{_WORD})?{_ANY}(?:(?:chez|bei|of|de|di|del|della|von){_ANY})?{_PERSON_CLOSE}"
)


# Tests a lab or a project also runs ("our gene panel", "switch to whole-genome sequencing"): a clinical
# question only in a case already told ("... for my partner after three miscarriages?").
_GENOMIC_TEST = _compile(
    r"(?<![\w'-])(?:(?:whole[- ])?(?:genome|exome)[- ]sequencing|sequencing|(?:gene|genetic) panels?|"
    r"sequenzierung|genpanel\w*|s[ée]quen[cç]age|panels? de g[èe]nes|secuenciaci[óo]n|panel(?:es)? de genes|"
    r"sequenziamento|pannell[oi] genetic[oi])(?![\w'-])"
)


# "My HbA1c is 6.9", "Mein Ferritin ist 12", "Ma ferritine est à 9": one's own measured value, by name and figure
# (not "my PSA project has 3 partners", "my cholesterol study with 40 patients")
_OWN_VALUE = _compile(
    rf"(?<![\w'-])(?:my|mein\w*|mon|ma|mi|il mio|la mia|mio|mia)\s+(?:{_ANALYTE.pattern})"
    r"(?:[\s-]+(?:levels?|values?|wert|spiegel|taux|nivel|valore|livello))?\s*"
    r"(?:is|was|came back at|ist|war|liegt bei|lag bei|est(?:\s+(?:à|de))?|était|es(?:\s+de)?|era|è|=|:|of|de|di|von)?"
    r"\s*(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?(?!\d|[.,]\d|\s*(?:partners?|projects?|patients?|people|countries|years?|jahre?|ans|años|"
    r"anni|participants?|teilnehm\w*|personnes|personas|persone|assays?|kits?|tests?|devices?|sensors?|products?|"
    r"start-?ups?|compan(?:y|ies)|studies|study)\b)"
)
# "before she starts tamoxifen": someone beginning, taking or stopping a medicine by its name (read last, after
# what names the case more precisely)
_SOMEONES_MEDICINE = _compile(
    r"(?<![\w'-])(?:he|she|er|elle|[ée]l|ella)\s+(?:starts?|started|begins?|began|takes?|took|is taking|is on|"
    r"stops?|stopped|beginnt|nimmt|commence|prend|empieza|comienza|toma|inizia|prende)\s+"
    r"(?:(?:the|her|his|die|das|den|la|le|l'|el|il|lo)\s*)?"
    rf"{_DRUG}"
    # the medicine ends what is said of them: "she starts tamoxifen?", not "the imatinib trial", "as an example"
    r"(?=\s*(?:[?.!;:]|$)|\s+(?:since|every|daily|now|again|today|tomorrow|next|before|after|while|\d))"
)


def _asks_clinically(message: str) -> bool:
    """A test, a treatment, a result (or what a value means), a dose or a judgement named in a sentence that
    does not ask what such a thing is ("What is a companion diagnostic test?" asks for a definition)."""
    asked = (_TEST, _GENOMIC_TEST, _MEDICINE, _RESULT, _JUDGEMENT, _BARE_JUDGEMENT, _DOSE, _STOP_IT)
    return any(
        not _DEFINITION.match(sentence)
        and (any(pattern.search(sentence) for pattern in asked) or _means_a_value(sentence))
        for sentence in _sentences(message)
    )


def _means_a_value(sentence: str) -> bool:
    """ "what does that mean" of a measured value ("TSH is 7.8"), not of a word ("what does 'lump sum' mean")."""
    return bool(_MEANING.search(sentence) and _ANALYTE.search(sentence))


_DEFINITION = re.compile(
    r"\W*(?:what\s+(?:is|are)\s+(?:an?\s+)?|was\s+(?:ist|sind)\s+|qu'\s*est-ce\s+qu|c'est\s+quoi|"
    r"qu[ée]\s+(?:es|son)\s+|cos'\s*[èe]\s+|che\s+cos'\s*[èe]\s+|cosa\s+(?:è|sono)\s+)",
    re.I,
)


# Work on health, not someone's: "a therapy for a child with a rare disease funded by EP PerMed", a story told.
_WORK_ON_HEALTH = re.compile(
    r"(?<![\w'-])(?:fund\w*|financ\w*|f[öo]rder\w*|finanz\w*|support(?!ive)\w*|unterst[üu]tz\w*|soutien\w*|soutenu\w*|"
    r"apoy\w*|sostegn\w*|sostenut\w*|"
    # presenting or researching it: "Could my colleague present her work on lithium at the info day?"
    r"pr[ée]sent(?!(?:s|ed|ing)?\s+with)\w*|pr[äa]sent\w*|vorstell\w*|works?\s+(?:on|with|in)|working|"
    r"arbeit\w*|(?:treats|treating|behandelt|soigne|traite|trata|tratta|persona)(?!\w)|design\w*|hackathon\w*|"
    # someone asking what a thing is: "a 12-year-old asked us in class what genetic testing is"
    r"(?:asks?|asked|pregunta|chiede|demande|fragt)\s+(?:\w+\s+){0,3}(?:what|was|qu\w*|cos\w*|c'est)\b|"
    r"class(?:es)?|school|schule|klasse|[ée]cole|classe|escuela|clase|scuola|pupils?|sch[üu]ler\w*|[ée]l[èe]ves?|alumn\w*|"
    r"travail\w*|trabaj\w*|lavor\w*|research\w*|forsch\w*|recherch\w*|investiga(?:r|n|dor\w*|ci[oó]n\w*)?|ricerc\w*|studies|studied|"
    r"studying|studiert|[ée]tudie|estudia|studia|evaluat\w*|reviewers?|experts?|gutacht\w*|[ée]valuat\w*|"
    r"evaluador\w*|valutat\w*|attend\w*|visit\w*|exhibit\w*|exposition|mostra|ausstellung|exposici[óo]n|"
    r"conferen\w*|konferenz|convegno|forum|jury|jurado|giuria|tickets?|speak\w*|sponsor\w*|badge|"
    r"accr[ée]dit\w*|observer|board|beirat|podcast|blog|newspaper|journalis\w*|press|presse|prensa|"
    r"stampa|patent\w*|innovat\w*|eligible|[ée]ligible|elegible|spin-?off|sme|biobank\w*|info day|"
    r"information day|webinars?|workshops?|(?<!adverse\s)(?<!side\s)events?|interest\w*|"
    # a story, an example, a statistic, a student's question
    r"stor(?:y|ies)|v[ií]d[eé]o\w*|film\w*|exampl\w*|beispiel\w*|exempl\w*|ejempl\w*|esempi\w*|campaign\w*|"
    r"kampagn\w*|campagn\w*|campa[ñn]\w*|student\w*|[ée]tudiant\w*|estudiant\w*|statisti\w*|"
    r"(?:how many|wie viele|combien de|cu[áa]nt[oa]s|quant[ie])\s+(?:\w+\s+)?(?:people|persons|patients|women|men|"
    r"children|cases|menschen|personen|patienten|frauen|m[äa]nner|kinder|f[äa]lle|personnes|femmes|hommes|enfants|"
    r"cas|personas|pacientes|mujeres|hombres|ni[ñn]os|casos|persone|pazienti|donne|uomini|bambini|casi)\b)"
    r"(?!\w)",  # whole words: "press" is not "pressure", "sme" not "smear"
    re.I,
)
_AILMENT_NAMED = _compile(rf"{_AILMENT}{_NOT_A_SUBJECT}")
_ORGAN = _compile(_words(ORGAN))
# Stopping a medicine straight after the verb ("stop taking my statins", "arrêter la lévothyroxine"), not a
# topic ("stop supporting vaccine work").
_STOP_A_MEDICINE = _compile(
    rf"{_words(STOPPING)}{_ANY}(?:(?:the|my|his|her|taking|la|le|les|l'|el|il|lo|mein\w*|sein\w*|ihr\w*|die|das|"
    rf"den|mon|ma|mes|son|sa|ses|mi|su|sus|mio|mia|suo|sua){_ANY})?(?:{_words(TREATMENT)}|{_DRUG})"
)
_TOPIC = _compile(r"(?:topics?|themes?|th[èe]mes?|themas?|temas?|areas?|fields?|calls?)")
_POLICY = _compile(
    r"(?<![\w'-])(?:shortages?|hesitancy|crisis|waste|programmes?|programs?|misinformation|supply|polic(?:y|ies)|"
    r"guidelines?|evidence|data|daten|donn[ée]es|informations?|datos|dati|operation of|why|warum|pourquoi|"
    r"por qu[ée]|perch[ée]|decided|decision|adresse|e-?mail|campa\w+|campaign\w*|kampagn\w*|legge|law|"
    r"gesetz\w*|loi|ley|litt[ée]rature|literatur\w*|letteratura|position|posici[óo]n|posizione|journalis\w*|"
    r"obligatoire|mandatory|obligatori\w*|obbligatori\w*|pflicht\w*|recommendations?|recommandations?|"
    r"empfehlungen|recomendaciones|raccomandazioni)(?![\w-])"
)
_JUDGEMENT = _compile(_words(JUDGEMENT))
_DOCUMENT = _compile(_words(DOCUMENT))
_POSSESSIVE = _compile(_words(POSSESSIVE))
_TEST = _compile(_words(TEST))
_RESULT = _compile(_words(RESULT))
_MEANING = _compile(_words(MEANING))


def _asks_what_a_result_means(sentence: str) -> bool:
    """ "What does my HER2 result mean?", "Mon test génétique montre ..., qu'est-ce que cela veut dire ?",
    "PSA de 6,5, ¿qué significa?": a result, a test or a measured value, and what it means."""
    if not _MEANING.search(sentence) or _DOCUMENT.search(sentence):
        return False
    measured = bool(_ANALYTE.search(sentence) or _CLINICAL.search(sentence) or _RESULT.search(sentence))
    if _VALUE.search(sentence) and measured:
        return True
    if measured and _NAMED_VALUE.search(sentence) and len(sentence.split()) <= MAX_NAMED_VALUE_WORDS:
        return True
    if _RESULT.search(sentence):
        return bool(_POSSESSIVE.search(sentence) or _CLINICAL.search(sentence))
    return bool(_POSSESSIVE.search(sentence) and _TEST.search(sentence))


def _presents_a_case(sentence: str, clinical: Callable[[], bool]) -> bool:
    """ "Woman of 62, BRCA1 positive: remove the ovaries or wait?", "Mutation EGFR chez un collègue : quel
    traitement ?": a person by sex and age with a health matter, or someone close (a relative, a friend, a
    colleague, a partner in life) with an ailment, a medicine or a measured value, and a test, a treatment, a
    result or a judgement asked about; in a sentence about no work on health, organisation or document.
    `clinical` says whether the message asks a clinical question (read once, and only for a case)."""
    aged = _AGED.search(sentence)
    if not aged and not (_SOMEONE_CLOSE.search(sentence) and _CASE_OF_SOMEONE_CLOSE.search(sentence)):
        return False  # the cheap tests first: most sentences name no one
    if _is_about_ep_permed(_SOMEONE_CLOSE.sub(" ", sentence), care_counts=False) or _DOCUMENT.search(
        sentence
    ):
        return False
    if _WORK_ON_HEALTH.search(sentence):
        return False
    if aged:
        health = (_AILMENT_NAMED, _DRUG_NAME, _ANALYTE, _ORGAN, _MEDICINE, _TEST)
        return any(pattern.search(sentence) for pattern in health)
    # the clinical question may come in the next sentence ("My colleague has lung cancer; is osimertinib the
    # right drug?")
    return clinical()


def _stops_a_medicine(sentence: str) -> bool:
    """ "Arrêter la lévothyroxine avant une prise de sang ?", "Can she stop taking her statins?": stopping a
    medicine, asked as a question of one's own (the verb opening the question, or someone to do it), not of
    the partnership's topics, policy or news ("Why was the AstraZeneca vaccine suspended?", "How to stop
    drug shortages?")."""
    found = _STOP_A_MEDICINE.search(sentence)
    if found is None or _NAMES_THE_PARTNERSHIP.search(sentence) or _TOPIC.search(sentence):
        return False
    if _POLICY.search(sentence) or _DOCUMENT.search(sentence):
        return False
    opens = not sentence[: found.start()].strip(_EDGES_OF_CLAUSE)
    return opens or bool(_ONE_PERSON.search(sentence))


# One person whose medicine it is: the asker, a relative, "he" or "she" (not "they": "Will they stop drug
# testing on animals?").
_ONE_PERSON = _compile(
    rf"{_words(SELF)}|{_words(SELF_OBJECT)}|{_words(POSSESSIVE)}|{_words(KIN)}|"
    rf"(?<![\w'])(?:he|she|him|her|his|er|ihn|ihm|elle|lui|[ée]l|ella|lei)(?![\w'-])"
)


def _asks_which_treatment(sentence: str) -> bool:
    """ "chemo or surgery?": two treatments set against each other, not by the partnership, a document, a
    field or a preference of funding ("Does EP PerMed prefer drugs or vaccines?")."""
    if not _CHOICE_OF_TREATMENT.search(sentence):
        return False
    if _NAMES_THE_PARTNERSHIP.search(sentence) or _DOCUMENT.search(sentence):
        return False
    return not (_FIELD_OF_MEDICINE.search(sentence) or _FUNDER_TALK.search(sentence))


_FUNDER_TALK = re.compile(
    r"pharmaco\w*|genomics?|prefer\w*|support\w*|develop\w*|financ\w*|fund\w*|f[öo]rder\w*|finanzi\w*|"
    r"programm?e?s?\b|programas?\b|programm[ai]\b",
    re.I,
)


def _asks_what_to_do(sentence: str) -> bool:
    """ "Should I stop my statins", "¿qué medicamento me recomiendas?": advice on a treatment or test."""
    asks = bool(_ADVICE.search(sentence) and _CARE.search(sentence))
    asks = asks or bool(_RECOMMEND.search(sentence) and _ONESELF.search(sentence))
    return asks and bool(_CLINICAL.search(sentence))


# The asker (or their child) taking something, asked: with an amount, a dose of a medicine named by its brand
# ("Quanti mg di Brufen posso prendere al giorno?").
_I_TAKE = _compile(
    r"(?:can|could|may|should|do)\s+i\s+take|(?:kann|darf|soll)\s+ich\b[^.?!;]*\b(?:ein)?nehmen|"
    r"(?:puis-je|je\s+peux|dois-je|je\s+dois)\s+prendre|(?:puedo|debo)\s+tomar|(?:posso|devo)\s+prendere"
)


# Units only a medicine is measured in: with "can I take", a brand's dose ("Quanti mg di Brufen ...?"); "a day",
# "amount" or "units" may be breaks, brochures or course units.
_STRICT_DOSE = _compile(
    rf"{_AMOUNT}(?:mg|milligram\w*|microgram\w*|drops|tropfen|gouttes|gotas|gocce|doses?|dosis|dos[ei]|dosage|"
    r"dosaggio|tablets?|pills?|tabletten?|comprim[ée]s?|pastillas?|compress[ae]|pastiglie?)\b"
)


def _asks_a_dose(sentence: str) -> bool:
    """ "What is the maximum dose of paracetamol", "quanta insulina deve fare", "75 mg de clopidogrel"."""
    if _DOSE_BY_WEIGHT.search(sentence) or (
        _DOSE.search(sentence)
        and (_MEDICINE.search(sentence) or (_STRICT_DOSE.search(sentence) and _I_TAKE.search(sentence)))
    ):
        return True
    return bool(_AMOUNT_OF_MEDICINE.search(sentence) and (_ADVICE.search(sentence) or _CARE.search(sentence)))


def _cites_their_doctor(sentence: str) -> bool:
    """ "My doctor says I need a biopsy": one's own doctor and a clinical word in the same sentence."""
    return bool(_OWN_DOCTOR.search(sentence) and _CLINICAL.search(sentence))


def _is_about_ep_permed(sentence: str, *, care_counts: bool = True) -> bool:
    """A sentence naming an organisation, document or research, or taking part without naming a medicine.
    Without `care_counts`, places and trials of care are no organisation: "which hospital treats ..." asks
    for care."""
    names = _ORGANISATION.finditer(sentence)
    if any(care_counts or not _CARE_SETTING.fullmatch(m.group(0)) for m in names):
        return True
    return bool(_PARTICIPATION.search(sentence) and not _MEDICINE.search(sentence))


# Asking what to do: read one sentence at a time, only in a sentence naming no organisation, document or
# research, nor a way of taking part without a medicine ("can I take part", "can I use the InfoSheets in my
# presentation", "how can I get involved" are not advice; "should I join it or start insulin" is).
_SYMPTOMS = _compile(_words(SYMPTOM))
# Asking what a symptom told in the same sentence could be ("Itching on my arms for a month, what could it be?").
_WHAT_COULD_IT_BE = _compile(
    r"(?:what|which)\s+(?:could|might|may|can)\s+(?:it|this|that|these|those)\s+be|what\s+is\s+(?:it|this)\s+from|"
    r"(?:che|cosa|che\s+cosa)\s+sar[àa]\W*$|"
    r"was\s+(?:k[öo]nnte|kann)\s+(?:das|es|dies)\s+sein|woher\s+(?:kommt|k[öo]nnte)\s+(?:das|es)|"
    r"qu' ?est-ce\s+que\s+(?:[çc]a|cela|ce)\s+(?:peut|pourrait)\s+[êe]tre|(?:[çc]a|cela)\s+(?:peut|pourrait)\s+[êe]tre\s+quoi|"
    r"qu[ée]\s+(?:puede|pueden|podr[ií]a|podr[ií]an)\s+ser|(?:cosa|che\s+cosa|che)\s+(?:pu[òo]|possono|potrebbe|"
    r"potrebbero)\s+essere"
)
# Where on the body or since when a symptom is felt: what makes "red patches ..., what could it be?" a body's
# and not a map's, nor "the biggest headache for funders".
_ON_THE_BODY = _compile(
    r"(?<![\w'-])(?:arms?|legs?|skin|back|chest|stomach|belly|tummy|head|face|neck|feet|foot|hands?|knees?|eyes?|body|throat|"
    r"joints?|armen?|beine?n?|haut|r[üu]cken|brust|bauch|magen|kopf|gesicht|hals|f[üu][ßs]e?|h[äa]nde?|knie|augen?|"
    r"k[öo]rper|gelenke?|bras|jambes?|peau|dos|poitrine|ventre|estomac|t[êe]te|visage|cou|pieds?|mains?|genoux?|"
    r"yeux|corps|gorge|brazos?|piernas?|piel|espalda|pecho|vientre|est[óo]mago|cabeza|cara|cuello|pies?|manos?|"
    r"rodillas?|ojos?|cuerpo|garganta|braccia|braccio|gambe?|pelle|schiena|petto|pancia|stomaco|testa|viso|collo|"
    r"piedi|mani|ginocchi[oa]?|occhi|corpo|gola)(?![\w'-])|"
    r"(?<![\w'-])(?:for|since|seit|depuis|desde|da)\s+(?:a|an|one|two|three|few|several|\d+|einer?|zwei|drei|"
    r"un|une|deux|trois|una?|dos|tres|due|tre)\s+(?:days?|weeks?|months?|years?|tag\w*|woche\w*|monat\w*|jahr\w*|"
    r"jours?|semaines?|mois|ans?|d[ií]as?|semanas?|mes(?:es)?|a[ñn]os?|giorn[oi]|settiman[ae]|mes[ei]|ann[oi])\b|"
    # with no count, only days, weeks and months ("Juckreiz seit Tagen", "prurito da giorni")
    r"(?<![\w'-])(?:for\s+(?:days|weeks|months)|seit\s+(?:tagen|wochen|monaten)|depuis\s+des\s+(?:jours|semaines|mois)|"
    r"desde\s+hace\s+(?:d[ií]as|semanas|meses)|da\s+(?:giorni|settimane|mesi))\b|"
    r"\b(?:at night|every (?:morning|night|day|evening)|after (?:every|each) meal|nachts|jeden (?:morgen|abend|tag)|"
    r"la nuit|chaque (?:matin|soir|nuit|jour)|por la noche|cada (?:ma[ñn]ana|noche|d[ií]a)|di notte|ogni "
    r"(?:mattina|notte|giorno|sera))\b|"
    # no cause the asker knows of: "bruises for no reason", "hématomes sans raison"
    r"\b(?:for\s+no\s+(?:reason|apparent\s+reason)|without\s+(?:a|any)\s+(?:reason|cause|fall|injury)|"
    r"ohne\s+(?:grund|ursache|sturz)|sans\s+(?:raison|cause|chute)|sin\s+(?:motivo|raz[óo]n|causa|ca[íi]da)|"
    r"senza\s+(?:motivo|ragione|causa|caduta))\b"
)
# Things that have troubles told in a symptom's words ("The login page has been a pain for days, what could it
# be?", "Da giorni la pagina mostra macchie rosse, che sarà?"): websites, forms, payments, charts, reviews.
_A_THINGS_TROUBLE = _compile(
    r"(?<![\w'-])(?:web\s*sites?|webseiten?|internetseiten?|web\s*pages?|pagin[ae]|p[áa]ginas?|log-?ins?|uploads?|"
    r"links?|online\s+forms?|formulars?|formulaires?|formularios?|modul[oi]|newsletters?|portal[es]?|portails?|"
    r"portal[ei]|charts?|graphs?|maps?|cartes?|mapas?|mapp[ae]|karten?|grafic[oi]|gr[áa]ficos?|diagramm?\w*|"
    r"e-?mails?|servers?|apps?|payments?|pagos|paiements?|zahlungen|pagamenti|delays?|retrasos?|ritard[oi]|"
    r"verz[öo]gerung\w*|countdown|barr?a|slides?|folien|diapositiv\w*|databases?|datenbank\w*|reviewers?|"
    r"evaluators?|[ée]valuateurs?|gutachter\w*|revisori|evaluadores)(?![\w'])"
)
# Taking one thing with another ("Posso prendere la Tachipirina insieme all'Oki?", "Is it safe to take Advil with
# Tylenol?"): the verb of taking or giving asked about, then up to four words and a word joining them. Only a
# question about medicines when one side names a medicine as one and the other a medicine or a brand
# (`_combines_medicines`): "take a photo with the speakers", "prendre rendez-vous avec le secrétariat" take none.
_COMBINES = _compile(
    r"(?:(?:(?:can|could|may|should)\s+(?:i|we|he|she|they|you|(?:my|our|his|her)\s+[\w'-]+)|"
    r"is\s+it\s+(?:safe|ok|okay|fine|dangerous|bad|risky)\s+to)\s+(?:take|give)|"
    r"(?:(?:kann|darf)\s+(?:ich|man|er|sie)|ist\s+es\s+(?:sicher|gef[äa]hrlich|ok|okay),?)"
    r"(?=[^.?!;]*\b(?:(?:ein)?nehmen|geben|verabreichen)\b)|"
    r"(?:(?:puis-je|je\s+peux|peut-on|on\s+peut|est-ce\s+que\s+je\s+peux|peut-(?:il|elle)|pourrait-(?:il|elle))\s+|"
    r"(?:est-ce|est-il|c'\s?est)\s+(?:dangereux|sans\s+danger|risqu[ée])\s+de\s+)(?:prendre|donner)|"
    r"(?:(?:puedo|se\s+puede|podemos|puede|podr[ií]a)\s+|es\s+(?:seguro|peligroso|malo)\s+)(?:tomar|dar(?:le)?)|"
    r"(?:(?:posso|si\s+pu[òo]|possiamo|pu[òo]|potrebbe)\s+|[èe]\s+(?:sicuro|pericoloso)\s+)(?:prendere|dar(?:e|gli|le)))\s+"
    r"(?P<first>(?:[\w'-]+\s+){1,4}?)(?P<join>together\s+with|along\s+with|at\s+the\s+same\s+time\s+as|zusammen\s+mit|"
    r"gleichzeitig\s+mit|en\s+m[êe]me\s+temps\s+que|junto\s+(?:con|a)|al\s+mismo\s+tiempo\s+que|"
    r"insieme\s+(?:a|al|alla|all'|allo|ai|alle|con)|contemporaneamente\s+a|with|avec|con|col|mit|"
    # "and" joins two things taken only when "together" follows ("Dalsy y Apiretal a la vez")
    r"and|und|et|y|e)\s+"
    r"(?P<second>(?:[\w'-]+\s+){0,3}[\w'-]+)"
)
_AND = frozenset("and und et y e".split())
# "Together", "at the same time", in the five languages.
_TOGETHER_WORDS = (
    r"(?:together|at\s+the\s+same\s+time|zusammen|gleichzeitig|en\s+m[êe]me\s+temps|ensemble|a\s+la\s+vez|"
    r"al\s+mismo\s+tiempo|juntos|insieme|contemporaneamente)"
)
_TOGETHER = _compile(rf"\b{_TOGETHER_WORDS}\b")
# A journey or an event in the sentence: two names taken are a train, a flight or people ("Para el taller de
# Pamplona, ¿puedo tomar Iberia con Vueling?").
_TRAVEL_OR_EVENT = _compile(
    r"\b(?:workshops?|taller(?:es)?|ateliers?|convegn[oi]|meetings?|reuni[óo]n|r[ée]union|riunione|conferences?|"
    r"konferenz|conferencia|conferenza|info(?:rmation)?\s+day|infotag|flights?|flug|vols?|vuelos?|vol[oi]|trains?|"
    r"z[üu]ge?|tren(?:es)?|tren[oi]|trips?|reise|viajes?|viaggi[oi]?|voyages?|hotels?|airports?|flughafen|"
    r"a[ée]roports?|aeropuertos?|aeroport[oi]|pamplona|brussels|bruxelles|bruselas|br[üu]ssel)\b"
)
# Whether it is safe to take something: asked of medicines, not of software or trains.
_SAFE_TO_TAKE = _compile(
    r"^(?:is\s+it|ist\s+es|est-ce|est-il|c'\s?est|es|[èe])\b|\b(?:safe|sicher|dangereux|sans\s+danger|seguro|"
    r"peligroso|sicuro|pericoloso)\b"
)
# Someone close given something: a child or a relative, not students or a trainee.
_TO_KIN = _compile(
    r"(?<![\w'-])(?:child|children|kids?|son|daughter|baby|toddler|\d+-(?:year|month)-old|mother|father|mum|mom|dad|"
    r"wife|husband|grandmother|grandfather|grandma|grandpa|kind|kinder|sohn|tochter|mutter|vater|enfants?|fils|fille|"
    r"b[ée]b[ée]|m[èe]re|p[èe]re|hij[oa]s?|beb[ée]|madre|padre|niñ[oa]s?|figli[oa]?|bambin[oa]|mamma|pap[àa])(?![\w'-])"
)
# French partitive articles: a substance taken ("prendre du Doliprane", "de l'Advil"), not a person or a train.
_PARTITIVE = _compile(r"^(?:du|de\s+la|de\s+l'|des)\s")
_WE_TAKE = re.compile(r"(?:can|could|may|should)\s+we\s+take\b", re.I)
_GIVE = re.compile(r"\b(?:give|geben|verabreichen|donner|dar(?:le)?|dar(?:e|gli|le))\b", re.I)
# What may close a sentence asking about taking two brands together: nothing but "at the same time".
_TOGETHER_END = _compile(
    rf"\W*(?:{_TOGETHER_WORDS}\W*)?"
    # to whom it is given: "... avec du Spasfon à mon fils ?"
    r"(?:(?:to|à|au|a|al|alla)\s+(?:my|our|his|her|their|mon|ma|notre|son|sa|mi|su|nuestro|nuestra|mio|mia|"
    r"nostro|nostra)\s+[\w'-]+\W*)?$"
)
# Words before the medicine named after "with" ("his nitroglycerin spray", "de l'ibuprofène", "dem Alkohol").
_DETERMINERS = frozenset(
    "the a an his her my our their its some du de des la le les l' dem der den einem einer meinem seinem ihrem "
    "el los las un una su sus il lo i gli al alla allo ai alle all' un' suo sua suoi sue mio mia "
    "mon ma mes son sa ses notre nos leur leurs mi mis nuestro nuestra nostro nostra mein meine meinen sein seine "
    "seinen ihr ihre ihren".split()
)
_TAKEN_ALONG = _compile(  # things taken that are no medicine but are asked about with one
    r"alcohol|alkohol|alcool|alcol|grapefruit\w*|pomelo|pamplemousse|pompelmo|st\.? john'?s wort|johanniskraut|"
    r"millepertuis|hip[ée]rico|iperico|iron|eisen|fer|hierro|ferro|"
    r"vitamin\w*|calcium|magnesium|supplements?|nahrungserg[äa]nzung\w*|compl[ée]ments?|suplementos?|integratori|"
    r"p[íi]ldora|pillola|spray|sirup|syrup|sirop|jarabe|sciroppo"
)
_PRONOUN_TAKEN = frozenset("it them".split())  # "with it": the medicine named before


_GERMAN_TAKING = re.compile(r"^(?:kann|darf|ist\s+es)\b", re.I)
# A brand in a German compound: "Nurofen-Saft", "Aspirin-Tabletten".
_GERMAN_FORM = re.compile(r"-(?:saft|s[äa]fte|tabletten?|tropfen|sirup|kapseln?|spray|z[äa]pfchen)$", re.I)


# Taking things "as examples" or "as a model" compares them: no medicine is taken.
_AS_EXAMPLES = _compile(
    r"(?:as|como|comme|come|als)\s+(?:[\w'-]+\s+){0,2}?(?:examples?|models?|cases?|topics?|themes?|ejemplos?|"
    r"modelos?|casos?|temas?|exemples?|mod[èe]les?|cas|th[èe]mes?|sujets?|esempi[oi]?|modell[oi]|casi|tem[ai]|"
    r"beispiel\w*|vorbild\w*|modell\w*|f[äa]ll\w*|thema|themen)"
)


def _a_medicine(word: str) -> bool:
    """A medicine by what it is: "insulin", "ibuprofen", "Schmerzmittel", "alcohol", "iron"."""
    return bool(_MEDICINE.fullmatch(word) or _DRUG_NAME.fullmatch(word) or _TAKEN_ALONG.fullmatch(word))


# Titles before a person's name: "Dr Janssen", "Prof. Aalto" name people, not brands.
_TITLES = frozenset(
    "dr doctor prof professor mr mrs ms miss herr frau mme mlle madame monsieur dott dottor dottoressa sig signor "
    "signora sr sra don doña".split()
)


def _a_brand(word: str, *, german: bool, shortest: int = 4) -> bool:
    """A name that may be a medicine's brand: capitalised, not all capitals, no common English word nor a
    country ("Tachipirina", "Tylenol"; not "German", "DLR", "Estonia"). German capitalises every noun: there
    only a medicine's form says so ("Nurofen-Saft")."""
    if german:
        return bool(_GERMAN_FORM.search(word))
    if len(word) < shortest or not word[0].isupper() or word.isupper() or word.casefold() in _TITLES:
        return False
    return word.casefold() not in common_english_words() and not countries_named(word)


def _combines_medicines(sentence: str) -> bool:
    """Whether a sentence asks about taking (or giving) one medicine with another: a medicine named as one on
    one side of the joining word, and a medicine or a brand's name on the other (the first word after it), or
    "with it" after a medicine; not in a sentence naming the partnership or taking things as examples. Two names
    alone are no medicines ("Can I take Siobhan with Margaux to Pamplona?")."""
    if _NAMES_THE_PARTNERSHIP.search(sentence) or _AS_EXAMPLES.search(sentence):
        return False
    for match in _COMBINES.finditer(sentence):
        if match.group("join").casefold() in _AND and not _TOGETHER.search(
            match.string[match.start("second") :]
        ):
            continue
        german = bool(_GERMAN_TAKING.match(match.group(0)))
        first = [w for w in match.group("first").split() if w.casefold() not in _DETERMINERS]
        second = [w for w in match.group("second").split() if w.casefold() not in _DETERMINERS]
        if not second:
            continue
        # a medicine of several words after "with" ("St John's wort") is read on the words together
        joined = " ".join(second)
        taken = _TAKEN_ALONG.match(joined)
        along = taken is not None and not joined[taken.end() : taken.end() + 1].isalnum()
        after = along or _a_medicine(second[0])
        if any(map(_a_medicine, first)) and (
            after or _a_brand(second[0], german=german) or second[0].casefold() in _PRONOUN_TAKEN
        ):
            return True
        if after and any(
            _a_brand(w, german=german, shortest=_shortest(match.group("first"), w)) for w in first
        ):
            return True
        if _two_brands(match, first, second, german=german) and _TOGETHER_END.match(
            sentence[match.start("second") :].split(second[0], 1)[-1]
        ):
            return True
    return False


def _two_brands(match: re.Match[str], first: list[str], second: list[str], *, german: bool) -> bool:
    """Two brands alone, the sentence ending on the second (the caller checks the end), when asked whether it
    is safe to take them ("Is it safe to take Advil with Tylenol?", "¿Es seguro tomar Frenadol con Espidifen?"),
    the first is taken as a substance ("Puis-je prendre du Doliprane avec de l'Advil ?") or they are given to a
    child or a relative ("Can we give our 2-year-old Nurofen along with Calpol?"): "Can I take Zotero
    with Mendeley?" may be software, trains or people, left to the worded examples. A name taken somewhere goes
    on ("... to Pamplona?"), and "can we take" two names is a team's choice.
    Given, the first brand may follow whom it is given to ("give our 2-year-old Nurofen along with Calpol"); an
    article elided into a name makes three letters a brand ("all'Oki")."""
    if (
        not first
        or not (
            _SAFE_TO_TAKE.search(match.group(0))
            or _PARTITIVE.search(match.group("first"))
            or (_GIVE.search(match.group(0)) and _TO_KIN.search(match.string))
        )
        or _WE_TAKE.match(match.group(0))
        or not (len(first) == 1 or _GIVE.search(match.group(0)))
        or _TRAVEL_OR_EVENT.search(match.string)
    ):
        return False
    return _a_brand(
        first[-1], german=german, shortest=_shortest(match.group("first"), first[-1])
    ) and _a_brand(
        second[0], german=german, shortest=_shortest(match.string[: match.end("second")], second[0])
    )


def _shortest(words: str, name: str) -> int:
    """How short a brand may be: three letters after an elided article ("l' Oki", as `_fold` sets it apart)."""
    return 3 if re.search(rf"'\s+{re.escape(name)}\b", words) else 4


_IN_A_SENTENCE: Final[dict[str, Callable[[str], bool]]] = {
    "asks what a symptom could be": lambda sentence: bool(
        _WHAT_COULD_IT_BE.search(sentence)
        and _SYMPTOMS.search(sentence)
        and _ON_THE_BODY.search(sentence)
        and not _A_THINGS_TROUBLE.search(sentence)
    ),
    "asks about combining medicines": _combines_medicines,
    "asks what to do": _asks_what_to_do,
    "asks a dose": _asks_a_dose,
    "cites their doctor": _cites_their_doctor,
    "asks for a treatment or test for themselves": lambda sentence: bool(_CARE_FOR_ONESELF.search(sentence)),
    "asks whether they will get an illness": lambda sentence: bool(_WILL_I_GET.search(sentence)),
    # per sentence: "as a cancer survivor, how can I get involved?" asks about taking part
    "is a patient": lambda sentence: bool(_IS_A_PATIENT.search(sentence)),
    "a test or treatment for themselves": lambda sentence: bool(_FOR_THEMSELVES.search(sentence)),
    "asks which of two treatments": _asks_which_treatment,
    "a side effect of a medicine": lambda sentence: bool(_SIDE_EFFECT.search(sentence)),
    "asks about having an organ removed": lambda sentence: bool(_REMOVAL.search(sentence)),
    "asks what a result means": _asks_what_a_result_means,
    "asks about stopping a medicine": _stops_a_medicine,
}


# Speaking of oneself or a relative, or of a health matter: such a message is compared with the guard's examples
# before any search (knowledge/answering.py); a message without either only when the search found nothing.
_SPEAKS_OF_SOMEONE = _compile(
    rf"{_words(SELF)}|i'm|i'd|{_words(SELF_OBJECT)}|{_words(POSSESSIVE)}|{_words(SELF_HAVING)}|{_words(KIN)}"
)
MIN_WORDS_COMPARED = 3  # "ok", "¿Qué hago?": too few words to be told from anything by their likeness
_NAMES_THE_PARTNERSHIP = re.compile(
    r"\b(?:ep[- ]?permed|eppermed|icpermed|era[- ]?permed|era-?nets?)\b", re.I
)


def laboratory_value(word: str) -> bool:
    """Whether a word names a measured value the patterns know ("creatinina", "HbA1c"): no medicine's name."""
    return bool(_ANALYTE.fullmatch(word))


def _fold(text: str) -> str:
    """Plain apostrophes, elided articles set apart ("l'atelier" -> "l' atelier") and medicines of the names
    file marked ("dell' Xarelto" -> "dell' pharmakon"), as the patterns read."""
    text = unicodedata.normalize("NFC", text)  # "capécitabine" typed with a combining accent is the same word
    return mark_medicines(_ELISION.sub(r"\1 ", text.replace("’", "'").replace("`", "'")))


def may_be_personal_health(text: str) -> bool:
    """Whether `text` could ask about someone's own health in words the patterns do not know: no sentence
    speaks of EP PerMed, an organisation, a document, research or taking part, and it speaks of someone or of
    a health matter (`speaks_of_someone_or_health`) or has `MIN_WORDS_COMPARED` words. Only such messages are
    compared with the guard's examples, which hold thousands of ordinary questions beside the personal ones:
    "Bruising easily lately, what could it be?" names no one and nothing the patterns know."""
    folded = _fold(text)
    if _NAMES_THE_PARTNERSHIP.search(folded):
        return False
    if any(_is_about_ep_permed(sentence) for sentence in _SENTENCE_END.split(folded)):
        return False
    return _speaks_of_someone_or_health(folded) or len(folded.split()) >= MIN_WORDS_COMPARED


def speaks_of_someone_or_health(text: str) -> bool:
    """Whether `text` speaks of the asker or a relative ("I", "my", "meine Mutter") or names a health matter
    (an ailment, a symptom, a treatment, a test)."""
    return _speaks_of_someone_or_health(_fold(text))


def _speaks_of_someone_or_health(folded: str) -> bool:
    return bool(_SPEAKS_OF_SOMEONE.search(folded) or _CLINICAL.search(folded))


def medical_reason(text: str) -> str | None:
    """Why `text` asks for advice about a person's own or a relative's health, or None when it does not.

    Someone has, feels, takes or was diagnosed with something, or names their own ailment, medicine or test;
    or, in a sentence about no organisation, document or research (nor about taking part, when it names no
    medicine), someone asks whether to take, stop or undergo a treatment or test, what to take for themselves,
    how much of a medicine, or cites their doctor; or a case is told without "my" (a person by sex and age, or
    someone close linked to an ailment, a medicine or a value, with a clinical question in the message); or a
    test or treatment is asked for "someone like me"; or "he" or "she" begins or takes a medicine by its name;
    or someone gives their own measured value ("My HbA1c is 6.9").
    """
    folded = _fold(text)
    context_only = _asks_about_the_partnership(folded)
    if not context_only:
        for reason, pattern in _OWN_HEALTH.items():
            if pattern.search(folded):
                return reason
    asked: list[bool] = []  # whether the message asks a clinical question, read once and only if needed

    def clinical() -> bool:
        if not asked:
            asked.append(_asks_clinically(folded))
        return asked[0]

    for sentence in _SENTENCE_END.split(folded):
        told = _sentence_reason(sentence, context_only=context_only, clinical=clinical)
        if told is not None:
            return told
    return _message_reason(folded, context_only=context_only)


def _message_reason(folded: str, *, context_only: bool) -> str | None:
    """The signals read on the whole message, after those of its sentences: whether something is normal, a
    laboratory value, and (unless the health told is context) a medicine begun by name or one's own value."""
    if _asks_whether_normal(folded):
        return "asks whether a health matter is normal or dangerous"
    if _gives_a_laboratory_value(folded):
        return "gives a laboratory value"
    if context_only:
        return None
    if _SOMEONES_MEDICINE.search(folded):
        return "someone's medicine by name"
    return "gives their own value" if _OWN_VALUE.search(folded) else None


# The asker as the person a test or treatment is for, even in a question to the partnership ("Does EP PerMed
# recommend genome sequencing for someone like me?").
# ... told with an ailment of their own ("for someone like me with early heart attacks in the family"); "people
# like me without a science degree" or "with a policy background" tell no case.
_LIKE_ME = _compile(
    r"(?<![\w'-])(?:(?:someone|somebody|people|a person|persons) like me|jemand(?:en)? wie (?:ich|mich)|"
    r"(?:leute|menschen|personen) wie (?:ich|mich)|quelqu' ?un comme moi|(?:des )?(?:gens|personnes) comme moi|"
    r"alguien como yo|(?:personas|gente) como yo|qualcuno come me|(?:una persona|persone) come me)"
    rf"{_ANY}(?:with|who has|mit|avec|qui a|con|che ha){_ANY}{_NOT_A_TOPIC}{_AILMENT}{_NOT_A_SUBJECT}"
)
_TREATMENT_OR_TEST = _compile(
    rf"{_words(TREATMENT)}|{_words(TEST)}|"
    r"(?<![\w'-])(?:(?:whole[- ])?(?:genome|exome) sequencing|sequencing|s[ée]quen[cç]age|secuenciaci[óo]n|"
    r"sequenziamento|\w*sequenzierung)(?![\w'-])"
)
# Work the asker names: a role ("as a nurse", "researchers like me") or a business ("a small biotech like me").
_WORK_OF_THE_ASKER = _compile(
    rf"{_words(ROLE)}|{_AS_A_ROLE}|(?<![\w'-])(?:compan(?:y|ies)|firms?|biotechs?|start-?ups?|smes?|"
    r"unternehmen|firmen?|entreprises?|soci[ée]t[ée]s?|empresas?|aziend[ae]|societ[àa])(?![\w'-])"
)


# "our counselling", "unserer Beratung": the asker speaks for an organisation
_OURS = _compile(_words(OUR + ", ours", tail=r"(?![\w'-])"))


def _wants_care_like_mine(sentence: str) -> bool:
    """A test or treatment (not the field, "personalised medicine") asked for "someone like me" with an
    ailment, the asker naming no role, business, "our" nor way of taking part ("Can someone like me, a small biotech,
    apply with a diagnostic test?" asks about funding)."""
    if not _LIKE_ME.search(sentence) or not _TREATMENT_OR_TEST.search(_FIELD_OF_MEDICINE.sub(" ", sentence)):
        return False
    return not (
        _PARTICIPATION.search(sentence) or _WORK_OF_THE_ASKER.search(sentence) or _OURS.search(sentence)
    )


def _sentence_reason(sentence: str, *, context_only: bool, clinical: Callable[[], bool]) -> str | None:
    """Why one sentence asks for advice about someone's health, or None: a relative's ailment named before
    them, the signals of `_IN_A_SENTENCE` (read only in a sentence about no organisation, document or
    research), or a case told without "my" (`_presents_a_case`, which reads work in its own way)."""
    if _OF_A_RELATIVE.search(sentence) and not _is_about_ep_permed(sentence, care_counts=False):
        return "a relative's ailment or medicine"
    if _wants_care_like_mine(sentence):
        return "asks for a test or treatment for themselves"
    if not _is_about_ep_permed(sentence):
        for reason, asks in _IN_A_SENTENCE.items():
            if context_only and reason == "is a patient":
                continue
            if asks(sentence):
                return reason
    # its own reading of work: "partner" may be a partner in life
    if not context_only and _presents_a_case(sentence, clinical):
        return "presents someone's case"
    return None


_DEVICE = _compile(
    r"(?:devices?|sensors?|assays?|kits?|products?|prototypes?|start-?ups?|ger[äa]te?s?|dispositifs?|capteurs?|"
    r"dispositivos?|sensores?|dispositiv[oi]|sensor[ei])"
)


def _gives_a_laboratory_value(folded: str) -> bool:
    """ "PSA à 6,2 ng/ml à 58 ans, inquiétant ?": a value with a laboratory unit, in a message about no
    organisation, document, research or device ("Our sensor detects 10 ng/ml troponin" is a product)."""
    if not _LAB_VALUE.search(folded) or _DEVICE.search(folded):
        return False
    return not _about_work(folded, _sentences(folded))


def _sentences(folded: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(folded) if s.strip()]


def _about_work(folded: str, sentences: list[str]) -> bool:
    """Whether a message names the partnership, or has a sentence about an organisation, research or taking
    part: then a value or "is that normal?" in it is about that work, not someone's health."""
    return bool(_NAMES_THE_PARTNERSHIP.search(folded)) or any(_is_about_ep_permed(s) for s in sentences)


# "tingling hands after ferocatib – normal?": the judgement alone after a dash or a comma.
_BARE_JUDGEMENT = re.compile(
    r"[,–—-]\s*¿?\s*(?:normal|normale|dangerous|serious|worrying|gef[äa]hrlich|bedenklich|dangereux|grave|"
    r"inqui[ée]tant|peligroso|preocupante|pericoloso|preoccupante)\s*(?:\?|$)",
    re.I,
)
# "Éruption cutanée sous nevrotane, j'arrête ?": whether to stop, with a health matter in the message.
_STOP_IT = re.compile(
    r"(?:\bj' ?arr[êe]te\b|\bje l' ?arr[êe]te\b|\bdois-je (?:l' ?)?arr[êe]ter\b|\bshould i stop\b|\bdo i stop\b|"
    r"\bsoll ich (?:es |sie |das )?absetzen\b|\babsetzen\s*\?|\blo dejo\b|\bdejo de tomar\w*|\bsmetto\b|"
    r"\bdevo smettere\b|\bla sospendo\b|\blo sospendo\b)",
    re.I,
)


def _asks_whether_normal(folded: str) -> bool:
    """ "A colleague gets rashes from her new biologic. Is that a normal side effect?": a sentence asking
    whether something is normal or dangerous, about no organisation or document, in a message naming an
    ailment, a symptom or a medicine and not the partnership."""
    if not _CLINICAL.search(folded):
        return False
    sentences = _sentences(folded)
    if _about_work(folded, sentences) or any(_DOCUMENT.search(sentence) for sentence in sentences):
        return False  # "I submitted a proposal on diabetes ... Is that normal?" asks about the proposal
    for at, sentence in enumerate(sentences):
        near = sentences[max(0, at - 1) : at + 1]
        if _JUDGEMENT.search(sentence) and any(_CLINICAL.search(s) for s in near):
            return True
        # a bare "– normal?" or "j'arrête ?" wants a symptom, or one's own medicine ("the FAQ says nothing
        # about vaccines, normal?" is about the FAQ)
        if (_BARE_JUDGEMENT.search(sentence) or _STOP_IT.search(sentence)) and any(
            _SYMPTOMS.search(s) or (_ONESELF.search(s) and _MEDICINE.search(s)) for s in near
        ):
            return True
    return False


# Where a message's question starts: a new sentence, or after a colon, semicolon or dash ("Tengo diabetes y
# soy investigador: ¿puedo presentar un proyecto ...?").
_CLAUSE_END = re.compile(r"[.;!?:]+(?:\s|$)|\s[–—-]\s")


def _asks_about_the_partnership(folded: str) -> bool:
    """Whether the health a message tells of is only its context: it ends in a question of its own about EP
    PerMed, an organisation, research, funding or taking part, one that names no health of the asker's
    ("My father has bowel cancer. Does EP PerMed fund prevention research?"). One clause alone is not enough
    ("I have diabetes, can I take part in a trial?" stays refused)."""
    clauses = [clause for clause in _CLAUSE_END.split(folded) if clause.strip(_EDGES_OF_CLAUSE)]
    if len(clauses) < 2:
        return False
    question = clauses[-1]
    told = folded[: folded.rfind(question)]
    if "?" in told:
        return False  # "I have a lump, what could it be? Does EP PerMed fund research?" asks twice
    if _SYMPTOMS.search(told) and not _is_about_ep_permed(told):
        return False  # symptoms felt now ask for care, whatever follows; a diagnosis may be context
    if any(pattern.search(question) for pattern in _OWN_HEALTH.values()):
        return False
    if _CARE_OR_TRIAL.search(_FIELD_OF_MEDICINE.sub(" ", question)) and _SOMEONE.search(question):
        return False  # "Can EP PerMed help me get treatment?", "Is there a trial for him?"
    return _is_about_ep_permed(question) or bool(_NAMES_THE_PARTNERSHIP.search(question))


_FIELD_OF_MEDICINE = re.compile(
    r"\b(?:personali[sz]ed|precision|stratified|individuali[sz]ed|personali[sz]ierte|personnalis[ée]e|"
    r"personalizada|personalizzata|di precisione|de pr[ée]cision|de precisi[óo]n)\s+medi\w+|"
    r"\bmedi\w+\s+(?:personali[sz]ed|personnalis[ée]e|personalizada|personalizzata)",
    re.I,
)
_EDGES_OF_CLAUSE = " \t\n¿¡\"'“”«»()"
_CARE_OR_TRIAL = _compile(
    rf"{_words(TREATMENT)}|{_words(TEST)}|(?<![\w'-])(?:trials?|stud(?:y|ies)|studien?|[ée]tudes?|estudios?|"
    rf"studi[oi]|essais?|ensayos?|sperimentazion[ei]|cure|heal|healing|hospital|krankenhaus|klinik|h[ôo]pital|"
    rf"ospedale|treat|treated|treating|clinic|clinics|care home|nursing home|get better|"
    rf"help(?:s|ing)?{_ANY}(?:me|him|her|them|us|my|mich|ihm|ihr|moi|lui|elle|m[ií]|[ée]l|ella|lei))(?![\w'-])|"
    rf"{_words(DOCTOR)}"
)
_SOMEONE = _compile(
    rf"{_words(SELF)}|{_words(SELF_OBJECT)}|{_words(POSSESSIVE)}|{_words(KIN)}|"
    rf"(?<![\w'])(?:he|she|him|her|his|they|them|their|er|sie|ihn|ihm|ihr|il|elle|lui|leur|[ée]l|ella|"
    rf"ellos|ellas|lei|lui|loro|gli)(?![\w'-])"
)


def classify(text: str) -> Intent:
    """Greeting, thanks, medical advice request, or an ordinary question to search for."""
    stripped = text.strip()
    if _GREETING.match(stripped):
        return "greeting"
    if _THANKS.match(stripped):
        return "thanks"
    if medical_reason(stripped) is not None:
        return "medical"
    return "question"
