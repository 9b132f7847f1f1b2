/**
 * Temporal's own server on the cluster's PostgreSQL: schemas set up with Temporal's schema tool
 * from the module's schema/postgresql/v12, then the four services (frontend, history, matching,
 * internal worker) as separate processes from cluster/vigil.yaml, the namespace and Vigil's
 * search attributes registered.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { registerSearchAttributes } from '../platform/temporal';
import { ensureDatabase, type PostgresServer } from './cluster-postgres';
import { isRunning, readProcesses, startProcess, waitUntil, type ClusterProcess } from './cluster-processes';
import { ensureTemporalServer } from './tools';

const ROOT = path.resolve(__dirname, '..');
/** Start order: history and matching first, so the frontend finds them; the internal worker last. */
export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface TemporalCluster {
  /** The cluster's folder (logs, process table). */
  dir: string;
  postgres: PostgresServer;
  frontendPort: number;
  namespace: string;
}

export const frontendAddress = (cluster: TemporalCluster) => `127.0.0.1:${cluster.frontendPort}`;

/** Creates `temporal` and `temporal_visibility` and brings their schemas to the module's latest version. */
export async function setUpTemporalSchemas(cluster: TemporalCluster): Promise<void> {
  const { sqlTool, schemaDir } = await ensureTemporalServer();
  const { port, password } = cluster.postgres;
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ]) {
    const created = await ensureDatabase(cluster.postgres, database);
    const tool = (...args: string[]) => {
      const connection = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(port), '-u', 'postgres', '--db', database];
      // The password goes through the environment, not the command line (`ps` shows that).
      const result = spawnSync(sqlTool, [...connection, ...args], { encoding: 'utf8', env: { ...process.env, SQL_PASSWORD: password } });
      if (result.status !== 0)
        throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed: ${(result.stderr || result.stdout).trim()}`);
    };
    if (created) tool('setup-schema', '-v', '0.0');
    // Idempotent: applies only the versions the database does not have yet (also after a server upgrade).
    tool('update-schema', '-d', path.join(schemaDir, schema, 'versioned'));
  }
}

/** Each service's ports besides gRPC (cluster/vigil.yaml derives those from the frontend's). */
function serviceEnv(cluster: TemporalCluster, service: TemporalService): NodeJS.ProcessEnv {
  const offset = TEMPORAL_SERVICES.indexOf(service);
  return {
    ...process.env,
    VIGIL_CLUSTER_FRONTEND_PORT: String(cluster.frontendPort),
    VIGIL_CLUSTER_TEMPORAL_PG_PORT: String(cluster.postgres.port),
    VIGIL_CLUSTER_PG_PASSWORD: cluster.postgres.password,
    VIGIL_CLUSTER_PPROF_PORT: String(cluster.frontendPort + 700 + offset),
    VIGIL_CLUSTER_METRICS_PORT: String(cluster.frontendPort + 800 + offset),
  };
}

const serviceName = (service: TemporalService) => `temporal-${service}`;

/** Starts one Temporal service unless it runs; resolves once its log says it started. */
export async function startTemporalService(cluster: TemporalCluster, service: TemporalService): Promise<ClusterProcess> {
  const running = readProcesses(cluster.dir).find((p) => p.name === serviceName(service));
  if (running && isRunning(running)) return running;
  const { server } = await ensureTemporalServer();
  const started = startProcess(cluster.dir, {
    name: serviceName(service),
    command: server,
    args: ['--root', ROOT, '--config', 'cluster', '--env', 'vigil', '--allow-no-auth', 'start', '--service', service],
    env: serviceEnv(cluster, service),
    cwd: ROOT,
    about: service === 'frontend' ? `gRPC ${frontendAddress(cluster)}` : `Temporal ${service} service`,
  });
  // Ready when the frontend answers; the others once they stay up past start-up (a bad
  // configuration or an unreachable database ends them at once); the frontend waits for them.
  const stillUp = async () => (await new Promise((resolve) => setTimeout(resolve, 2000)), isRunning(started));
  await waitUntil(started, service === 'frontend' ? () => frontendAnswers(cluster) : stillUp);
  return started;
}

async function frontendAnswers(cluster: TemporalCluster): Promise<boolean> {
  const connection = await Connection.connect({ address: frontendAddress(cluster), connectTimeout: '1s' });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/** Registers the namespace (3 days' retention of closed workflows) and Vigil's search attributes; both idempotent. */
export async function registerVigilNamespace(cluster: TemporalCluster): Promise<void> {
  const connection = await Connection.connect({ address: frontendAddress(cluster) });
  try {
    const ALREADY_EXISTS = 6;
    await connection.workflowService
      .registerNamespace({ namespace: cluster.namespace, workflowExecutionRetentionPeriod: msToTs('3 days') })
      .catch((error: { code?: number }) => {
        if (error.code !== ALREADY_EXISTS) throw error;
      });
    // A new namespace reaches every service's cache within seconds: until then it is "not found".
    for (let attempt = 1; ; attempt++) {
      try {
        return await registerSearchAttributes(connection, cluster.namespace);
      } catch (error) {
        if (attempt === 60) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  } finally {
    await connection.close();
  }
}
