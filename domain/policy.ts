/**
 * The reassessment policy: when the next safety reassessment of a case is due, and when to remind
 * and escalate. Implements docs/reassessment-policy.md (version 2) to the letter; a pure function
 * of the case facts (no clock), computed in epoch milliseconds. Version 1 stays selectable for the
 * workflows of cases that started under it (their recorded histories must replay unchanged).
 *
 * Bundled into the workflow sandbox: no Node built-ins, no clock, no third-party imports.
 */
import {
  CaseFacts,
  InvalidInputError,
  PerpetratorEvent,
  RISK_LEVELS,
  RiskLevel,
  fieldPath,
  instantMs,
  invalidInstant,
  isoInstant,
  objectFields,
} from './case-facts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Per risk level, in milliseconds. */
export interface LevelPolicy {
  /** Longest time allowed between two assessments when nothing else happens. */
  readonly baseIntervalMs: number;
  /** The first reminder goes this long before the due time (the second at the due time). */
  readonly reminderLeadMs: number;
  /** Overdue this long: escalate to the coordinator; twice this long: to the escalation chain. */
  readonly graceMs: number;
}

/**
 * Interval rule around an event at time E: inside [E + fromMs, E + untilMs), no more than
 * `intervalMs` may pass since the last assessment.
 */
export interface IntervalWindow {
  readonly fromMs: number;
  readonly untilMs: number;
  readonly intervalMs: number;
}

/**
 * Point rule around an event at time E: an assessment is due by E + dueMs, unless one was already
 * done after E + assessedAfterMs.
 */
export interface PointWindow {
  readonly assessedAfterMs: number;
  readonly dueMs: number;
}

/** The window rules, keyed by the rule names of the spec; offsets are relative to the event. */
export interface RuleWindows {
  readonly 'new-case': PointWindow;
  readonly 'hearing-weekly': IntervalWindow;
  readonly 'hearing-daily': IntervalWindow;
  readonly 'pre-hearing': PointWindow;
  readonly 'hearing-debrief': PointWindow;
  readonly 'release-announced': IntervalWindow;
  readonly 'release-immediate': PointWindow;
  readonly 'release-daily': IntervalWindow;
  readonly 'release-weekly': IntervalWindow;
  /** `dueMs` for LOW and MEDIUM incidents, `urgentDueMs` for HIGH and CRITICAL ones. */
  readonly 'incident-immediate': PointWindow & { readonly urgentDueMs: number };
  readonly 'incident-daily': IntervalWindow;
  readonly relocation: PointWindow;
}

export type RuleName = 'base' | keyof RuleWindows;

/** 1: the first specification; 2: event deadlines escalate within hours, more events reopen closed cases. */
export type PolicyVersion = 1 | 2;
export const POLICY_VERSION: PolicyVersion = 2;

/**
 * v2: a deadline set by one of these (an event the case must be ready for) escalates after
 * min(grace, 6 h), so the escalation cannot fall after the hearing or release it prepares.
 */
const EVENT_RULES: ReadonlySet<RuleName> = new Set<RuleName>([
  'pre-hearing',
  'hearing-daily',
  'hearing-debrief',
  'release-announced',
  'release-immediate',
  'release-daily',
  'incident-immediate',
  'incident-daily',
  'relocation',
]);
const EVENT_GRACE_CAP_MS = 6 * HOUR;

export interface Policy {
  readonly levels: Readonly<Record<RiskLevel, LevelPolicy>>;
  /** Organisations cannot override these (the spec: "the window rules stay as they are"). */
  readonly windows: RuleWindows;
}

export const DEFAULT_POLICY: Policy = {
  levels: {
    LOW: { baseIntervalMs: 30 * DAY, reminderLeadMs: 24 * HOUR, graceMs: 48 * HOUR },
    MEDIUM: { baseIntervalMs: 14 * DAY, reminderLeadMs: 24 * HOUR, graceMs: 48 * HOUR },
    HIGH: { baseIntervalMs: 7 * DAY, reminderLeadMs: 12 * HOUR, graceMs: 12 * HOUR },
    CRITICAL: { baseIntervalMs: 1 * DAY, reminderLeadMs: 2 * HOUR, graceMs: 2 * HOUR },
  },
  windows: {
    'new-case': { assessedAfterMs: 0, dueMs: 24 * HOUR },
    'hearing-weekly': { fromMs: -14 * DAY, untilMs: -3 * DAY, intervalMs: 7 * DAY },
    'hearing-daily': { fromMs: -3 * DAY, untilMs: 1 * DAY, intervalMs: 1 * DAY },
    'pre-hearing': { assessedAfterMs: -3 * DAY, dueMs: -24 * HOUR },
    'hearing-debrief': { assessedAfterMs: 0, dueMs: 24 * HOUR },
    'release-announced': { fromMs: -7 * DAY, untilMs: 0, intervalMs: 1 * DAY },
    'release-immediate': { assessedAfterMs: 0, dueMs: 0 },
    'release-daily': { fromMs: 0, untilMs: 14 * DAY, intervalMs: 1 * DAY },
    'release-weekly': { fromMs: 14 * DAY, untilMs: 60 * DAY, intervalMs: 7 * DAY },
    'incident-immediate': { assessedAfterMs: 0, dueMs: 24 * HOUR, urgentDueMs: 4 * HOUR },
    'incident-daily': { fromMs: 0, untilMs: 7 * DAY, intervalMs: 1 * DAY },
    relocation: { assessedAfterMs: 0, dueMs: 24 * HOUR },
  },
};

/** Bounds of organisation overrides, in hours as the override is written. */
export const OVERRIDE_BOUNDS = {
  baseIntervalHours: { min: 24, max: 30 * 24, words: '1 to 30 days' },
  leadHours: { min: 0.25, max: 72, words: '15 minutes to 72 hours' },
  graceHours: { min: 0.25, max: 7 * 24, words: '15 minutes to 7 days' },
} as const;
type OverrideKey = keyof typeof OVERRIDE_BOUNDS;
const OVERRIDE_KEYS = Object.keys(OVERRIDE_BOUNDS) as OverrideKey[];

/** An organisation's overrides as written (see parsePolicyOverride). */
export interface PolicyOverride {
  levels?: Partial<Record<RiskLevel, Partial<Record<OverrideKey, number>>>>;
}

/** Every level's values in force, in hours as overrides are written. */
export function policyInHours(policy: Policy): Record<RiskLevel, Record<OverrideKey, number>> {
  const hours = (ms: number) => ms / HOUR;
  const entry = (l: LevelPolicy) => ({
    baseIntervalHours: hours(l.baseIntervalMs),
    leadHours: hours(l.reminderLeadMs),
    graceHours: hours(l.graceMs),
  });
  return {
    LOW: entry(policy.levels.LOW),
    MEDIUM: entry(policy.levels.MEDIUM),
    HIGH: entry(policy.levels.HIGH),
    CRITICAL: entry(policy.levels.CRITICAL),
  };
}

/**
 * An organisation's policy: the default with some per-level values overridden. Format (every
 * level and every value optional; hours, fractions allowed, e.g. 0.25 for 15 minutes):
 *
 *   { "levels": { "HIGH": { "baseIntervalHours": 120, "leadHours": 6, "graceHours": 12 } } }
 *
 * Bounds: baseIntervalHours 24..720 (1 to 30 days), leadHours 0.25..72, graceHours 0.25..168
 * (7 days). Anything else throws InvalidInputError naming the field (`levels.HIGH.graceHours`).
 */
export function parsePolicyOverride(input: unknown): Policy {
  const { levels: levelsInput } = objectFields(input, '', ['levels']);
  const levelOverrides = levelsInput === undefined ? {} : objectFields(levelsInput, 'levels', RISK_LEVELS);
  const levels = { ...DEFAULT_POLICY.levels };
  for (const level of RISK_LEVELS) {
    const given = levelOverrides[level];
    if (given === undefined) continue;
    const field = fieldPath('levels', level);
    const values = objectFields(given, field, OVERRIDE_KEYS);
    const valueMs = (key: OverrideKey, defaultMs: number) =>
      values[key] === undefined ? defaultMs : overrideMs(values[key], fieldPath(field, key), OVERRIDE_BOUNDS[key]);
    levels[level] = {
      baseIntervalMs: valueMs('baseIntervalHours', levels[level].baseIntervalMs),
      reminderLeadMs: valueMs('leadHours', levels[level].reminderLeadMs),
      graceMs: valueMs('graceHours', levels[level].graceMs),
    };
  }
  return { levels, windows: DEFAULT_POLICY.windows };
}

function overrideMs(value: unknown, field: string, bounds: { min: number; max: number; words: string }): number {
  if (typeof value !== 'number' || !(value >= bounds.min && value <= bounds.max)) {
    throw new InvalidInputError(field, `must be a number of hours from ${bounds.min} to ${bounds.max} (${bounds.words})`);
  }
  return Math.round(value * HOUR);
}

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
