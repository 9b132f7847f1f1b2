import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { checkDatabase, openDatabase, type Database } from '../../platform/database';
import { startEmbeddedPostgres } from '../../platform/embedded-postgres';
import { applyMigrations } from '../../scripts/db';
import { freshRealDatabase, realPostgresSkipReason, realPostgresUrl, tempDir } from '../support/database';

describe('embedded PostgreSQL', () => {
  const temp = tempDir('embedded');
  afterAll(() => temp.cleanup());

  it('keeps its data across stop and start of the same data dir', async () => {
    const dataDir = path.join(temp.dir, 'persist');
    const first = await startEmbeddedPostgres({ dataDir });
    await sql(first.url, `create table kept (v text); insert into kept values ('still here')`);
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await sql(second.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a data dir in use, in this process or another, and takes over a stale lock', async () => {
    const dataDir = path.join(temp.dir, 'locked');
    const running = await startEmbeddedPostgres({ dataDir });
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already in use by this process/);
    await running.stop();

    const lockFile = path.join(dataDir, 'embedded-postgres.lock');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      fs.writeFileSync(lockFile, JSON.stringify({ pid: other.pid }));
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(new RegExp(`already in use by process ${other.pid}`));
    } finally {
      other.kill();
      await new Promise((resolve) => other.once('exit', resolve));
    }
    const reopened = await startEmbeddedPostgres({ dataDir }); // the lock's process is gone now
    await reopened.stop();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('serves clients on the port asked for', async () => {
    const port = await freePort();
    const db = await startEmbeddedPostgres({ dataDir: path.join(temp.dir, 'port'), port });
    try {
      expect(new URL(db.url).port).toBe(String(port));
      expect(await sql(db.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await db.stop();
    }
  });

  it('asks for the password kept in its data dir: generated once (0600), refused when missing or wrong, the same after a restart', async () => {
    const dataDir = path.join(temp.dir, 'password');
    const file = path.join(dataDir, 'postgres-password');
    const first = await startEmbeddedPostgres({ dataDir });
    const password = fs.readFileSync(file, 'utf8').trim();
    try {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(new URL(first.url).password).toBe(password);
      await expect(sql(withPassword(first.url, ''), 'select 1')).rejects.toMatchObject({ code: '28P01' });
      await expect(sql(withPassword(first.url, 'a-wrong-password-of-the-same-size'), 'select 1')).rejects.toThrow(
        /password authentication failed/,
      );
      expect(await sql(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      // Below the driver: a client that skips the password and sends a query gets nothing but the refusal.
      const reply = await rawExchange(Number(new URL(first.url).port), [startupMessage(), queryMessage('select 42')]);
      expect([...reply.subarray(0, 9)]).toEqual([0x52, 0, 0, 0, 8, 0, 0, 0, 3]); // AuthenticationCleartextPassword
      expect(reply.toString('latin1')).toContain('C28P01');
      expect(reply.includes(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]))).toBe(false); // no AuthenticationOk
      expect(reply.includes(Buffer.from('42'))).toBe(false);
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(fs.readFileSync(file, 'utf8').trim()).toBe(password);
      expect(new URL(second.url).password).toBe(password);
      expect(await sql(second.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await expect(sql(withPassword(second.url, ''), 'select 1')).rejects.toMatchObject({ code: '28P01' });
    } finally {
      await second.stop();
    }
  });

  describe('through openDatabase', () => {
    let database: Database;
    beforeAll(async () => {
      database = await openDatabase({ dataDir: path.join(temp.dir, 'app') });
      await applyMigrations(database.url);
    });
    afterAll(() => database?.close());

    databaseContract(() => database);

    it('runs concurrent queries and transactions from one client and from other connections without deadlock', async () => {
      const { prisma } = database;
      const org = await prisma.organisation.create({ data: { name: 'Concurrency' } });
      // Another connection (say, the migration engine) holds a transaction open meanwhile.
      const other = new pg.Client({ connectionString: database.url });
      await other.connect();
      await other.query('begin');
      await other.query(`insert into organisations (id, name, "updatedAt") values (gen_random_uuid(), 'uncommitted', now())`);
      const otherDone = new Promise((resolve) => setTimeout(resolve, 300)).then(async () => {
        await other.query('rollback');
        await other.end();
      });

      const work = [
        ...Array.from({ length: 40 }, (_, i) => prisma.user.create({ data: user(org.id, `c${i}`) })),
        ...Array.from({ length: 10 }, (_, i) =>
          prisma.$transaction(async (tx) => {
            const u = await tx.user.create({ data: user(org.id, `t${i}`) });
            return tx.user.update({ where: { id: u.id }, data: { active: false } });
          }),
        ),
        prisma.$transaction([prisma.organisation.count(), prisma.user.count({ where: { organisationId: org.id } })]),
        ...Array.from({ length: 40 }, () => prisma.organisation.findMany({ where: { name: 'uncommitted' } })),
      ];
      const results = await Promise.all([...work, otherDone]);

      for (const seen of results.slice(51, 91)) expect(seen).toEqual([]);
      expect(await prisma.user.count({ where: { organisationId: org.id } })).toBe(50);
      expect(await prisma.user.count({ where: { organisationId: org.id, active: false } })).toBe(10);
    }, 30_000);

    it('checkDatabase answers ok while open', async () => {
      expect(await checkDatabase(database.prisma)).toMatchObject({ ok: true });
    });
  });
});

describe('openDatabase with a bad DATABASE_URL', () => {
  const cases: [string, string, RegExp][] = [
    ['not a URL', 'vigil database on localhost', /^DATABASE_URL is not a URL/],
    ['another scheme', 'mysql://u:p@localhost/vigil', /^DATABASE_URL has scheme "mysql"/],
    [
      'nothing listening',
      'postgres://u:secret@127.0.0.1:1/vigil',
      /^DATABASE_URL \(127\.0\.0\.1:1\/vigil\) is unusable: connection refused/,
    ],
    [
      'unknown host',
      'postgres://u:secret@no-such-host.invalid:5432/vigil',
      /^DATABASE_URL \(no-such-host\.invalid:5432\/vigil\) is unusable: host name not found/,
    ],
  ];
  it.each(cases)('%s: one line naming DATABASE_URL, no password', async (_label, databaseUrl, expected) => {
    const error = await openDatabase({ databaseUrl, dataDir: '/nonexistent' }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toMatch(expected);
    expect(error?.message).not.toContain('\n');
    expect(error?.message).not.toContain('secret');
  });
});

(realPostgresUrl ? describe : describe.skip)(`real PostgreSQL${realPostgresUrl ? '' : ` (${realPostgresSkipReason})`}`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshRealDatabase('app');
    drop = fresh.drop;
    database = await openDatabase({ databaseUrl: fresh.url, dataDir: '/nonexistent' });
    expect(database.embedded).toBe(false);
    await applyMigrations(database.url);
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  databaseContract(() => database);

  it('names the problem when the database does not exist', async () => {
    const url = new URL(realPostgresUrl!);
    url.pathname = '/vigil_no_such_database';
    await expect(openDatabase({ databaseUrl: url.toString(), dataDir: '/nonexistent' })).rejects.toThrow(
      /^DATABASE_URL \(.*\/vigil_no_such_database\) is unusable: database "vigil_no_such_database" does not exist$/,
    );
  });
});

/** What the app relies on, on the embedded database and on a real PostgreSQL alike. */
function databaseContract(db: () => Database) {
  it('round-trips a case with its timeline', async () => {
    const { prisma } = db();
    const org = await prisma.organisation.create({ data: { name: 'ASTRA' } });
    const worker = await prisma.user.create({ data: user(org.id, 'worker', 'CASEWORKER') });
    const coordinator = await prisma.user.create({ data: user(org.id, 'coord', 'COORDINATOR') });
    const identifiedAt = new Date('2021-03-01T09:00:00.000Z');
    const created = await prisma.case.create({
      data: {
        organisationId: org.id,
        caseCode: 'BG-2021-4769',
        riskLevel: 'HIGH',
        caseworkerId: worker.id,
        coordinatorId: coordinator.id,
        workflowId: `case-${org.id}-4769`,
        identifiedAt,
        nextDueAt: new Date('2021-03-02T09:00:00.000Z'),
        timeline: {
          create: [
            {
              kind: 'hearing.scheduled',
              at: new Date('2021-03-10T08:00:00.000Z'),
              detail: { hearingKind: 'main' },
              idempotencyKey: 'k-hearing',
            },
            {
              kind: 'assessment.completed',
              at: new Date('2021-03-01T12:00:00.000Z'),
              detail: { riskLevel: 'HIGH', measures: ['escort'] },
              idempotencyKey: 'k-assess',
            },
          ],
        },
      },
    });

    const read = await prisma.case.findUniqueOrThrow({
      where: { organisationId_caseCode: { organisationId: org.id, caseCode: 'BG-2021-4769' } },
      include: { timeline: { orderBy: { at: 'asc' } }, caseworker: true },
    });
    expect(read).toMatchObject({ id: created.id, stage: 'IDENTIFIED', riskLevel: 'HIGH', identifiedAt, closedAt: null });
    expect(read.caseworker.email).toBe('worker@example.org');
    expect(read.timeline.map((e) => [e.kind, e.detail])).toEqual([
      ['assessment.completed', { riskLevel: 'HIGH', measures: ['escort'] }],
      ['hearing.scheduled', { hearingKind: 'main' }],
    ]);
    expect(read.timeline[0].recordedAt).toBeInstanceOf(Date);
  });

  it('writes a timeline entry once per idempotency key (upsert and createMany skipDuplicates)', async () => {
    const { prisma } = db();
    const { id: caseId } = await prisma.case.findFirstOrThrow({ where: { caseCode: 'BG-2021-4769' } });
    const entry = {
      caseId,
      kind: 'reminder.sent',
      at: new Date('2021-03-01T20:00:00.000Z'),
      detail: { attempt: 1 },
      idempotencyKey: 'wf-1/act-7',
    };

    const upsert = () => prisma.caseTimelineEntry.upsert({ where: { idempotencyKey: entry.idempotencyKey }, create: entry, update: {} });
    const first = await upsert();
    const retried = await upsert();
    expect(retried.id).toBe(first.id);

    const again = { ...entry, idempotencyKey: 'wf-1/act-8', detail: { attempt: 2 } };
    expect(await prisma.caseTimelineEntry.createMany({ data: [again], skipDuplicates: true })).toEqual({ count: 1 });
    expect(await prisma.caseTimelineEntry.createMany({ data: [{ ...again, detail: { attempt: 3 } }], skipDuplicates: true })).toEqual({
      count: 0,
    });

    const stored = await prisma.caseTimelineEntry.findMany({
      where: { caseId, kind: 'reminder.sent' },
      orderBy: { idempotencyKey: 'asc' },
    });
    expect(stored.map((e) => e.detail)).toEqual([{ attempt: 1 }, { attempt: 2 }]);
  });

  it('enforces the constraints the schema promises', async () => {
    const { prisma } = db();
    const org = await prisma.organisation.create({ data: { name: 'Constraints' } });
    await prisma.user.create({ data: user(org.id, 'dup') });
    await expect(prisma.user.create({ data: user(org.id, 'dup') })).rejects.toMatchObject({ code: 'P2002' });
    await expect(prisma.contact.create({ data: { organisationId: org.id, displayName: 'Duty', phone: '064 123 456' } })).rejects.toThrow(
      /contacts_phone_e164_check/,
    );
    await expect(prisma.contact.create({ data: { organisationId: org.id, displayName: 'Duty', language: 'de' } })).rejects.toThrow(
      /contacts_language_check/,
    );
    const contact = await prisma.contact.create({ data: { organisationId: org.id, displayName: 'Duty', phone: '+381641234567' } });
    expect(contact).toMatchObject({ language: 'sr-Latn', timeZone: 'Europe/Belgrade' });
  });
}

function user(organisationId: string, handle: string, role: 'ADMIN' | 'COORDINATOR' | 'CASEWORKER' = 'CASEWORKER') {
  return { organisationId, email: `${handle}@example.org`, displayName: handle, role };
}

async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(text);
    return (Array.isArray(result) ? result[result.length - 1] : result).rows;
  } finally {
    await client.end();
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function withPassword(url: string, password: string): string {
  const changed = new URL(url);
  changed.password = password;
  return changed.toString();
}

/** StartupMessage, protocol 3.0, user and database postgres. */
function startupMessage(): Buffer {
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0', 'latin1');
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + params.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, params]);
}

function queryMessage(text: string): Buffer {
  const body = Buffer.from(`${text}\0`, 'latin1');
  const head = Buffer.alloc(5);
  head.write('Q', 0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** Writes the messages, then collects everything the server answers until it closes the connection. */
async function rawExchange(port: number, messages: Buffer[]): Promise<Buffer> {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => socket.write(Buffer.concat(messages)));
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
  return Buffer.concat(chunks);
}
