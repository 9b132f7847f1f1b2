import { clusterLayout, stopCluster } from '../../scripts/cluster-layout';

/** Stops the cluster if the tests started it. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.VIGIL_CLUSTER_STARTED_BY_TESTS) await stopCluster(clusterLayout());
}
