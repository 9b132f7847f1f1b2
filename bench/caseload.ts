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
import { parseArgs } from 'node:util';
import { startWorkerProcess } from '../test/support/worker-process';
import { startCases, untilOpened, writeCases } from './bulk-cases';
import { BENCH_DATA_KEY, startBenchServers } from './servers';
import { rss, say } from './statistics';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '64' } } });
const CASES = Number(values.cases);
const CONCURRENCY = Number(values.concurrency);

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

    const cases = await writeCases(prisma, CASES);
    const baseline = rss(worker.pid);
    say(`cases: ${CASES}, concurrency: ${CONCURRENCY}, worker resident memory before opening: ${baseline} MB`);
    const started = Date.now();
    const startedMs = await startCases(
      client,
      taskQueue,
      cases,
      CONCURRENCY,
      (n, ms) => `started ${n} (${Math.round(ms / 1000)} s, worker ${rss(worker.pid)} MB)`,
    );
    await untilOpened(prisma, cases);
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
