/**
 * Reaching Temporal: connections for clients and workers, the embedded dev server that
 * `npm start` runs when TEMPORAL_ADDRESS is unset, and the search attributes Vigil needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { searchAttributes } from '../domain/search-attributes';
import { ConfigError, type Config } from './config';
import type { Logger } from './logger';
import { vigilDataConverter } from './payload-codec';

export interface TemporalTarget {
  address: string;
  namespace: string;
  tls: boolean;
  apiKey?: string;
}

function connectionOptions(target: TemporalTarget) {
  return { address: target.address, tls: target.tls || undefined, apiKey: target.apiKey, connectTimeout: '5s' } satisfies ConnectionOptions;
}

function unreachable(target: TemporalTarget, error: unknown): ConfigError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new ConfigError(
    'TEMPORAL_ADDRESS',
    `cannot reach Temporal at ${target.address} (${reason}); check the address, or unset it to run the embedded dev server`,
  );
}

/** A client for Vigil's namespace, its search attributes registered; payloads go through `codec`. */
export async function connectClient(target: TemporalTarget, log: Logger, codec: PayloadCodec): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect(connectionOptions(target));
  } catch (error) {
    throw unreachable(target, error);
  }
  await registerSearchAttributes(connection, target.namespace, log);
  return new Client({ connection, namespace: target.namespace, dataConverter: vigilDataConverter(codec) });
}

export async function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(connectionOptions(target));
  } catch (error) {
    throw unreachable(target, error);
  }
}

/** Whether Temporal answers now (readiness). */
export async function checkTemporal(client: Client): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await client.connection.workflowService.getSystemInfo({});
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * Registers Vigil's search attributes. Idempotent: the server answers "already exists" on a
 * second call. Temporal Cloud refuses this call: there they are added once in its console.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string, log?: Logger): Promise<void> {
  const wanted = Object.fromEntries(
    Object.values(searchAttributes).map(({ name, type }) => [name, encodeSearchAttributeIndexedValueType(type)!]),
  );
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: wanted });
  } catch (error) {
    const code = (error as { code?: number }).code;
    const ALREADY_EXISTS = 6;
    const PERMISSION_DENIED = 7;
    if (code === ALREADY_EXISTS) return;
    if (code === PERMISSION_DENIED && log) {
      log.warn({ searchAttributes: Object.keys(wanted) }, 'cannot register search attributes here; add them to the namespace by hand');
      return;
    }
    throw error;
  }
}

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with SQLite persistence under `dataDir`, and waits until
 * it answers. Its own log goes to the child's stderr only at warn level.
 */
export async function startDevServer(options: {
  cli: string;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  log: Logger;
  /** The API's /codec URL: the UI decrypts payloads through it. */
  codecEndpoint?: string;
}): Promise<DevServer> {
  const { cli, dataDir, port, uiPort, namespace, log, codecEndpoint } = options;
  mkdirSync(dataDir, { recursive: true });
  const address = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--db-filename',
      path.join(dataDir, 'temporal.sqlite'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--namespace',
      namespace,
      '--log-level',
      'error',
      ...(codecEndpoint ? ['--ui-codec-endpoint', codecEndpoint] : []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let exited: string | null = null;
  child.on('exit', (code, signal) => {
    exited = `exited (${signal ?? code})`;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited)
      throw new Error(`the Temporal dev server ${exited}; is port ${port} or ${uiPort} taken? Set TEMPORAL_DEV_PORT / TEMPORAL_UI_PORT`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1s' });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`the Temporal dev server did not answer on ${address} within 60 s: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  log.info({ address }, 'Temporal dev server ready');
  return {
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Where the configuration says Temporal is (for processes that do not start it themselves). */
export function configuredTarget(config: Config): TemporalTarget {
  const { address, namespace, tls, apiKey } = config.temporal;
  if (!address)
    throw new ConfigError(
      'TEMPORAL_ADDRESS',
      'must be set for a separate worker or API process (HOST:PORT of your Temporal frontend); `npm start` runs an embedded server instead',
    );
  return { address, namespace, tls, apiKey };
}
