/**
 * What people read, in Serbian (Latin) and English, chosen per recipient. Texts carry the case
 * code, the trigger, what to do and how to acknowledge: never a name, an address or a note,
 * because SMS and email leave the organisation's control. The notices below hold nothing else to
 * put in them. Every SMS fits in MAX_SMS_SEGMENTS (domain/sms-segments.ts).
 */
import type { LanguageTexts, Part, Trigger, Words } from './message-templates';
import { EN_TEXTS } from './message-texts-en';
import { SR_TEXTS } from './message-texts-sr';
import { MAX_SMS_SEGMENTS, smsSize, withoutDiacritics } from './sms-segments';

export type Language = 'sr-Latn' | 'en';
export const LANGUAGES: readonly Language[] = ['sr-Latn', 'en'];

/** Who reads a text: their language, and the time zone its times are shown in. */
export interface Reader {
  language: Language;
  timeZone: string;
  /** SMS without diacritics (č -> c, đ -> dj), so they stay in GSM-7: the contact's or organisation's choice. */
  smsWithoutDiacritics?: boolean;
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
  /** The organisation's response procedure for the trigger (API_PUBLIC_URL/procedures/<trigger>). */
  procedureUrl?: string;
  /**
   * The contact's alert page (a short signed link: what happened, the procedure, acknowledge).
   * SMS have room for one link (about 40 characters): this one, else the procedure's.
   */
  pageUrl?: string;
  /** What `caseCode` names: a case (default), or a field visit (its code, V-XXXXXX). */
  about?: 'case' | 'visit';
  /** A visit's staff member, so contacts know whom to call: staff data, never a victim's. */
  staff?: { name: string; phone: string | null };
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

/**
 * To every contact an alert paged: who took it over (`alert-taken`: acknowledged, or taken over
 * by a coordinator), resolved it (`alert-resolved`), or that the visitor checked in safe
 * (`alert-safe`, visits only).
 */
export interface AlertUpdateNotice {
  kind: 'alert-taken' | 'alert-resolved' | 'alert-safe';
  caseCode: string;
  about?: 'case' | 'visit';
  /** A staff member's or contact's display name (never a victim's), short enough for the SMS. */
  by: string;
}

export type Notice =
  ReassessmentNotice | AlertNotice | VisitReminderNotice | SelfAssessmentNotice | AmbiguousPhoneNotice | AlertUpdateNotice;
export type NoticeKind = Notice['kind'];
/** The notices about cases (delivery_attempts kinds REMINDER, ESCALATION, URGENT, UNACKNOWLEDGED). */
export const NOTICE_KINDS: readonly NoticeKind[] = ['reminder', 'escalation', 'urgent', 'unacknowledged'];

export interface EmailText {
  subject: string;
  text: string;
}

/**
 * The SMS, in at most MAX_SMS_SEGMENTS: without diacritics when the reader chose so, or when its
 * diacritics (UCS-2: 67 characters per segment instead of 153) would make it longer.
 */
export function smsText(reader: Reader, notice: Notice): string {
  const text = fill(reader, notice, 'sms');
  return reader.smsWithoutDiacritics || smsSize(text).segments > MAX_SMS_SEGMENTS ? withoutDiacritics(text) : text;
}

/** An alert's trigger in the reader's words ("perpetrator released"); a code without words as it is. */
export function triggerWords(language: Language, trigger: string): string {
  return label(TEXTS[language].triggers, trigger);
}

/** The triggers the texts have words for. */
export const TRIGGERS = Object.keys(EN_TEXTS.triggers) as Trigger[];

export function emailText(reader: Reader, notice: Notice): EmailText {
  return { subject: fill(reader, notice, 'subject'), text: fill(reader, notice, 'email') };
}

function fill(reader: Reader, notice: Notice, part: Part): string {
  const t = TEXTS[reader.language];
  const code = notice.kind === 'visit-reminder' ? notice.visitCode : 'caseCode' in notice ? notice.caseCode : '';
  const [about, aboutFor] = t.about[notice.kind === 'visit-reminder' || ('about' in notice && notice.about === 'visit') ? 'visit' : 'case'];
  // "field visit V-ABC123 (Ana Petrović, +381641234567)": who is in danger, and their number.
  const staff = 'staff' in notice && notice.staff ? [cut(notice.staff.name, part), notice.staff.phone].filter(Boolean).join(', ') : '';
  const named = staff ? `${code} (${staff})` : code;
  const blank: Words = { caseCode: code, about: about(named), aboutFor: aboutFor(named), due: '', reason: '', trigger: '', ackCode: '' };
  const words: Words =
    notice.kind === 'visit-reminder'
      ? { ...blank, due: when(t.locale, reader.timeZone, notice.expectedEndAt) }
      : notice.kind === 'sms-ambiguous'
        ? { ...blank, phoneEnding: notice.phoneEnding }
        : 'by' in notice
          ? { ...blank, by: cut(notice.by, part) }
          : 'dueAt' in notice
            ? { ...blank, due: when(t.locale, reader.timeZone, notice.dueAt), reason: 'rule' in notice ? label(t.rules, notice.rule) : '' }
            : {
                ...blank,
                trigger: label(t.triggers, notice.trigger),
                ackCode: notice.ackCode,
                procedureUrl: notice.procedureUrl,
                pageUrl: notice.pageUrl,
                link: notice.pageUrl ?? notice.procedureUrl,
              };
  return t.texts[notice.kind][part](words);
}

/** Longest name (of staff, of whoever took an alert over) an SMS shows: longer ones are cut, so every SMS fits. */
export const SMS_NAME_LENGTH = 40;
const cut = (name: string, part: Part) => (part === 'sms' ? [...name].slice(0, SMS_NAME_LENGTH).join('').trim() : name);

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

const TEXTS: Record<Language, LanguageTexts> = { en: EN_TEXTS, 'sr-Latn': SR_TEXTS };
