/**
 * Where the production-shaped cluster of `npm run cluster` lives on this machine: its folder
 * under the data folder (VIGIL_DATA_DIR/cluster), its fixed ports (away from the dev server's
 * 7233 and the tests' random ones), the PostgreSQL password and Vigil's data key (both created
 * on first use, 0600). Also what tests and benchmarks use to bring up, or reuse, its
 * infrastructure: PostgreSQL and Temporal, without Vigil's own processes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { databaseSettings } from '../platform/config';
import { loadOrCreateDataKey } from '../platform/field-encryption';
import { postgresUrl, startPostgres, stopPostgres, type PostgresServer } from './cluster-postgres';
import { isRunning, readProcesses, stopProcess } from './cluster-processes';
import {
  registerVigilNamespace,
  setUpTemporalSchemas,
  startTemporalService,
  TEMPORAL_SERVICES,
  type TemporalCluster,
} from './cluster-temporal';

export interface ClusterLayout extends TemporalCluster {
  /** Vigil's application database server (the other, `postgres`, holds Temporal's). */
  vigilPostgres: PostgresServer;
  /** DATABASE_URL of Vigil's application database. */
  databaseUrl: string;
  dataKey: Buffer;
  /** The two API processes' ports. */
  apiPorts: number[];
}

export const FRONTEND_PORT = 17233;

function passwordOf(dir: string): string {
  const file = path.join(dir, 'postgres-password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

export function clusterLayout(dataDir = databaseSettings().dataDir): ClusterLayout {
  const dir = path.join(dataDir, 'cluster');
  mkdirSync(dir, { recursive: true });
  const password = passwordOf(dir);
  const server = (name: string, port: number): PostgresServer => ({ name, dir: path.join(dir, `postgres-${name}`), port, password });
  const vigilPostgres = server('vigil', 17433);
  return {
    dir,
    postgres: server('temporal', 17432),
    frontendPort: FRONTEND_PORT,
    namespace: 'default',
    vigilPostgres,
    databaseUrl: postgresUrl(vigilPostgres, 'vigil'),
    dataKey: loadOrCreateDataKey(dir).key,
    apiPorts: [17301, 17302],
  };
}

/** Whether the cluster's Temporal frontend runs (started by `npm run cluster up`, the tests or a benchmark). */
export const isClusterRunning = (layout: ClusterLayout) =>
  readProcesses(layout.dir).some((p) => p.name === 'temporal-frontend' && isRunning(p));

/** PostgreSQL (both servers) and the four Temporal services, started unless they run; the namespace registered. */
export async function startInfrastructure(layout: ClusterLayout): Promise<void> {
  startPostgres(layout.postgres);
  startPostgres(layout.vigilPostgres);
  await setUpTemporalSchemas(layout);
  for (const service of TEMPORAL_SERVICES) await startTemporalService(layout, service);
  await registerVigilNamespace(layout);
}

/** Stops every recorded process (Vigil's first, then Temporal's, newest first), then PostgreSQL. */
export async function stopCluster(layout: ClusterLayout): Promise<void> {
  const processes = readProcesses(layout.dir);
  const temporal = (name: string) => name.startsWith('temporal-');
  const order = [...processes.filter((p) => !temporal(p.name)), ...processes.filter((p) => temporal(p.name)).reverse()];
  for (const process of order) await stopProcess(layout.dir, process.name);
  stopPostgres(layout.vigilPostgres);
  stopPostgres(layout.postgres);
}
