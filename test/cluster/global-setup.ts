import { clusterLayout, isClusterRunning, startInfrastructure } from '../../scripts/cluster-layout';

/** The cluster's PostgreSQL and Temporal services, started unless they run (then left as found). */
export default async function globalSetup(): Promise<void> {
  const layout = clusterLayout();
  if (!isClusterRunning(layout)) process.env.VIGIL_CLUSTER_STARTED_BY_TESTS = '1';
  await startInfrastructure(layout);
}
