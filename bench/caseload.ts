/**
 * A national caseload on one worker: opens N case workflows (default 20,000) on the Temporal
 * dev server with one worker and the real activities on the embedded PostgreSQL, then prints
 * how long opening took and the process's resident memory once every case waits on its timer.
 *
 *   npm run bench:caseload [-- --cases 20000 --concurrency 64]
 *
 * The process holds the worker, the client and PGlite together, so the resident figure is an
 * upper bound for the worker alone; the baseline before opening is printed beside it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createActivities } from '../activities';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { log } from '../platform/logger';
import { connectClient, connectWorker, startDevServer } from '../platform/temporal';
import { applyMigrations } from '../scripts/db';
import { ensureTemporalCli } from '../scripts/tools';
import { createVigilWorker, installTemporalRuntime } from '../worker/worker';
import { caseLifecycleWorkflow } from '../workflows';
import { caseWorkflowId } from '../workflows/case-messages';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '64' } } });
const CASES = Number(values.cases);
const CONCURRENCY = Number(values.concurrency);
const MB = 1024 * 1024;
const rss = () => Math.round(process.memoryUsage().rss / MB);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  installTemporalRuntime(log);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-bench-'));
  const devServer = await startDevServer({
    cli: await ensureTemporalCli(),
    dataDir,
    port: 27233,
    uiPort: 28233,
    namespace: 'default',
    log,
  });
  const database = await openDatabase({ dataDir: path.join(dataDir, 'postgres') });
  try {
    await applyMigrations(database.url);
    const { prisma } = database;
    const target = { address: devServer.address, namespace: 'default', tls: false };
    const client = await connectClient(target, log);
    const taskQueue = 'vigil-bench';
    const worker = await createVigilWorker({
      connection: await connectWorker(target),
      namespace: 'default',
      taskQueue,
      activities: createActivities({ prisma, log, messaging: loadConfig().messaging }),
    });
    const running = worker.run();

    const organisation = await prisma.organisation.create({ data: { name: 'Bench' } });
    const staff = await Promise.all(
      (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
        prisma.user.create({ data: { organisationId: organisation.id, email: `${role}@bench.test`, displayName: role, role } }),
      ),
    );
    // LOW cases: the first reminder is 24 h away, so every workflow ends up waiting on a timer.
    const identifiedAt = new Date();
    const ids = Array.from({ length: CASES }, () => randomUUID());
    for (let i = 0; i < ids.length; i += 1000) {
      await prisma.case.createMany({
        data: ids.slice(i, i + 1000).map((id, j) => ({
          id,
          workflowId: caseWorkflowId(id),
          organisationId: organisation.id,
          caseCode: `B-${i + j}`,
          riskLevel: 'LOW' as const,
          caseworkerId: staff[0].id,
          coordinatorId: staff[1].id,
          identifiedAt,
        })),
      });
    }
    const baseline = rss();
    say(`cases: ${CASES}, concurrency: ${CONCURRENCY}, resident memory before opening: ${baseline} MB`);

    const started = Date.now();
    let next = 0;
    const opener = async () => {
      while (next < ids.length) {
        const i = next++;
        await client.workflow.start(caseLifecycleWorkflow, {
          taskQueue,
          workflowId: caseWorkflowId(ids[i]),
          args: [
            {
              caseId: ids[i],
              organisationId: organisation.id,
              caseCode: `B-${i}`,
              identifiedAt: identifiedAt.toISOString(),
              riskLevel: 'LOW',
              contacts: { caseworkerId: staff[0].id, coordinatorId: staff[1].id, designatedContactIds: [] },
            },
          ],
        });
        if ((i + 1) % 2000 === 0) say(`  started ${i + 1} (${Math.round((Date.now() - started) / 1000)} s, ${rss()} MB)`);
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
    global.gc?.();
    say(`time to start ${CASES} case workflows: ${(startedMs / 1000).toFixed(1)} s`);
    say(`time until all ${CASES} ran their first task and wait on their timers: ${(settledMs / 1000).toFixed(1)} s`);
    say(`resident memory with ${CASES} cases waiting: ${rss()} MB (baseline ${baseline} MB; target < 1024 MB)`);

    worker.shutdown();
    await running;
    await client.connection.close();
  } finally {
    await database.close();
    await devServer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exit(1);
});
