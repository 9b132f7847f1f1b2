/**
 * The evaluation's tables of urgent alerts, failed messages and staff safety (README
 * "Evaluation"), from rows read from SQL. Pure.
 */
import { CASES, count, durationQuantile, groupTable, MINUTE, monthOf, round, share } from './evaluation';
import { INDICATORS } from './self-assessment';

export interface AlertInput {
  /** The case, else the field visit, else the alert itself. */
  unit: string;
  trigger: string;
  raisedAt: number;
  acknowledgedAt: number | null;
  /** Who acknowledged: 'designated contacts, level 1', 'organisation chain, level 2', 'staff in Vigil', ... */
  acknowledgingLevel: string | null;
}

export interface SafetyInput {
  alerts: AlertInput[];
  deliveryFailures: { unit: string; channel: string; kind: string }[];
  fieldVisits: { visitId: string; startedAt: number; state: string; endedBy: string | null }[];
  selfAssessments: { organisationId: string; at: number; scores: Record<string, number> }[];
  /** Duress check-ins are counted for admins only. */
  showDuress: boolean;
}

export function alertTables(input: SafetyInput, inPeriod: (at: number) => boolean) {
  const alerts = input.alerts.filter((a) => inPeriod(a.raisedAt) && (input.showDuress || a.trigger !== 'visit.duress'));
  const acked = (a: AlertInput) => a.acknowledgedAt !== null;
  const ackMs = (a: AlertInput) => (a.acknowledgedAt === null ? null : a.acknowledgedAt - a.raisedAt);
  const inMinutes = { where: acked, unit: MINUTE };
  return {
    alertsByTrigger: groupTable(alerts, {
      title: 'Urgent alerts by trigger',
      key: { key: 'trigger', title: 'trigger' },
      keyOf: (a) => a.trigger,
      unitOf: (a) => a.unit,
      units: CASES,
      measures: [
        count('alerts', 'alerts'),
        count('acknowledged', 'acknowledged', acked),
        durationQuantile('ackMedianMinutes', 'to acknowledgement, median (min)', 0.5, ackMs, inMinutes),
        durationQuantile('ackP90Minutes', 'to acknowledgement, p90 (min)', 0.9, ackMs, inMinutes),
        share('unacknowledgedPercent', 'unacknowledged (%)', (a: AlertInput) => !acked(a)),
      ],
    }),
    alertsByAcknowledgingLevel: groupTable(alerts.filter(acked), {
      title: 'Who acknowledged urgent alerts',
      key: { key: 'level', title: 'level' },
      keyOf: (a) => a.acknowledgingLevel ?? 'unknown',
      unitOf: (a) => a.unit,
      units: CASES,
      measures: [count('acknowledged', 'acknowledged')],
    }),
    deliveryFailuresByChannel: groupTable(input.deliveryFailures, {
      title: 'Messages that failed, by channel',
      key: { key: 'channel', title: 'channel' },
      keyOf: (d) => d.channel,
      unitOf: (d) => d.unit,
      units: CASES,
      measures: [
        count('failed', 'failed'),
        count('urgent', 'of them urgent alerts', (d) => d.kind === 'URGENT' || d.kind === 'UNACKNOWLEDGED'),
        count('reminders', 'of them reminders and escalations', (d) => d.kind === 'REMINDER' || d.kind === 'ESCALATION'),
      ],
      order: ['SMS', 'EMAIL'],
    }),
  };
}

export function staffTables(input: SafetyInput) {
  const visitMeasures = [
    count<SafetyInput['fieldVisits'][number]>('visits', 'field visits'),
    count<SafetyInput['fieldVisits'][number]>('missed', 'missed check-ins', (v) => v.state === 'MISSED'),
    count<SafetyInput['fieldVisits'][number]>('panic', 'panic', (v) => v.state === 'PANIC'),
    ...(input.showDuress ? [count<SafetyInput['fieldVisits'][number]>('duress', 'duress check-ins', (v) => v.endedBy === 'duress')] : []),
  ];
  const mean = (key: string) => (all: SafetyInput['selfAssessments']) =>
    all.length === 0 ? null : round(all.reduce((sum, s) => sum + (s.scores[key] ?? 0), 0) / all.length);
  return {
    fieldVisitAlarmsByMonth: groupTable(input.fieldVisits, {
      title: 'Field-visit alarms by month',
      key: { key: 'month', title: 'month' },
      keyOf: (v) => monthOf(v.startedAt),
      unitOf: (v) => v.visitId,
      units: { key: 'visitCount', title: 'visits behind the row' },
      measures: visitMeasures,
    }),
    selfAssessmentsByMonth: groupTable(input.selfAssessments, {
      title: "The organisation's self-assessment by month (mean score of each indicator, 0 to 3)",
      key: { key: 'month', title: 'month' },
      keyOf: (s) => monthOf(s.at),
      unitOf: (s) => s.organisationId,
      units: { key: 'organisations', title: 'organisations' },
      measures: [
        count('selfAssessments', 'self-assessments'),
        ...INDICATORS.map((i) => ({ key: i.key, title: i.key, value: mean(i.key) })),
      ],
    }),
  };
}
