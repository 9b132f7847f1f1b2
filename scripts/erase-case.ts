/**
 * `npm run --silent case:erase -- --case <id> --reason "..." --by admin@example.org`: erases one
 * case's personal data now and ends its workflow, exactly as POST /cases/{id}/erasure does; the
 * erasure record names the admin (of the case's organisation) on whose behalf it was done, and
 * why. Needs DATABASE_URL, TEMPORAL_ADDRESS and VIGIL_DATA_KEY, like `npm run worker`; on the
 * embedded defaults of `npm start`, use the API instead. Exit 2 on invalid arguments.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { textProblem } from '../domain/text';
import { CaseNotFoundError, eraseCase } from '../services/erasure';
import { email } from '../services/inputs';
import { connectDeployment } from '../platform/deployment';
import { log } from '../platform/logger';
import { connectClient } from '../platform/temporal';
import { runCommand } from './command';

const USAGE = 'usage: npm run --silent case:erase -- --case CASE_ID --reason "why (no personal data)" --by ADMIN_EMAIL';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { case: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' } } });
  const problems = [
    z.uuid().safeParse(values.case).success ? null : '--case: must be the case id (a UUID)',
    z.string().trim().min(10).max(500).safeParse(values.reason).success ? null : '--reason: must say why, in 10 to 500 characters',
    values.reason && textProblem(values.reason, 'free-text') ? `--reason: ${textProblem(values.reason, 'free-text')}` : null,
    email.safeParse(values.by).success ? null : "--by: must be the email of an admin of the case's organisation",
  ].filter(Boolean);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
    return 2;
  }
  const { target, database, codec } = await connectDeployment();
  const client = await connectClient(target, log, codec);
  try {
    const { prisma } = database;
    const found = await prisma.case.findUnique({ where: { id: values.case! }, select: { organisationId: true } });
    const admin =
      found &&
      (await prisma.user.findFirst({
        where: { organisationId: found.organisationId, email: values.by!.toLowerCase(), role: 'ADMIN', active: true },
      }));
    if (!found) throw new CaseNotFoundError(`--case: no case ${values.case}`);
    if (!admin) {
      process.stderr.write(`--by: no active admin ${values.by} in the case's organisation\n`);
      return 2;
    }
    const result = await eraseCase(
      { prisma, temporal: client, log },
      {
        caseId: values.case!,
        via: 'request',
        requestedById: admin.id,
        reason: values.reason!.trim(),
      },
    );
    switch (result.outcome) {
      case 'erased':
        process.stdout.write(`erased: ${JSON.stringify(result.erasure.erased)}; erasure ${result.erasure.id}\n`);
        return 0;
      case 'already-erased':
        process.stdout.write(`already erased on ${result.erasure?.at.toISOString() ?? 'an earlier run'}; nothing to do\n`);
        return 0;
      case 'visit-in-progress':
        process.stderr.write(`field visit ${result.visitCode} of this case is under way: erase the case once it has ended\n`);
        return 1;
      default:
        throw new Error(`unexpected outcome ${result.outcome}`);
    }
  } finally {
    await client.connection.close();
    await database.close();
  }
}

runCommand(main, 'case:erase failed');
