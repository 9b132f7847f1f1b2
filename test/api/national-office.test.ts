/**
 * The national coordination office's user (role NATIONAL_OFFICE): made by the `national-office`
 * command, they sign in, read /me, change their password and read the installation-wide
 * evaluation; every route where case data lives refuses them (403), on the real stack.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ApiClient, openCaseFor, seedOrganisation, signIn, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

const run = promisify(execFile);

let stack: Stack;
let org: Organisation;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Astra');
});
afterAll(() => stack?.stop());

/** The command, asynchronously: the embedded database answering it runs in this process. */
async function nationalOffice(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/national-office.ts', ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATABASE_URL: stack.database.url, LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const passwordIn = (stdout: string) => /password: (\S+)/.exec(stdout)![1];

test('the command makes national-office users in one office of their own, printing each password once', async () => {
  const first = await nationalOffice('--email', 'Analyst@Office.gov', '--name', 'Analyst');
  expect(first.code).toBe(0);
  expect(first.stdout.match(/password: /g)).toHaveLength(1);
  const second = await nationalOffice('--email', 'head@office.gov', '--name', 'Head of office');
  expect(second.code).toBe(0);

  const users = await stack.database.prisma.user.findMany({ where: { role: 'NATIONAL_OFFICE' }, include: { organisation: true } });
  expect(users.map((u) => [u.email, u.displayName, u.organisation.name])).toEqual([
    ['analyst@office.gov', 'Analyst', 'National coordination office'],
    ['head@office.gov', 'Head of office', 'National coordination office'],
  ]);
  expect(users[0].organisationId).toBe(users[1].organisationId);
  // The office holds nobody else, and no case.
  expect(await stack.database.prisma.user.count({ where: { organisationId: users[0].organisationId } })).toBe(2);
  expect(await stack.database.prisma.case.count({ where: { organisationId: users[0].organisationId } })).toBe(0);
  // The printed password is the one that signs in, and it is stored only as a hash.
  expect(users[0].passwordHash).not.toContain(passwordIn(first.stdout));
  expect(
    (await new ApiClient(stack.apiUrl).post('/auth/login', { email: 'analyst@office.gov', password: passwordIn(first.stdout) })).status,
  ).toBe(200);

  const again = await nationalOffice('--email', 'analyst@office.gov', '--name', 'Analyst');
  expect([again.code, again.stdout]).toEqual([1, '']);
  expect(again.stderr).toBe(
    'cannot create the national office user: the national office already has a user with the email analyst@office.gov\n',
  );
}, 120_000);

test('a national-office user signs in, reads /me, changes their password and reads the national evaluation', async () => {
  const { stdout } = await nationalOffice('--email', 'reader@office.gov', '--name', 'Reader');
  const office = await signIn(stack.apiUrl, 'reader@office.gov', passwordIn(stdout));
  expect((await office.get('/me')).body).toMatchObject({ email: 'reader@office.gov', displayName: 'Reader', role: 'NATIONAL_OFFICE' });

  const changed = await office.put('/me/password', {
    currentPassword: passwordIn(stdout),
    newPassword: 'a new long passphrase',
    revokeTokens: false,
  });
  expect(changed.status).toBe(204);
  expect((await new ApiClient(stack.apiUrl).post('/auth/login', { email: 'reader@office.gov', password: passwordIn(stdout) })).status).toBe(
    401,
  );
  const again = await signIn(stack.apiUrl, 'reader@office.gov', 'a new long passphrase');

  const national = await again.get('/evaluation/national');
  expect([national.status, national.body.scope]).toEqual([200, 'national']);
  const csv = await again.get('/evaluation/national.csv?table=timelinessByRule');
  expect([csv.status, csv.contentType, csv.text.split('\r\n')[0]]).toEqual([
    200,
    'text/csv; charset=utf-8',
    'rule,due,onTime,late,notDone,onTimePercent,lateMedianHours,lateP90Hours,cases',
  ]);
  const report = await again.get('/evaluation/national/report.html');
  expect([report.status, report.contentType]).toEqual([200, 'text/html; charset=utf-8']);
  expect((await again.post('/auth/logout')).status).toBe(204);
  expect((await again.get('/me')).status).toBe(401);
}, 120_000);

test('every route where case data lives refuses a national-office user (403)', async () => {
  const { stdout } = await nationalOffice('--email', 'curious@office.gov', '--name', 'Curious');
  const office = await signIn(stack.apiUrl, 'curious@office.gov', passwordIn(stdout));
  const opened = await openCaseFor(org);
  const visit = await org.caseworker.api.post('/field-visits', {
    expectedEndAt: new Date(Date.now() + 3_600_000).toISOString(),
    safetyContactIds: [(await org.admin.api.post('/contacts', { displayName: 'Police', phone: '+381641239999' })).body.id],
  });
  expect(visit.status).toBe(201);
  const refused: [string, string, unknown?][] = [
    ['GET', '/cases'],
    ['GET', `/cases/${opened.id}`],
    ['GET', `/cases/${opened.id}/timeline`],
    ['POST', `/cases/${opened.id}/assessments`, { riskLevel: 'LOW' }],
    ['POST', '/cases', { caseCode: 'NO-1', riskLevel: 'LOW' }],
    ['GET', '/alerts'],
    ['GET', '/dashboard'],
    ['GET', '/me/tasks'],
    ['GET', '/evaluation'],
    ['GET', '/evaluation.csv?table=missedDanger'],
    ['GET', '/evaluation/report.html'],
    ['GET', '/field-visits'],
    ['GET', `/field-visits/${visit.body.id}`],
    ['POST', '/field-visits', { expectedEndAt: new Date(Date.now() + 3_600_000).toISOString() }],
    ['GET', '/safety'],
    ['GET', '/self-assessments'],
    ['GET', '/users'],
    ['GET', '/contacts'],
    ['GET', '/audit'],
    ['POST', '/codec/decode', { payloads: [] }],
    ['POST', '/me/calendar-feed'],
  ];
  const answers = [];
  for (const [method, route, body] of refused) {
    const answer = await office.request(method, route, body);
    answers.push([method, route, answer.status, answer.contentType.split(';')[0]]);
  }
  expect(answers).toEqual(refused.map(([method, route]) => [method, route, 403, 'application/problem+json']));
  expect(await stack.database.prisma.case.count({ where: { caseCode: 'NO-1' } })).toBe(0);
}, 120_000);
