/**
 * A national caseload on one worker: opens N case workflows (default 20,000) on the Temporal
 * dev server, run by one worker process (`worker/main.ts`, as in production) with the real
 * activities on the embedded PostgreSQL; prints how long opening took and the worker's resident
 * memory once every case waits on its timer.
 *
 *   DATABASE_URL=postgresql://.../scratch npm run bench:caseload [-- --cases 20000 --concurrency 64]
 *
 * The database must be an empty scratch one (migrations are applied, 20,000 cases written).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { caseLifecycleWorkflow } from '../workflows';
import { caseWorkflowId } from '../workflows/case-messages';
import { startWorkerProcess } from '../test/support/worker-process';
import { BENCH_DATA_KEY, startBenchServers } from './servers';
import { say } from './statistics';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '64' } } });
const CASES = Number(values.cases);
const CONCURRENCY = Number(values.concurrency);
/** Resident memory of a process, from /proc (Linux). */
const rss = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

async function main(): Promise<void> {
  // Two processes share the database, which the embedded PGlite (single-process) cannot serve.
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to an empty scratch PostgreSQL database: the worker runs in a process of its own');
  const servers = await startBenchServers('caseload', databaseUrl, 27233);
  const { client, devServer, database } = servers;
  const { prisma } = database;
  try {
    const taskQueue = 'vigil-bench';
    const worker = await startWorkerProcess({
      TEMPORAL_ADDRESS: devServer.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: database.url,
      VIGIL_DATA_KEY: BENCH_DATA_KEY.toString('base64'),
    });

    const organisation = await prisma.organisation.create({ data: { name: 'Bench' } });
    const staff = await Promise.all(
      (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
        prisma.user.create({ data: { organisationId: organisation.id, email: `${role}@bench.test`, displayName: role, role } }),
      ),
    );
    // HIGH new cases: due in 24 h, first reminder in 12 h, so every workflow waits on a timer.
    const identifiedAt = new Date();
    const ids = Array.from({ length: CASES }, () => randomUUID());
    for (let i = 0; i < ids.length; i += 1000) {
      await prisma.case.createMany({
        data: ids.slice(i, i + 1000).map((id, j) => ({
          id,
          workflowId: caseWorkflowId(organisation.id, id),
          organisationId: organisation.id,
          caseCode: `B-${i + j}`,
          riskLevel: 'HIGH' as const,
          caseworkerId: staff[0].id,
          coordinatorId: staff[1].id,
          identifiedAt,
        })),
      });
    }
    const baseline = rss(worker.pid);
    say(`cases: ${CASES}, concurrency: ${CONCURRENCY}, worker resident memory before opening: ${baseline} MB`);

    const started = Date.now();
    let next = 0;
    const opener = async () => {
      while (next < ids.length) {
        const i = next++;
        await client.workflow.start(caseLifecycleWorkflow, {
          taskQueue,
          workflowId: caseWorkflowId(organisation.id, ids[i]),
          args: [
            {
              caseId: ids[i],
              organisationId: organisation.id,
              caseCode: `B-${i}`,
              identifiedAt: identifiedAt.toISOString(),
              riskLevel: 'HIGH',
              contacts: { caseworkerId: staff[0].id, coordinatorId: staff[1].id, designatedContactIds: [] },
            },
          ],
        });
        if ((i + 1) % 2000 === 0) say(`  started ${i + 1} (${Math.round((Date.now() - started) / 1000)} s, worker ${rss(worker.pid)} MB)`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, opener));
    const startedMs = Date.now() - started;

    // Every case has run its first task once its opening is in the SQL timeline.
    for (;;) {
      const opened = await prisma.caseTimelineEntry.count({ where: { kind: 'case.opened' } });
      if (opened >= CASES) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const settledMs = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    say(`time to start ${CASES} case workflows: ${(startedMs / 1000).toFixed(1)} s`);
    say(`time until all ${CASES} ran their first task and wait on their timers: ${(settledMs / 1000).toFixed(1)} s`);
    say(`worker resident memory with ${CASES} cases waiting: ${rss(worker.pid)} MB (target < 1024 MB)`);

    await worker.stop();
  } finally {
    await servers.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exit(1);
});
