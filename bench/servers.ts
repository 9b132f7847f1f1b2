/**
 * What every end-to-end benchmark runs on: a fresh Temporal dev server in a temporary folder,
 * the database (DATABASE_URL, else the embedded one there) with migrations applied, and a
 * client. `stop()` takes it all down and removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { openDatabase, type Database } from '../platform/database';
import { log } from '../platform/logger';
import { createPayloadCodec } from '../platform/payload-codec';
import { createActivities } from '../activities';
import { loadConfig } from '../platform/config';
import { connectClient, connectWorker, startDevServer, type DevServer, type TemporalTarget } from '../platform/temporal';
import { applyMigrations } from '../scripts/db';
import { ensureTemporalCli } from '../scripts/tools';
import { startFakeTwilio, type FakeTwilio } from '../test/support/fake-twilio';
import { createVigilWorker, installTemporalRuntime } from '../worker/worker';

/** Benchmarks' data key (never a production key). */
export const BENCH_DATA_KEY = Buffer.alloc(32, 9);

export interface BenchServers {
  devServer: DevServer;
  database: Database;
  target: TemporalTarget;
  client: Client;
  /** The payload codec of the client; workers of the bench use it too. */
  codec: ReturnType<typeof createPayloadCodec>;
  stop(): Promise<void>;
}

export async function startBenchServers(name: string, databaseUrl: string | undefined, port: number): Promise<BenchServers> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `vigil-bench-${name}-`));
  const devServer = await startDevServer({ cli: await ensureTemporalCli(), dataDir, port, uiPort: port + 1000, namespace: 'default', log });
  const database = await openDatabase({ databaseUrl, dataDir: path.join(dataDir, 'postgres') }).catch(async (error) => {
    await devServer.stop();
    throw error;
  });
  try {
    await applyMigrations(database.url);
    const target = { address: devServer.address, namespace: 'default', tls: false };
    const codec = createPayloadCodec(BENCH_DATA_KEY);
    const client = await connectClient(target, log, codec);
    return {
      devServer,
      database,
      target,
      client,
      codec,
      async stop() {
        await client.connection.close();
        await database.close();
        await devServer.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database.close();
    await devServer.stop();
    throw error;
  }
}

export interface SmsBench extends BenchServers {
  /** The local imitation of Twilio's API: every SMS the worker sends arrives in `fake.requests`. */
  fake: FakeTwilio;
  /** The queue of the one worker, whose SMS go to `fake` through the real twilio client. */
  taskQueue: string;
}

/** The bench servers, a local Twilio imitation and one worker sending SMS to it; `stop()` ends all three. */
export async function startSmsBench(name: string, port: number): Promise<SmsBench> {
  installTemporalRuntime(log);
  const fake = await startFakeTwilio();
  const servers = await startBenchServers(name, process.env.DATABASE_URL, port).catch(async (error) => {
    await fake.close();
    throw error;
  });
  const taskQueue = `vigil-${name}-bench`;
  const messaging = loadConfig({
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE_URL: fake.url,
  }).messaging;
  const worker = await createVigilWorker({
    connection: await connectWorker(servers.target),
    namespace: 'default',
    taskQueue,
    activities: createActivities({ prisma: servers.database.prisma, log, messaging }),
    codec: servers.codec,
  });
  const running = worker.run();
  return {
    ...servers,
    fake,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await servers.stop();
      await fake.close();
    },
  };
}
