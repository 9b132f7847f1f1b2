/**
 * What the cluster benchmarks run on: the production-shaped cluster of `npm run cluster`
 * (PostgreSQL, Temporal's four services), started unless it runs and then stopped again, and on
 * it a test bed of their own: a fresh application database, a task queue, a Twilio imitation,
 * Vigil workers and APIs as processes (test/cluster/cluster-bed.ts).
 */
import { clusterLayout, isClusterRunning, startInfrastructure, stopCluster } from '../scripts/cluster-layout';
import { startClusterBed, type ClusterBed } from '../test/cluster/cluster-bed';
import { say } from './statistics';

/** Runs `bench` on the cluster; the cluster is left as it was found. */
export async function onCluster(run: (open: (label: string) => Promise<ClusterBed>) => Promise<void>): Promise<void> {
  const layout = clusterLayout();
  const wasRunning = isClusterRunning(layout);
  if (!wasRunning) say('starting the cluster (npm run cluster): PostgreSQL and Temporal');
  await startInfrastructure(layout);
  const beds: ClusterBed[] = [];
  try {
    await run(async (label) => {
      const bed = await startClusterBed(label);
      beds.push(bed);
      return bed;
    });
  } finally {
    for (const bed of beds) await bed.stop();
    if (!wasRunning) await stopCluster(layout);
  }
}

/** How a benchmark ends: its error in one line, exit 1. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: Error) => {
      process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}
