/**
 * The evaluation's pure parts: nearest-rank quantiles, the replay of a case's deadlines (policy
 * changes, late-entered assessments), incidents counted against the rating in force, and the
 * suppression of small cells. The whole report is tested on real workflows in
 * test/workflows/evaluation.test.ts.
 */
import { count, groupTable, quantile, ratingWindows, share, suppressSmallCells } from '../../domain/evaluation';
import { replayCase, type HistoryEntry, type PolicyVersions } from '../../domain/evaluation-replay';
import { DEFAULT_POLICY, parsePolicyOverride } from '../../domain/policy';

const HOUR = 3_600_000;
const T0 = Date.parse('2027-01-10T08:00:00Z');
const at = (hours: number) => T0 + hours * HOUR;
const iso = (hours: number) => new Date(at(hours)).toISOString();
const opened: HistoryEntry = { kind: 'case.opened', at: at(0), detail: { riskLevel: 'MEDIUM', identifiedAt: iso(0) } };
const assessed = (hours: number, recordedAt = hours): HistoryEntry => ({
  kind: 'assessment.completed',
  at: at(recordedAt),
  detail: { at: iso(hours), riskLevel: 'MEDIUM', measures: [] },
});
const NO_OVERRIDES: PolicyVersions = { byVersion: new Map(), changes: [] };
const due = (entries: HistoryEntry[], versions = NO_OVERRIDES, asOf = at(2000)) =>
  replayCase(entries, versions, asOf).due.map((d) => [
    (d.dueAt - T0) / HOUR,
    d.rule,
    d.outcome,
    d.doneAt === null ? null : (d.doneAt - T0) / HOUR,
  ]);

test('quantiles by nearest rank', () => {
  expect(quantile([], 0.5)).toBeNull();
  expect(quantile([77, 14, 25], 0.5)).toBe(25);
  expect(quantile([14, 25], 0.5)).toBe(14);
  expect(quantile([2, 4, 25, 77], 0.9)).toBe(77);
  expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
});

test("a policy change moves the deadline the way it moved the workflow's", () => {
  const versions: PolicyVersions = {
    byVersion: new Map([[1, parsePolicyOverride({ levels: { MEDIUM: { baseIntervalHours: 168 } } })]]),
    changes: [{ version: 1, changedAt: at(100) }],
  };
  const history = [opened, assessed(10), { kind: 'policy.changed', at: at(100), detail: { version: 1 } }, assessed(180)];
  // Under the default, due at 10 + 336 = 346: on time. Under version 1 from 100 on, due at 10 + 168 = 178: late.
  expect(due(history, NO_OVERRIDES, at(300))).toEqual([
    [24, 'new-case', 'on-time', 10],
    [346, 'base', 'on-time', 180],
  ]);
  expect(due(history, versions, at(300))).toEqual([
    [24, 'new-case', 'on-time', 10],
    [178, 'base', 'late', 180],
  ]);
  expect(DEFAULT_POLICY.levels.MEDIUM.baseIntervalMs).toBe(336 * HOUR);
});

test('an assessment entered late with an earlier time meets no deadline; the deadline still standing is not done', () => {
  // Assessed at 10; at 400 someone enters one dated 5: not the latest, so 346 stays unmet.
  expect(due([opened, assessed(10), assessed(5, 400)])).toEqual([
    [24, 'new-case', 'on-time', 10],
    [346, 'base', 'not-done', null],
  ]);
  // Not yet due at asOf: not counted.
  expect(due([opened, assessed(10)], NO_OVERRIDES, at(300))).toEqual([[24, 'new-case', 'on-time', 10]]);
});

test('each incident counts against the latest rating before it, within 30 days', () => {
  const ratings = [
    { at: at(0), riskLevel: 'LOW' as const },
    { at: at(100), riskLevel: 'HIGH' as const },
    { at: at(2000), riskLevel: 'MEDIUM' as const },
  ];
  const incidents = [at(50), at(100), at(150), at(100 + 721), at(2100)].map((t) => ({ at: t, severity: 'HIGH' as const }));
  const windows = ratingWindows(ratings, incidents, at(2500));
  expect(windows.map((w) => [(w.until - w.rating.at) / HOUR, w.incidents.map((x) => (x.at - T0) / HOUR)])).toEqual([
    [100, [50, 100]], // the incident at the time of the next rating still counts against this one
    [720, [150]], // 821 is more than 30 days after 100
    [500, [2100]], // followed until asOf
  ]);
});

test('the national view hides every figure fewer than 5 cases stand behind, shares by their numerator', () => {
  const items = ['a', 'b', 'c', 'd', 'e', 'f'].map((caseId, i) => ({ caseId, late: i < 4 }));
  const table = groupTable(items, {
    title: 't',
    key: { key: 'k', title: 'k' },
    keyOf: () => 'all',
    unitOf: (x) => x.caseId,
    units: { key: 'cases', title: 'cases' },
    measures: [
      count('due', 'due'),
      count('late', 'late', (x) => x.late),
      share('latePercent', 'late (%)', (x) => x.late),
      share('onTimePercent', 'on time (%)', (x) => !x.late),
    ],
  });
  expect(table.rows).toEqual([{ k: 'all', due: 6, late: 4, latePercent: 66.7, onTimePercent: 33.3, cases: 6 }]);
  expect(suppressSmallCells(table).rows).toEqual([{ k: 'all', due: 6, late: null, latePercent: null, onTimePercent: null, cases: 6 }]);
});
