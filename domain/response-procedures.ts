/**
 * Response procedures: each organisation keeps a short, ordered list of steps per trigger type
 * (the study's recommendation: a step-by-step procedure for when victims or staff are
 * endangered). Every urgent alert names the procedure of its trigger, and its messages link to it.
 */
import { InvalidInputError } from './case-facts';
import type { Trigger } from './message-templates';
import type { Language } from './message-texts';
import { PROCEDURE_DEFAULTS } from './procedure-defaults';
import { textProblem } from './text';

export const PROCEDURE_TRIGGERS = [
  'perpetrator-released',
  'threat-to-victim',
  'pressure-on-victim',
  'threat-to-staff',
  'missed-check-in',
  'panic',
  'data-leak',
  'hearing-unprepared',
] as const;
export type ProcedureTrigger = (typeof PROCEDURE_TRIGGERS)[number];

export const MAX_PROCEDURE_STEPS = 20;
export const MAX_STEP_LENGTH = 500;

/**
 * The procedure an urgent alert's trigger calls for (case alerts: domain/case-events.ts
 * urgentTrigger and the hearing check; field visits: `visit.*`). Every trigger has one: the
 * victim in danger, pressure on her testimony, staff in danger, and a leak each call for
 * different first steps. Exhaustive over the triggers the texts name, so a new one needs one.
 */
const PROCEDURE_OF: Record<Trigger, ProcedureTrigger> = {
  'perpetrator.released': 'perpetrator-released',
  'perpetrator.escaped': 'perpetrator-released',
  'incident.threat': 'threat-to-victim',
  'incident.approach': 'threat-to-victim',
  'incident.surveillance': 'threat-to-victim',
  'incident.bribe_or_pressure': 'pressure-on-victim',
  'incident.court_intimidation': 'pressure-on-victim',
  'incident.attack_on_staff': 'threat-to-staff',
  'incident.data_leak': 'data-leak',
  'visit.missed-check-in': 'missed-check-in',
  'visit.panic': 'panic',
  'visit.duress': 'panic',
  // Someone else may hold the visitor's phone: the visitor may be in danger.
  'visit.pin-attempts': 'threat-to-staff',
  'hearing.unprepared': 'hearing-unprepared',
};

/** The procedure of an alert's trigger, or null for a code Vigil does not know. */
export function procedureFor(alertTrigger: string): ProcedureTrigger | null {
  return Object.hasOwn(PROCEDURE_OF, alertTrigger) ? PROCEDURE_OF[alertTrigger as Trigger] : null;
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

/** Vigil's steps for a procedure until an admin writes the organisation's own (domain/procedure-defaults.ts). */
export function defaultProcedureSteps(trigger: ProcedureTrigger, language: Language = 'en'): readonly string[] {
  return PROCEDURE_DEFAULTS[language][trigger];
}

