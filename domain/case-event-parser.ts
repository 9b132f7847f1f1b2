/**
 * Case events as they arrive from outside (the API, a client of the workflow's updates), checked
 * field by field before they may enter a workflow's history. Measures and hearing ids are codes
 * of a safe alphabet (domain/text.ts), never free text: notes stay in the encrypted case file.
 */
import { InvalidInputError, objectFields, oneOf, parseInstant, PERPETRATOR_EVENT_TYPES, RISK_LEVELS, type RiskLevel } from './case-facts';
import {
  CASE_EVENT_FIELDS,
  CASE_EVENT_TYPES,
  HEARING_KINDS,
  INCIDENT_TYPES,
  PROVIDER_RISK_FACTORS,
  RELOCATION_KINDS,
  STAGES,
  type CaseEvent,
  type CaseEventType,
  type ProviderRiskFactor,
  type Stage,
} from './case-events';
import { codeProblem } from './text';

const MAX_MEASURES = 20;
const MAX_TEXT = 64;

/** A code (domain/text.ts); `asRecorded` reads one a history accepted before the alphabet existed. */
function shortText(value: unknown, field: string, asRecorded: boolean): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    throw new InvalidInputError(field, `must be a non-empty string of at most ${MAX_TEXT} characters`);
  }
  const problem = asRecorded ? null : codeProblem(value);
  if (problem) throw new InvalidInputError(field, problem);
  return value;
}

function measures(value: unknown, asRecorded: boolean): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_MEASURES) {
    throw new InvalidInputError('measures', `must be an array of at most ${MAX_MEASURES} measure codes`);
  }
  return value.map((m, i) => shortText(m, `measures[${i}]`, asRecorded));
}

/** Present only when given, so events recorded before provider risk existed stay as they were. */
function providerRisk(level: unknown, factors: unknown): { providerRisk?: RiskLevel; providerRiskFactors?: ProviderRiskFactor[] } {
  if (level === undefined || level === null) {
    if (factors !== undefined && !(Array.isArray(factors) && factors.length === 0)) {
      throw new InvalidInputError('providerRiskFactors', 'needs providerRisk');
    }
    return {};
  }
  const providerRisk = oneOf(level, 'providerRisk', RISK_LEVELS);
  if (factors === undefined) return { providerRisk };
  if (!Array.isArray(factors) || factors.length > PROVIDER_RISK_FACTORS.length) {
    throw new InvalidInputError('providerRiskFactors', `must be an array of: ${PROVIDER_RISK_FACTORS.join(', ')}`);
  }
  const providerRiskFactors = factors.map((f, i) => oneOf(f, `providerRiskFactors[${i}]`, PROVIDER_RISK_FACTORS));
  return { providerRisk, providerRiskFactors: [...new Set(providerRiskFactors)] };
}

const ANY_EVENT_FIELDS: readonly string[] = ['type', ...new Set(Object.values(CASE_EVENT_FIELDS).flat())];
const OPEN_STAGES = STAGES.filter((s): s is Exclude<Stage, 'CLOSED'> => s !== 'CLOSED');

/**
 * Validates an event as it arrives from outside. Measures and hearing ids are codes of a safe
 * alphabet (domain/text.ts), never free text: notes stay in the encrypted case file, out of the
 * workflow's history. `now` fills a missing `at` and bounds times that cannot lie in the future
 * (an incident is reported after it happened). `asRecorded`: the update handler re-reading an
 * event its validator accepted, also from histories older than the alphabet (replay).
 */
export function parseCaseEvent(input: unknown, now: number, { asRecorded = false } = {}): CaseEvent {
  const type: CaseEventType = oneOf(objectFields(input, '', ANY_EVENT_FIELDS).type, 'type', CASE_EVENT_TYPES);
  const o = objectFields(input, '', ['type', ...CASE_EVENT_FIELDS[type]]);
  const past = (): string => {
    const at = o.at === undefined ? new Date(now).toISOString() : parseInstant(o.at, 'at');
    if (Date.parse(at) > now) throw new InvalidInputError('at', 'must not be in the future');
    return at;
  };
  const hearingId = () => shortText(o.hearingId, 'hearingId', asRecorded);
  switch (type) {
    case 'assessment.completed':
      return {
        type,
        at: past(),
        riskLevel: oneOf(o.riskLevel, 'riskLevel', RISK_LEVELS),
        measures: measures(o.measures, asRecorded),
        ...providerRisk(o.providerRisk, o.providerRiskFactors),
      };
    case 'hearing.scheduled':
      return { type, hearingId: hearingId(), at: parseInstant(o.at, 'at'), kind: oneOf(o.kind, 'kind', HEARING_KINDS) };
    case 'hearing.moved':
      return { type, hearingId: hearingId(), at: parseInstant(o.at, 'at') };
    case 'hearing.cancelled':
    case 'hearing.held':
      return { type, hearingId: hearingId() };
    case 'perpetrator.status': {
      const status = oneOf(o.status, 'status', PERPETRATOR_EVENT_TYPES);
      if (status === 'RELEASE_ANNOUNCED') return { type, status, at: past(), releaseDate: parseInstant(o.releaseDate, 'releaseDate') };
      if (o.releaseDate !== undefined) throw new InvalidInputError('releaseDate', 'is only for status RELEASE_ANNOUNCED');
      return { type, status, at: past() };
    }
    case 'incident.reported':
      return {
        type,
        at: past(),
        incidentType: oneOf(o.incidentType, 'incidentType', INCIDENT_TYPES),
        severity: oneOf(o.severity, 'severity', RISK_LEVELS),
      };
    case 'relocation.recorded':
      return { type, at: past(), kind: oneOf(o.kind, 'kind', RELOCATION_KINDS) };
    case 'stage.changed':
      return { type, stage: oneOf(o.stage, 'stage', OPEN_STAGES) };
    case 'case.closed':
    case 'case.reopened':
      return { type, at: past() };
  }
}
