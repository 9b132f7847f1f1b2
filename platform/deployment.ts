/**
 * What a separately deployed worker or API process connects to. Unlike `npm start`, these
 * share one database across processes, so DATABASE_URL is required (PGlite is single-process),
 * and both need the data key: it encrypts Temporal payloads and sensitive database fields.
 */
import { loadConfig, ConfigError, type Config } from './config';
import { openDatabase, type Database } from './database';
import { createPayloadCodec } from './payload-codec';
import { configuredTarget, type TemporalTarget } from './temporal';

export interface Deployment {
  config: Config;
  target: TemporalTarget;
  database: Database;
  dataKey: Buffer;
  codec: ReturnType<typeof createPayloadCodec>;
}

export async function connectDeployment(): Promise<Deployment> {
  const config = loadConfig();
  const target = configuredTarget(config);
  const dataKey = config.dataKey;
  if (!dataKey) {
    throw new ConfigError(
      'VIGIL_DATA_KEY',
      'must be set: 32 random bytes in base64 (`npm run --silent keys:generate`); it encrypts Temporal payloads and sensitive fields',
    );
  }
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be set when the worker and the API run as separate processes (postgresql://USER:PASSWORD@HOST:5432/DB)',
    );
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  return { config, target, database, dataKey, codec: createPayloadCodec(dataKey, config.previousDataKeys) };
}
