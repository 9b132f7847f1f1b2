/**
 * A national caseload on the production-shaped cluster, its workflow cache split across two
 * worker processes: opens CASES case workflows (default 20,000) and prints how long opening took
 * and each worker's resident memory once every case waits on its timer.
 *
 *   npm run bench:cluster-caseload [-- --cases 20000 --concurrency 32]
 */
import { parseArgs } from 'node:util';
import { startCases, untilOpened, writeCases } from './bulk-cases';
import { onCluster, runBench } from './cluster-bench';
import { rss, say } from './statistics';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '32' } } });
const CASES = Number(values.cases);
const CONCURRENCY = Number(values.concurrency);

runBench(() =>
  onCluster(async (open) => {
    const bed = await open('caseload');
    const workers = [await bed.startWorker(), await bed.startWorker()];
    const memory = () => workers.map((w) => `${rss(w.pid)} MB`).join(' + ');
    const cases = await writeCases(bed.database.prisma, CASES);
    say(`cases: ${CASES}, concurrency: ${CONCURRENCY}, two workers' resident memory before: ${memory()}`);
    const started = Date.now();
    const startMs = await startCases(
      bed.client,
      bed.taskQueue,
      cases,
      CONCURRENCY,
      (n, ms) => `started ${n} (${Math.round(ms / 1000)} s, workers ${memory()})`,
    );
    await untilOpened(bed.database.prisma, cases);
    const settledMs = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    say(
      `time to start ${CASES} case workflows on the cluster: ${(startMs / 1000).toFixed(1)} s (${(CASES / (startMs / 1000)).toFixed(0)}/s)`,
    );
    say(`time until all ran their first task and wait on their timers: ${(settledMs / 1000).toFixed(1)} s`);
    say(`workers' resident memory with ${CASES} cases waiting: ${memory()} (each caches at most 500 workflows)`);
  }),
);
