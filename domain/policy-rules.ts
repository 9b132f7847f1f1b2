/**
 * The reassessment policy's table (docs/reassessment-policy.md): each risk level's cadence,
 * reminder lead and grace, the window rules, the policy versions, and the bounds of an
 * organisation's overrides. policy.ts computes the schedule from it.
 *
 * Bundled into the workflow sandbox: no Node built-ins, no clock, no third-party imports.
 */
import { InvalidInputError, RISK_LEVELS, RiskLevel, fieldPath, objectFields } from './case-facts';

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
export const EVENT_RULES: ReadonlySet<RuleName> = new Set<RuleName>([
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
export const EVENT_GRACE_CAP_MS = 6 * HOUR;

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

/** Every rule's name, in the order of the specification's table. */
export const RULE_NAMES: readonly RuleName[] = ['base', ...(Object.keys(DEFAULT_POLICY.windows) as (keyof RuleWindows)[])];

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
