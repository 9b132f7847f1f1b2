/**
 * Every setting Vigil reads, from the environment, validated once at start-up. A bad value
 * stops the process with one line naming the variable and what to set, never a stack trace.
 */
import path from 'node:path';
import { ConfigError, flag, httpUrl, optional, origins, port, type Env } from './config-values';
import { keyId, parseDataKey } from './field-encryption';
import { parseRedactPaths } from './log-redaction';
import { smtp, twilio, type MessagingConfig } from './messaging-config';

export { ConfigError } from './config-values';
export type { MessagingConfig, SmtpConfig, TwilioConfig } from './messaging-config';

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
  api: {
    host: string;
    port: number;
    /** Where people reach the API (behind a proxy), for links such as calendar feeds; unset: the request's own host. */
    publicUrl?: string;
    /** Trust X-Forwarded-For from the reverse proxy, so the audit log records the caller's address. */
    trustProxy: boolean;
    /** Origins of Temporal Web UIs allowed to call the payload codec endpoint (/codec). */
    codecOrigins: string[];
  };
  /** Key of the encrypted fields (assessment notes, incident descriptions); required by `npm run api`. */
  dataKey?: Buffer;
  /** Keys that wrote stored values before the current one: they decrypt, never encrypt (`npm run keys:rotate`). */
  previousDataKeys: Buffer[];
  /** Unset channel: its messages go to the outbox (delivery_attempts with status NOT_SENT). */
  messaging: MessagingConfig;
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

function dataKey(env: Env): Buffer | undefined {
  const raw = optional(env, 'VIGIL_DATA_KEY');
  if (raw === undefined) return undefined;
  try {
    return parseDataKey(raw);
  } catch (error) {
    throw new ConfigError('VIGIL_DATA_KEY', (error as Error).message);
  }
}

/**
 * VIGIL_DATA_KEYS_PREVIOUS: comma-separated keys. Messages say which one (by position and, once
 * parsed, by key id) is wrong, never the key itself.
 */
function previousDataKeys(env: Env, current: Buffer | undefined): Buffer[] {
  const name = 'VIGIL_DATA_KEYS_PREVIOUS';
  const raw = optional(env, name);
  if (raw === undefined) return [];
  const texts = raw.split(',').map((text) => text.trim());
  return texts.map((text, i) => {
    const which = `key ${i + 1} of ${texts.length}`;
    let key: Buffer;
    try {
      key = parseDataKey(text);
    } catch (error) {
      throw new ConfigError(name, `${which} ${(error as Error).message}; separate keys with commas`);
    }
    if (current && key.equals(current))
      throw new ConfigError(name, `${which} (id ${keyId(key)}) is VIGIL_DATA_KEY itself: list only older keys`);
    if (texts.slice(0, i).includes(text)) throw new ConfigError(name, `${which} (id ${keyId(key)}) is listed twice`);
    return key;
  });
}

function logRedact(env: Env): string[] {
  const raw = optional(env, 'LOG_REDACT');
  if (raw === undefined) return [];
  try {
    return parseRedactPaths(raw);
  } catch (error) {
    throw new ConfigError('LOG_REDACT', (error as Error).message);
  }
}

/** The level loggers get unless told otherwise: quieter under tests. */
export function defaultLogLevel(env: Env = process.env): string {
  return env.NODE_ENV === 'test' ? 'warn' : 'info';
}

/** LOG_LEVEL and LOG_REDACT for the logger made at start-up; an invalid LOG_REDACT is left out here and stops start-up in loadConfig. */
export function startupLogSettings(env: Env = process.env): { level: string; redact: string[] } {
  let redact: string[] = [];
  try {
    redact = logRedact(env);
  } catch {
    // Reported by loadConfig, with the variable's name.
  }
  return { level: optional(env, 'LOG_LEVEL') ?? defaultLogLevel(env), redact };
}

/** Where the database is, for the commands that need only that (`npm run db:*`): DATABASE_URL, else the embedded one's directory. */
export function databaseSettings(env: Env = process.env): { databaseUrl?: string; dataDir: string } {
  return { databaseUrl: databaseUrl(env), dataDir: dataDir(env) };
}

const dataDir = (env: Env) => path.resolve(optional(env, 'VIGIL_DATA_DIR') ?? path.join(__dirname, '..', '.data'));

export function loadConfig(env: Env = process.env): Config {
  // Read by the logger at start-up (startupLogSettings); an invalid value stops start-up here.
  logRedact(env);
  const apiKey = optional(env, 'TEMPORAL_API_KEY');
  const key = dataKey(env);
  return {
    dataDir: dataDir(env),
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
    api: {
      host: optional(env, 'API_HOST') ?? '127.0.0.1',
      port: port(env, 'API_PORT', 3000),
      publicUrl: httpUrl(env, 'API_PUBLIC_URL', 'https://vigil.example.org'),
      trustProxy: flag(env, 'API_TRUST_PROXY'),
      codecOrigins: origins(env, 'VIGIL_CODEC_ORIGINS', 'https://temporal-ui.example.org'),
    },
    dataKey: key,
    previousDataKeys: previousDataKeys(env, key),
    messaging: { smtp: smtp(env), twilio: twilio(env) },
  };
}
