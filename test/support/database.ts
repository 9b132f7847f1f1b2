import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A fresh directory under os.tmpdir(); `cleanup` removes it. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vigil-${prefix}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The real PostgreSQL for this run, or why its tests are skipped. */
export const realPostgresUrl = process.env.TEST_DATABASE_URL;
export const realPostgresSkipReason = 'skipped: TEST_DATABASE_URL is not set (e.g. postgres://vigil:vigil@127.0.0.1:5432/postgres)';

/**
 * A new, empty database on the TEST_DATABASE_URL server (its role needs CREATEDB), so reruns
 * start clean; `drop` removes it.
 */
export async function freshRealDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!realPostgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `vigil_test_${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(realPostgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: realPostgresUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
