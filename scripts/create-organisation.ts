/**
 * `npm run --silent organisation -- --name NAME --admin EMAIL`: a new organisation and its first
 * admin, from the command line; prints the admin's password once. Works on DATABASE_URL, or on
 * the embedded database when `npm start` is not running (PGlite serves one process at a time).
 * Applies pending migrations first, so it also works on a new database.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { applyMigrations } from './db';
import { createOrganisation } from '../services/organisations';
import { email, singleLine } from '../services/inputs';
import { runCommand } from './command';

const USAGE = 'usage: npm run --silent organisation -- --name "Organisation name" --admin admin@example.org';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, admin: { type: 'string' } } });
  const name = singleLine(200).safeParse(values.name);
  const admin = email.safeParse(values.admin);
  if (!name.success || !admin.success) {
    process.stderr.write(`${!name.success ? '--name: must be the organisation name' : '--admin: must be an email address'}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'postgres') });
  try {
    await applyMigrations(database.url);
    const created = await createOrganisation(database.prisma, name.data, admin.data);
    process.stdout.write(
      `Organisation "${name.data}" (${created.organisationId})\n` +
        `  admin:    ${created.email}\n  password: ${created.password}  (shown once, stored only as a hash: sign in with POST /auth/login)\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(main, 'cannot create the organisation');
