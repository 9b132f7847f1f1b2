/**
 * A case's reassessment history read back from its timeline: which reassessments were due (by
 * which rule, at which level) and when they were done, how long the case took to react to each
 * danger, and the ratings with the incidents that followed them.
 *
 * The timeline records every event the workflow applied, but not every deadline: a deadline met
 * before its first reminder leaves no trace. So the deadlines are recomputed here exactly as the
 * workflow computed them: the same events applied in the same order (applyCaseEvent) under the
 * same policy (the organisation's version in force, switched at each `policy.changed` entry), the
 * same pure function (computeSchedule). Pure: no clock, `asOf` says how far the history goes.
 */
import { applyCaseEvent, CASE_EVENT_TYPES, newCaseRecord, toFacts, type CaseEvent, type CaseRecord } from './case-events';
import type { RiskLevel } from './case-facts';
import { computeSchedule, DEFAULT_POLICY, type Policy, type RuleName } from './policy';

/** A timeline entry as SQL keeps it, in the order the workflow wrote it. */
export interface HistoryEntry {
  kind: string;
  /** When the workflow recorded it (epoch ms). */
  at: number;
  detail: Record<string, unknown>;
}

export type Outcome = 'on-time' | 'late' | 'not-done';

/** A reassessment that fell due (or was done before it did) while its deadline stood. */
export interface DueReassessment {
  dueAt: number;
  rule: RuleName;
  riskLevel: RiskLevel;
  outcome: Outcome;
  /** When the assessment that met it was recorded (null: not done by `asOf`). */
  doneAt: number | null;
}

/** The dangers whose reaction time the evaluation measures (docs: "Reaction to danger"). */
export type DangerTrigger =
  | 'release-or-escape'
  | 'release-announced'
  | 'incident-low'
  | 'incident-medium'
  | 'incident-high'
  | 'incident-critical'
  | 'hearing'
  | 'relocation';

export interface Reaction {
  trigger: DangerTrigger;
  /** When the event was recorded. */
  at: number;
  /** What the policy asked: its deadline right after the event, less the event's time (0: at once). */
  askedMs: number;
  /** Until the next completed reassessment was recorded (null: none by `asOf`). */
  tookMs: number | null;
}

/** A risk level given at an assessment, by the assessment's own time. */
export interface Rating {
  at: number;
  riskLevel: RiskLevel;
}

export interface Incident {
  at: number;
  severity: RiskLevel;
}

/** The case passed from one caseworker to another (timeline `caseworker.changed`). */
export interface Handover {
  at: number;
  previousCaseworkerId: string | null;
}

export interface CaseHistory {
  due: DueReassessment[];
  reactions: Reaction[];
  ratings: Rating[];
  incidents: Incident[];
  handovers: Handover[];
}

/** The organisation's policy versions (1, 2, ...) with their time; version 0 is the default. */
export interface PolicyVersions {
  byVersion: ReadonlyMap<number, Policy>;
  /** Ascending by changedAt. */
  changes: readonly { version: number; changedAt: number }[];
}

const EVENT_KINDS: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);

function dangerTrigger(event: CaseEvent): DangerTrigger | null {
  switch (event.type) {
    case 'perpetrator.status':
      if (event.status === 'RELEASED' || event.status === 'ESCAPED') return 'release-or-escape';
      return event.status === 'RELEASE_ANNOUNCED' ? 'release-announced' : null;
    case 'incident.reported':
      return `incident-${event.severity.toLowerCase()}` as DangerTrigger;
    case 'hearing.scheduled':
      return 'hearing';
    case 'relocation.recorded':
      return 'relocation';
    default:
      return null;
  }
}

function policyAt(versions: PolicyVersions, at: number): Policy {
  const inForce = versions.changes.filter((c) => c.changedAt <= at).pop();
  return (inForce && versions.byVersion.get(inForce.version)) ?? DEFAULT_POLICY;
}

/** Replays one case's timeline (ascending, beginning with `case.opened`) up to `asOf`. */
export function replayCase(entries: readonly HistoryEntry[], versions: PolicyVersions, asOf: number): CaseHistory {
  const history: CaseHistory = { due: [], reactions: [], ratings: [], incidents: [], handovers: [] };
  const opened = entries.find((e) => e.kind === 'case.opened');
  if (!opened) return history;
  const { identifiedAt, riskLevel } = opened.detail as { identifiedAt: string; riskLevel: RiskLevel };
  let policy = policyAt(versions, opened.at);
  let record: CaseRecord = newCaseRecord(identifiedAt, riskLevel);
  let current = computeSchedule(toFacts(record), policy);
  const waiting: Reaction[] = [];

  const settle = (outcome: Outcome, doneAt: number | null) => {
    const { dueAt, rule, riskLevel } = current;
    if (dueAt !== null) history.due.push({ dueAt: Date.parse(dueAt), rule: rule!, riskLevel, outcome, doneAt });
  };
  for (const entry of entries) {
    if (entry.at > asOf) break;
    if (entry.kind === 'caseworker.changed') {
      history.handovers.push({ at: entry.at, previousCaseworkerId: (entry.detail.previousCaseworkerId as string | null) ?? null });
    } else if (entry.kind === 'policy.changed') {
      policy = versions.byVersion.get(Number(entry.detail.version)) ?? DEFAULT_POLICY;
      moveDeadline(computeSchedule(toFacts(record), policy), entry.at);
    } else if (EVENT_KINDS.has(entry.kind)) {
      apply({ ...entry.detail, type: entry.kind } as CaseEvent, entry.at);
    }
  }
  // Still standing at the end: not done if its time has passed, not yet due otherwise.
  if (current.dueAt !== null && Date.parse(current.dueAt) <= asOf) settle('not-done', null);
  return history;

  function apply(event: CaseEvent, at: number): void {
    const before = record.lastAssessment;
    record = applyCaseEvent(record, event);
    if (event.type === 'assessment.completed') history.ratings.push({ at: Date.parse(event.at), riskLevel: event.riskLevel });
    if (event.type === 'incident.reported') history.incidents.push({ at: Date.parse(event.at), severity: event.severity });
    const next = computeSchedule(toFacts(record), policy);
    // Only an assessment that became the latest meets the deadline (a late entry with an earlier time does not).
    if (record.lastAssessment !== before) {
      if (current.dueAt !== null) settle(at <= Date.parse(current.dueAt) ? 'on-time' : 'late', at);
      for (const reaction of waiting.splice(0)) reaction.tookMs = at - reaction.at;
      current = next;
      return;
    }
    const trigger = dangerTrigger(event);
    if (trigger) {
      const reaction: Reaction = { trigger, at, askedMs: askedMs(next.dueAt, at), tookMs: null };
      history.reactions.push(reaction);
      waiting.push(reaction);
    }
    moveDeadline(next, at);
  }

  /** A deadline replaced without an assessment counts only if it had already passed: it was never done. */
  function moveDeadline(next: typeof current, at: number): void {
    if (next.dueAt !== current.dueAt && current.dueAt !== null && Date.parse(current.dueAt) < at) settle('not-done', null);
    current = next;
  }
}

function askedMs(dueAt: string | null, at: number): number {
  return dueAt === null ? 0 : Math.max(0, Date.parse(dueAt) - at);
}
