import pino, { type DestinationStream, type LoggerOptions } from 'pino';

/**
 * The one structured logger. Secrets and personal fields are redacted wherever they appear (top
 * level and two levels down), so a careless `log.info({ body })` cannot leak a victim's name,
 * address or notes, a password or a key. LOG_REDACT adds paths of its own.
 *
 * Redaction goes by where a value comes from, not by a bare key that also names other things:
 * `address` and `name` are personal inside a record about a person (`contact.address`,
 * `recipient.name`), but a server's `address` or an error's `name` stay readable.
 */
const PERSONAL_KEYS = [
  'displayName',
  'victimName',
  'email',
  'phone',
  'notes',
  'note',
  'description',
  'purpose',
  'location',
  'withWhom',
  'body',
  'subject',
];
const SECRET_KEYS = ['password', 'passwordHash', 'pin', 'secret', 'token', 'authToken', 'apiKey', 'dataKey', 'authorization', 'cookie'];
/** Records about a person, and the keys that are personal inside them only. */
const PERSON_RECORDS = ['contact', 'recipient', 'user', 'victim', 'person', 'visitor', 'to', 'from'];
const PERSONAL_IN_RECORDS = ['name', 'address'];
const REDACTED = [
  ...PERSONAL_KEYS,
  ...SECRET_KEYS,
  ...PERSON_RECORDS.flatMap((record) => PERSONAL_IN_RECORDS.map((key) => `${record}.${key}`)),
];

const CENSOR = '[redacted]';

/**
 * A key alone (`caseCode`) or a record's key (`contact.address`) is redacted at the top and two
 * levels down; any other path (`req.headers["x-id"]`) exactly there.
 */
function pathsOf(entry: string): string[] {
  return /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(entry) ? [entry, `*.${entry}`, `*.*.${entry}`] : [entry];
}

/**
 * LOG_REDACT: comma-separated keys or pino redaction paths (`caseCode`, `sdk.headers["x-id"]`,
 * `items[*].label`). Each is checked by pino's own path compiler; the message names the entry.
 */
export function parseRedactPaths(raw: string): string[] {
  const entries = raw.split(',').map((entry) => entry.trim());
  entries.forEach((entry, i) => {
    try {
      if (!entry) throw new Error('empty');
      pino({ redact: pathsOf(entry) }, { write() {} });
    } catch {
      throw new Error(
        `entry ${i + 1} ("${entry}") is not a key or a redaction path; write keys or paths such as caseCode or req.headers["x-id"], separated by commas`,
      );
    }
  });
  return entries;
}

/**
 * Errors are logged with their type, code and stack frames, but a database client's message
 * is cut to its first line: Prisma's validation errors quote the whole query, data included.
 */
function errorSerializer(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (typeof serialized?.type === 'string' && serialized.type.startsWith('PrismaClient')) {
    const message = String(serialized.message ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    serialized.message = `${message[0] ?? ''} (rest of the message withheld: it may quote data)`;
    serialized.stack = String(serialized.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n');
  }
  return serialized;
}

export interface LoggerSettings {
  level?: string;
  /** LOG_REDACT entries, already validated. */
  redact?: string[];
}

/** A Vigil logger: tests build one over their own stream with the production settings. */
export function createLogger(settings: LoggerSettings = {}, destination?: DestinationStream) {
  const options: LoggerOptions = {
    level: settings.level ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
    redact: { paths: [...REDACTED, ...(settings.redact ?? [])].flatMap(pathsOf), censor: CENSOR },
    serializers: { err: errorSerializer },
    base: { app: 'vigil' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** LOG_REDACT as the process was started with; an invalid value is left out here and stops start-up in loadConfig. */
function startupRedact(): string[] {
  try {
    return process.env.LOG_REDACT?.trim() ? parseRedactPaths(process.env.LOG_REDACT) : [];
  } catch {
    return [];
  }
}

export const log = createLogger({ level: process.env.LOG_LEVEL, redact: startupRedact() });

export type Logger = typeof log;
