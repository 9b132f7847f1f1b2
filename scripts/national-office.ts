/**
 * `npm run --silent national-office -- --email EMAIL --name NAME`: a user of the national
 * coordination office (role NATIONAL_OFFICE: the installation-wide evaluation, small cells
 * suppressed, and no case), from the command line; prints the password once. Like
 * `organisation`, it works on DATABASE_URL, or on the embedded database while `npm start` is
 * stopped, and applies pending migrations first.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { applyMigrations } from './db';
import { createNationalOfficeUser } from '../services/organisations';
import { email, singleLine } from '../services/inputs';
import { runCommand } from './command';

const USAGE = 'usage: npm run --silent national-office -- --email office@example.org --name "Display name"';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  const address = email.safeParse(values.email);
  const name = singleLine(200).safeParse(values.name);
  if (!address.success || !name.success) {
    const problems = [
      !address.success && '--email: must be an email address',
      !name.success && '--name: must be the display name, one line',
    ];
    process.stderr.write(`${problems.filter(Boolean).join('\n')}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'postgres') });
  try {
    await applyMigrations(database.url);
    const created = await createNationalOfficeUser(database.prisma, address.data, name.data);
    process.stdout.write(
      `National office user ${created.email} (organisation ${created.organisationId})\n` +
        `  password: ${created.password}  (shown once, stored only as a hash: sign in with POST /auth/login;\n` +
        `            reads GET /evaluation/national, .csv and /report.html, and no case)\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(main, 'cannot create the national office user');
