/**
 * What people read, in Serbian (Latin) and English, chosen per recipient. Texts carry the case
 * code, the trigger, what to do and how to acknowledge: never a name, an address or a note,
 * because SMS and email leave the organisation's control. The notices below hold nothing else to
 * put in them.
 */
import type { IncidentType } from '../domain/case-events';
import type { RuleName } from '../domain/policy';

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
}

export type Notice = ReassessmentNotice | AlertNotice;
export type NoticeKind = Notice['kind'];
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

type Trigger = 'perpetrator.released' | 'perpetrator.escaped' | `incident.${Lowercase<IncidentType>}`;

/** A notice with its codes already put in the reader's words. */
interface Words {
  caseCode: string;
  /** Due time in the reader's time zone. */
  due: string;
  reason: string;
  trigger: string;
  ackCode: string;
  ackUrl?: string;
}

type Part = 'sms' | 'subject' | 'email';

interface LanguageTexts {
  locale: string;
  rules: Record<RuleName, string>;
  triggers: Record<Trigger, string>;
  texts: Record<NoticeKind, Record<Part, (w: Words) => string>>;
}

function fill(reader: Reader, notice: Notice, part: Part): string {
  const t = TEXTS[reader.language];
  const words: Words =
    'dueAt' in notice
      ? {
          caseCode: notice.caseCode,
          due: when(t.locale, reader.timeZone, notice.dueAt),
          reason: label(t.rules, notice.rule),
          trigger: '',
          ackCode: '',
        }
      : {
          caseCode: notice.caseCode,
          due: '',
          reason: '',
          trigger: label(t.triggers, notice.trigger),
          ackCode: notice.ackCode,
          ackUrl: notice.ackUrl,
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
    },
    texts: {
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
          `Vigil URGENT: case ${w.caseCode}: ${w.trigger}. Follow your response procedure now. Reply OK ${w.ackCode} to acknowledge.`,
        subject: (w) => `Vigil URGENT: case ${w.caseCode}: ${w.trigger}`,
        email: (w) =>
          lines(
            `Urgent alert for case ${w.caseCode}: ${w.trigger}.`,
            '',
            "What to do: follow your organisation's response procedure for this situation now.",
            '',
            ackEn(w),
            'Until someone acknowledges, the next contacts in the chain are alerted.',
            '',
            FOOTER_EN,
          ),
      },
      unacknowledged: {
        sms: (w) =>
          `Vigil URGENT: nobody acknowledged the alert for case ${w.caseCode} (${w.trigger}). Take charge: follow the procedure, call the contacts. Reply OK ${w.ackCode}.`,
        subject: (w) => `Vigil URGENT: alert for case ${w.caseCode} NOT acknowledged`,
        email: (w) =>
          lines(
            `Nobody in the escalation chain acknowledged the urgent alert for case ${w.caseCode}: ${w.trigger}.`,
            '',
            "What to do: take charge now. Follow the response procedure and reach the case's contacts by phone.",
            '',
            ackEn(w),
            '',
            FOOTER_EN,
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
    },
    texts: {
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
        sms: (w) => `Vigil HITNO: slučaj ${w.caseCode}: ${w.trigger}. Odmah postupite po proceduri. Odgovorite OK ${w.ackCode} za potvrdu.`,
        subject: (w) => `Vigil HITNO: slučaj ${w.caseCode}: ${w.trigger}`,
        email: (w) =>
          lines(
            `Hitno upozorenje za slučaj ${w.caseCode}: ${w.trigger}.`,
            '',
            'Šta treba uraditi: odmah postupite po proceduri vaše organizacije za ovu situaciju.',
            '',
            ackSr(w),
            'Dok neko ne potvrdi, upozorenje dobijaju sledeći kontakti u lancu.',
            '',
            FOOTER_SR,
          ),
      },
      unacknowledged: {
        sms: (w) =>
          `Vigil HITNO: niko nije potvrdio upozorenje za slučaj ${w.caseCode} (${w.trigger}). Preuzmite: postupite po proceduri, pozovite kontakte. Odgovorite OK ${w.ackCode}.`,
        subject: (w) => `Vigil HITNO: upozorenje za slučaj ${w.caseCode} NIJE potvrđeno`,
        email: (w) =>
          lines(
            `Niko u lancu nije potvrdio hitno upozorenje za slučaj ${w.caseCode}: ${w.trigger}.`,
            '',
            'Šta treba uraditi: odmah preuzmite. Postupite po proceduri i pozovite kontakte slučaja telefonom.',
            '',
            ackSr(w),
            '',
            FOOTER_SR,
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
