/**
 * Rotation of the data key on a real database: values written with key 1 stay readable once key
 * 2 is current; `keys:rotate` (reencryptAll) moves every encrypted column of every table to key
 * 2, interrupted after one batch and resumed, without overwriting a concurrent write; after it
 * nothing is under key 1, and key 1 can be removed.
 */
import path from 'node:path';
import type { PrismaClient } from '../../generated/prisma/client';
import { ConfigError, loadConfig } from '../../platform/config';
import { openDatabase, type Database } from '../../platform/database';
import { ENCRYPTED_COLUMNS } from '../../platform/encrypted-columns';
import { createFieldCipher, keyId, type FieldCipher } from '../../platform/field-encryption';
import { reencryptAll, valuesNotUnder, type RotationProgress } from '../../platform/key-rotation';
import { applyMigrations } from '../../scripts/db';
import { freshRealDatabase, realPostgresSkipReason, realPostgresUrl, tempDir } from '../support/database';

const key1 = Buffer.alloc(32, 11);
const key2 = Buffer.alloc(32, 22);
const key3 = Buffer.alloc(32, 33);
/** Rows per table: with batches of 4, every column takes several batches. */
const ROWS = 9;

interface Stored {
  table: string;
  column: string;
  id: string;
  context: string;
  plaintext: string;
}

/** An organisation with a case, and ROWS rows in every table with encrypted columns, all under `cipher`. */
async function seed(prisma: PrismaClient, cipher: FieldCipher): Promise<Stored[]> {
  const org = await prisma.organisation.create({ data: { name: `Rotation ${Date.now()}` } });
  const person = (role: 'CASEWORKER' | 'COORDINATOR') =>
    prisma.user.create({ data: { organisationId: org.id, email: `${role}-${org.id}@rotation.test`, displayName: role, role } });
  const [worker, coordinator] = [await person('CASEWORKER'), await person('COORDINATOR')];
  const c = await prisma.case.create({
    data: {
      organisationId: org.id,
      caseCode: 'ROT-1',
      riskLevel: 'HIGH',
      caseworkerId: worker.id,
      coordinatorId: coordinator.id,
      workflowId: `case-rotation-${org.id}`,
      identifiedAt: new Date(),
    },
  });
  const stored: Stored[] = [];
  /** Encrypts each column's text for its row and remembers it. */
  const encrypt = (table: string, id: string, ownerId: string, i: number) =>
    Object.fromEntries(
      ENCRYPTED_COLUMNS.filter((spec) => spec.table === table).map((spec) => {
        const plaintext = `${table}.${spec.column} #${i}: Marija P., Ulica 12, Beograd`;
        const context = spec.context(ownerId);
        stored.push({ table, column: spec.column, id, context, plaintext });
        return [spec.column, cipher.encrypt(plaintext, context)];
      }),
    );
  const base = { organisationId: org.id, recordedById: worker.id, at: new Date() };
  for (let i = 0; i < ROWS; i++) {
    const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
    await prisma.assessment.create({
      data: { ...base, id: ids[0], caseId: c.id, riskLevel: 'HIGH', measures: [], ...encrypt('assessments', ids[0], c.id, i) },
    });
    await prisma.incident.create({
      data: { ...base, id: ids[1], caseId: c.id, incidentType: 'THREAT', severity: 'HIGH', ...encrypt('incidents', ids[1], c.id, i) },
    });
    await prisma.selfAssessment.create({
      data: { ...base, id: ids[2], scores: {}, riskLevel: 'LOW', ...encrypt('self_assessments', ids[2], ids[2], i) },
    });
    await prisma.fieldVisit.create({
      data: {
        id: ids[3],
        organisationId: org.id,
        userId: worker.id,
        caseId: c.id,
        visitCode: `V-${i}-${ids[3].slice(0, 6)}`,
        workflowId: `visit-${ids[3]}`,
        safetyContactIds: [],
        startedAt: new Date(),
        expectedEndAt: new Date(Date.now() + 3_600_000),
        ...encrypt('field_visits', ids[3], ids[3], i),
      },
    });
    // An alert's id is its workflow's (with slashes): its note is bound to, and found by, its public UUID.
    await prisma.alert.create({
      data: {
        id: `${c.workflowId}/alert/${i}`,
        publicId: ids[4],
        organisationId: org.id,
        caseId: c.id,
        trigger: 'incident.threat',
        ackCode: 'ABC123',
        raisedAt: new Date(),
        ...encrypt('alerts', ids[4], ids[4], i),
      },
    });
  }
  return stored;
}

async function valueOf(prisma: PrismaClient, { table, column, id }: Pick<Stored, 'table' | 'column' | 'id'>): Promise<string> {
  const key = ENCRYPTED_COLUMNS.find((spec) => spec.table === table && spec.column === column)?.key ?? 'id';
  const [row] = await prisma.$queryRawUnsafe<{ value: string }[]>(
    `SELECT "${column}" AS value FROM "${table}" WHERE "${key}" = $1::uuid`,
    id,
  );
  return row.value;
}

function rotationContract(db: () => Database) {
  it('key 1 stays readable under key 2; an interrupted, then resumed rotation leaves nothing under key 1, keeps a concurrent write, and key 1 can go', async () => {
    const { prisma } = db();
    const stored = await seed(prisma, createFieldCipher(key1));
    const columns = ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`);
    expect(Object.keys(await valuesNotUnder(prisma, keyId(key2)))).toEqual(columns);

    // Key 2 current, key 1 previous: everything written with key 1 still reads.
    const rotated = createFieldCipher(key2, [key1]);
    for (const s of stored) expect(rotated.decrypt(await valueOf(prisma, s), s.context)).toBe(s.plaintext);

    // Interrupted after its first batch.
    const stop = new AbortController();
    const firstRun: RotationProgress[] = [];
    const first = await reencryptAll(prisma, rotated, {
      batchSize: 4,
      signal: stop.signal,
      onProgress: (p) => {
        firstRun.push(p);
        stop.abort();
      },
    });
    expect(first).toMatchObject({ complete: false, reencrypted: 4, changedMeanwhile: 0, unreadable: [] });
    expect(firstRun).toEqual([{ column: 'assessments.notesEncrypted', pending: ROWS, reencrypted: 4, changedMeanwhile: 0, unreadable: 0 }]);
    const left = await valuesNotUnder(prisma, keyId(key2));
    expect(left['assessments.notesEncrypted']).toBe(ROWS - 4);
    expect(Object.values(left).reduce((a, b) => a + b)).toBe(stored.length - 4);

    // Resumed, while the API rewrites one incident description (with key 2) between the
    // rotation's read and its write: the rotation must keep the API's value.
    const target = stored.find((s) => s.table === 'incidents')!;
    const targetValue = await valueOf(prisma, target);
    const apiValue = rotated.encrypt('rewritten by the API meanwhile', target.context);
    let concurrentWrite: Promise<unknown> | undefined;
    const racing: FieldCipher = {
      ...rotated,
      currentKeyId: rotated.currentKeyId,
      decrypt(value, context) {
        // Sent now (Prisma queries are lazy until then'd), on the same one connection ahead of
        // the batch's UPDATE: it lands between the rotation's read and its write.
        if (value === targetValue && !concurrentWrite) {
          concurrentWrite = prisma
            .$executeRawUnsafe(`UPDATE incidents SET "descriptionEncrypted" = $1 WHERE id = $2::uuid`, apiValue, target.id)
            .then(() => undefined);
        }
        return rotated.decrypt(value, context);
      },
    };
    const progress: RotationProgress[] = [];
    const second = await reencryptAll(prisma, racing, { batchSize: 4, onProgress: (p) => progress.push(p) });
    await concurrentWrite;
    expect(second).toMatchObject({ complete: true, reencrypted: stored.length - 4 - 1, changedMeanwhile: 1, unreadable: [] });
    // Progress per batch of each column: 4 + 4 + 1 rows, the first column resumed with 5 left.
    expect(progress.map((p) => [p.column, p.reencrypted + p.changedMeanwhile])).toEqual([
      ['assessments.notesEncrypted', 4],
      ['assessments.notesEncrypted', 5],
      ...columns.slice(1).flatMap((column) => [
        [column, 4],
        [column, 8],
        [column, 9],
      ]),
    ]);
    expect(await valueOf(prisma, target)).toBe(apiValue);

    // Nothing is under key 1 any more; a third run finds nothing to do.
    expect(await valuesNotUnder(prisma, keyId(key2))).toEqual(Object.fromEntries(columns.map((c) => [c, 0])));
    expect(await reencryptAll(prisma, rotated)).toEqual({ complete: true, reencrypted: 0, changedMeanwhile: 0, unreadable: [] });

    // Key 1 removed: every value still reads, with its original text.
    const keyTwoOnly = createFieldCipher(key2);
    for (const s of stored) {
      expect(keyTwoOnly.decrypt(await valueOf(prisma, s), s.context)).toBe(s === target ? 'rewritten by the API meanwhile' : s.plaintext);
    }
  });

  it('a value no configured key reads is reported by table, column and row, and the rest is still rotated', async () => {
    const { prisma } = db();
    const stored = await seed(prisma, createFieldCipher(key1));
    const lost = stored.find((s) => s.table === 'field_visits' && s.column === 'withWhomEncrypted')!;
    await prisma.$executeRawUnsafe(
      `UPDATE field_visits SET "withWhomEncrypted" = $1 WHERE id = $2::uuid`,
      createFieldCipher(key3).encrypt('under a lost key', lost.context),
      lost.id,
    );
    const result = await reencryptAll(prisma, createFieldCipher(key2, [key1]), { batchSize: 4 });
    expect(result.unreadable).toEqual([
      { column: 'field_visits.withWhomEncrypted', id: lost.id, problem: `encrypted with key ${keyId(key3)}, which is not configured` },
    ]);
    // Only the lost value is left (other organisations' rows were rotated by the test before).
    expect((await valuesNotUnder(prisma, keyId(key2)))['field_visits.withWhomEncrypted']).toBe(1);
  });
}

describe('key rotation on the embedded database', () => {
  const temp = tempDir('rotation');
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: path.join(temp.dir, 'db') });
    await applyMigrations(database.url);
  });
  afterAll(async () => {
    await database?.close();
    temp.cleanup();
  });
  rotationContract(() => database);
});

(realPostgresUrl ? describe : describe.skip)(
  `key rotation on a real PostgreSQL${realPostgresUrl ? '' : ` (${realPostgresSkipReason})`}`,
  () => {
    let database: Database;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const fresh = await freshRealDatabase('rotation');
      drop = fresh.drop;
      database = await openDatabase({ databaseUrl: fresh.url, dataDir: '' });
      await applyMigrations(database.url);
    });
    afterAll(async () => {
      await database?.close();
      await drop?.();
    });
    rotationContract(() => database);
  },
);

describe('VIGIL_DATA_KEYS_PREVIOUS', () => {
  const b64 = (key: Buffer) => key.toString('base64');
  const problem = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('reads comma-separated keys', () => {
    const config = loadConfig({ VIGIL_DATA_KEY: b64(key2), VIGIL_DATA_KEYS_PREVIOUS: ` ${b64(key1)} , ${b64(key3)}` });
    expect(config.previousDataKeys).toEqual([key1, key3]);
    expect(loadConfig({}).previousDataKeys).toEqual([]);
  });

  it('names the variable and which key is wrong, never the key', () => {
    const short = Buffer.alloc(16, 9).toString('base64');
    const message = problem({ VIGIL_DATA_KEY: b64(key2), VIGIL_DATA_KEYS_PREVIOUS: `${b64(key1)},${short}` });
    expect(message).toMatch(/^VIGIL_DATA_KEYS_PREVIOUS: key 2 of 2 must be 32 random bytes in base64/);
    expect(message).not.toContain(short);
    const same = problem({ VIGIL_DATA_KEY: b64(key2), VIGIL_DATA_KEYS_PREVIOUS: b64(key2) });
    expect(same).toBe(`VIGIL_DATA_KEYS_PREVIOUS: key 1 of 1 (id ${keyId(key2)}) is VIGIL_DATA_KEY itself: list only older keys`);
    expect(problem({ VIGIL_DATA_KEYS_PREVIOUS: `${b64(key1)},${b64(key1)}` })).toContain('key 2 of 2 (id');
    for (const m of [message, same]) for (const k of [key1, key2]) expect(m).not.toContain(b64(k));
  });
});
