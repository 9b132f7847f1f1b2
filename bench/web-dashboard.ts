/**
 * The coordinator's dashboard of an organisation with 2,000 open cases: on the real stack
 * (Temporal dev server, embedded PostgreSQL, worker, the API serving the built web app), cases
 * and what the dashboard reads are written straight into SQL (the dashboard reads SQL only):
 * 2,000 open cases of 20 caseworkers, a quarter overdue, their assessments, ~300 hearings and
 * ~100 announced releases in the next 14 days, 40 alerts nobody acknowledged and 15 staff in the
 * field. Prints the API's answer time (GET /dashboard, /dashboard/ahead and /safety, which the
 * screen asks together) and, in Chromium, the time from navigation to the dashboard's content
 * being visible (median of the runs after a first, cold one). Target: usable within a second.
 *
 *   npm run bench:web-dashboard [-- --cases 2000 --runs 5]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { ensureTemporalCli } from '../scripts/tools';
import { ensureWebApp } from '../scripts/web-app';
import { seedOrganisation } from '../test/support/api-client';
import { startStack } from '../test/support/stack';
import { percentile, say } from './statistics';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '2000' }, runs: { type: 'string', default: '5' } } });
const CASES = Number(values.cases);
const RUNS = Number(values.runs);
const CASEWORKERS = 20;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TARGET_MS = 1000;

/** Deterministic, so runs compare. */
let seed = 7;
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

/** Writes the organisation's caseload into SQL, as the case and alert workflows would have. */
async function seedCaseload(prisma: PrismaClient, organisationId: string, coordinatorId: string): Promise<void> {
  const caseworkers = await Promise.all(
    Array.from({ length: CASEWORKERS }, (_, i) =>
      prisma.user.create({
        data: { organisationId, email: `cw-${i}-${randomUUID()}@bench.test`, displayName: `Caseworker ${i}`, role: 'CASEWORKER' },
      }),
    ),
  );
  const now = Date.now();
  for (let i = 0; i < CASES; i += 500) {
    const batch = Array.from({ length: Math.min(500, CASES - i) }, (_, j) => ({ id: randomUUID(), n: i + j }));
    const entries: Prisma.CaseTimelineEntryCreateManyInput[] = [];
    const entry = (caseId: string, kind: string, at: number, detail: object) =>
      entries.push({ caseId, kind, at: new Date(at), detail, idempotencyKey: `bench/${caseId}#${entries.length}` });
    await prisma.case.createMany({
      data: batch.map(({ id, n }) => ({
        id,
        workflowId: `bench/${id}`,
        organisationId,
        caseCode: `D-${n}`,
        riskLevel: (['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const)[n % 4],
        caseworkerId: caseworkers[n % CASEWORKERS].id,
        coordinatorId,
        identifiedAt: new Date(now - 90 * DAY),
        // A quarter overdue by up to a week, the rest due within a month.
        nextDueAt: new Date(n % 4 === 0 ? now - random() * 7 * DAY : now + random() * 30 * DAY),
      })),
    });
    for (const { id } of batch) {
      entry(id, 'assessment.completed', now - random() * 10 * DAY, { type: 'assessment.completed', riskLevel: 'HIGH', measures: [] });
      const r = random();
      if (r < 0.15) {
        const at = new Date(now + random() * 14 * DAY).toISOString();
        entry(id, 'hearing.scheduled', now - 20 * DAY, { type: 'hearing.scheduled', hearingId: 'H-1', at, kind: 'MAIN' });
      } else if (r < 0.2) {
        const releaseDate = new Date(now + random() * 14 * DAY).toISOString();
        entry(id, 'perpetrator.status', now - 10 * DAY, {
          type: 'perpetrator.status',
          status: 'RELEASE_ANNOUNCED',
          at: new Date(now - 10 * DAY).toISOString(),
          releaseDate,
        });
      }
    }
    await prisma.caseTimelineEntry.createMany({ data: entries });
  }
  const cases = await prisma.case.findMany({ where: { organisationId }, select: { id: true, caseworkerId: true }, take: 40 });
  await prisma.alert.createMany({
    data: cases.map((c, i) => ({
      id: `bench/${c.id}/alert/1`,
      organisationId,
      caseId: c.id,
      trigger: 'perpetrator.released',
      ackCode: `B${i}`,
      state: 'UNACKNOWLEDGED' as const,
      raisedAt: new Date(now - random() * HOUR),
    })),
  });
  await prisma.fieldVisit.createMany({
    data: caseworkers.slice(0, 15).map((u, i) => ({
      organisationId,
      userId: u.id,
      visitCode: `V-B${i}`,
      workflowId: `bench/visit/${i}`,
      startedAt: new Date(now - HOUR),
      expectedEndAt: new Date(now + random() * 3 * HOUR),
    })),
  });
}

const median = (times: number[]) =>
  percentile(
    [...times].sort((a, b) => a - b),
    50,
  );

async function main(): Promise<void> {
  process.env.VIGIL_TEMPORAL_CLI = await ensureTemporalCli();
  const stack = await startStack({ webApp: await ensureWebApp() });
  try {
    const org = await seedOrganisation(stack.database.prisma, stack.apiUrl, `Dashboard bench ${Date.now()}`);
    const writing = performance.now();
    await seedCaseload(stack.database.prisma, org.id, org.coordinator.id);
    say(`wrote ${CASES} open cases of ${CASEWORKERS} caseworkers in ${((performance.now() - writing) / 1000).toFixed(1)} s`);

    const api = org.coordinator.api;
    const first = await api.get('/dashboard');
    const ahead = await api.get('/dashboard/ahead');
    say(
      `the dashboard shows ${first.body.overdueReassessments.length} overdue cases, ${ahead.body.ahead.length} hearings and releases ahead, ` +
        `${first.body.unacknowledgedAlerts.length} open alerts, ${first.body.caseload.length} caseworkers`,
    );
    for (const path of ['/dashboard', '/dashboard/ahead', '/safety'] as const) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const answer = await api.get(path);
        if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text}`);
        times.push(performance.now() - started);
      }
      say(`API GET ${path}: median ${median(times).toFixed(0)} ms (${RUNS} runs)`);
    }

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage({ baseURL: stack.apiUrl });
      await page.goto('/app/sign-in');
      await page.getByLabel('Email').fill(org.coordinator.email);
      await page.getByLabel('Password').fill(org.coordinator.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      const times: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const started = performance.now();
        await page.goto('/app/dashboard');
        // Content: every section with its rows, drawn from the API's answers.
        await page.getByRole('heading', { name: /Caseload per caseworker/ }).waitFor();
        await page
          .getByRole('link', { name: /^Case D-/ })
          .first()
          .waitFor();
        times.push(performance.now() - started);
      }
      const [cold, ...warm] = times;
      const usable = median(warm);
      say(
        `browser: navigation to visible dashboard content: median ${usable.toFixed(0)} ms (${RUNS} runs; first, cold: ${cold.toFixed(0)} ms); target < ${TARGET_MS} ms: ${usable < TARGET_MS ? 'met' : 'NOT met'}`,
      );
    } finally {
      await browser.close();
    }
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
