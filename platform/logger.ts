import pino from 'pino';

/**
 * The one structured logger. Personal fields are redacted by key wherever they appear, so a
 * careless `log.info({ body })` cannot leak a victim's name, address or notes.
 */
export const REDACTED_KEYS = [
  'name',
  'victimName',
  'address',
  'notes',
  'note',
  'description',
  'password',
  'token',
  'authToken',
  'authorization',
];

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: '[redacted]' },
  base: { app: 'vigil' },
});

export type Logger = typeof log;
