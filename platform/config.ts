/**
 * Every setting Vigil reads, from the environment, validated once at start-up. A bad value
 * stops the process with one line naming the variable and what to set, never a stack trace.
 */
import path from 'node:path';
import { DEFAULT_COUNTRY, readPhone } from '../domain/phone-numbers';
import { keyId, parseDataKey } from './field-encryption';
import { parseRedactPaths } from './log-redaction';

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

export interface MessagingConfig {
  smtp?: SmtpConfig;
  twilio?: TwilioConfig;
}

export interface SmtpConfig {
  /** smtp://USER:PASSWORD@HOST:587 or smtps://...:465; may hold a password: never log it. */
  url: string;
  from: string;
}

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Exactly one of `from` (E.164 number) and `messagingServiceSid` is set. */
  from?: string;
  messagingServiceSid?: string;
  statusCallbackUrl?: string;
  /** Only to point the client at a local imitation of Twilio's API (tests, benchmarks). */
  apiBaseUrl?: string;
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

/** Comma-separated web origins (scheme://host[:port], nothing after). */
function origins(env: Env, name: string, example: string): string[] {
  return (optional(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((origin) => {
      if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
        throw new ConfigError(name, `must be comma-separated origins such as ${example} (no path, no trailing slash), got "${origin}"`);
      }
      return origin;
    });
}

function httpUrl(env: Env, name: string, example: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  if (!URL.canParse(raw) || !['http:', 'https:'].includes(new URL(raw).protocol)) {
    throw new ConfigError(name, `must be an http(s) URL such as ${example}, got "${raw}"`);
  }
  return raw;
}

function smtp(env: Env): SmtpConfig | undefined {
  const url = optional(env, 'SMTP_URL');
  const from = optional(env, 'SMTP_FROM');
  if (url === undefined && from === undefined) return undefined;
  if (url === undefined) {
    throw new ConfigError('SMTP_URL', 'must be set when SMTP_FROM is: smtp://USER:PASSWORD@HOST:587 (or unset SMTP_FROM)');
  }
  // The URL may carry a password: messages quote its scheme, never the URL.
  if (!URL.canParse(url) || !['smtp:', 'smtps:'].includes(new URL(url).protocol) || !new URL(url).hostname) {
    throw new ConfigError('SMTP_URL', 'must be smtp://USER:PASSWORD@HOST:587 (STARTTLS) or smtps://USER:PASSWORD@HOST:465 (TLS)');
  }
  if (from === undefined) throw new ConfigError('SMTP_FROM', 'must be set when SMTP_URL is: the sender, e.g. "Vigil <alerts@example.org>"');
  if (!/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(from)) {
    throw new ConfigError('SMTP_FROM', `must be an email address or "Name <address>", got "${from}"`);
  }
  return { url, from };
}

const TWILIO_VARIABLES = [
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM',
  'TWILIO_MESSAGING_SERVICE_SID',
  'TWILIO_STATUS_CALLBACK_URL',
  'TWILIO_API_BASE_URL',
];

function twilio(env: Env): TwilioConfig | undefined {
  const set = TWILIO_VARIABLES.filter((name) => optional(env, name) !== undefined);
  if (set.length === 0) return undefined;
  const accountSid = optional(env, 'TWILIO_ACCOUNT_SID');
  const authToken = optional(env, 'TWILIO_AUTH_TOKEN');
  const from = optional(env, 'TWILIO_FROM');
  const messagingServiceSid = optional(env, 'TWILIO_MESSAGING_SERVICE_SID');
  const missing = [
    ...(accountSid === undefined ? ['TWILIO_ACCOUNT_SID'] : []),
    ...(authToken === undefined ? ['TWILIO_AUTH_TOKEN'] : []),
    ...(from === undefined && messagingServiceSid === undefined ? ['TWILIO_FROM'] : []),
  ];
  if (missing.length > 0) {
    throw new ConfigError(
      missing.join(', '),
      `missing while ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set: SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN ` +
        'and TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID; unset every TWILIO_ variable to keep SMS in the outbox',
    );
  }
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid!)) {
    throw new ConfigError('TWILIO_ACCOUNT_SID', 'must be the account SID from the Twilio console: AC followed by 32 hex digits');
  }
  if (from !== undefined && messagingServiceSid !== undefined) {
    throw new ConfigError('TWILIO_MESSAGING_SERVICE_SID', 'cannot be set together with TWILIO_FROM: set only one of the two');
  }
  // A number, not an alphanumeric sender: contacts acknowledge by replying to it. Only possible,
  // not valid: Twilio's test numbers (+15005550006) lie outside any real range.
  const sender = from === undefined ? undefined : readPhone(from, DEFAULT_COUNTRY, 'possible');
  if (sender && 'problem' in sender) {
    throw new ConfigError(
      'TWILIO_FROM',
      `must be the sending phone number, e.g. +381641234567 (without a country code it is read as Serbian): it ${sender.problem}`,
    );
  }
  if (messagingServiceSid !== undefined && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
    throw new ConfigError('TWILIO_MESSAGING_SERVICE_SID', 'must be MG followed by 32 hex digits');
  }
  return {
    accountSid: accountSid!,
    authToken: authToken!,
    from: sender?.e164,
    messagingServiceSid,
    statusCallbackUrl: httpUrl(env, 'TWILIO_STATUS_CALLBACK_URL', 'https://vigil.example.org/webhooks/twilio/status'),
    apiBaseUrl: httpUrl(env, 'TWILIO_API_BASE_URL', 'http://127.0.0.1:4010'),
  };
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
