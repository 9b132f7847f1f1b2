/**
 * The organisation's safety self-assessment: the study's eight general indicators of risk to
 * service providers ("Risk assessment: a tool to improve the safety of service providers"), each
 * scored 0..3 on the scale below (0: no added risk, 3: the highest), the organisation risk level
 * derived from the scores, and when the next self-assessment is due.
 *
 * Bundled into the workflow sandbox: no Node built-ins, no clock, no third-party imports.
 */
import { InvalidInputError, fieldPath, instantMs, isoInstant, objectFields, parseInstant, RISK_LEVELS, type RiskLevel } from './case-facts';
import { DEFAULT_POLICY, noticeTimes } from './policy';
import { textProblem } from './text';

export interface Indicator {
  key: string;
  title: string;
  /** Label of each score, 0 first. */
  scale: readonly [string, string, string, string];
}

export const INDICATORS = [
  {
    key: 'internalTrafficking',
    title: "Internal trafficking: its share among the organisation's cases and its consequences",
    scale: [
      'No internal trafficking among our cases',
      'Some internal cases; the traffickers are not from the communities where staff work',
      'A large share of internal cases; traffickers live in the communities where staff work',
      "Most cases are internal; traffickers know the victims' and the staff's surroundings",
    ],
  },
  {
    key: 'countryStatus',
    title: 'Country status: country of origin, transit or destination',
    scale: ['None of the three to a notable degree', 'One of the three', 'Two of the three', 'All three: origin, transit and destination'],
  },
  {
    key: 'victimsPerMonth',
    title: "Victims seeking the organisation's assistance per month (on average)",
    scale: ['Fewer than 1', '1 to 4', '5 to 10', 'More than 10'],
  },
  {
    key: 'organisedCrimeLinks',
    title: 'Links between trafficking and organised criminal groups',
    scale: [
      'No known links: individual perpetrators',
      'Occasional links to small local groups',
      'Frequent links to organised groups',
      "The organisation's cases are run by organised groups, some of them international",
    ],
  },
  {
    key: 'criminalGroupCapacity',
    title: 'Capacity of the criminal group to endanger the safety of victims or staff',
    scale: [
      'None known',
      'Could locate or contact victims or staff',
      'Has threatened, followed or located victims or staff',
      'Has used or is ready to use violence, or reaches into institutions',
    ],
  },
  {
    key: 'stateResponseCapacity',
    title: 'Capacity of state bodies to react when staff are endangered (memoranda of cooperation, ad hoc links, communication)',
    scale: [
      'A memorandum in force, named contacts, a quick response tested in practice',
      'A memorandum or reliable links, but the response is not always timely',
      'Only ad hoc, personal links',
      'No working link: state bodies do not react',
    ],
  },
  {
    key: 'perceivedCorruption',
    title: 'Degree of perceived corruption',
    scale: ['Low', 'Moderate', 'High', 'Very high: leaks from institutions known or suspected'],
  },
  {
    key: 'stateCommitment',
    title: 'State commitment and support in the fight against trafficking',
    scale: [
      'Strong: a strategy, funding and support in practice',
      'Declared, and partly in practice',
      'Declared, little in practice',
      'Absent or obstructive',
    ],
  },
] as const satisfies readonly Indicator[];

export type IndicatorKey = (typeof INDICATORS)[number]['key'];
export const INDICATOR_KEYS: readonly IndicatorKey[] = INDICATORS.map((i) => i.key);
export const MAX_SCORE = 3;
export const MAX_NOTE_LENGTH = 2_000;

export type Scores = Record<IndicatorKey, number>;
export type Notes = Partial<Record<IndicatorKey, string>>;

export interface SelfAssessmentInput {
  /** When it was done; default now, never in the future. */
  at: string;
  scores: Scores;
  /** Free text per indicator: encrypted by the API, never sent to the workflow. */
  notes: Notes;
}

/**
 * Validates a self-assessment as it arrives: every indicator scored (an integer 0..3), notes
 * optional, at most 2,000 characters each. Errors name the field: `scores.perceivedCorruption`.
 */
export function parseSelfAssessment(input: unknown, now: number): SelfAssessmentInput {
  const o = objectFields(input, '', ['at', 'scores', 'notes']);
  const at = o.at === undefined ? isoInstant(now) : parseInstant(o.at, 'at');
  if (instantMs(at) > now) throw new InvalidInputError('at', 'must not be in the future');
  if (o.scores === undefined) throw new InvalidInputError('scores', 'is required');
  const given = objectFields(o.scores, 'scores', INDICATOR_KEYS);
  const scores = {} as Scores;
  for (const key of INDICATOR_KEYS) {
    const score = given[key];
    if (score === undefined) throw new InvalidInputError(fieldPath('scores', key), 'is required');
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > MAX_SCORE) {
      throw new InvalidInputError(fieldPath('scores', key), `must be a whole number from 0 to ${MAX_SCORE}`);
    }
    scores[key] = score;
  }
  const notes: Notes = {};
  const givenNotes = o.notes === undefined ? {} : objectFields(o.notes, 'notes', INDICATOR_KEYS);
  for (const key of INDICATOR_KEYS) {
    const note = givenNotes[key];
    if (note === undefined || note === '') continue;
    if (typeof note !== 'string' || note.length > MAX_NOTE_LENGTH) {
      throw new InvalidInputError(fieldPath('notes', key), `must be a text of at most ${MAX_NOTE_LENGTH} characters`);
    }
    const problem = textProblem(note, 'free-text');
    if (problem) throw new InvalidInputError(fieldPath('notes', key), problem);
    notes[key] = note;
  }
  return { at, scores, notes };
}

/**
 * The organisation risk level: the higher of
 *   - by the sum of the eight scores (0..24): 0-5 LOW, 6-11 MEDIUM, 12-17 HIGH, 18-24 CRITICAL;
 *   - by how many indicators score 3: none LOW, one MEDIUM, two HIGH, three or more CRITICAL.
 * The sum weighs the overall context; the count keeps a few extreme answers from being averaged
 * away (a group ready to use violence with state bodies that do not react is HIGH on its own).
 */
export function organisationRiskLevel(scores: Scores): RiskLevel {
  const values = INDICATOR_KEYS.map((key) => scores[key]);
  const sum = values.reduce((a, b) => a + b, 0);
  const atMax = values.filter((v) => v === MAX_SCORE).length;
  const bySum = sum >= 18 ? 3 : sum >= 12 ? 2 : sum >= 6 ? 1 : 0;
  const byCount = Math.min(atMax, 3);
  return RISK_LEVELS[Math.max(bySum, byCount)];
}

/** Days between self-assessments: monthly by default (the study, after IOM), 7 to 92 by setting. */
export const INTERVAL_DAYS = { default: 30, min: 7, max: 92 } as const;

export function parseIntervalDays(value: unknown, field = 'selfAssessmentIntervalDays'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < INTERVAL_DAYS.min || value > INTERVAL_DAYS.max) {
    throw new InvalidInputError(field, `must be a whole number of days from ${INTERVAL_DAYS.min} to ${INTERVAL_DAYS.max}`);
  }
  return value;
}

/** Who hears about a due self-assessment (activities/self-assessment.ts resolves them). */
export type SelfAssessmentAudience = 'coordinators' | 'admins' | 'admins-and-duty-coordinator';

export interface SelfAssessmentSchedule {
  dueAt: string;
  /** The level of the latest self-assessment; null before the first. */
  riskLevel: RiskLevel | null;
  intervalDays: number;
  lastAt: string | null;
  /** To the coordinators and admins. */
  remindAt: string[];
  escalateAt: { at: string; to: Exclude<SelfAssessmentAudience, 'coordinators'> }[];
}

/**
 * Due `intervalDays` after the latest self-assessment, or after `since` (when the organisation's
 * schedule started) before the first. Reminders and escalations use the case policy's lead and
 * grace (domain/policy.ts) for the organisation's level, LOW before the first self-assessment:
 * LOW 24 h lead and 48 h grace; HIGH 12 h and 12 h; CRITICAL 2 h and 2 h. Escalations go to the
 * admins at due + grace, then to the admins and the duty coordinator at due + 2 x grace.
 */
export function selfAssessmentSchedule(state: {
  since: string;
  last: { at: string; riskLevel: RiskLevel } | null;
  intervalDays: number;
}): SelfAssessmentSchedule {
  const { since, last, intervalDays } = state;
  const due = instantMs(last?.at ?? since) + intervalDays * 86_400_000;
  const { remindAt, escalateAt } = noticeTimes(due, DEFAULT_POLICY.levels[last?.riskLevel ?? 'LOW']);
  return {
    dueAt: isoInstant(due),
    riskLevel: last?.riskLevel ?? null,
    intervalDays,
    lastAt: last?.at ?? null,
    remindAt,
    escalateAt: escalateAt.map(({ at, to }) => ({ at, to: to === 'coordinator' ? 'admins' : 'admins-and-duty-coordinator' })),
  };
}
