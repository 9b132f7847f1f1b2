/**
 * Case starts per second: the same cases started on the production-shaped cluster (Temporal's
 * services on PostgreSQL) and on the Temporal dev server (SQLite), in one run, each with one
 * Vigil worker process running their first tasks and one application database on the cluster's
 * PostgreSQL.
 *
 *   npm run bench:cluster-starts [-- --cases 2000 --concurrency 32]
 */
import { parseArgs } from 'node:util';
import { startWorkerProcess } from '../test/support/worker-process';
import { startCases, untilOpened, writeCases } from './bulk-cases';
import { onCluster, runBench } from './cluster-bench';
import { BENCH_DATA_KEY, startBenchServers } from './servers';
import { say } from './statistics';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '32' } } });
const CASES = Number(values.cases);
const CONCURRENCY = Number(values.concurrency);

const rate = (ms: number) => (CASES / (ms / 1000)).toFixed(0);

runBench(() =>
  onCluster(async (open) => {
    say(`starting ${CASES} cases (${CONCURRENCY} at a time), one worker process each, on the cluster and on the dev server`);
    const bed = await open('starts');
    await bed.startWorker();
    const onCluster = await writeCases(bed.database.prisma, CASES);
    const clusterMs = await startCases(bed.client, bed.taskQueue, onCluster, CONCURRENCY);
    await untilOpened(bed.database.prisma, onCluster);
    say(`cluster:    ${CASES} starts in ${(clusterMs / 1000).toFixed(1)} s: ${rate(clusterMs)} starts/s`);

    // The dev server's own worker and database: a second fresh database on the cluster's PostgreSQL.
    const other = await open('starts_dev');
    const dev = await startBenchServers('starts', other.database.url, 47233);
    try {
      const worker = await startWorkerProcess({
        TEMPORAL_ADDRESS: dev.devServer.address,
        TEMPORAL_TASK_QUEUE: 'vigil-starts',
        DATABASE_URL: dev.database.url,
        VIGIL_DATA_KEY: BENCH_DATA_KEY.toString('base64'),
      });
      const onDev = await writeCases(dev.database.prisma, CASES);
      const devMs = await startCases(dev.client, 'vigil-starts', onDev, CONCURRENCY);
      await untilOpened(dev.database.prisma, onDev);
      await worker.stop();
      say(`dev server: ${CASES} starts in ${(devMs / 1000).toFixed(1)} s: ${rate(devMs)} starts/s`);
      say(`cluster / dev server: ${(devMs / clusterMs).toFixed(2)}x`);
    } finally {
      await dev.stop();
    }
  }),
);
