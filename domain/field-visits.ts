/**
 * Field visits: the rules of a staff member's visit plan (expected end, grace, reminder,
 * extensions) and of check-in PINs. Shared by the API, which validates requests with them, and
 * fieldVisitWorkflow, whose update validators have the last word.
 *
 * Bundled into the workflow sandbox: no Node built-ins, no clock (callers pass `now`).
 */
import { InvalidInputError, instantMs, parseInstant } from './case-facts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A visit ends within a working day: longer plans are extended as they go. */
export const MAX_VISIT_HOURS = 24;
export const DEFAULT_GRACE_MINUTES = 15;
export const MIN_GRACE_MINUTES = 1;
export const MAX_GRACE_MINUTES = 120;
/** The visitor is reminded this long before the expected end (when the plan leaves that much time). */
export const REMINDER_LEAD_MINUTES = 10;
export const MAX_EXTENSION_MINUTES = 8 * 60;

/** ACTIVE: in the field; ENDED: checked in; MISSED: no check-in by end + grace; PANIC: panic pressed. */
export type VisitState = 'ACTIVE' | 'ENDED' | 'MISSED' | 'PANIC';
/** How a visit ended. `duress` is shown to the visitor as `check-in`, always. */
export type VisitEnding = 'check-in' | 'duress' | 'panic' | 'missed';

export interface VisitPlan {
  expectedEndAt: string;
  graceMinutes: number;
}

function wholeMinutes(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(field, `must be a whole number of minutes from ${min} to ${max}`);
  }
  return value;
}

/** The expected end must lie in the future and at most MAX_VISIT_HOURS after `now`. */
function checkEnd(endMs: number, now: number, field: string): void {
  if (endMs <= now) throw new InvalidInputError(field, 'must lie in the future');
  if (endMs > now + MAX_VISIT_HOURS * HOUR) throw new InvalidInputError(field, `must lie within ${MAX_VISIT_HOURS} hours`);
}

/** A new visit's plan; grace defaults to 15 minutes. */
export function parseVisitPlan(input: { expectedEndAt?: unknown; graceMinutes?: unknown }, now: number): VisitPlan {
  const expectedEndAt = parseInstant(input.expectedEndAt, 'expectedEndAt');
  checkEnd(instantMs(expectedEndAt), now, 'expectedEndAt');
  const graceMinutes =
    input.graceMinutes === undefined
      ? DEFAULT_GRACE_MINUTES
      : wholeMinutes(input.graceMinutes, 'graceMinutes', MIN_GRACE_MINUTES, MAX_GRACE_MINUTES);
  return { expectedEndAt, graceMinutes };
}

/**
 * The expected end after extending by `minutes`: counted from now when the end has already
 * passed (the visitor is in the grace period), otherwise from the current end.
 */
export function extendedEnd(currentEndMs: number, minutes: unknown, now: number): number {
  const added = wholeMinutes(minutes, 'minutes', 1, MAX_EXTENSION_MINUTES);
  const end = Math.max(currentEndMs, now) + added * MINUTE;
  checkEnd(end, now, 'minutes');
  return end;
}

/** When the check-in deadline passes: the expected end plus the grace period. */
export function checkInDeadline(endMs: number, graceMinutes: number): number {
  return endMs + graceMinutes * MINUTE;
}

/**
 * After a missed deadline, a check-in is still taken this long (a phone out of battery, a visit
 * that ran late): it ends the visit and resolves the missed-check-in alarm.
 */
export const LATE_CHECK_IN_HOURS = 24;

/** Until when a visit whose deadline passed at `missedAtMs` still takes a check-in. */
export function lateCheckInCloses(missedAtMs: number): number {
  return missedAtMs + LATE_CHECK_IN_HOURS * HOUR;
}

/** When the visitor is reminded, or null when the end is too close for a reminder to help. */
export function reminderAt(endMs: number, now: number): number | null {
  const at = endMs - REMINDER_LEAD_MINUTES * MINUTE;
  return at > now ? at : null;
}

/** The only actions on a visit that is over are none: it is checked, like every refusal, in one place. */
export function requireActive(state: VisitState): void {
  if (state !== 'ACTIVE') throw new InvalidInputError('', `the visit is over (${state.toLowerCase()})`);
}

export const PIN_PATTERN = /^[0-9]{4,8}$/;

/** Check-in and duress PINs: 4 to 8 digits each, and never the same. */
export function parsePins(input: { checkInPin?: unknown; duressPin?: unknown }): { checkInPin: string; duressPin: string } {
  const pin = (value: unknown, field: string) => {
    if (typeof value !== 'string' || !PIN_PATTERN.test(value)) throw new InvalidInputError(field, 'must be 4 to 8 digits');
    return value;
  };
  const checkInPin = pin(input.checkInPin, 'checkInPin');
  const duressPin = pin(input.duressPin, 'duressPin');
  if (duressPin === checkInPin) throw new InvalidInputError('duressPin', 'must differ from the check-in PIN');
  return { checkInPin, duressPin };
}

/** What the visitor is shown of how their visit ended: a duress check-in reads as a check-in. */
export function endingShownToVisitor(endedBy: string | null): string | null {
  return endedBy === 'duress' ? 'check-in' : endedBy;
}
