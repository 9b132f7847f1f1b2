/**
 * What people read, in Serbian (Latin) and English. Texts carry the case code, the trigger,
 * what to do and how to acknowledge: never a name, an address or a note, because SMS and
 * email leave the organisation's control.
 */
export type Language = 'sr-Latn' | 'en';

export interface ReassessmentNotice {
  caseCode: string;
  kind: 'reminder' | 'escalation';
  dueAt: string;
  rule: string | null;
}

export interface UrgentNotice {
  caseCode: string;
  trigger: string;
  ackCode: string;
}

/** Minutes precision in UTC: the same instant for everyone, whatever their time zone. */
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const texts = {
  en: {
    reminder: (n: ReassessmentNotice) =>
      `Vigil: safety reassessment of case ${n.caseCode} is due ${when(n.dueAt)} (${n.rule}). Record it in Vigil.`,
    escalation: (n: ReassessmentNotice) =>
      `Vigil: OVERDUE safety reassessment of case ${n.caseCode}, due ${when(n.dueAt)} (${n.rule}). Please make sure it is done.`,
    urgent: (n: UrgentNotice) =>
      `Vigil URGENT: case ${n.caseCode}: ${n.trigger}. Follow your response procedure. Reply OK ${n.ackCode} to acknowledge.`,
  },
  'sr-Latn': {
    reminder: (n: ReassessmentNotice) =>
      `Vigil: ponovna procena bezbednosti za slučaj ${n.caseCode} dospeva ${when(n.dueAt)} (${n.rule}). Unesite je u Vigil.`,
    escalation: (n: ReassessmentNotice) =>
      `Vigil: KASNI ponovna procena bezbednosti za slučaj ${n.caseCode}, rok ${when(n.dueAt)} (${n.rule}). Proverite da bude urađena.`,
    urgent: (n: UrgentNotice) =>
      `Vigil HITNO: slučaj ${n.caseCode}: ${n.trigger}. Postupite po proceduri. Odgovorite OK ${n.ackCode} za potvrdu.`,
  },
};

export function reassessmentText(language: Language, notice: ReassessmentNotice): string {
  return texts[language][notice.kind](notice);
}

export function urgentText(language: Language, notice: UrgentNotice): string {
  return texts[language].urgent(notice);
}
