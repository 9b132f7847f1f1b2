import { clusterLayout, startInfrastructure } from '../../scripts/cluster-layout';
import { isRunning, readProcesses } from '../../scripts/cluster-processes';

/** The cluster's PostgreSQL and Temporal services, started unless they run (then left as found). */
export default async function globalSetup(): Promise<void> {
  const layout = clusterLayout();
  const running = readProcesses(layout.dir).some((p) => p.name === 'temporal-frontend' && isRunning(p));
  if (!running) process.env.VIGIL_CLUSTER_STARTED_BY_TESTS = '1';
  await startInfrastructure(layout);
}
