/**
 * The organisation self-assessment's pure rules: validation naming the field, the derived level
 * (examples written out by hand at each threshold), and the due, reminder and escalation times.
 */
import { InvalidInputError } from '../../domain/case-facts';
import {
  INDICATOR_KEYS,
  organisationRiskLevel,
  parseIntervalDays,
  parseSelfAssessment,
  selfAssessmentSchedule,
  type Scores,
} from '../../domain/self-assessment';

const NOW = Date.parse('2027-03-10T12:00:00Z');
const scores = (...values: number[]): Scores => Object.fromEntries(INDICATOR_KEYS.map((k, i) => [k, values[i]])) as Scores;
const ALL_ONE = scores(1, 1, 1, 1, 1, 1, 1, 1);

function problemOf(input: unknown): { field: string; problem: string } {
  try {
    parseSelfAssessment(input, NOW);
  } catch (error) {
    if (error instanceof InvalidInputError) return { field: error.field, problem: error.problem };
    throw error;
  }
  throw new Error('expected InvalidInputError');
}

test('the eight indicators of the study, in its order', () => {
  expect(INDICATOR_KEYS).toEqual([
    'internalTrafficking',
    'countryStatus',
    'victimsPerMonth',
    'organisedCrimeLinks',
    'criminalGroupCapacity',
    'stateResponseCapacity',
    'perceivedCorruption',
    'stateCommitment',
  ]);
});

test('a valid self-assessment: at defaults to now, empty notes dropped', () => {
  expect(parseSelfAssessment({ scores: ALL_ONE, notes: { perceivedCorruption: 'police leak', countryStatus: '' } }, NOW)).toEqual({
    at: '2027-03-10T12:00:00.000Z',
    scores: ALL_ONE,
    notes: { perceivedCorruption: 'police leak' },
  });
});

test.each([
  ['scores', 'is required', {}],
  ['scores.perceivedCorruption', 'must be a whole number from 0 to 3', { scores: { ...ALL_ONE, perceivedCorruption: 4 } }],
  ['scores.countryStatus', 'must be a whole number from 0 to 3', { scores: { ...ALL_ONE, countryStatus: 1.5 } }],
  ['scores.stateCommitment', 'must be a whole number from 0 to 3', { scores: { ...ALL_ONE, stateCommitment: '2' } }],
  ['scores.victimsPerMonth', 'is required', { scores: { ...ALL_ONE, victimsPerMonth: undefined } }],
  ['scores.weather', expect.stringMatching(/^unknown field/), { scores: { ...ALL_ONE, weather: 1 } }],
  [
    'notes.perceivedCorruption',
    'must be a text of at most 2000 characters',
    { scores: ALL_ONE, notes: { perceivedCorruption: 'x'.repeat(2001) } },
  ],
  ['at', 'must not be in the future', { scores: ALL_ONE, at: '2027-03-11T00:00:00Z' }],
  ['at', expect.stringMatching(/^must be a real ISO 8601 instant/), { scores: ALL_ONE, at: '10.03.2027' }],
])('refused: %s %s', (field, problem, input) => {
  expect(problemOf(input)).toEqual({ field, problem });
});

test.each([
  // By the sum: 0-5 LOW, 6-11 MEDIUM, 12-17 HIGH, 18-24 CRITICAL.
  [[0, 0, 0, 0, 0, 0, 0, 0], 'LOW'],
  [[1, 1, 1, 1, 1, 0, 0, 0], 'LOW'],
  [[1, 1, 1, 1, 1, 1, 0, 0], 'MEDIUM'],
  [[2, 2, 2, 2, 1, 1, 1, 0], 'MEDIUM'],
  [[2, 2, 2, 2, 2, 2, 0, 0], 'HIGH'],
  [[2, 2, 2, 2, 2, 2, 2, 2], 'HIGH'],
  // Sum 18 with two 3s: HIGH by the count, CRITICAL by the sum.
  [[3, 3, 2, 2, 2, 2, 2, 2], 'CRITICAL'],
  // By the count of 3s: one MEDIUM, two HIGH, three CRITICAL, whatever the sum.
  [[0, 3, 0, 0, 0, 0, 0, 0], 'MEDIUM'],
  [[0, 0, 0, 0, 3, 3, 0, 0], 'HIGH'],
  [[0, 0, 0, 3, 3, 3, 0, 0], 'CRITICAL'],
])('scores %j: %s', (values, level) => {
  expect(organisationRiskLevel(scores(...values))).toBe(level);
});

test('due an interval after the latest, with the case policy lead and grace for the level', () => {
  // Before the first: from `since`, LOW offsets (24 h lead, 48 h grace).
  expect(selfAssessmentSchedule({ since: '2027-01-01T08:00:00Z', last: null, intervalDays: 30 })).toEqual({
    dueAt: '2027-01-31T08:00:00.000Z',
    riskLevel: null,
    intervalDays: 30,
    lastAt: null,
    remindAt: ['2027-01-30T08:00:00.000Z', '2027-01-31T08:00:00.000Z'],
    escalateAt: [
      { at: '2027-02-02T08:00:00.000Z', to: 'admins' },
      { at: '2027-02-04T08:00:00.000Z', to: 'admins-and-duty-coordinator' },
    ],
  });
  // A HIGH organisation: 12 h lead, 12 h grace.
  expect(
    selfAssessmentSchedule({
      since: '2027-01-01T08:00:00Z',
      last: { at: '2027-01-20T10:00:00+01:00', riskLevel: 'HIGH' },
      intervalDays: 7,
    }),
  ).toMatchObject({
    dueAt: '2027-01-27T09:00:00.000Z',
    remindAt: ['2027-01-26T21:00:00.000Z', '2027-01-27T09:00:00.000Z'],
    escalateAt: [
      { at: '2027-01-27T21:00:00.000Z', to: 'admins' },
      { at: '2027-01-28T09:00:00.000Z', to: 'admins-and-duty-coordinator' },
    ],
  });
});

test('the interval is 7 to 92 whole days', () => {
  expect(parseIntervalDays(7)).toBe(7);
  expect(parseIntervalDays(92)).toBe(92);
  for (const bad of [6, 93, 30.5, '30', null]) {
    expect(() => parseIntervalDays(bad)).toThrow('selfAssessmentIntervalDays: must be a whole number of days from 7 to 92');
  }
});
