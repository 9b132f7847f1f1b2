/**
 * The reassessment policy: when the next safety reassessment of a case is due, and when to remind
 * and escalate. Implements docs/reassessment-policy.md (version 2) to the letter; a pure function
 * of the case facts (no clock), computed in epoch milliseconds. Version 1 stays selectable for the
 * workflows of cases that started under it (their recorded histories must replay unchanged).
 * The table it reads (cadences, windows, versions, overrides) is policy-rules.ts.
 *
 * Bundled into the workflow sandbox: no Node built-ins, no clock, no third-party imports.
 */
import { CaseFacts, PerpetratorEvent, RiskLevel, instantMs, invalidInstant, isoInstant } from './case-facts';
import {
  DEFAULT_POLICY,
  EVENT_GRACE_CAP_MS,
  EVENT_RULES,
  POLICY_VERSION,
  type IntervalWindow,
  type LevelPolicy,
  type PointWindow,
  type Policy,
  type PolicyVersion,
  type RuleName,
} from './policy-rules';

export {
  DEFAULT_POLICY,
  OVERRIDE_BOUNDS,
  POLICY_VERSION,
  parsePolicyOverride,
  policyInHours,
  type IntervalWindow,
  type LevelPolicy,
  type PointWindow,
  type Policy,
  type PolicyOverride,
  type PolicyVersion,
  type RuleName,
  type RuleWindows,
} from './policy-rules';

export interface Escalation {
  at: string;
  to: 'coordinator' | 'chain';
}

/** When the next reassessment is due (null: none, the case is closed) and its reminders and escalations. */
export interface Schedule {
  dueAt: string | null;
  rule: RuleName | null;
  riskLevel: RiskLevel;
  remindAt: string[];
  escalateAt: Escalation[];
}

/**
 * The schedule of the next reassessment. `facts` should come from parseCaseFacts; an instant that
 * does not parse still throws InvalidInputError here rather than silently dropping its rule.
 * When rules tie, the one listed first in the spec's table wins, except that `base` comes last:
 * the specific reason (a hearing, a release) is what the caseworker needs to see.
 */
export function computeSchedule(facts: CaseFacts, policy: Policy = DEFAULT_POLICY, version: PolicyVersion = POLICY_VERSION): Schedule {
  const { riskLevel, perpetratorEvents: events } = facts;
  if (facts.closedAt !== null && !reopenedAfter(facts, ms(facts.closedAt, 'closedAt'), version)) {
    return { dueAt: null, rule: null, riskLevel, remindAt: [], escalateAt: [] };
  }
  const w = policy.windows;
  const identifiedAt = ms(facts.identifiedAt, 'identifiedAt');
  const lastAssessmentAt = facts.lastAssessmentAt === null ? null : ms(facts.lastAssessmentAt, 'lastAssessmentAt');
  const due = new EarliestDeadline(lastAssessmentAt ?? identifiedAt, lastAssessmentAt ?? -Infinity);

  due.point('new-case', identifiedAt, w['new-case']);
  for (let i = 0; i < facts.hearings.length; i++) {
    const { status } = facts.hearings[i];
    if (status === 'CANCELLED') continue;
    const at = ms(facts.hearings[i].at, 'hearings', i, 'at');
    due.window('hearing-weekly', at, w['hearing-weekly']);
    due.window('hearing-daily', at, w['hearing-daily']);
    if (status === 'SCHEDULED') due.point('pre-hearing', at, w['pre-hearing']);
    else if (status === 'HELD') due.point('hearing-debrief', at, w['hearing-debrief']);
  }
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event.type === 'RELEASE_ANNOUNCED') {
      due.window('release-announced', ms(event.releaseDate, 'perpetratorEvents', i, 'releaseDate'), w['release-announced']);
    } else if (event.type === 'RELEASED' || event.type === 'ESCAPED') {
      const releasedAt = ms(event.at, 'perpetratorEvents', i, 'at');
      const backInCustodyAt = firstDetainedAfter(events, releasedAt);
      due.point('release-immediate', releasedAt, w['release-immediate']);
      due.window('release-daily', releasedAt, w['release-daily'], backInCustodyAt);
      due.window('release-weekly', releasedAt, w['release-weekly'], backInCustodyAt);
    }
  }
  for (let i = 0; i < facts.incidents.length; i++) {
    const { severity } = facts.incidents[i];
    const at = ms(facts.incidents[i].at, 'incidents', i, 'at');
    const immediate = w['incident-immediate'];
    due.point('incident-immediate', at, immediate, isSerious(severity) ? immediate.urgentDueMs : immediate.dueMs);
    due.window('incident-daily', at, w['incident-daily']);
  }
  for (let i = 0; i < facts.relocations.length; i++) {
    due.point('relocation', ms(facts.relocations[i].at, 'relocations', i, 'at'), w.relocation);
  }
  const level = policy.levels[riskLevel];
  due.interval('base', -Infinity, Infinity, level.baseIntervalMs);

  const graceMs = version >= 2 && due.setByEvent ? Math.min(level.graceMs, EVENT_GRACE_CAP_MS) : level.graceMs;
  return { dueAt: isoInstant(due.at), rule: due.rule, riskLevel, ...noticeTimes(due.at, { ...level, graceMs }) };
}

/**
 * The spec's "Reminders and escalation" of a deadline: reminders a lead before it and at it,
 * escalations one and two graces after it (first to the coordinator, then to the chain). The
 * organisation's self-assessment (domain/self-assessment.ts) follows the same offsets.
 */
export function noticeTimes(dueAtMs: number, level: LevelPolicy): Pick<Schedule, 'remindAt' | 'escalateAt'> {
  return {
    remindAt: [isoInstant(dueAtMs - level.reminderLeadMs), isoInstant(dueAtMs)],
    escalateAt: [
      { at: isoInstant(dueAtMs + level.graceMs), to: 'coordinator' },
      { at: isoInstant(dueAtMs + 2 * level.graceMs), to: 'chain' },
    ],
  };
}

/** The running minimum over the deadlines the rules give. */
class EarliestDeadline {
  at = Infinity;
  rule: RuleName = 'base';
  /** Whether any of the rules giving `at` (several may tie) is an event rule. */
  setByEvent = false;

  /**
   * @param intervalsFrom A: the last assessment, or the identification when there was none yet.
   * @param lastAssessmentAt the real last assessment, -Infinity when none: every point rule applies.
   */
  constructor(
    private readonly intervalsFrom: number,
    private readonly lastAssessmentAt: number,
  ) {}

  /** While inside [start, end), no more than `intervalMs` may pass since A. */
  interval(rule: RuleName, start: number, end: number, intervalMs: number): void {
    const t = Math.max(start, this.intervalsFrom + intervalMs);
    if (t < end) this.offer(rule, t);
  }

  /** An interval rule around the event at `eventAt`, whose window is cut short at `endsBy`. */
  window(rule: RuleName, eventAt: number, window: IntervalWindow, endsBy = Infinity): void {
    this.interval(rule, eventAt + window.fromMs, Math.min(eventAt + window.untilMs, endsBy), window.intervalMs);
  }

  point(rule: RuleName, eventAt: number, window: PointWindow, dueMs = window.dueMs): void {
    if (this.lastAssessmentAt < eventAt + window.assessedAfterMs) this.offer(rule, eventAt + dueMs);
  }

  private offer(rule: RuleName, t: number): void {
    if (t < this.at) {
      this.at = t;
      this.rule = rule;
      this.setByEvent = EVENT_RULES.has(rule);
    } else if (t === this.at && EVENT_RULES.has(rule)) {
      this.setByEvent = true;
    }
  }
}

/**
 * A closed case is reopened by a release or an escape after it was closed; v2 also by a release
 * announced (announcement time, not release date) or a HIGH or CRITICAL incident after it.
 */
function reopenedAfter(facts: CaseFacts, closedAt: number, version: PolicyVersion): boolean {
  const events = facts.perpetratorEvents;
  for (let i = 0; i < events.length; i++) {
    const { type } = events[i];
    const reopens = type === 'RELEASED' || type === 'ESCAPED' || (version >= 2 && type === 'RELEASE_ANNOUNCED');
    if (reopens && ms(events[i].at, 'perpetratorEvents', i, 'at') > closedAt) return true;
  }
  if (version < 2) return false;
  for (let i = 0; i < facts.incidents.length; i++) {
    if (isSerious(facts.incidents[i].severity) && ms(facts.incidents[i].at, 'incidents', i, 'at') > closedAt) return true;
  }
  return false;
}

/** Incidents that call for an assessment within hours and, since v2, reopen a closed case. */
export function isSerious(severity: RiskLevel): boolean {
  return severity === 'HIGH' || severity === 'CRITICAL';
}

/** D of the spec: the first DETAINED strictly after the release, +Infinity when none. */
function firstDetainedAfter(events: readonly PerpetratorEvent[], releasedAt: number): number {
  let first = Infinity;
  for (let i = 0; i < events.length; i++) {
    if (events[i].type !== 'DETAINED') continue;
    const at = ms(events[i].at, 'perpetratorEvents', i, 'at');
    if (at > releasedAt && at < first) first = at;
  }
  return first;
}

/** Epoch ms of an instant of the facts; the field name is built only when it is invalid. */
function ms(text: string, list: string, index?: number, key?: string): number {
  const value = instantMs(text);
  if (Number.isNaN(value)) throw invalidInstant(index === undefined ? list : `${list}[${index}].${key}`);
  return value;
}
