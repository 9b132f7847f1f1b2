/**
 * `npm start`: the whole stack in one process tree, on embedded defaults.
 * Temporal dev server (unless TEMPORAL_ADDRESS), embedded PostgreSQL (unless DATABASE_URL),
 * migrations, search attributes, the worker and the HTTP API. Ctrl-C stops all of it; data
 * stays under VIGIL_DATA_DIR for the next start.
 */
import path from 'node:path';
import { ensureFirstAdmin } from '../services/organisations';
import { buildApi } from '../api/server';
import { createActivities } from '../activities';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import { openDatabase, type Database } from '../platform/database';
import { PASSWORD_FILE } from '../platform/embedded-postgres-password';
import { createAckLinks } from '../platform/ack-links';
import { createFieldCipher, loadOrCreateDataKey } from '../platform/field-encryption';
import { log } from '../platform/logger';
import { createPayloadCodec } from '../platform/payload-codec';
import { ensureRetentionSchedule } from '../services/retention-schedule';
import { runService, type Stop } from '../platform/service';
import { connectClient, connectWorker, startDevServer, type DevServer, type TemporalTarget } from '../platform/temporal';
import { createVigilWorker, installTemporalRuntime } from '../worker/worker';
import { applyMigrations } from './db';
import { ensureTemporalCli } from './tools';
import { ensureWebApp } from './web-app';

runService('Vigil', async (onStop) => {
  const config = loadConfig();
  // On embedded defaults the key lives beside the data it protects; with a real database it is configured.
  if (!config.dataKey && config.databaseUrl) {
    throw new ConfigError('VIGIL_DATA_KEY', 'must be set with DATABASE_URL: 32 random bytes in base64 (openssl rand -base64 32)');
  }
  const dataKey = config.dataKey ? { key: config.dataKey, created: false, file: '' } : loadOrCreateDataKey(config.dataDir);
  installTemporalRuntime(log);
  const { devServer, target } = await startTemporal(config, onStop);

  const postgresDir = path.join(config.dataDir, 'postgres');
  const database: Database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: postgresDir });
  onStop(database.close);
  await applyMigrations(database.url);

  const codec = createPayloadCodec(dataKey.key, config.previousDataKeys);
  const client = await connectClient(target, log, codec);
  onStop(() => client.connection.close());

  const publicUrl = config.api.publicUrl ?? `http://${config.api.host}:${config.api.port}`;
  const ackLinks = createAckLinks(publicUrl, dataKey.key);
  const worker = await createVigilWorker({
    connection: await connectWorker(target),
    namespace: target.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ prisma: database.prisma, log, messaging: config.messaging, ackLinks, publicUrl }),
    codec,
  });
  const workerDone = worker.run();
  onStop(async () => {
    worker.shutdown();
    await workerDone;
  });
  await ensureRetentionSchedule(client, config.temporal.taskQueue, log);

  // Before the API is ready, so its first sweep starts the new organisation's self-assessment schedule.
  const admin = await ensureFirstAdmin(database.prisma);
  const webApp = await ensureWebApp();
  const api = buildApi({
    prisma: database.prisma,
    temporal: client,
    log,
    taskQueue: config.temporal.taskQueue,
    fieldCipher: createFieldCipher(dataKey.key, config.previousDataKeys),
    publicUrl: config.api.publicUrl,
    trustProxy: config.api.trustProxy,
    twilio: config.messaging.twilio,
    payloadCodec: codec,
    webApp,
    // The local UI's origin is whichever host the browser was given.
    codecOrigins: [...config.api.codecOrigins, ...(devServer ? [devServer.uiUrl, devServer.uiUrl.replace('127.0.0.1', 'localhost')] : [])],
  });
  const apiUrl = await api.listen({ host: config.api.host, port: config.api.port });
  onStop(() => api.close());

  const lines = startedLines({ config, apiUrl, devServer, target, database, postgresDir, admin, dataKey });
  process.stdout.write(lines.join('\n') + '\n');
});

/** The Temporal dev server, started unless TEMPORAL_ADDRESS names a cluster, and where to reach it. */
async function startTemporal(config: Config, onStop: (stop: Stop) => void): Promise<{ devServer?: DevServer; target: TemporalTarget }> {
  let devServer: DevServer | undefined;
  if (!config.temporal.address) {
    devServer = await startDevServer({
      cli: await ensureTemporalCli(),
      dataDir: path.join(config.dataDir, 'temporal'),
      port: config.temporal.devServerPort,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      log,
      codecEndpoint: `http://${config.api.host}:${config.api.port}/codec`,
    });
    onStop(devServer.stop);
  }
  const target: TemporalTarget = {
    address: devServer?.address ?? config.temporal.address!,
    namespace: config.temporal.namespace,
    tls: config.temporal.tls,
    apiKey: config.temporal.apiKey,
  };
  return { devServer, target };
}

/** What the first screen says: where everything is, and what is shown only once. */
function startedLines({
  config,
  apiUrl,
  devServer,
  target,
  database,
  postgresDir,
  admin,
  dataKey,
}: {
  config: Config;
  apiUrl: string;
  devServer?: DevServer;
  target: TemporalTarget;
  database: Database;
  postgresDir: string;
  admin: { email: string; password: string } | null;
  dataKey: { file: string; created: boolean };
}): string[] {
  return [
    '',
    'Vigil is running.',
    `  App:          ${apiUrl}/  (sign in with the first admin's email and password)`,
    `  API:          ${apiUrl}  (health: ${apiUrl}/health, readiness: ${apiUrl}/ready)`,
    `  Temporal UI:  ${devServer?.uiUrl ?? `your cluster's UI (${target.address})`}  (to read payloads, sign in as admin at ${apiUrl}/codec)`,
    `  Data:         ${config.dataDir}${database.embedded ? '' : ' (Temporal only; PostgreSQL from DATABASE_URL)'}`,
    ...(database.embedded
      ? [
          `  PostgreSQL:   127.0.0.1:${new URL(database.url).port}, user postgres, password in ${path.join(postgresDir, PASSWORD_FILE)} (0600)`,
        ]
      : []),
    ...(admin
      ? [
          `  First admin:  ${admin.email}  password: ${admin.password}`,
          '                (shown once, stored only as a hash: write it down now)',
        ]
      : []),
    ...(dataKey.created
      ? [`  Data key:     created ${dataKey.file} (0600); it encrypts notes and Temporal payloads: back it up with the data`]
      : []),
    '  Email and SMS go to the outbox table unless SMTP / Twilio are configured.',
    '  Ctrl-C stops everything.',
    '',
  ];
}
