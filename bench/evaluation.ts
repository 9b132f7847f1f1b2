/**
 * How long the evaluation takes for an organisation of 2,000 cases with a year of history:
 * writes the history straight into a scratch database (the embedded PGlite, or DATABASE_URL
 * when set: it must be an empty scratch database), then computes the organisation's report
 * (GET /evaluation does exactly this) and the national view, and prints the median of 5 runs.
 *
 *   npm run bench:evaluation [-- --cases 2000 --runs 5]
 *
 * The history follows the policy: each case's deadlines come from domain/policy.ts; 80% of
 * reassessments are done on time, 15% late (up to 3 days), 5% very late (escalated); hearings,
 * incidents, releases and relocations at random; an urgent alert for each serious incident and release.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyCaseEvent, newCaseRecord, toFacts, type CaseEvent } from '../domain/case-events';
import type { RiskLevel } from '../domain/case-facts';
import { computeSchedule } from '../domain/policy';
import type { Prisma } from '../generated/prisma/client';
import { openDatabase } from '../platform/database';
import { applyMigrations } from '../scripts/db';
import { computeEvaluation } from '../services/evaluation';
import { tempDir } from '../test/support/database';
import { percentile, say } from './statistics';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '2000' }, runs: { type: 'string', default: '5' } } });
const CASES = Number(values.cases);
const RUNS = Number(values.runs);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** A deterministic generator, so runs compare. */
let seed = 17;
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
};
const LEVELS: RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

type Entry = Prisma.CaseTimelineEntryCreateManyInput;

/** A case's events at random over the year: hearings, incidents, a release now and then, relocations. */
function randomEvents(start: number, end: number): { at: number; event: (at: string) => CaseEvent }[] {
  const within = () => start + random() * (end - start);
  const events: { at: number; event: (at: string) => CaseEvent }[] = [];
  for (let i = 0; i < Math.floor(random() * 3); i++) {
    const hearingAt = new Date(within() + 20 * DAY).toISOString();
    events.push({ at: within(), event: () => ({ type: 'hearing.scheduled', hearingId: `H-${i}`, at: hearingAt, kind: 'MAIN' }) });
  }
  for (let i = 0; i < Math.floor(random() * 4); i++) {
    const severity = pick(LEVELS, [4, 3, 2, 1]);
    events.push({ at: within(), event: (at) => ({ type: 'incident.reported', at, incidentType: 'THREAT', severity }) });
  }
  if (random() < 0.1) events.push({ at: within(), event: (at) => ({ type: 'perpetrator.status', status: 'RELEASED', at }) });
  if (random() < 0.2) events.push({ at: within(), event: (at) => ({ type: 'relocation.recorded', at, kind: 'RELOCATED' }) });
  return events.sort((a, b) => a.at - b.at);
}

/** One case's year: events as they come, each deadline met on time, late or very late (then escalated). */
function caseYear(caseId: string, start: number, end: number): { entries: Entry[]; alerts: Prisma.AlertCreateManyInput[] } {
  const level = pick(LEVELS, [30, 40, 25, 5]);
  let record = newCaseRecord(new Date(start).toISOString(), level);
  const entries: Entry[] = [];
  const alerts: Prisma.AlertCreateManyInput[] = [];
  const note = (kind: string, at: number, detail: object) =>
    entries.push({ caseId, kind, at: new Date(at), detail, idempotencyKey: `${caseId}#${entries.length}` });
  note('case.opened', start, { riskLevel: level, identifiedAt: new Date(start).toISOString() });
  const events = randomEvents(start, end);
  for (let guard = 0; guard < 2000; guard++) {
    const schedule = computeSchedule(toFacts(record));
    const due = schedule.dueAt ? Date.parse(schedule.dueAt) : Infinity;
    const kind = pick(['on-time', 'late', 'very-late'], [80, 15, 5]);
    // Never before what is already recorded: a deadline due at once is met just after its event.
    const last = entries[entries.length - 1].at as Date;
    const doneAt = Math.max(
      last.getTime() + 60_000,
      kind === 'on-time' ? due - random() * HOUR : due + random() * (kind === 'late' ? 3 * DAY : 10 * DAY),
    );
    const next = events[0];
    if (next && next.at < doneAt) {
      events.shift();
      const event = next.event(new Date(next.at).toISOString());
      record = applyCaseEvent(record, event);
      note(event.type, next.at, event);
      if (
        (event.type === 'incident.reported' && (event.severity === 'HIGH' || event.severity === 'CRITICAL')) ||
        event.type === 'perpetrator.status'
      ) {
        const raisedAt = new Date(next.at);
        const acknowledgedAt = random() < 0.9 ? new Date(next.at + random() * 20 * 60_000) : null;
        alerts.push({
          id: `${caseId}/alert/${entries.length}`,
          organisationId: '',
          caseId,
          trigger: 'incident.threat',
          ackCode: 'BENCH',
          raisedAt,
          acknowledgedAt,
          state: acknowledgedAt ? 'ACKNOWLEDGED' : 'UNACKNOWLEDGED',
        });
      }
      continue;
    }
    if (doneAt >= end) break;
    if (kind === 'very-late') {
      const grace = (doneAt - due) / 4;
      note('escalation.coordinator', due + grace, { dueAt: schedule.dueAt, rule: schedule.rule });
      note('escalation.chain', due + 2 * grace, { dueAt: schedule.dueAt, rule: schedule.rule });
    }
    const event: CaseEvent = {
      type: 'assessment.completed',
      at: new Date(doneAt).toISOString(),
      riskLevel: pick(LEVELS, [3, 4, 3, 1]),
      measures: [],
    };
    record = applyCaseEvent(record, event);
    note(event.type, doneAt, event);
  }
  return { entries, alerts };
}

async function main(): Promise<void> {
  const temp = tempDir('bench-evaluation');
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: path.join(temp.dir, 'db') });
  const { prisma } = database;
  try {
    await applyMigrations(database.url);
    const organisation = await prisma.organisation.create({ data: { name: `Bench ${Date.now()}` } });
    const [worker, coordinator] = await Promise.all(
      (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
        prisma.user.create({
          data: { organisationId: organisation.id, email: `${role}-${randomUUID()}@bench.test`, displayName: role, role },
        }),
      ),
    );
    const now = Date.now();
    const start = now - YEAR;
    let rows = 0;
    const writing = performance.now();
    for (let i = 0; i < CASES; i += 100) {
      const batch = Array.from({ length: Math.min(100, CASES - i) }, (_, j) => ({ id: randomUUID(), code: `B-${i + j}` }));
      await prisma.case.createMany({
        data: batch.map(({ id, code }) => ({
          id,
          workflowId: `bench/${id}`,
          organisationId: organisation.id,
          caseCode: code,
          riskLevel: 'MEDIUM' as const,
          caseworkerId: worker.id,
          coordinatorId: coordinator.id,
          identifiedAt: new Date(start),
        })),
      });
      const years = batch.map(({ id }) => caseYear(id, start, now));
      const entries = years.flatMap((y) => y.entries);
      await prisma.caseTimelineEntry.createMany({ data: entries });
      await prisma.alert.createMany({ data: years.flatMap((y) => y.alerts.map((a) => ({ ...a, organisationId: organisation.id }))) });
      rows += entries.length;
    }
    say(
      `wrote ${CASES} cases, ${rows} timeline entries in ${((performance.now() - writing) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PGlite'})`,
    );

    for (const [label, organisationId] of [
      ['organisation report', organisation.id],
      ['national view', null],
    ] as const) {
      const times: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const started = performance.now();
        await computeEvaluation(prisma, {
          organisationId,
          from: new Date(start),
          to: new Date(now),
          asOf: new Date(now),
          showDuress: true,
        });
        if (run > 0) times.push(performance.now() - started); // the first run warms up
      }
      times.sort((a, b) => a - b);
      say(`${label}: median ${percentile(times, 50).toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms (${RUNS} runs)`);
    }
  } finally {
    await database.close();
    temp.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
