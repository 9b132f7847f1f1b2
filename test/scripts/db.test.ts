import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations, checkDrift, createMigration, defaultLayout, migrationStatus, type SchemaLayout } from '../../scripts/db';
import { startEmbeddedPostgres } from '../../platform/embedded-postgres';
import { freshRealDatabase, realPostgresSkipReason, realPostgresUrl, tempDir } from '../support/database';

const repoMigrations = fs
  .readdirSync(defaultLayout.migrationsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** A copy of prisma/ in a temp folder, to change without touching the repo. */
function copyOfRepoSchema(): SchemaLayout & { cleanup(): void } {
  const { dir, cleanup } = tempDir('schema');
  fs.cpSync(path.dirname(defaultLayout.schemaPath), dir, { recursive: true });
  return { schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations'), cleanup };
}

describe('schema.prisma and prisma/migrations', () => {
  it('agree (no drift in the repository)', async () => {
    const report = await checkDrift();
    expect(report).toEqual({ inSync: true, summary: '', sql: '' });
  });

  it('a changed schema is reported as drift, and `new` turns it into a migration', async () => {
    const layout = copyOfRepoSchema();
    try {
      const schema = fs.readFileSync(layout.schemaPath, 'utf8');
      fs.writeFileSync(
        layout.schemaPath,
        schema.replace('  closedAt       DateTime?', '  closedReason   String?\n  closedAt       DateTime?'),
      );

      const drift = await checkDrift(layout);
      expect(drift.inSync).toBe(false);
      expect(drift.summary).toContain('cases');
      expect(drift.sql).toMatch(/ALTER TABLE "cases" ADD COLUMN\s+"closedReason" TEXT/);

      const dir = await createMigration('Case closed reason', layout);
      expect(path.basename(dir!)).toMatch(/^\d{14}_case_closed_reason$/);
      expect(fs.readFileSync(path.join(dir!, 'migration.sql'), 'utf8')).toContain('"closedReason" TEXT');
      expect((await checkDrift(layout)).inSync).toBe(true);
      expect(await createMigration('nothing', layout)).toBeNull();
    } finally {
      layout.cleanup();
    }
  });
});

/** The same assertions on the embedded database and on a real PostgreSQL. */
function migrationsOn(open: () => Promise<{ url: string; close(): Promise<void> }>) {
  let db: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db?.close());

  it('applies every migration once; a second apply is a no-op; status says up to date', async () => {
    expect((await migrationStatus(db.url)).pending).toEqual(repoMigrations);
    expect(await applyMigrations(db.url)).toEqual(repoMigrations);
    expect(await applyMigrations(db.url)).toEqual([]);
    expect(await migrationStatus(db.url)).toEqual({
      applied: repoMigrations,
      pending: [],
      failed: [],
      edited: [],
      unknown: [],
      upToDate: true,
    });
  });

  it('records _prisma_migrations rows as `prisma migrate deploy` does (sha256 of migration.sql)', async () => {
    const rows = await query(
      db.url,
      'select migration_name, checksum, finished_at, rolled_back_at, applied_steps_count from _prisma_migrations order by migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(repoMigrations);
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(defaultLayout.migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(crypto.createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('a failing migration is rolled back whole, recorded as failed, and makes status fail', async () => {
    const layout = copyOfRepoSchema();
    try {
      const broken = path.join(layout.migrationsDir, '29991231000000_broken');
      fs.mkdirSync(broken);
      fs.writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT 1/0;\n');

      await expect(applyMigrations(db.url, layout)).rejects.toThrow(/division by zero/);
      const status = await migrationStatus(db.url, layout);
      expect(status.failed).toEqual(['29991231000000_broken']);
      expect(status.upToDate).toBe(false);
      expect(await query(db.url, `select to_regclass('public.half_done') as t`)).toEqual([{ t: null }]);
    } finally {
      layout.cleanup();
    }
  });
}

async function query(url: string, sql: string): Promise<Record<string, any>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrations on the embedded database', () => {
  migrationsOn(async () => {
    const { dir, cleanup } = tempDir('migrate');
    const server = await startEmbeddedPostgres({ dataDir: dir });
    return {
      url: server.url,
      close: async () => {
        await server.stop();
        cleanup();
      },
    };
  });
});

(realPostgresUrl ? describe : describe.skip)(
  `migrations on a real PostgreSQL${realPostgresUrl ? '' : ` (${realPostgresSkipReason})`}`,
  () => {
    migrationsOn(async () => {
      const db = await freshRealDatabase('migrate');
      return { url: db.url, close: db.drop };
    });
  },
);
