/** The real stack for integration tests: Temporal dev server, embedded PostgreSQL, worker, API. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createActivities } from '../../activities';
import { buildApi } from '../../api/server';
import { openDatabase, type Database } from '../../platform/database';
import { createFieldCipher } from '../../platform/field-encryption';
import { log } from '../../platform/logger';
import { connectClient, connectWorker, startDevServer, type DevServer } from '../../platform/temporal';
import { applyMigrations } from '../../scripts/db';
import { createAckLinks } from '../../platform/ack-links';
import type { MessagingConfig } from '../../platform/config';
import { createVigilWorker } from '../../worker/worker';
import { TEST_DATA_KEY, testCodec } from './codec';
import { workflowBundle } from './time-skipping';

export { TEST_DATA_KEY } from './codec';
/** Where acknowledgement links in the tests' emails point (the tests call the API's own address). */
export const TEST_PUBLIC_URL = 'https://vigil.test';
/** The Temporal Web UI's origin the API lets use its codec in tests. */
export const TEST_UI_ORIGIN = 'http://127.0.0.1:8233';
/** Twilio as the API knows it: only the auth token (webhook signatures) and the callback URL matter here. */
export const TEST_TWILIO = {
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: 'test-auth-token',
  from: '+15005550006',
  statusCallbackUrl: `${TEST_PUBLIC_URL}/webhooks/twilio/status`,
};

export interface Stack {
  devServer: DevServer;
  database: Database;
  client: Client;
  api: FastifyInstance;
  apiUrl: string;
  taskQueue: string;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `webApp`: the built web app to serve at /app/ (the browser tests; scripts/web-app.ts builds it).
 * `messaging`: where the worker sends (a local Twilio imitation); by default all goes to the outbox.
 * `publicUrl`: the API's public address the worker links procedures to (TEST_PUBLIC_URL); by default none.
 */
export async function startStack({
  webApp,
  messaging,
  publicUrl,
}: { webApp?: string; messaging?: MessagingConfig; publicUrl?: string } = {}): Promise<Stack> {
  const cli = process.env.VIGIL_TEMPORAL_CLI;
  if (!cli) throw new Error('VIGIL_TEMPORAL_CLI is unset: run the tests through jest (test/global-setup.ts provisions it)');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-stack-'));
  const namespace = 'default';
  const taskQueue = 'vigil-integration';
  const devServer = await startDevServer({ cli, dataDir, port: await freePort(), uiPort: await freePort(), namespace, log });
  const database = await openDatabase({ dataDir: path.join(dataDir, 'postgres') });
  await applyMigrations(database.url);
  const target = { address: devServer.address, namespace, tls: false };
  const client = await connectClient(target, log, testCodec);
  const ackLinks = createAckLinks(TEST_PUBLIC_URL, TEST_DATA_KEY);
  const worker = await createVigilWorker({
    connection: await connectWorker(target),
    namespace,
    taskQueue,
    // Whatever the environment holds, tests send nothing but what they ask for.
    activities: createActivities({ prisma: database.prisma, log, messaging: messaging ?? {}, ackLinks, publicUrl }),
    codec: testCodec,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  const api = buildApi({
    prisma: database.prisma,
    temporal: client,
    log,
    taskQueue,
    fieldCipher: createFieldCipher(TEST_DATA_KEY),
    twilio: TEST_TWILIO,
    payloadCodec: testCodec,
    codecOrigins: [TEST_UI_ORIGIN],
    webApp,
  });
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  return {
    devServer,
    database,
    client,
    api,
    apiUrl,
    taskQueue,
    async stop() {
      await api.close();
      worker.shutdown();
      await running;
      await client.connection.close();
      await database.close();
      await devServer.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
