/**
 * The tables of the evaluation (README "Evaluation"), from the replayed case histories and the
 * rows read from SQL. Each subject belongs to the period by its own time (a deadline by its due
 * time, a danger by its event, a rating by its assessment, an alert by when it was raised); what
 * became of it is what is known at `asOf`. Pure.
 */
import { RISK_LEVELS } from './case-facts';
import type { CaseHistory, DangerTrigger, DueReassessment, Reaction } from './evaluation-replay';
import {
  CASE_MONTH,
  CASES,
  count,
  groupTable,
  durationQuantile,
  isMissedDanger,
  monthOf,
  ratingWindows,
  round,
  share,
  suppressSmallCells,
  withoutSupport,
  type Column,
  type CountedTable,
  type Grouping,
  type Measure,
  type RatingWindow,
  type Table,
} from './evaluation';
import { RULE_NAMES } from './policy-rules';
import { alertTables, staffTables, type SafetyInput } from './evaluation-safety';

export interface CaseInput {
  caseId: string;
  caseCode: string;
  /** The caseworker now; before the case's handovers, the one each handed it over from. */
  caseworkerId: string;
  history: CaseHistory;
}

/** Who was the case's caseworker at `at`: the one a later handover took it from, else the current one. */
function caseworkerAt(c: CaseInput, at: number): string {
  const next = c.history.handovers.find((handover) => handover.at > at);
  return next?.previousCaseworkerId ?? c.caseworkerId;
}

export interface EvaluationInput extends SafetyInput {
  from: number;
  to: number;
  asOf: number;
  cases: CaseInput[];
  caseworkerNames: ReadonlyMap<string, string>;
  escalations: { caseId: string; at: number; to: 'coordinator' | 'chain' }[];
}

export type TableName =
  | 'timelinessByRule'
  | 'timelinessByRiskLevel'
  | 'timelinessByCaseworker'
  | 'escalationsByMonth'
  | 'reactionToDanger'
  | 'calibration'
  | 'alertsByTrigger'
  | 'alertsByAcknowledgingLevel'
  | 'deliveryFailuresByChannel'
  | 'fieldVisitAlarmsByMonth'
  | 'selfAssessmentsByMonth';

export interface Evaluation {
  tables: Record<TableName, CountedTable>;
  missedDanger: Table;
}

const TRIGGER_ORDER: readonly DangerTrigger[] = [
  'release-or-escape',
  'release-announced',
  'incident-low',
  'incident-medium',
  'incident-high',
  'incident-critical',
  'hearing',
  'relocation',
];
type Due = DueReassessment & { caseId: string; caseworkerId: string };

const isLate = (d: Due) => d.outcome === 'late';
const lateness = (d: Due) => d.doneAt! - d.dueAt;
const timelinessMeasures: Measure<Due>[] = [
  count('due', 'due'),
  count('onTime', 'done on time', (d) => d.outcome === 'on-time'),
  count('late', 'done late', isLate),
  count('notDone', 'not done', (d) => d.outcome === 'not-done'),
  share('onTimePercent', 'on time (%)', (d) => d.outcome === 'on-time'),
  durationQuantile('lateMedianHours', 'lateness, median (h)', 0.5, lateness, { where: isLate }),
  durationQuantile('lateP90Hours', 'lateness, p90 (h)', 0.9, lateness, { where: isLate }),
];

function timeliness(due: Due[], title: string, key: Column, keyOf: (d: Due) => string, more: Partial<Grouping<Due>> = {}) {
  return groupTable(due, { title, key, keyOf, unitOf: (d) => d.caseId, units: CASES, measures: timelinessMeasures, ...more });
}

type CaseReaction = Reaction & { caseId: string };
const reassessed = (r: CaseReaction) => r.tookMs !== null;
const reactionMeasures: Measure<CaseReaction>[] = [
  count('events', 'events'),
  count('reassessed', 'reassessed', reassessed),
  durationQuantile('medianHours', 'to reassessment, median (h)', 0.5, (r) => r.tookMs, { where: reassessed }),
  durationQuantile('p90Hours', 'to reassessment, p90 (h)', 0.9, (r) => r.tookMs, { where: reassessed }),
  durationQuantile('askedMedianHours', 'policy asked, median (h)', 0.5, (r) => r.askedMs),
  share('withinAskedPercent', 'within what the policy asked (%)', (r) => r.tookMs !== null && r.tookMs <= r.askedMs),
];

type CaseWindow = RatingWindow & { caseId: string };
const severityColumns = RISK_LEVELS.flatMap((severity): Measure<CaseWindow>[] => {
  const of = (w: CaseWindow) => w.incidents.filter((x) => x.severity === severity).length;
  const name = severity.toLowerCase();
  const where = (w: CaseWindow) => of(w) > 0;
  const incidents = (all: CaseWindow[]) => all.reduce((n, w) => n + of(w), 0);
  return [
    { key: `${name}Incidents`, title: `${name} incidents`, where, value: incidents },
    // A rate reveals its count: it stands on the cases of its incidents.
    { key: `${name}PerCaseMonth`, title: `${name} per case-month`, supportWhere: where, value: (all) => rate(incidents(all), all) },
  ];
});
const caseMonths = (all: CaseWindow[]) => all.reduce((sum, w) => sum + (w.until - w.rating.at), 0) / CASE_MONTH;
const rate = (incidents: number, all: CaseWindow[]) => (caseMonths(all) === 0 ? null : round(incidents / caseMonths(all), 3));

export function evaluate(input: EvaluationInput): Evaluation {
  const inPeriod = (at: number) => at >= input.from && at < input.to;
  const due: Due[] = input.cases.flatMap((c) =>
    c.history.due.filter((d) => inPeriod(d.dueAt)).map((d) => ({ ...d, caseId: c.caseId, caseworkerId: caseworkerAt(c, d.dueAt) })),
  );
  const reactions = input.cases.flatMap((c) => c.history.reactions.filter((r) => inPeriod(r.at)).map((r) => ({ ...r, caseId: c.caseId })));
  const windows = input.cases.flatMap((c) =>
    ratingWindows(c.history.ratings, c.history.incidents, input.asOf)
      .filter((w) => inPeriod(w.rating.at))
      .map((w) => ({ ...w, caseId: c.caseId })),
  );
  const code = new Map(input.cases.map((c) => [c.caseId, c.caseCode]));
  return {
    tables: {
      timelinessByRule: timeliness(due, 'Reassessments by rule', { key: 'rule', title: 'rule' }, (d) => d.rule, { order: RULE_NAMES }),
      timelinessByRiskLevel: timeliness(due, 'Reassessments by risk level', { key: 'riskLevel', title: 'risk level' }, (d) => d.riskLevel, {
        order: RISK_LEVELS,
      }),
      timelinessByCaseworker: timeliness(
        due,
        'Reassessments by caseworker',
        { key: 'caseworkerId', title: 'caseworker id' },
        (d) => d.caseworkerId,
        {
          labels: [{ column: { key: 'caseworker', title: 'caseworker' }, of: (id) => input.caseworkerNames.get(id) ?? null }],
          // Every caseworker has a line, with zeros when nothing fell due.
          order: [...input.caseworkerNames.keys()],
        },
      ),
      escalationsByMonth: groupTable(input.escalations, {
        title: 'Escalations of overdue reassessments by month',
        key: { key: 'month', title: 'month' },
        keyOf: (e) => monthOf(e.at),
        unitOf: (e) => e.caseId,
        units: CASES,
        measures: [
          count('toCoordinator', 'to the coordinator', (e) => e.to === 'coordinator'),
          count('toOrganisation', 'to the organisation', (e) => e.to === 'chain'),
        ],
      }),
      reactionToDanger: groupTable(reactions, {
        title: 'Reaction to danger: from the event to the next completed reassessment',
        key: { key: 'trigger', title: 'trigger' },
        keyOf: (r) => r.trigger,
        unitOf: (r) => r.caseId,
        units: CASES,
        measures: reactionMeasures,
        order: TRIGGER_ORDER,
      }),
      calibration: groupTable(windows, {
        title: 'Calibration: incidents within 30 days of each rating',
        key: { key: 'rating', title: 'rating' },
        keyOf: (w) => w.rating.riskLevel,
        unitOf: (w) => w.caseId,
        units: CASES,
        measures: [
          count('ratings', 'ratings'),
          { key: 'caseMonths', title: 'case-months followed', value: (all) => round(caseMonths(all)) },
          ...severityColumns,
        ],
        order: RISK_LEVELS,
      }),
      ...alertTables(input, inPeriod),
      ...staffTables(input),
    },
    missedDanger: missedDanger(windows, code),
  };
}

function missedDanger(windows: CaseWindow[], code: ReadonlyMap<string, string>): Table {
  const rows = windows.flatMap((w) =>
    w.incidents
      .filter((x) => isMissedDanger(w.rating.riskLevel, x.severity))
      .map((x) => ({
        caseCode: code.get(w.caseId) ?? null,
        link: `/cases/${w.caseId}`,
        ratedAt: new Date(w.rating.at).toISOString(),
        rating: w.rating.riskLevel,
        incidentAt: new Date(x.at).toISOString(),
        severity: x.severity,
      })),
  );
  rows.sort((a, b) => a.incidentAt.localeCompare(b.incidentAt));
  const columns = ['caseCode', 'link', 'ratedAt', 'rating', 'incidentAt', 'severity'].map((key) => ({ key, title: key }));
  return { title: 'Missed danger: a HIGH or CRITICAL incident within 30 days of a LOW or MEDIUM rating', columns, rows };
}

export type ReportTableName = TableName | 'missedDanger';
export const REPORT_TABLES: readonly ReportTableName[] = [
  'timelinessByRule',
  'timelinessByRiskLevel',
  'timelinessByCaseworker',
  'escalationsByMonth',
  'reactionToDanger',
  'calibration',
  'missedDanger',
  'alertsByTrigger',
  'alertsByAcknowledgingLevel',
  'deliveryFailuresByChannel',
  'fieldVisitAlarmsByMonth',
  'selfAssessmentsByMonth',
];
/** What names a person or a case: never in the national view. */
const NOT_NATIONAL: ReadonlySet<ReportTableName> = new Set(['timelinessByCaseworker', 'missedDanger']);
export const NATIONAL_TABLES = REPORT_TABLES.filter((name) => !NOT_NATIONAL.has(name));

/** The organisation's report: every figure. */
export function organisationTables(e: Evaluation): Partial<Record<ReportTableName, Table>> {
  return Object.fromEntries(REPORT_TABLES.map((name) => [name, withoutSupport(name === 'missedDanger' ? e.missedDanger : e.tables[name])]));
}

/** The national view: no table that names a person or a case, and no figure fewer than 5 cases stand behind. */
export function nationalTables(e: Evaluation): Partial<Record<ReportTableName, Table>> {
  return Object.fromEntries(NATIONAL_TABLES.map((name) => [name, suppressSmallCells(e.tables[name as TableName])]));
}
