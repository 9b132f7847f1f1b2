/**
 * Response procedures: each organisation keeps a short, ordered list of steps per trigger type
 * (the study's recommendation: a step-by-step procedure for when victims or staff are
 * endangered). Every urgent alert names the procedure of its trigger, and its messages link to it.
 */
import { InvalidInputError } from './case-facts';

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
    return step.trim();
  });
}
