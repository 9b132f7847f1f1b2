/**
 * What each language's message templates are made of (message-texts-en.ts,
 * message-texts-sr.ts): the words a notice is put in, and the parts a template fills.
 */
import type { IncidentType } from './case-events';
import type { NoticeKind } from './message-texts';
import type { RuleName } from './policy';

export type Trigger =
  | 'perpetrator.released'
  | 'perpetrator.escaped'
  | `incident.${Lowercase<IncidentType>}`
  | 'visit.missed-check-in'
  | 'visit.panic'
  | 'visit.duress'
  | 'visit.pin-attempts'
  | 'hearing.unprepared';

/** A notice with its codes already put in the reader's words. */
export interface Words {
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
  procedureUrl?: string;
  /** The contact's alert page (AlertNotice.pageUrl), in emails. */
  pageUrl?: string;
  /** The one link an SMS has room for: the alert page, else the procedure. */
  link?: string;
  phoneEnding?: string;
  /** Who took over or resolved an alert (AlertUpdateNotice). */
  by?: string;
}

export type Part = 'sms' | 'subject' | 'email';

export interface LanguageTexts {
  locale: string;
  rules: Record<RuleName, string>;
  triggers: Record<Trigger, string>;
  /** "case X" and "field visit X", as subject and after "for". */
  about: Record<'case' | 'visit', [(code: string) => string, (code: string) => string]>;
  texts: Record<NoticeKind, Record<Part, (w: Words) => string>>;
}

export const lines = (...parts: string[]) => parts.join('\n');
