/**
 * What people read, in Serbian (Latin) and English, chosen per recipient. Texts carry the case
 * code, the trigger, what to do and how to acknowledge: never a name, an address or a note,
 * because SMS and email leave the organisation's control. The notices below hold nothing else to
 * put in them.
 */
import type { IncidentType } from './case-events';
import type { RuleName } from './policy';

export type Language = 'sr-Latn' | 'en';
export const LANGUAGES: readonly Language[] = ['sr-Latn', 'en'];

/** Who reads a text: their language, and the time zone its times are shown in. */
export interface Reader {
  language: Language;
  timeZone: string;
}

export interface ReassessmentNotice {
  kind: 'reminder' | 'escalation';
  caseCode: string;
  dueAt: string;
  /** The policy rule that set the due time (domain/policy.ts RuleName). */
  rule: string | null;
}

export interface AlertNotice {
  /** `unacknowledged`: nobody in the chain acknowledged; tells the coordinator. */
  kind: 'urgent' | 'unacknowledged';
  caseCode: string;
  /** e.g. perpetrator.released, incident.threat (domain/case-events.ts urgentTrigger). */
  trigger: string;
  /** The contact acknowledges by replying `OK <ackCode>`. */
  ackCode: string;
  /** One-time acknowledgement link the API serves, shown in emails. */
  ackUrl?: string;
  /** The organisation's response procedure for the trigger (API_PUBLIC_URL/procedures/<trigger>). */
  procedureUrl?: string;
  /** What `caseCode` names: a case (default), or a field visit (its code, V-XXXXXX). */
  about?: 'case' | 'visit';
}

/** To the visitor, before their field visit's expected end. */
export interface VisitReminderNotice {
  kind: 'visit-reminder';
  visitCode: string;
  expectedEndAt: string;
}

/** The organisation's own safety self-assessment (domain/self-assessment.ts): no case, no code. */
export interface SelfAssessmentNotice {
  kind: 'self-assessment-reminder' | 'self-assessment-escalation';
  dueAt: string;
}

/**
 * To an organisation's coordinators: an SMS command came from a number on the own cards of staff
 * in more than one organisation, so SAFE and EXTEND from it were refused (services/visit-sms.ts).
 */
export interface AmbiguousPhoneNotice {
  kind: 'sms-ambiguous';
  /** The number's last digits, to find the card by; never the whole number. */
  phoneEnding: string;
}

export type Notice = ReassessmentNotice | AlertNotice | VisitReminderNotice | SelfAssessmentNotice | AmbiguousPhoneNotice;
export type NoticeKind = Notice['kind'];
/** The notices about cases (delivery_attempts kinds REMINDER, ESCALATION, URGENT, UNACKNOWLEDGED). */
export const NOTICE_KINDS: readonly NoticeKind[] = ['reminder', 'escalation', 'urgent', 'unacknowledged'];

export interface EmailText {
  subject: string;
  text: string;
}

export function smsText(reader: Reader, notice: Notice): string {
  return fill(reader, notice, 'sms');
}

export function emailText(reader: Reader, notice: Notice): EmailText {
  return { subject: fill(reader, notice, 'subject'), text: fill(reader, notice, 'email') };
}

type Trigger =
  | 'perpetrator.released'
  | 'perpetrator.escaped'
  | `incident.${Lowercase<IncidentType>}`
  | 'visit.missed-check-in'
  | 'visit.panic'
  | 'visit.duress'
  | 'visit.pin-attempts';

/** A notice with its codes already put in the reader's words. */
interface Words {
  caseCode: string;
  /** What the alert is about, as the subject of a sentence ("case BG-1", "field visit V-ABC123")... */
  about: string;
  /** ...and after "for" ("za slučaj BG-1", "za terensku posetu V-ABC123"). */
  aboutFor: string;
  /** Due time in the reader's time zone. */
  due: string;
  reason: string;
  trigger: string;
  ackCode: string;
  ackUrl?: string;
  procedureUrl?: string;
  phoneEnding?: string;
}

type Part = 'sms' | 'subject' | 'email';

interface LanguageTexts {
  locale: string;
  rules: Record<RuleName, string>;
  triggers: Record<Trigger, string>;
  /** "case X" and "field visit X", as subject and after "for". */
  about: Record<'case' | 'visit', [(code: string) => string, (code: string) => string]>;
  texts: Record<NoticeKind, Record<Part, (w: Words) => string>>;
}

function fill(reader: Reader, notice: Notice, part: Part): string {
  const t = TEXTS[reader.language];
  const code = notice.kind === 'visit-reminder' ? notice.visitCode : 'caseCode' in notice ? notice.caseCode : '';
  const [about, aboutFor] = t.about[notice.kind === 'visit-reminder' || ('about' in notice && notice.about === 'visit') ? 'visit' : 'case'];
  const blank: Words = { caseCode: code, about: about(code), aboutFor: aboutFor(code), due: '', reason: '', trigger: '', ackCode: '' };
  const words: Words =
    notice.kind === 'visit-reminder'
      ? { ...blank, due: when(t.locale, reader.timeZone, notice.expectedEndAt) }
      : notice.kind === 'sms-ambiguous'
        ? { ...blank, phoneEnding: notice.phoneEnding }
        : 'dueAt' in notice
          ? { ...blank, due: when(t.locale, reader.timeZone, notice.dueAt), reason: 'rule' in notice ? label(t.rules, notice.rule) : '' }
          : {
              ...blank,
              trigger: label(t.triggers, notice.trigger),
              ackCode: notice.ackCode,
              ackUrl: notice.ackUrl,
              procedureUrl: notice.procedureUrl,
            };
  return t.texts[notice.kind][part](words);
}

/** Codes the texts have no words for yet are shown as they are: codes carry no personal data. */
function label(labels: Record<string, string>, code: string | null): string {
  return code === null ? '-' : (labels[code] ?? code);
}

function when(locale: string, timeZone: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

const lines = (...parts: string[]) => parts.join('\n');

const FOOTER_EN = 'Vigil names cases by their code only. Open the case in Vigil for its details.';
const FOOTER_SR = 'Vigil slučajeve označava samo šifrom. Detalje slučaja pogledajte u Vigilu.';

const TEXTS: Record<Language, LanguageTexts> = {
  en: {
    locale: 'en-GB',
    rules: {
      base: 'regular cadence for the risk level',
      'new-case': 'new case',
      'hearing-weekly': 'hearing within 14 days',
      'hearing-daily': 'hearing within 3 days',
      'pre-hearing': 'safety plan before the hearing',
      'hearing-debrief': 'debrief after the hearing',
      'release-announced': 'release of the perpetrator announced',
      'release-immediate': 'perpetrator released or escaped',
      'release-daily': 'daily after the release',
      'release-weekly': 'weekly after the release',
      'incident-immediate': 'incident reported',
      'incident-daily': 'daily after an incident',
      relocation: 'relocation or shelter change',
    },
    triggers: {
      'perpetrator.released': 'perpetrator released',
      'perpetrator.escaped': 'perpetrator escaped',
      'incident.threat': 'threat reported',
      'incident.approach': 'approach by the trafficker or associates',
      'incident.bribe_or_pressure': 'bribe or pressure to change testimony',
      'incident.surveillance': 'following or surveillance',
      'incident.data_leak': 'suspected data leak',
      'incident.court_intimidation': 'intimidation at court',
      'incident.attack_on_staff': 'attack on staff or premises',
      'visit.missed-check-in': 'no safe check-in from the staff member in the field by the deadline',
      'visit.panic': 'the staff member in the field pressed panic',
      'visit.duress': 'the staff member in the field checked in under duress (silent alarm)',
      'visit.pin-attempts': "repeated wrong check-in PINs for the staff member's visit: their phone may be in someone else's hands",
    },
    about: { case: [(c) => `case ${c}`, (c) => `case ${c}`], visit: [(c) => `field visit ${c}`, (c) => `field visit ${c}`] },
    texts: {
      'visit-reminder': {
        sms: (w) =>
          `Vigil: your field visit ${w.caseCode} is planned to end ${w.due}. When safe, reply SAFE and your PIN (if you set one); to stay longer, EXTEND and minutes, e.g. EXTEND 30.`,
        subject: (w) => `Vigil: your field visit ${w.caseCode} ends ${w.due}`,
        email: (w) =>
          lines(
            `Your field visit ${w.caseCode} is planned to end ${w.due}.`,
            '',
            'What to do: when you are safe, check in in Vigil, or reply SAFE and your PIN (if you set one) to the Vigil SMS. To stay longer, extend the visit in Vigil or reply EXTEND and the minutes, e.g. EXTEND 30.',
            'Without a check-in by the end of the grace period, your safety contacts are alerted.',
          ),
      },
      reminder: {
        sms: (w) => `Vigil: safety reassessment of case ${w.caseCode} is due ${w.due} (${w.reason}). Record it in Vigil.`,
        subject: (w) => `Vigil: reassessment of case ${w.caseCode} due ${w.due}`,
        email: (w) =>
          lines(
            `The safety reassessment of case ${w.caseCode} is due ${w.due}.`,
            `Reason: ${w.reason}.`,
            '',
            "What to do: assess the victim's and the staff's safety and record the assessment in Vigil. Recording it stops these reminders.",
            '',
            FOOTER_EN,
          ),
      },
      escalation: {
        sms: (w) => `Vigil: OVERDUE safety reassessment of case ${w.caseCode}, due ${w.due} (${w.reason}). Make sure it is done.`,
        subject: (w) => `Vigil: OVERDUE reassessment of case ${w.caseCode}`,
        email: (w) =>
          lines(
            `The safety reassessment of case ${w.caseCode} is OVERDUE: it was due ${w.due}.`,
            `Reason: ${w.reason}.`,
            '',
            'What to do: make sure the reassessment is done and recorded in Vigil today, or reassign the case.',
            '',
            FOOTER_EN,
          ),
      },
      urgent: {
        sms: (w) =>
          `Vigil URGENT: ${w.about}: ${w.trigger}. Follow your response procedure now. Reply OK ${w.ackCode} to acknowledge.${procedureSmsEn(w)}`,
        subject: (w) => `Vigil URGENT: ${w.about}: ${w.trigger}`,
        email: (w) =>
          lines(
            `Urgent alert for ${w.aboutFor}: ${w.trigger}.`,
            '',
            "What to do: follow your organisation's response procedure for this situation now.",
            ...procedureEmailEn(w),
            '',
            ackEn(w),
            'Until someone acknowledges, the next contacts in the chain are alerted.',
            '',
            FOOTER_EN,
          ),
      },
      unacknowledged: {
        sms: (w) =>
          `Vigil URGENT: nobody acknowledged the alert for ${w.aboutFor} (${w.trigger}). Take charge: follow the procedure, call the contacts. Reply OK ${w.ackCode}.${procedureSmsEn(w)}`,
        subject: (w) => `Vigil URGENT: alert for ${w.aboutFor} NOT acknowledged`,
        email: (w) =>
          lines(
            `Nobody in the escalation chain acknowledged the urgent alert for ${w.aboutFor}: ${w.trigger}.`,
            '',
            "What to do: take charge now. Follow the response procedure and reach the case's contacts by phone.",
            ...procedureEmailEn(w),
            '',
            ackEn(w),
            '',
            FOOTER_EN,
          ),
      },
      'sms-ambiguous': {
        sms: (w) =>
          `Vigil: an SMS command came from the phone ending ${w.phoneEnding}, which is on the cards of staff in more than one organisation. SAFE and EXTEND from it are refused (PANIC still alerts): put it on its owner's card only.`,
        subject: (w) => `Vigil: SMS commands refused from the phone ending ${w.phoneEnding}`,
        email: (w) =>
          lines(
            `An SMS command came from the phone number ending ${w.phoneEnding}, which is on the own contact cards of staff in more than one organisation using Vigil.`,
            '',
            'SAFE and EXTEND from that number are refused until it belongs to one person; PANIC from it still alerts every visit it could mean.',
            "What to do: check your staff's contact cards (Contacts); if the number is your colleague's, tell the Vigil operator so the other card is corrected. Until then, they check in in the app.",
          ),
      },
      'self-assessment-reminder': {
        sms: (w) => `Vigil: your organisation's safety self-assessment is due ${w.due}. Record it in Vigil.`,
        subject: (w) => `Vigil: organisation safety self-assessment due ${w.due}`,
        email: (w) =>
          lines(
            `Your organisation's safety self-assessment is due ${w.due}.`,
            '',
            "What to do: score the eight general indicators of the staff's safety and record the self-assessment in Vigil. Recording it stops these reminders.",
          ),
      },
      'self-assessment-escalation': {
        sms: (w) => `Vigil: OVERDUE safety self-assessment of your organisation, due ${w.due}. Make sure it is done.`,
        subject: () => 'Vigil: OVERDUE organisation safety self-assessment',
        email: (w) =>
          lines(
            `Your organisation's safety self-assessment is OVERDUE: it was due ${w.due}.`,
            '',
            'What to do: make sure the self-assessment is done and recorded in Vigil today.',
          ),
      },
    },
  },
  'sr-Latn': {
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
      'incident.approach': 'trgovac ljudima ili saradnici pokušali su da priđu',
      'incident.bribe_or_pressure': 'podmićivanje ili pritisak da se promeni iskaz',
      'incident.surveillance': 'praćenje ili nadzor',
      'incident.data_leak': 'sumnja na curenje podataka',
      'incident.court_intimidation': 'zastrašivanje u sudu',
      'incident.attack_on_staff': 'napad na osoblje ili prostorije',
      'visit.missed-check-in': 'zaposleni na terenu se do roka nije javio da je bezbedan',
      'visit.panic': 'zaposleni na terenu je pritisnuo taster za uzbunu',
      'visit.duress': 'zaposleni na terenu se javio pod prinudom (tihi alarm)',
      'visit.pin-attempts': 'više pogrešnih PIN-ova za posetu zaposlenog: telefon je možda u tuđim rukama',
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
          `Vigil HITNO: ${w.about}: ${w.trigger}. Odmah postupite po proceduri. Odgovorite OK ${w.ackCode} za potvrdu.${procedureSmsSr(w)}`,
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
          `Vigil HITNO: niko nije potvrdio upozorenje za ${w.aboutFor} (${w.trigger}). Preuzmite: postupite po proceduri, pozovite kontakte. Odgovorite OK ${w.ackCode}.${procedureSmsSr(w)}`,
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
    },
  },
};

function ackEn(w: Words): string {
  return w.ackUrl
    ? `To acknowledge: reply OK ${w.ackCode} to the Vigil SMS, or open ${w.ackUrl}`
    : `To acknowledge: reply OK ${w.ackCode} to the Vigil SMS, or acknowledge the alert in Vigil.`;
}

function ackSr(w: Words): string {
  return w.ackUrl
    ? `Za potvrdu: odgovorite OK ${w.ackCode} na Vigil SMS ili otvorite ${w.ackUrl}`
    : `Za potvrdu: odgovorite OK ${w.ackCode} na Vigil SMS ili potvrdite upozorenje u Vigilu.`;
}

/** The procedure link, when the worker knows the API's public address. */
const procedureSmsEn = (w: Words) => (w.procedureUrl ? ` Procedure: ${w.procedureUrl}` : '');
const procedureSmsSr = (w: Words) => (w.procedureUrl ? ` Procedura: ${w.procedureUrl}` : '');
const procedureEmailEn = (w: Words) => (w.procedureUrl ? [`Your organisation's procedure: ${w.procedureUrl}`] : []);
const procedureEmailSr = (w: Words) => (w.procedureUrl ? [`Procedura vaše organizacije: ${w.procedureUrl}`] : []);
