/**
 * What happens to a case, as facts the caseworker or another system records, and how each
 * fact changes the case. Pure: the workflow, the API's schedule preview and the tests all
 * apply events through `applyCaseEvent`, so "what the case looks like after X" has one answer.
 * No personal data travels here: events carry types, levels, times and ids, never notes.
 * Events from outside are checked first by `parseCaseEvent` (domain/case-event-parser.ts).
 */
import { CaseFacts, InvalidInputError, instantMs, PerpetratorEvent, PerpetratorEventType, RiskLevel } from './case-facts';
import { isSerious, POLICY_VERSION, type PolicyVersion } from './policy';

export const STAGES = ['IDENTIFIED', 'ASSESSMENT', 'PROTECTION', 'PROCEEDINGS', 'POST_TRIAL', 'CLOSED'] as const;
export type Stage = (typeof STAGES)[number];
export const HEARING_KINDS = ['PRELIMINARY', 'MAIN', 'SENTENCING', 'APPEAL'] as const;
export type HearingKind = (typeof HEARING_KINDS)[number];
export const INCIDENT_TYPES = [
  'THREAT',
  'APPROACH',
  'BRIBE_OR_PRESSURE',
  'SURVEILLANCE',
  'DATA_LEAK',
  'COURT_INTIMIDATION',
  'ATTACK_ON_STAFF',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
/**
 * What puts the organisation's staff at risk from a case (the study: the trafficker knows the
 * office, phones or follows caseworkers, recognises them later, meets them at court).
 */
export const PROVIDER_RISK_FACTORS = [
  'TRAFFICKER_KNOWS_OFFICE',
  'STAFF_CONTACTED',
  'STAFF_FOLLOWED',
  'STAFF_RECOGNISED',
  'STAFF_EXPOSED_AT_COURT',
  'STAFF_THREATENED',
] as const;
export type ProviderRiskFactor = (typeof PROVIDER_RISK_FACTORS)[number];
export const RELOCATION_KINDS = ['RELOCATED', 'SHELTER_ENTERED', 'SHELTER_LEFT', 'RETURNED_TO_ORIGIN'] as const;
export type RelocationKind = (typeof RELOCATION_KINDS)[number];

export interface Hearing {
  id: string;
  at: string;
  kind: HearingKind;
  status: 'SCHEDULED' | 'HELD' | 'CANCELLED';
}

/** Everything the workflow knows about a case; `toFacts` turns it into policy input. */
export interface CaseRecord {
  stage: Stage;
  /** Stage to return to when a closed case is reopened. */
  stageBeforeClosure: Stage | null;
  riskLevel: RiskLevel;
  identifiedAt: string;
  closedAt: string | null;
  lastAssessment: { at: string; riskLevel: RiskLevel; measures: string[] } | null;
  hearings: Hearing[];
  perpetratorEvents: PerpetratorEvent[];
  incidents: { at: string; type: IncidentType; severity: RiskLevel }[];
  relocations: { at: string; kind: RelocationKind }[];
}

export type CaseEvent =
  | {
      type: 'assessment.completed';
      at: string;
      riskLevel: RiskLevel;
      measures: string[];
      /** Risk to the organisation's staff; absent when not assessed (older events never have it). */
      providerRisk?: RiskLevel;
      providerRiskFactors?: ProviderRiskFactor[];
    }
  | { type: 'hearing.scheduled'; hearingId: string; at: string; kind: HearingKind }
  | { type: 'hearing.moved'; hearingId: string; at: string }
  | { type: 'hearing.cancelled'; hearingId: string }
  | { type: 'hearing.held'; hearingId: string }
  | { type: 'perpetrator.status'; status: PerpetratorEventType; at: string; releaseDate?: string }
  | { type: 'incident.reported'; at: string; incidentType: IncidentType; severity: RiskLevel }
  | { type: 'relocation.recorded'; at: string; kind: RelocationKind }
  | { type: 'stage.changed'; stage: Exclude<Stage, 'CLOSED'> }
  | { type: 'case.closed'; at: string }
  | { type: 'case.reopened'; at: string };

export type CaseEventType = CaseEvent['type'];

/**
 * Every kind of event with the fields it may carry: the one list of case events. The parser, the
 * workflow's updates and handlers, and the evaluation's replay derive theirs from it.
 */
export const CASE_EVENT_FIELDS = {
  'assessment.completed': ['at', 'riskLevel', 'measures', 'providerRisk', 'providerRiskFactors'],
  'hearing.scheduled': ['hearingId', 'at', 'kind'],
  'hearing.moved': ['hearingId', 'at'],
  'hearing.cancelled': ['hearingId'],
  'hearing.held': ['hearingId'],
  'perpetrator.status': ['status', 'at', 'releaseDate'],
  'incident.reported': ['at', 'incidentType', 'severity'],
  'relocation.recorded': ['at', 'kind'],
  'stage.changed': ['stage'],
  'case.closed': ['at'],
  'case.reopened': ['at'],
} as const satisfies { readonly [T in CaseEventType]: readonly Exclude<keyof Extract<CaseEvent, { type: T }>, 'type'>[] };

export const CASE_EVENT_TYPES = Object.keys(CASE_EVENT_FIELDS) as CaseEventType[];

export function newCaseRecord(identifiedAt: string, riskLevel: RiskLevel): CaseRecord {
  return {
    stage: 'IDENTIFIED',
    stageBeforeClosure: null,
    riskLevel,
    identifiedAt,
    closedAt: null,
    lastAssessment: null,
    hearings: [],
    perpetratorEvents: [],
    incidents: [],
    relocations: [],
  };
}

function hearingIndex(record: CaseRecord, hearingId: string): number {
  const index = record.hearings.findIndex((h) => h.id === hearingId);
  if (index < 0) throw new InvalidInputError('hearingId', `no hearing "${hearingId}" in this case`);
  return index;
}

function withHearing(record: CaseRecord, hearingId: string, change: (h: Hearing) => Hearing): CaseRecord {
  const index = hearingIndex(record, hearingId);
  if (record.hearings[index].status !== 'SCHEDULED') {
    throw new InvalidInputError('hearingId', `hearing "${hearingId}" is already ${record.hearings[index].status}`);
  }
  const hearings = record.hearings.slice();
  hearings[index] = change(hearings[index]);
  return { ...record, hearings };
}

/**
 * Whether the event puts a closed case back under watch (docs/reassessment-policy.md, "Closed
 * cases"): a release or escape after closure; since v2 also a release announced, or a HIGH or
 * CRITICAL incident, after it.
 */
export function reopensClosedCase(record: CaseRecord, event: CaseEvent, version: PolicyVersion = POLICY_VERSION): boolean {
  if (record.closedAt === null || !('at' in event) || instantMs(event.at) <= instantMs(record.closedAt)) return false;
  if (event.type === 'perpetrator.status') {
    return event.status === 'RELEASED' || event.status === 'ESCAPED' || (version >= 2 && event.status === 'RELEASE_ANNOUNCED');
  }
  return version >= 2 && event.type === 'incident.reported' && isSerious(event.severity);
}

/**
 * v2: the latest assessment is the latest by its own time; one entered late with an earlier time
 * is kept in the history (timeline, SQL) but sets neither the level nor the last assessment.
 * On equal times the one recorded later wins. Version 1 took whichever was recorded last.
 */
function isLatestAssessment(record: CaseRecord, at: string, version: PolicyVersion): boolean {
  return version < 2 || record.lastAssessment === null || instantMs(at) >= instantMs(record.lastAssessment.at);
}

/**
 * What the workflow's validators check before an event enters the history: that it applies, and
 * that a hearing is marked HELD only from its time on. Not re-checked when an accepted event is
 * replayed, so histories accepted before a check existed still replay.
 */
export function checkCaseEvent(record: CaseRecord, event: CaseEvent, now: number): void {
  const next = applyCaseEvent(record, event);
  if (event.type === 'hearing.held') {
    const hearing = next.hearings.find((h) => h.id === event.hearingId)!;
    if (instantMs(hearing.at) > now)
      throw new InvalidInputError('hearingId', `the hearing is at ${hearing.at}: it cannot be marked held before then`);
  }
}

function reopen(record: CaseRecord): CaseRecord {
  return { ...record, closedAt: null, stage: record.stageBeforeClosure ?? 'PROTECTION', stageBeforeClosure: null };
}

/**
 * The case after `event`; rejects events that contradict what is known (InvalidInputError).
 * `version`: of the reassessment policy the case runs under (1 only for histories recorded under it).
 */
export function applyCaseEvent(record: CaseRecord, event: CaseEvent, version: PolicyVersion = POLICY_VERSION): CaseRecord {
  switch (event.type) {
    case 'assessment.completed': {
      const stage = record.stage === 'IDENTIFIED' ? 'ASSESSMENT' : record.stage;
      if (!isLatestAssessment(record, event.at, version)) return { ...record, stage };
      return {
        ...record,
        riskLevel: event.riskLevel,
        lastAssessment: { at: event.at, riskLevel: event.riskLevel, measures: event.measures },
        stage,
      };
    }
    case 'hearing.scheduled':
      if (record.hearings.some((h) => h.id === event.hearingId)) {
        throw new InvalidInputError('hearingId', `hearing "${event.hearingId}" already exists; move it instead`);
      }
      return {
        ...record,
        hearings: [...record.hearings, { id: event.hearingId, at: event.at, kind: event.kind, status: 'SCHEDULED' }],
      };
    case 'hearing.moved':
      return withHearing(record, event.hearingId, (h) => ({ ...h, at: event.at }));
    case 'hearing.cancelled':
      return withHearing(record, event.hearingId, (h) => ({ ...h, status: 'CANCELLED' }));
    case 'hearing.held':
      return withHearing(record, event.hearingId, (h) => ({ ...h, status: 'HELD' }));
    case 'perpetrator.status': {
      const fact: PerpetratorEvent =
        event.status === 'RELEASE_ANNOUNCED'
          ? { type: event.status, at: event.at, releaseDate: event.releaseDate! }
          : { type: event.status, at: event.at };
      const next = { ...record, perpetratorEvents: [...record.perpetratorEvents, fact] };
      return reopensClosedCase(record, event, version) ? reopen(next) : next;
    }
    case 'incident.reported': {
      const next = { ...record, incidents: [...record.incidents, { at: event.at, type: event.incidentType, severity: event.severity }] };
      return reopensClosedCase(record, event, version) ? reopen(next) : next;
    }
    case 'relocation.recorded':
      return { ...record, relocations: [...record.relocations, { at: event.at, kind: event.kind }] };
    case 'stage.changed':
      if (record.closedAt !== null) throw new InvalidInputError('stage', 'the case is closed; reopen it first');
      return { ...record, stage: event.stage };
    case 'case.closed':
      if (record.closedAt !== null) throw new InvalidInputError('type', 'the case is already closed');
      return { ...record, closedAt: event.at, stageBeforeClosure: record.stage, stage: 'CLOSED' };
    case 'case.reopened':
      if (record.closedAt === null) throw new InvalidInputError('type', 'the case is not closed');
      return reopen(record);
  }
}

/** The policy's view of the case. */
export function toFacts(record: CaseRecord): CaseFacts {
  return {
    riskLevel: record.riskLevel,
    identifiedAt: record.identifiedAt,
    lastAssessmentAt: record.lastAssessment?.at ?? null,
    closedAt: record.closedAt,
    hearings: record.hearings.map(({ at, status }) => ({ at, status })),
    perpetratorEvents: record.perpetratorEvents,
    incidents: record.incidents.map(({ at, severity }) => ({ at, severity })),
    relocations: record.relocations.map(({ at }) => ({ at })),
  };
}

/** The urgent alert an event raises at once, if any (README, "Reminders, urgent alerts and acknowledgement"). */
export function urgentTrigger(event: CaseEvent): string | null {
  if (event.type === 'perpetrator.status' && (event.status === 'RELEASED' || event.status === 'ESCAPED')) {
    return `perpetrator.${event.status.toLowerCase()}`;
  }
  if (event.type === 'incident.reported' && (event.severity === 'HIGH' || event.severity === 'CRITICAL')) {
    return `incident.${event.incidentType.toLowerCase()}`;
  }
  return null;
}
