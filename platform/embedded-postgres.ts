import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import vm from 'node:vm';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { loadOrCreatePassword, PasswordGate, randomPassword, type QueryQueue } from './embedded-postgres-password';
import { log } from './logger';

/**
 * Embedded PostgreSQL: PGlite (PostgreSQL in WASM, persisted to a directory) served on
 * 127.0.0.1 over the real wire protocol, so the app talks to it with the same `pg` driver and
 * `@prisma/adapter-pg` it uses for a real server.
 *
 * PGlite is ONE database session. Many client connections share it through a session lock:
 * a connection owns the session from its first message until PGlite answers ReadyForQuery
 * with status idle, i.e. until its statement or transaction is over (what pgbouncer calls
 * transaction pooling). Others queue meanwhile, so one client's BEGIN never swallows another
 * client's statements and extended-protocol messages (Parse/Bind/Execute/Sync) never interleave.
 * The cost: while a transaction is open, every other connection waits for it to end.
 *
 * Clients sign in with the password kept in the data dir (embedded-postgres-password.ts).
 */

export interface EmbeddedPostgres {
  /** postgres:// URL for `pg` and `@prisma/adapter-pg`, with the password: never log it. */
  url: string;
  /** Stops serving, flushes and closes the database, releases the data dir. Idempotent. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory owned by the embedded database (created when missing). */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
}

/**
 * Node's own require, also under jest, whose module loader can neither load ESM (the schema
 * engine's WASM glue) nor run a dynamic import() (PGlite loads Node built-ins that way). jest
 * substitutes `module` even through process.getBuiltinModule, hence Node's main-context process.
 */
export const nodeRequire: NodeJS.Require = (vm.runInThisContext('process') as NodeJS.Process)
  .getBuiltinModule('node:module')
  .createRequire(__filename);

function pglite(): typeof import('@electric-sql/pglite') {
  return nodeRequire('@electric-sql/pglite');
}

const LOCK_FILE = 'embedded-postgres.lock';
const PGDATA_DIR = 'pgdata';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireDataDirLock(dataDir);
  const started = Date.now();
  const fresh = !fs.existsSync(path.join(dataDir, PGDATA_DIR, 'PG_VERSION'));
  try {
    const db = await pglite().PGlite.create({ dataDir: path.join(dataDir, PGDATA_DIR) });
    log.info({ dataDir, fresh, ms: Date.now() - started }, fresh ? 'embedded postgres initialised' : 'embedded postgres opened');
    const served = await serve(db, options.port ?? 0, releaseLock, loadOrCreatePassword(dataDir));
    log.info({ port: new URL(served.url).port }, 'embedded postgres listening on 127.0.0.1');
    return served;
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/**
 * A throwaway in-memory database with the same wire interface: the shadow database for
 * migration diffs, and scratch space for tests. Nothing touches the disk.
 */
export async function startScratchPostgres(): Promise<EmbeddedPostgres> {
  return serve(await pristineScratch(), 0, () => undefined, randomPassword());
}

let scratchTemplate: Promise<Blob> | undefined;

/** initdb takes 1.5-2 s; a copy of a freshly initialised cluster loads in about 0.3 s. */
async function pristineScratch(): Promise<PGlite> {
  const { PGlite } = pglite();
  if (scratchTemplate) return PGlite.create({ loadDataDir: await scratchTemplate });
  const db = await PGlite.create();
  scratchTemplate ??= db.dumpDataDir('none').catch((err) => {
    scratchTemplate = undefined;
    throw err;
  });
  await scratchTemplate;
  return db;
}

/**
 * Refuses a data dir that another live process (or this one) holds: two PGlite instances on one
 * directory corrupt it. A lock left by a dead process is taken over.
 */
function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLockPid(lockPath);
    if (holder !== undefined && isAlive(holder)) {
      const who = holder === process.pid ? 'this process' : `process ${holder}`;
      throw new Error(
        `Embedded database ${dataDir} is already in use by ${who} (lock file ${lockPath}). ` +
          `Stop it first, or connect to it through DATABASE_URL; delete the lock file only if that process is not a vigil.`,
      );
    }
    log.warn({ lockPath, stalePid: holder }, 'embedded postgres: taking over a stale lock');
    fs.rmSync(lockPath, { force: true });
  }
  throw new Error(`Embedded database ${dataDir}: could not take the lock file ${lockPath}.`);
}

function readLockPid(lockPath: string): number | undefined {
  try {
    const pid = Number(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function serve(db: PGlite, port: number, releaseLock: () => void, password: string): Promise<EmbeddedPostgres> {
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    // The handler speaks the wire protocol (SSL refusal, message framing); the queue decides who runs.
    const handler = new PGLiteSocketHandler({ queryQueue: new PasswordGate(queue, password, socket) as never, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch((err) => {
      log.warn({ err }, 'embedded postgres: could not attach a connection');
      forget();
      socket.destroy();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const { port: boundPort } = server.address() as net.AddressInfo;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((h) => h.detach(true)));
      await closed;
      await db.close();
      releaseLock();
    })());

  return { url: `postgres://postgres:${password}@127.0.0.1:${boundPort}/postgres`, stop };
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

/** Frontend Sync: ends an extended-protocol exchange left open by a client that went away. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * Stands in for pglite-socket's QueryQueueManager (same three methods the handler calls),
 * with the session lock described at the top of this file.
 */
class SessionQueue implements QueryQueue {
  private readonly waiting: QueuedMessage[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].handlerId === handlerId) this.waiting.splice(i, 1)[0].reject(new Error('connection closed'));
    }
  }

  /** Called when a connection goes away: whatever it left open must not leak into the next owner. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    try {
      await this.db.execProtocolRaw(SYNC);
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    } catch (err) {
      log.warn({ err }, 'embedded postgres: could not reset the session after a client left');
    }
    this.owner = null;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.waiting.findIndex((m) => this.owner === null || m.handlerId === this.owner);
        if (next < 0) return;
        const item = this.waiting.splice(next, 1)[0];
        this.owner = item.handlerId;
        const tail = new ReplyTail();
        try {
          await this.db.execProtocolRawStream(item.message, {
            onRawData: (data) => {
              tail.push(data);
              item.onData(data);
            },
          });
          item.resolve(tail.bytes);
        } catch (err) {
          item.reject(err);
        }
        if (tail.endsIdle()) this.owner = null;
      }
    } finally {
      this.running = false;
    }
  }
}

/** Keeps the last 6 bytes of a reply: enough to see whether it ended with ReadyForQuery('I'). */
class ReplyTail {
  bytes = 0;
  private last = new Uint8Array(0);

  push(data: Uint8Array): void {
    this.bytes += data.length;
    const joined = new Uint8Array(this.last.length + data.length);
    joined.set(this.last);
    joined.set(data, this.last.length);
    this.last = joined.slice(-6);
  }

  /** ReadyForQuery is 'Z', int32 length 5, status byte; 'I' = idle (no transaction open). */
  endsIdle(): boolean {
    const t = this.last;
    return t.length === 6 && t[0] === 0x5a && t[1] === 0 && t[2] === 0 && t[3] === 0 && t[4] === 5 && t[5] === 0x49;
  }
}
