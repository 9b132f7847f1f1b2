/**
 * Response procedures: each organisation keeps a short, ordered list of steps per trigger type
 * (the study's recommendation: a step-by-step procedure for when victims or staff are
 * endangered). Every urgent alert names the procedure of its trigger, and its messages link to it.
 */
import { InvalidInputError } from './case-facts';
import { textProblem } from './text';

export const PROCEDURE_TRIGGERS = ['perpetrator-released', 'threat-to-staff', 'missed-check-in', 'panic', 'data-leak'] as const;
export type ProcedureTrigger = (typeof PROCEDURE_TRIGGERS)[number];

export const MAX_PROCEDURE_STEPS = 20;
export const MAX_STEP_LENGTH = 500;

/**
 * The procedure an urgent alert's trigger calls for (case alerts: domain/case-events.ts
 * urgentTrigger; field visits: `visit.*`), or null when none is kept for it.
 */
export function procedureFor(alertTrigger: string): ProcedureTrigger | null {
  switch (alertTrigger) {
    case 'perpetrator.released':
    case 'perpetrator.escaped':
      return 'perpetrator-released';
    case 'incident.threat':
    case 'incident.approach':
    case 'incident.surveillance':
    case 'incident.court_intimidation':
    case 'incident.attack_on_staff':
    case 'incident.bribe_or_pressure':
    case 'visit.pin-attempts':
      return 'threat-to-staff';
    case 'incident.data_leak':
      return 'data-leak';
    case 'visit.missed-check-in':
      return 'missed-check-in';
    case 'visit.panic':
    case 'visit.duress':
      return 'panic';
    default:
      return null;
  }
}

/** A procedure's steps: 1 to 20 non-empty lines of at most 500 characters, trimmed. */
export function parseProcedureSteps(input: unknown, field = 'steps'): string[] {
  if (!Array.isArray(input)) throw new InvalidInputError(field, 'must be an array of strings');
  if (input.length === 0 || input.length > MAX_PROCEDURE_STEPS) {
    throw new InvalidInputError(field, `must hold 1 to ${MAX_PROCEDURE_STEPS} steps`);
  }
  return input.map((step, i) => {
    if (typeof step !== 'string' || step.trim() === '') throw new InvalidInputError(`${field}[${i}]`, 'must be a non-empty string');
    if (step.length > MAX_STEP_LENGTH) throw new InvalidInputError(`${field}[${i}]`, `must be at most ${MAX_STEP_LENGTH} characters`);
    const problem = textProblem(step.trim(), 'single-line');
    if (problem) throw new InvalidInputError(`${field}[${i}]`, problem);
    return step.trim();
  });
}

/**
 * What an organisation's procedure says until an admin writes its own, so the link in an alert is
 * never empty: first steps drawn from the study's recommendations, meant to be replaced.
 */
export const DEFAULT_PROCEDURE_STEPS: Readonly<Record<ProcedureTrigger, readonly string[]>> = {
  'perpetrator-released': [
    'Acknowledge the alert so the chain stops escalating.',
    'Call the victim at once on the agreed number; confirm where she is and that she is safe.',
    'Call the police liaison: report the release and ask for protection measures.',
    'Review the safety plan with the victim: routes, contacts, whether a move to a shelter is needed.',
    'Tell the staff who work the case; avoid being seen with the victim in public for now.',
    'Record a reassessment in Vigil today (then daily for 14 days).',
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
};
