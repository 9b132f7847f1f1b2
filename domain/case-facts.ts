/**
 * Case facts: the input of the reassessment policy, exactly the JSON shape of
 * docs/reassessment-policy.md ("Input: case facts"), and its validation.
 *
 * Bundled into the workflow sandbox: no Node built-ins, no clock, no third-party imports.
 */

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Incidents are graded on the same four-step scale as cases. */
export type IncidentSeverity = RiskLevel;
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = RISK_LEVELS;

export const HEARING_STATUSES = ['SCHEDULED', 'HELD', 'CANCELLED'] as const;
export type HearingStatus = (typeof HEARING_STATUSES)[number];

export const PERPETRATOR_EVENT_TYPES = ['RELEASE_ANNOUNCED', 'RELEASED', 'ESCAPED', 'DETAINED'] as const;
export type PerpetratorEventType = (typeof PERPETRATOR_EVENT_TYPES)[number];

/** Instants are ISO 8601 strings with an offset or Z, kept as the user wrote them. */
export interface Hearing {
  at: string;
  status: HearingStatus;
}

/** `releaseDate` is required for an announced release; on the other types it is ignored by the policy. */
export type PerpetratorEvent =
  | { type: 'RELEASE_ANNOUNCED'; at: string; releaseDate: string }
  | { type: Exclude<PerpetratorEventType, 'RELEASE_ANNOUNCED'>; at: string; releaseDate?: string | null };

export interface Incident {
  at: string;
  severity: IncidentSeverity;
}

export interface Relocation {
  at: string;
}

export interface CaseFacts {
  /** Level set by the latest completed assessment, or the one given when the case was opened. */
  riskLevel: RiskLevel;
  identifiedAt: string;
  /** Null until the first assessment is completed. */
  lastAssessmentAt: string | null;
  closedAt: string | null;
  hearings: Hearing[];
  perpetratorEvents: PerpetratorEvent[];
  incidents: Incident[];
  relocations: Relocation[];
}

/** Invalid input, named by its field path (`hearings[0].status`) so a person can find and fix it. */
export class InvalidInputError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(field === '' ? problem : `${field}: ${problem}`);
    this.name = 'InvalidInputError';
  }
}

/** Path of a member of `parent`: `hearings[0]` + `status` gives `hearings[0].status`. */
export function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** The members of a JSON object, refusing any member not in `known` so a typo is never silently ignored. */
export function objectFields<K extends string>(value: unknown, field: string, known: readonly K[]): { readonly [key in K]?: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, 'must be a JSON object');
  }
  for (const key of Object.keys(value)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new InvalidInputError(fieldPath(field, key), `unknown field (known fields: ${known.join(', ')})`);
    }
  }
  return value as { readonly [key in K]?: unknown };
}

/** One of the allowed names; `is required` when missing. */
export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (value === undefined) throw new InvalidInputError(field, 'is required');
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidInputError(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** The one wording of a bad instant, for parsing and for computeSchedule alike. */
export function invalidInstant(field: string): InvalidInputError {
  return new InvalidInputError(field, 'must be a real ISO 8601 instant with an offset or Z, e.g. 2027-01-10T08:00:00Z');
}

/** Validates one instant (for callers that receive a single one, such as workflow message validators). */
export function parseInstant(value: unknown, field: string): string {
  if (value === undefined || value === null) throw new InvalidInputError(field, 'is required');
  if (typeof value !== 'string' || Number.isNaN(instantMs(value))) throw invalidInstant(field);
  return value;
}

function optionalInstant(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : parseInstant(value, field);
}

function listOf<T>(value: unknown, field: string, item: (value: unknown, field: string) => T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidInputError(field, 'must be an array');
  return value.map((v, i) => item(v, `${field}[${i}]`));
}

function parseHearing(value: unknown, field: string): Hearing {
  const o = objectFields(value, field, ['at', 'status']);
  return { at: parseInstant(o.at, fieldPath(field, 'at')), status: oneOf(o.status, fieldPath(field, 'status'), HEARING_STATUSES) };
}

function parsePerpetratorEvent(value: unknown, field: string): PerpetratorEvent {
  const o = objectFields(value, field, ['type', 'at', 'releaseDate']);
  const type = oneOf(o.type, fieldPath(field, 'type'), PERPETRATOR_EVENT_TYPES);
  const at = parseInstant(o.at, fieldPath(field, 'at'));
  const releaseDateField = fieldPath(field, 'releaseDate');
  if (type === 'RELEASE_ANNOUNCED') return { type, at, releaseDate: parseInstant(o.releaseDate, releaseDateField) };
  // Ignored by the policy, but still a field of the facts: a malformed one is refused, a valid one kept.
  if (o.releaseDate === undefined) return { type, at };
  return { type, at, releaseDate: optionalInstant(o.releaseDate, releaseDateField) };
}

function parseIncident(value: unknown, field: string): Incident {
  const o = objectFields(value, field, ['at', 'severity']);
  return {
    at: parseInstant(o.at, fieldPath(field, 'at')),
    severity: oneOf(o.severity, fieldPath(field, 'severity'), INCIDENT_SEVERITIES),
  };
}

function parseRelocation(value: unknown, field: string): Relocation {
  const o = objectFields(value, field, ['at']);
  return { at: parseInstant(o.at, fieldPath(field, 'at')) };
}

const CASE_FACT_FIELDS = [
  'riskLevel',
  'identifiedAt',
  'lastAssessmentAt',
  'closedAt',
  'hearings',
  'perpetratorEvents',
  'incidents',
  'relocations',
] as const;

/**
 * Validates untrusted case facts (JSON) and returns them with every list present.
 * `path` prefixes field names, e.g. `[3]` for the fourth element of a batch.
 * A missing `lastAssessmentAt` or `closedAt` means null, as a missing list means empty.
 */
export function parseCaseFacts(input: unknown, path = ''): CaseFacts {
  const o = objectFields(input, path, CASE_FACT_FIELDS);
  const field = (key: string) => fieldPath(path, key);
  return {
    riskLevel: oneOf(o.riskLevel, field('riskLevel'), RISK_LEVELS),
    identifiedAt: parseInstant(o.identifiedAt, field('identifiedAt')),
    lastAssessmentAt: optionalInstant(o.lastAssessmentAt, field('lastAssessmentAt')),
    closedAt: optionalInstant(o.closedAt, field('closedAt')),
    hearings: listOf(o.hearings, field('hearings'), parseHearing),
    perpetratorEvents: listOf(o.perpetratorEvents, field('perpetratorEvents'), parsePerpetratorEvent),
    incidents: listOf(o.incidents, field('incidents'), parseIncident),
    relocations: listOf(o.relocations, field('relocations'), parseRelocation),
  };
}

/** The instant as the policy outputs it: UTC with milliseconds. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

const MS_PER_MINUTE = 60_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch milliseconds of `YYYY-MM-DDThh:mm[:ss[.fraction]]` followed by `Z`, `±hh:mm`, `±hhmm` or
 * `±hh`; NaN for anything else, including dates that do not exist (2027-02-30) and times without
 * an offset (their instant depends on where they are read). Fractions finer than a millisecond
 * are truncated. Hand-written rather than `Date.parse`, whose accepted formats vary by engine and
 * which rolls 2027-02-30 over to March; it also runs on every policy evaluation, so it is cheap.
 */
export function instantMs(text: string): number {
  const n = text.length;
  if (n < 17 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':') return NaN;
  // A non-digit makes digits() NaN, which then poisons the result.
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  let second = 0;
  let milli = 0;
  let i = 16;
  if (text[i] === ':') {
    second = digits(text, 17, 2);
    i = 19;
    if (text[i] === '.') {
      const start = ++i;
      while (i < n && isDigit(text.charCodeAt(i))) {
        if (i - start < 3) milli += (text.charCodeAt(i) - 48) * 10 ** (2 - (i - start));
        i++;
      }
      if (i === start) return NaN;
    }
  }
  let offsetMinutes: number;
  const sign = text[i];
  if (sign === 'Z' && i + 1 === n) {
    offsetMinutes = 0;
  } else if (sign === '+' || sign === '-') {
    const offsetHours = digits(text, i + 1, 2);
    const rest = n - (i + 3);
    let extraMinutes = 0;
    if (rest === 3 && text[i + 3] === ':') extraMinutes = digits(text, i + 4, 2);
    else if (rest === 2) extraMinutes = digits(text, i + 3, 2);
    else if (rest !== 0) return NaN;
    if (offsetHours > 23 || extraMinutes > 59) return NaN;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + extraMinutes);
  } else {
    return NaN;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const minutes = (daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes;
  return minutes * MS_PER_MINUTE + second * 1000 + milli;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return NaN;
    value = value * 10 + code - 48;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
