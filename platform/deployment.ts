/**
 * What a separately deployed worker or API process connects to. Unlike `npm start`, these
 * share one database across processes, so DATABASE_URL is required (PGlite is single-process).
 */
import { loadConfig, ConfigError, type Config } from './config';
import { openDatabase, type Database } from './database';
import { configuredTarget, type TemporalTarget } from './temporal';

export async function connectDeployment(): Promise<{ config: Config; target: TemporalTarget; database: Database }> {
  const config = loadConfig();
  const target = configuredTarget(config);
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be set when the worker and the API run as separate processes (postgresql://USER:PASSWORD@HOST:5432/DB)',
    );
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  return { config, target, database };
}
