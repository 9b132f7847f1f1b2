/** The English texts of every notice (see message-texts.ts for what they may carry). */
import { lines, type LanguageTexts, type Words } from './message-templates';

const FOOTER_EN = 'Vigil names cases by their code only. Open the case in Vigil for its details.';

export const EN_TEXTS: LanguageTexts = {
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
    'visit.missed-check-in': 'no safe check-in by the deadline',
    'visit.panic': 'panic button pressed',
    'visit.duress': 'checked in under duress (silent alarm)',
    'visit.pin-attempts': "repeated wrong PINs: the phone may be in someone else's hands",
    'hearing.unprepared': 'hearing within 24 hours, no reassessment for it',
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
        `Vigil URGENT: ${w.about}: ${w.trigger}. Follow your response procedure now. Reply OK ${w.ackCode} to acknowledge.${linkSmsEn(w)}`,
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
        `Vigil URGENT, nobody acknowledged: ${w.about}: ${w.trigger}. Take charge now, call the contacts. Reply OK ${w.ackCode}.${linkSmsEn(w)}`,
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
    'alert-taken': {
      sms: (w) => `Vigil: ${w.by} has taken charge of the alert for ${w.aboutFor}. No reply needed.`,
      subject: (w) => `Vigil: ${w.by} has taken charge of the alert for ${w.aboutFor}`,
      email: (w) =>
        lines(`${w.by} has taken charge of the urgent alert for ${w.aboutFor}: nobody else is alerted for it now.`, '', FOOTER_EN),
    },
    'alert-resolved': {
      sms: (w) => `Vigil: the alert for ${w.aboutFor} was resolved by ${w.by}. No action needed.`,
      subject: (w) => `Vigil: the alert for ${w.aboutFor} was resolved`,
      email: (w) => lines(`The urgent alert for ${w.aboutFor} was resolved by ${w.by}. No action is needed from you.`, '', FOOTER_EN),
    },
    'alert-safe': {
      sms: (w) => `Vigil: ${w.by} checked in safe; the alert for ${w.aboutFor} is resolved. No action needed.`,
      subject: (w) => `Vigil: ${w.by} checked in safe, the alert for ${w.aboutFor} is resolved`,
      email: (w) => lines(`${w.by} checked in safe: the urgent alert for ${w.aboutFor} is resolved. No action is needed from you.`),
    },
  },
};

function ackEn(w: Words): string {
  return `To acknowledge: reply OK ${w.ackCode} to the Vigil SMS, or acknowledge the alert in Vigil.`;
}

/** The alert page or the procedure, when the worker knows the API's public address. */
const linkSmsEn = (w: Words) => (w.link ? ` Procedure: ${w.link}` : '');
const procedureEmailEn = (w: Words) => [
  ...(w.procedureUrl ? [`Your organisation's procedure: ${w.procedureUrl}`] : []),
  ...(w.pageUrl ? [`What happened, who was alerted, acknowledge: ${w.pageUrl}`] : []),
];
