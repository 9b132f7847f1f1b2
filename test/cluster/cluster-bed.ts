/**
 * What each cluster test stands on: the cluster's PostgreSQL and Temporal services (started by
 * test/cluster/global-setup.ts), a fresh application database of its own on the cluster's
 * PostgreSQL, a task queue of its own, a local Twilio imitation, and Vigil workers and APIs as
 * real processes (worker/main.ts, api/main.ts) that the test can kill.
 */
import type { Client } from '@temporalio/client';
import { openDatabase, type Database } from '../../platform/database';
import { log } from '../../platform/logger';
import { connectClient } from '../../platform/temporal';
import { clusterLayout, type ClusterLayout } from '../../scripts/cluster-layout';
import { ensureDatabase, postgresUrl, withPostgres } from '../../scripts/cluster-postgres';
import { frontendAddress } from '../../scripts/cluster-temporal';
import { applyMigrations } from '../../scripts/db';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';
import { freePort } from '../support/stack';
import { TEST_DATA_KEY, testCodec } from '../support/codec';
import { startApiProcess, startWorkerProcess, type WorkerProcess } from '../support/worker-process';

export interface ClusterBed {
  layout: ClusterLayout;
  database: Database;
  client: Client;
  fake: FakeTwilio;
  taskQueue: string;
  /** A Vigil worker process on the bed's queue, its SMS to the Twilio imitation. */
  startWorker(): Promise<WorkerProcess>;
  /** A Vigil API process on the bed's database; resolves with it and its URL. */
  startApi(): Promise<WorkerProcess & { url: string }>;
  stop(): Promise<void>;
}

export async function startClusterBed(label: string): Promise<ClusterBed> {
  const layout = clusterLayout();
  const name = `vigil_test_${label}_${Date.now().toString(36)}`;
  await ensureDatabase(layout.vigilPostgres, name);
  const url = postgresUrl(layout.vigilPostgres, name);
  await applyMigrations(url);
  const database = await openDatabase({ databaseUrl: url, dataDir: layout.dir });
  const client = await connectClient({ address: frontendAddress(layout), namespace: layout.namespace, tls: false }, log, testCodec);
  const fake = await startFakeTwilio();
  const taskQueue = `vigil-${label}-${Date.now().toString(36)}`;
  const env = {
    TEMPORAL_ADDRESS: frontendAddress(layout),
    TEMPORAL_NAMESPACE: layout.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATABASE_URL: url,
    VIGIL_DATA_DIR: layout.dir,
    VIGIL_DATA_KEY: TEST_DATA_KEY.toString('base64'),
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE_URL: fake.url,
    // Blank, whatever the developer's shell holds: no email leaves, emails go to the outbox.
    ...Object.fromEntries(
      ['SMTP_URL', 'SMTP_FROM', 'TWILIO_MESSAGING_SERVICE_SID', 'TEMPORAL_API_KEY', 'TEMPORAL_TLS'].map((n) => [n, '']),
    ),
  };
  const processes: WorkerProcess[] = [];
  const track = <P extends WorkerProcess>(started: P) => (processes.push(started), started);
  return {
    layout,
    database,
    client,
    fake,
    taskQueue,
    startWorker: async () => track(await startWorkerProcess(env)),
    startApi: async () => {
      const port = await freePort();
      const api = await startApiProcess({ ...env, API_PORT: String(port) });
      return track({ ...api, url: `http://127.0.0.1:${port}` });
    },
    async stop() {
      for (const p of processes) await p.stop();
      await client.connection.close();
      await database.close();
      await fake.close();
      await withPostgres(layout.vigilPostgres, 'postgres', (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Polls `read` until `ok` holds, for up to `timeoutMs`; resolves with the last value read. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
