import pino, { type DestinationStream, type LoggerOptions } from 'pino';
import { defaultLogLevel, startupLogSettings } from './config';
import { pathsOf } from './log-redaction';

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
    level: settings.level ?? defaultLogLevel(),
    redact: { paths: [...REDACTED, ...(settings.redact ?? [])].flatMap(pathsOf), censor: CENSOR },
    serializers: { err: errorSerializer },
    base: { app: 'vigil' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const log = createLogger(startupLogSettings());

export type Logger = typeof log;
