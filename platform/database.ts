import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { startEmbeddedPostgres } from './embedded-postgres';
import { log } from './logger';

export interface Database {
  prisma: PrismaClient;
  /** The URL in use (the embedded server's when `embedded`); may hold a password: never log it. */
  url: string;
  embedded: boolean;
  /** Disconnects the client, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL (DATABASE_URL); undefined starts the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the app's database: the PostgreSQL server at `databaseUrl`, or the embedded one.
 * Applies no migrations (start-up calls applyMigrations from scripts/db.ts with `url`).
 * A bad or unreachable URL fails here, in one line naming DATABASE_URL, not at the first query.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl === undefined) {
    const server = await startEmbeddedPostgres({ dataDir: options.dataDir });
    // PGlite is one session: a second connection would only wait in the server's queue.
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: server.url, max: 1 }) });
    return {
      prisma,
      url: server.url,
      embedded: true,
      close: async () => {
        await prisma.$disconnect();
        await server.stop();
      },
    };
  }

  const url = options.databaseUrl;
  const where = describeDatabaseUrl(url);
  await probe(url, where);
  log.info({ database: where }, 'database reachable');
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }),
  });
  return { prisma, url, embedded: false, close: () => prisma.$disconnect() };
}

export type DatabaseCheck = { ok: true; latencyMs: number } | { ok: false; error: string };

/** Readiness: one `select 1` round trip. Never throws. */
export async function checkDatabase(prisma: PrismaClient): Promise<DatabaseCheck> {
  const started = Date.now();
  try {
    await prisma.$queryRaw`select 1`;
    return { ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { ok: false, error: oneLine((err as Error).message) };
  }
}

/** `host:port/database` for messages: the URL without credentials. */
function describeDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a URL; expected postgres://user:password@host:5432/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL has scheme "${parsed.protocol.replace(/:$/, '')}"; expected postgres://user:password@host:5432/database`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database || '(default database)'}`;
}

async function probe(url: string, where: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An error after connecting (server restart) must not crash the process as an unhandled 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(`DATABASE_URL (${where}) is unusable: ${connectionProblem(err)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function connectionProblem(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { code?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is PostgreSQL running on that host and port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    default:
      // PostgreSQL's own messages ("password authentication failed for user ...",
      // "database ... does not exist") already say what is wrong; so does pg's timeout error.
      return oneLine(e.message || String(err));
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A unique-constraint violation (Prisma P2002), e.g. an email already taken. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Prisma's codes for "no usable connection": unreachable, timed out, closed by the server, pool exhausted. */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/**
 * Whether an error means the database cannot be used right now (down, restarting, failing over)
 * rather than that the request was wrong: the API answers 503 with Retry-After for these.
 * PostgreSQL's own codes: class 08 (connection exception), 57P01-57P03 (shutting down, starting up).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError || error instanceof Prisma.PrismaClientUnknownRequestError)) {
    return error instanceof Prisma.PrismaClientInitializationError;
  }
  if ('code' in error && UNAVAILABLE_CODES.has(error.code)) return true;
  const meta = 'meta' in error ? (error.meta as { driverAdapterError?: { cause?: { kind?: string; code?: string } } }) : {};
  const cause = meta?.driverAdapterError?.cause;
  if (!cause) return /Connection terminated|connection timeout/i.test(error.message);
  if (UNAVAILABLE_KINDS.has(cause.kind ?? '')) return true;
  return cause.kind === 'postgres' && /^(08|57P0[123])/.test(cause.code ?? '');
}
