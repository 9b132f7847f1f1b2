/**
 * Every setting Vigil reads, from the environment, validated once at start-up. A bad value
 * stops the process with one line naming the variable and what to set, never a stack trace.
 */
import path from 'node:path';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

export interface Config {
  dataDir: string;
  /** Unset: the embedded PostgreSQL (PGlite) under dataDir. */
  databaseUrl?: string;
  temporal: {
    /** Unset: `npm start` runs the Temporal dev server under dataDir. */
    address?: string;
    namespace: string;
    taskQueue: string;
    apiKey?: string;
    tls: boolean;
    devServerPort: number;
    uiPort: number;
  };
  api: { host: string; port: number };
}

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ConfigError(name, `must be a TCP port between 1 and 65535, got "${raw}"`);
  }
  return value;
}

function databaseUrl(env: Env): string | undefined {
  const raw = optional(env, 'DATABASE_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'DATABASE_URL',
      'is not a URL; set postgresql://USER:PASSWORD@HOST:5432/DB, or unset it to use the embedded database',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must start with postgresql://, got "${url.protocol}//"; unset it to use the embedded database`);
  }
  return raw;
}

function temporalAddress(env: Env): string | undefined {
  const raw = optional(env, 'TEMPORAL_ADDRESS');
  if (raw === undefined) return undefined;
  if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(raw)) {
    throw new ConfigError(
      'TEMPORAL_ADDRESS',
      `must be HOST:PORT (e.g. temporal.internal:7233), got "${raw}"; unset it to run the embedded dev server`,
    );
  }
  return raw;
}

function flag(env: Env, name: string): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const apiKey = optional(env, 'TEMPORAL_API_KEY');
  return {
    dataDir: path.resolve(optional(env, 'VIGIL_DATA_DIR') ?? path.join(__dirname, '..', '.data')),
    databaseUrl: databaseUrl(env),
    temporal: {
      address: temporalAddress(env),
      namespace: optional(env, 'TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: optional(env, 'TEMPORAL_TASK_QUEUE') ?? 'vigil',
      apiKey,
      // Temporal Cloud API keys only travel over TLS.
      tls: flag(env, 'TEMPORAL_TLS') || apiKey !== undefined,
      devServerPort: port(env, 'TEMPORAL_DEV_PORT', 7233),
      uiPort: port(env, 'TEMPORAL_UI_PORT', 8233),
    },
    api: { host: optional(env, 'API_HOST') ?? '127.0.0.1', port: port(env, 'API_PORT', 3000) },
  };
}
