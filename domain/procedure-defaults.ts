/**
 * What an organisation's response procedure says until an admin writes its own, so the link in
 * an alert is never empty: first steps drawn from the study's recommendations, meant to be
 * replaced. In English and Serbian (Latin), the languages of the texts (message-texts.ts).
 */
import type { Language } from './message-texts';
import type { ProcedureTrigger } from './response-procedures';

const EN: Record<ProcedureTrigger, readonly string[]> = {
  'perpetrator-released': [
    'Acknowledge the alert so the chain stops escalating.',
    'Call the victim at once on the agreed number; confirm where she is and that she is safe.',
    'Call the police liaison: report the release and ask for protection measures.',
    'Review the safety plan with the victim: routes, contacts, whether a move to a shelter is needed.',
    'Tell the staff who work the case; avoid being seen with the victim in public for now.',
    'Record a reassessment in Vigil today (then daily for 14 days).',
  ],
  'threat-to-victim': [
    'Acknowledge the alert so the chain stops escalating.',
    'Call the victim at once on the agreed number; confirm where she is and that she is safe now.',
    'Call the police (192) if the danger is immediate; otherwise report the threat to the police liaison today.',
    'Ask her to keep messages, call logs and notes of who approached or followed her, when and where.',
    'Review the safety plan with her: routes, phone, who knows where she lives, whether a move is needed.',
    'If staff were threatened or followed too, follow the threat-to-staff procedure as well.',
    'Record the incident and a reassessment of the case in Vigil today.',
  ],
  'pressure-on-victim': [
    'Acknowledge the alert so the chain stops escalating.',
    'Talk to the victim or witness in a safe place, without the person who may be pressuring her.',
    'Write down what was offered or threatened, by whom and when; keep messages and call logs.',
    'Tell the lawyer and the police liaison today: pressure to change testimony is a crime of its own.',
    'Ask the prosecutor or court for protective measures: a protected witness, testimony by video link, a separate waiting room.',
    'Record the incident and a reassessment of the case in Vigil today.',
  ],
  'threat-to-staff': [
    'Acknowledge the alert so the chain stops escalating.',
    'Make sure the threatened colleague is safe and not alone; move them to the office or a safe place.',
    'Call the police (192) if the danger is immediate; otherwise report the threat to the police liaison today.',
    'Write down what happened, when and who was involved, while it is fresh; keep messages and call logs.',
    "Tell the duty coordinator; decide on measures: accompanied visits, changed routes, the office's entrance.",
    'Record the incident and a reassessment of the case in Vigil.',
  ],
  'missed-check-in': [
    'Acknowledge the alert so the chain stops escalating.',
    'Call the colleague on their phone; if there is no answer, call again after 2 minutes and send an SMS.',
    'Call the people they were meeting or the place they went, if that is safe to do.',
    'No contact within 15 minutes: call the police (192), give the visit details from Vigil.',
    'Keep trying to reach them and tell the duty coordinator what has been done.',
  ],
  panic: [
    'Acknowledge the alert so the chain stops escalating.',
    'Call the police (192) at once and give the visit details from Vigil.',
    'Do not call the colleague first: a ringing phone may put them in more danger.',
    'Tell the duty coordinator; one person keeps in touch with the police, another stays reachable.',
    'When the colleague is safe: debrief, support, and record what happened.',
  ],
  'data-leak': [
    'Acknowledge the alert so the chain stops escalating.',
    'Find out what leaked and who may have it; stop further access (passwords, shared files, devices).',
    'Warn the victims and staff whose addresses or whereabouts may be known; reassess their safety today.',
    'Consider moving victims whose shelter or address leaked; tell the police liaison.',
    'Report the breach to the data protection authority within 72 hours where the law requires it.',
  ],
  'hearing-unprepared': [
    'Acknowledge the alert so the coordinator knows someone is on it.',
    "Reassess the victim's safety today, before the hearing, and record it in Vigil.",
    'Agree the court day with her: who accompanies her, the route, where she waits, how she gets home.',
    'Ask the court or prosecutor for a separate waiting room or testimony by video link if she may meet the accused.',
    'Tell the lawyer and the police liaison the plan; decide who from the staff goes to court.',
  ],
};

const SR: Record<ProcedureTrigger, readonly string[]> = {
  'perpetrator-released': [
    'Potvrdite upozorenje da lanac prestane da eskalira.',
    'Odmah pozovite žrtvu na dogovoreni broj; proverite gde je i da li je bezbedna.',
    'Pozovite kontakt u policiji: prijavite puštanje na slobodu i zatražite mere zaštite.',
    'Prođite sa žrtvom kroz bezbednosni plan: putanje, kontakti, da li je potrebno preseljenje u sklonište.',
    'Obavestite zaposlene koji rade na slučaju; za sada izbegavajte da vas vide sa žrtvom u javnosti.',
    'Unesite ponovnu procenu u Vigil danas (zatim svakodnevno 14 dana).',
  ],
  'threat-to-victim': [
    'Potvrdite upozorenje da lanac prestane da eskalira.',
    'Odmah pozovite žrtvu na dogovoreni broj; proverite gde je i da li je sada bezbedna.',
    'Pozovite policiju (192) ako je opasnost neposredna; inače danas prijavite pretnju kontaktu u policiji.',
    'Zamolite je da sačuva poruke, spisak poziva i beleške o tome ko joj je prišao ili je pratio, kada i gde.',
    'Prođite sa njom kroz bezbednosni plan: putanje, telefon, ko zna gde živi, da li je potrebno preseljenje.',
    'Ako su i zaposleni dobili pretnje ili su praćeni, postupite i po proceduri za pretnju osoblju.',
    'Unesite incident i ponovnu procenu slučaja u Vigil danas.',
  ],
  'pressure-on-victim': [
    'Potvrdite upozorenje da lanac prestane da eskalira.',
    'Razgovarajte sa žrtvom ili svedokom na bezbednom mestu, bez osobe koja možda vrši pritisak.',
    'Zapišite šta je ponuđeno ili čime je prećeno, ko je to učinio i kada; sačuvajte poruke i spisak poziva.',
    'Danas obavestite advokata i kontakt u policiji: pritisak da se promeni iskaz je posebno krivično delo.',
    'Zatražite od tužioca ili suda mere zaštite: status zaštićenog svedoka, svedočenje putem video-veze, posebnu čekaonicu.',
    'Unesite incident i ponovnu procenu slučaja u Vigil danas.',
  ],
  'threat-to-staff': [
    'Potvrdite upozorenje da lanac prestane da eskalira.',
    'Uverite se da je ugroženi kolega bezbedan i da nije sam; sklonite ga u kancelariju ili na bezbedno mesto.',
    'Pozovite policiju (192) ako je opasnost neposredna; inače danas prijavite pretnju kontaktu u policiji.',
    'Zapišite šta se desilo, kada i ko je učestvovao dok je sveže; sačuvajte poruke i spisak poziva.',
    'Obavestite dežurnog koordinatora; dogovorite mere: posete u pratnji, promenjene putanje, ulaz u kancelariju.',
    'Unesite incident i ponovnu procenu slučaja u Vigil.',
  ],
  'missed-check-in': [
    'Potvrdite upozorenje da lanac prestane da eskalira.',
    'Pozovite kolegu na telefon; ako se ne javi, pozovite ponovo posle 2 minuta i pošaljite SMS.',
    'Pozovite ljude sa kojima se sastajao ili mesto na koje je otišao, ako je to bezbedno.',
    'Ako se ne javi u roku od 15 minuta: pozovite policiju (192) i dajte podatke o poseti iz Vigila.',
    'Nastavite da ga tražite i obavestite dežurnog koordinatora šta je urađeno.',
  ],
  panic: [
    'Potvrdite upozorenje da lanac prestane da eskalira.',
    'Odmah pozovite policiju (192) i dajte podatke o poseti iz Vigila.',
    'Ne zovite prvo kolegu: telefon koji zvoni može ga dovesti u još veću opasnost.',
    'Obavestite dežurnog koordinatora; jedna osoba je u vezi sa policijom, druga ostaje dostupna.',
    'Kada je kolega bezbedan: razgovor posle događaja, podrška i zapis o tome šta se desilo.',
  ],
  'data-leak': [
    'Potvrdite upozorenje da lanac prestane da eskalira.',
    'Utvrdite šta je procurelo i ko to može imati; zaustavite dalji pristup (lozinke, deljene datoteke, uređaji).',
    'Upozorite žrtve i zaposlene čije adrese ili kretanje mogu biti poznati; danas ponovo procenite njihovu bezbednost.',
    'Razmotrite preseljenje žrtava čije je sklonište ili adresa procurela; obavestite kontakt u policiji.',
    'Prijavite povredu podataka Povereniku za zaštitu podataka u roku od 72 sata kada to zakon zahteva.',
  ],
  'hearing-unprepared': [
    'Potvrdite upozorenje da koordinator zna da je neko preuzeo.',
    'Danas, pre ročišta, ponovo procenite bezbednost žrtve i unesite procenu u Vigil.',
    'Dogovorite sa njom dan suđenja: ko je prati, kojim putem, gde čeka, kako se vraća kući.',
    'Zatražite od suda ili tužioca posebnu čekaonicu ili svedočenje putem video-veze ako može sresti optuženog.',
    'Obavestite advokata i kontakt u policiji o planu; odlučite ko od zaposlenih ide na sud.',
  ],
};

export const PROCEDURE_DEFAULTS: Readonly<Record<Language, Readonly<Record<ProcedureTrigger, readonly string[]>>>> = {
  en: EN,
  'sr-Latn': SR,
};
