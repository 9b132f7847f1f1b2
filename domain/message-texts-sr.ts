/** The Serbian (Latin) texts of every notice (see message-texts.ts for what they may carry). */
import { lines, type LanguageTexts, type Words } from './message-templates';

const FOOTER_SR = 'Vigil slučajeve označava samo šifrom. Detalje slučaja pogledajte u Vigilu.';

export const SR_TEXTS: LanguageTexts = {
  locale: 'sr-Latn-RS',
  rules: {
    base: 'redovna procena za nivo rizika',
    'new-case': 'novi slučaj',
    'hearing-weekly': 'ročište u narednih 14 dana',
    'hearing-daily': 'ročište u naredna 3 dana',
    'pre-hearing': 'bezbednosni plan pre ročišta',
    'hearing-debrief': 'razgovor posle ročišta',
    'release-announced': 'najavljeno puštanje učinioca na slobodu',
    'release-immediate': 'učinilac pušten na slobodu ili u bekstvu',
    'release-daily': 'svakodnevno posle puštanja na slobodu',
    'release-weekly': 'nedeljno posle puštanja na slobodu',
    'incident-immediate': 'prijavljen incident',
    'incident-daily': 'svakodnevno posle incidenta',
    relocation: 'premeštanje ili promena skloništa',
  },
  triggers: {
    'perpetrator.released': 'učinilac pušten na slobodu',
    'perpetrator.escaped': 'učinilac pobegao',
    'incident.threat': 'prijavljena pretnja',
    'incident.approach': 'prilazak trgovca ljudima ili saradnika',
    'incident.bribe_or_pressure': 'podmićivanje ili pritisak da se promeni iskaz',
    'incident.surveillance': 'praćenje ili nadzor',
    'incident.data_leak': 'sumnja na curenje podataka',
    'incident.court_intimidation': 'zastrašivanje u sudu',
    'incident.attack_on_staff': 'napad na osoblje ili prostorije',
    'visit.missed-check-in': 'nema javljanja o bezbednosti do roka',
    'visit.panic': 'pritisnut taster za uzbunu',
    'visit.duress': 'javljanje pod prinudom (tihi alarm)',
    'visit.pin-attempts': 'više pogrešnih PIN-ova: telefon je možda u tuđim rukama',
    'hearing.unprepared': 'ročište u naredna 24 sata, nema procene za njega',
  },
  about: {
    case: [(c) => `slučaj ${c}`, (c) => `slučaj ${c}`],
    visit: [(c) => `terenska poseta ${c}`, (c) => `terensku posetu ${c}`],
  },
  texts: {
    'visit-reminder': {
      sms: (w) =>
        `Vigil: vaša terenska poseta ${w.caseCode} treba da se završi ${w.due}. Kada ste bezbedni, odgovorite BEZBEDNO i vaš PIN (ako ga imate); za produženje PRODUZI i minute, npr. PRODUZI 30.`,
      subject: (w) => `Vigil: vaša terenska poseta ${w.caseCode} se završava ${w.due}`,
      email: (w) =>
        lines(
          `Vaša terenska poseta ${w.caseCode} treba da se završi ${w.due}.`,
          '',
          'Šta treba uraditi: kada ste bezbedni, javite se u Vigilu ili odgovorite BEZBEDNO i vaš PIN (ako ga imate) na Vigil SMS. Za produženje, produžite posetu u Vigilu ili odgovorite PRODUZI i broj minuta, npr. PRODUZI 30.',
          'Ako se ne javite do isteka dodatnog vremena, vaši kontakti za bezbednost dobijaju uzbunu.',
        ),
    },
    reminder: {
      sms: (w) => `Vigil: ponovna procena bezbednosti za slučaj ${w.caseCode} dospeva ${w.due} (${w.reason}). Unesite je u Vigil.`,
      subject: (w) => `Vigil: procena za slučaj ${w.caseCode} dospeva ${w.due}`,
      email: (w) =>
        lines(
          `Ponovna procena bezbednosti za slučaj ${w.caseCode} dospeva ${w.due}.`,
          `Razlog: ${w.reason}.`,
          '',
          'Šta treba uraditi: procenite bezbednost žrtve i osoblja i unesite procenu u Vigil. Kada je unesete, podsetnici prestaju.',
          '',
          FOOTER_SR,
        ),
    },
    escalation: {
      sms: (w) =>
        `Vigil: KASNI ponovna procena bezbednosti za slučaj ${w.caseCode}, rok ${w.due} (${w.reason}). Proverite da bude urađena.`,
      subject: (w) => `Vigil: KASNI procena za slučaj ${w.caseCode}`,
      email: (w) =>
        lines(
          `Ponovna procena bezbednosti za slučaj ${w.caseCode} KASNI: rok je bio ${w.due}.`,
          `Razlog: ${w.reason}.`,
          '',
          'Šta treba uraditi: postarajte se da procena bude urađena i uneta u Vigil danas, ili dodelite slučaj drugom.',
          '',
          FOOTER_SR,
        ),
    },
    urgent: {
      sms: (w) =>
        `Vigil HITNO: ${w.about}: ${w.trigger}. Odmah postupite po proceduri. Odgovorite OK ${w.ackCode} za potvrdu.${linkSmsSr(w)}`,
      subject: (w) => `Vigil HITNO: ${w.about}: ${w.trigger}`,
      email: (w) =>
        lines(
          `Hitno upozorenje za ${w.aboutFor}: ${w.trigger}.`,
          '',
          'Šta treba uraditi: odmah postupite po proceduri vaše organizacije za ovu situaciju.',
          ...procedureEmailSr(w),
          '',
          ackSr(w),
          'Dok neko ne potvrdi, upozorenje dobijaju sledeći kontakti u lancu.',
          '',
          FOOTER_SR,
        ),
    },
    unacknowledged: {
      sms: (w) =>
        `Vigil HITNO, niko nije potvrdio: ${w.about}: ${w.trigger}. Preuzmite odmah, pozovite kontakte. Odgovorite OK ${w.ackCode}.${linkSmsSr(w)}`,
      subject: (w) => `Vigil HITNO: upozorenje za ${w.aboutFor} NIJE potvrđeno`,
      email: (w) =>
        lines(
          `Niko u lancu nije potvrdio hitno upozorenje za ${w.aboutFor}: ${w.trigger}.`,
          '',
          'Šta treba uraditi: odmah preuzmite. Postupite po proceduri i pozovite kontakte slučaja telefonom.',
          ...procedureEmailSr(w),
          '',
          ackSr(w),
          '',
          FOOTER_SR,
        ),
    },
    'sms-ambiguous': {
      sms: (w) =>
        `Vigil: SMS komanda je stigla sa broja koji se završava na ${w.phoneEnding}, a on je na karticama zaposlenih u više organizacija. BEZBEDNO i PRODUZI sa njega se odbijaju (PANIKA i dalje uzbunjuje): neka bude samo na kartici vlasnika.`,
      subject: (w) => `Vigil: SMS komande odbijene sa broja koji se završava na ${w.phoneEnding}`,
      email: (w) =>
        lines(
          `SMS komanda je stigla sa broja telefona koji se završava na ${w.phoneEnding}, a taj broj je na karticama zaposlenih u više organizacija koje koriste Vigil.`,
          '',
          'BEZBEDNO i PRODUZI sa tog broja se odbijaju dok ne pripada jednoj osobi; PANIKA sa njega i dalje uzbunjuje svaku posetu na koju se može odnositi.',
          'Šta treba uraditi: proverite kartice kontakata vaših zaposlenih; ako je broj vašeg kolege, javite operateru Vigila da se ispravi druga kartica. Do tada se kolega javlja u aplikaciji.',
        ),
    },
    'self-assessment-reminder': {
      sms: (w) => `Vigil: samoprocena bezbednosti vaše organizacije dospeva ${w.due}. Unesite je u Vigil.`,
      subject: (w) => `Vigil: samoprocena bezbednosti organizacije dospeva ${w.due}`,
      email: (w) =>
        lines(
          `Samoprocena bezbednosti vaše organizacije dospeva ${w.due}.`,
          '',
          'Šta treba uraditi: ocenite osam opštih pokazatelja bezbednosti osoblja i unesite samoprocenu u Vigil. Kada je unesete, podsetnici prestaju.',
        ),
    },
    'self-assessment-escalation': {
      sms: (w) => `Vigil: KASNI samoprocena bezbednosti vaše organizacije, rok ${w.due}. Proverite da bude urađena.`,
      subject: () => 'Vigil: KASNI samoprocena bezbednosti organizacije',
      email: (w) =>
        lines(
          `Samoprocena bezbednosti vaše organizacije KASNI: rok je bio ${w.due}.`,
          '',
          'Šta treba uraditi: postarajte se da samoprocena bude urađena i uneta u Vigil danas.',
        ),
    },
    'alert-taken': {
      sms: (w) => `Vigil: upozorenje za ${w.aboutFor} preuzima ${w.by}. Odgovor nije potreban.`,
      subject: (w) => `Vigil: upozorenje za ${w.aboutFor} preuzima ${w.by}`,
      email: (w) => lines(`Hitno upozorenje za ${w.aboutFor} preuzima ${w.by}: niko drugi se više ne upozorava.`, '', FOOTER_SR),
    },
    'alert-resolved': {
      sms: (w) => `Vigil: upozorenje za ${w.aboutFor} je rešeno (${w.by}). Ništa ne treba da radite.`,
      subject: (w) => `Vigil: upozorenje za ${w.aboutFor} je rešeno`,
      email: (w) => lines(`Hitno upozorenje za ${w.aboutFor} rešio/la je ${w.by}. Od vas se ništa ne traži.`, '', FOOTER_SR),
    },
    'alert-safe': {
      sms: (w) => `Vigil: ${w.by} se javio/la bezbedno; upozorenje za ${w.aboutFor} je rešeno.`,
      subject: (w) => `Vigil: ${w.by} se javio/la bezbedno, upozorenje za ${w.aboutFor} je rešeno`,
      email: (w) => lines(`${w.by} se javio/la bezbedno: hitno upozorenje za ${w.aboutFor} je rešeno. Od vas se ništa ne traži.`),
    },
  },
};

function ackSr(w: Words): string {
  return `Za potvrdu: odgovorite OK ${w.ackCode} na Vigil SMS ili potvrdite upozorenje u Vigilu.`;
}

/** The alert page or the procedure, when the worker knows the API's public address. */
const linkSmsSr = (w: Words) => (w.link ? ` Procedura: ${w.link}` : '');
const procedureEmailSr = (w: Words) => [
  ...(w.procedureUrl ? [`Procedura vaše organizacije: ${w.procedureUrl}`] : []),
  ...(w.pageUrl ? [`Šta se desilo, ko je upozoren, potvrda: ${w.pageUrl}`] : []),
];
