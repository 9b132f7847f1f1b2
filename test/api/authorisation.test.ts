/**
 * Who may do what, as a table: every endpoint x every kind of caller (nobody, each role of the
 * organisation, a caseworker the case is not assigned to, another organisation's admin and
 * coordinator). Forbidden cells answer 401, 403 or 404 as a problem document and their answers
 * hold nothing of the other organisation or case. Then the audit log: exactly the requests made.
 */
import { ApiClient, eventually, openCaseFor, seedOrganisation, type Answer, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

type Caller = 'nobody' | 'admin' | 'coordinator' | 'caseworker' | 'otherCaseworker' | 'otherOrgAdmin' | 'otherOrgCoordinator';
type Role = 'ADMIN' | 'COORDINATOR' | 'CASEWORKER';
const CALLERS: Caller[] = ['nobody', 'admin', 'coordinator', 'caseworker', 'otherCaseworker', 'otherOrgAdmin', 'otherOrgCoordinator'];
const RANK: Record<Role, number> = { CASEWORKER: 1, COORDINATOR: 2, ADMIN: 3 };
const ROLE_OF: Record<Exclude<Caller, 'nobody'>, Role> = {
  admin: 'ADMIN',
  coordinator: 'COORDINATOR',
  caseworker: 'CASEWORKER',
  otherCaseworker: 'CASEWORKER',
  otherOrgAdmin: 'ADMIN',
  otherOrgCoordinator: 'COORDINATOR',
};

/** What the request names: ids of organisation A, made fresh by `prepare` where a request uses them up. */
interface Target {
  caseId: string;
  hearingId: string;
  alertKey: string;
  userId: string;
  contactId: string;
  tokenId: string;
}

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (t: Target) => string;
  body?: (t: Target) => unknown;
  /** The least role that may call it. */
  role: Role;
  /**
   * case: names one of A's cases (404 to other organisations and other caseworkers);
   * resource: names another of A's things (404 to other organisations);
   * list: answers the caller's own organisation's (other organisations see only their own);
   * own: names what belongs to A's caseworker (theirs and an admin's, 404 to anyone else).
   */
  scope: 'case' | 'resource' | 'list' | 'own';
  /** Cells whose answer is a 400 naming what is not the caller's (an id of another organisation). */
  invalidFor?: Caller[];
  /** Makes what the request uses up (a hearing to cancel, an alert to acknowledge). */
  prepare?: (t: Target) => Promise<Partial<Target>>;
}

let stack: Stack;
let a: Organisation;
let b: Organisation;
let base: Target;
let unique = 0;
const api = (caller: Caller): ApiClient =>
  caller === 'nobody'
    ? new ApiClient(stack.apiUrl)
    : {
        admin: a.admin,
        coordinator: a.coordinator,
        caseworker: a.caseworker,
        otherCaseworker: a.otherCaseworker,
        otherOrgAdmin: b.admin,
        otherOrgCoordinator: b.coordinator,
      }[caller].api;

async function scheduledHearing(t: Target, inDays = 30): Promise<Partial<Target>> {
  const hearingId = `h-${++unique}`;
  await a.coordinator.api.post(`/cases/${t.caseId}/hearings`, { hearingId, at: iso(Date.now() + inDays * DAY), kind: 'MAIN' });
  return { hearingId };
}
/** A hearing that has taken place (one cannot be marked held before its time). */
const pastHearing = (t: Target) => scheduledHearing(t, -1);

async function raisedAlert(t: Target): Promise<Partial<Target>> {
  const before = (await a.coordinator.api.get(`/alerts?caseId=${t.caseId}`)).body.alerts.length;
  await a.coordinator.api.post(`/cases/${t.caseId}/incidents`, { incidentType: 'THREAT', severity: 'HIGH' });
  const alerts = await eventually(
    async () => (await a.coordinator.api.get(`/alerts?caseId=${t.caseId}`)).body.alerts,
    (list: any[]) => list.length > before && list[0].state === 'ALERTING',
  );
  return { alertKey: alerts[0].alertKey };
}

const ROWS: Row[] = [
  { method: 'GET', path: () => '/users', role: 'COORDINATOR', scope: 'list' },
  {
    method: 'POST',
    path: () => '/users',
    body: () => ({ email: `new-${++unique}@example.org`, displayName: 'New', role: 'CASEWORKER' }),
    role: 'ADMIN',
    scope: 'list',
  },
  { method: 'GET', path: (t) => `/users/${t.userId}`, role: 'COORDINATOR', scope: 'resource' },
  { method: 'PATCH', path: (t) => `/users/${t.userId}`, body: () => ({ displayName: 'Caseworker' }), role: 'ADMIN', scope: 'resource' },
  { method: 'GET', path: () => '/contacts', role: 'COORDINATOR', scope: 'list' },
  {
    method: 'POST',
    path: () => '/contacts',
    body: () => ({ displayName: 'Shelter', email: 'shelter@example.org' }),
    role: 'ADMIN',
    scope: 'list',
  },
  { method: 'GET', path: (t) => `/contacts/${t.contactId}`, role: 'COORDINATOR', scope: 'resource' },
  { method: 'PATCH', path: (t) => `/contacts/${t.contactId}`, body: () => ({ language: 'sr-Latn' }), role: 'ADMIN', scope: 'resource' },
  {
    method: 'DELETE',
    path: (t) => `/contacts/${t.contactId}`,
    role: 'ADMIN',
    scope: 'resource',
    prepare: async () => ({
      contactId: (await a.admin.api.post('/contacts', { displayName: 'Spare', email: 'spare@example.org' })).body.id,
    }),
  },
  { method: 'GET', path: () => '/escalation-chain', role: 'COORDINATOR', scope: 'list' },
  {
    method: 'PUT',
    path: () => '/escalation-chain',
    body: (t) => ({ levels: [{ contactIds: [t.contactId] }] }),
    role: 'ADMIN',
    scope: 'list',
    invalidFor: ['otherOrgAdmin'],
  },
  { method: 'GET', path: () => '/audit', role: 'ADMIN', scope: 'list' },
  { method: 'GET', path: () => '/erasures', role: 'ADMIN', scope: 'list' },
  { method: 'GET', path: () => '/me', role: 'CASEWORKER', scope: 'list' },
  { method: 'GET', path: () => '/tokens', role: 'CASEWORKER', scope: 'list' },
  { method: 'POST', path: () => '/tokens', body: () => ({ name: 'import' }), role: 'CASEWORKER', scope: 'list' },
  {
    method: 'DELETE',
    path: (t) => `/tokens/${t.tokenId}`,
    role: 'CASEWORKER',
    scope: 'own',
    prepare: async () => ({ tokenId: (await a.caseworker.api.post('/tokens', { name: 'to revoke' })).body.id }),
  },
  { method: 'POST', path: () => '/me/calendar-feed', role: 'CASEWORKER', scope: 'list' },
  { method: 'DELETE', path: () => '/me/calendar-feed', role: 'CASEWORKER', scope: 'list' },
  {
    method: 'POST',
    path: () => '/cases',
    body: () => ({ caseCode: `M-${++unique}`, riskLevel: 'LOW', coordinatorId: a.coordinator.id }),
    role: 'CASEWORKER',
    scope: 'list',
    invalidFor: ['otherOrgAdmin', 'otherOrgCoordinator'],
  },
  { method: 'GET', path: () => '/cases', role: 'CASEWORKER', scope: 'list' },
  { method: 'GET', path: (t) => `/cases/${t.caseId}`, role: 'CASEWORKER', scope: 'case' },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/reassign`,
    body: () => ({ caseworkerId: a.caseworker.id }),
    role: 'COORDINATOR',
    scope: 'case',
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/close`,
    role: 'COORDINATOR',
    scope: 'case',
    prepare: async () => ({ caseId: (await openCaseFor(a)).id }),
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/reopen`,
    role: 'COORDINATOR',
    scope: 'case',
    prepare: async () => {
      const { id } = await openCaseFor(a);
      await a.coordinator.api.post(`/cases/${id}/close`);
      return { caseId: id };
    },
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/erasure`,
    body: () => ({ reason: 'authorisation matrix, ticket 1' }),
    role: 'ADMIN',
    scope: 'case',
    prepare: async () => ({ caseId: (await openCaseFor(a)).id }),
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/assessments`,
    body: () => ({ riskLevel: 'MEDIUM', notes: 'matrix' }),
    role: 'CASEWORKER',
    scope: 'case',
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/hearings`,
    body: () => ({ at: iso(Date.now() + 20 * DAY), kind: 'APPEAL' }),
    role: 'CASEWORKER',
    scope: 'case',
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/hearings/${t.hearingId}/move`,
    body: () => ({ at: iso(Date.now() + 21 * DAY) }),
    role: 'CASEWORKER',
    scope: 'case',
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/hearings/${t.hearingId}/cancel`,
    role: 'CASEWORKER',
    scope: 'case',
    prepare: scheduledHearing,
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/hearings/${t.hearingId}/held`,
    role: 'CASEWORKER',
    scope: 'case',
    prepare: pastHearing,
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/perpetrator-status`,
    body: () => ({ status: 'DETAINED' }),
    role: 'CASEWORKER',
    scope: 'case',
  },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/incidents`,
    body: () => ({ incidentType: 'APPROACH', severity: 'LOW', description: 'matrix' }),
    role: 'CASEWORKER',
    scope: 'case',
  },
  { method: 'POST', path: (t) => `/cases/${t.caseId}/relocations`, body: () => ({ kind: 'RELOCATED' }), role: 'CASEWORKER', scope: 'case' },
  { method: 'POST', path: (t) => `/cases/${t.caseId}/stage`, body: () => ({ stage: 'PROTECTION' }), role: 'CASEWORKER', scope: 'case' },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/schedule-preview`,
    body: () => ({ events: [{ type: 'assessment.completed', riskLevel: 'LOW' }] }),
    role: 'CASEWORKER',
    scope: 'case',
  },
  { method: 'GET', path: (t) => `/cases/${t.caseId}/timeline`, role: 'CASEWORKER', scope: 'case' },
  { method: 'GET', path: (t) => `/cases/${t.caseId}/deadlines`, role: 'CASEWORKER', scope: 'case' },
  { method: 'GET', path: () => '/alerts', role: 'CASEWORKER', scope: 'list' },
  {
    method: 'POST',
    path: (t) => `/cases/${t.caseId}/alerts/${encodeURIComponent(t.alertKey)}/acknowledge`,
    role: 'CASEWORKER',
    scope: 'case',
    prepare: raisedAlert,
  },
  { method: 'GET', path: () => '/dashboard', role: 'COORDINATOR', scope: 'list' },
  { method: 'GET', path: () => '/dashboard/ahead', role: 'COORDINATOR', scope: 'list' },
  { method: 'GET', path: () => '/self-assessments', role: 'COORDINATOR', scope: 'list' },
  {
    method: 'POST',
    path: () => '/self-assessments',
    body: () => ({
      scores: {
        internalTrafficking: 1,
        countryStatus: 3,
        victimsPerMonth: 1,
        organisedCrimeLinks: 1,
        criminalGroupCapacity: 1,
        stateResponseCapacity: 1,
        perceivedCorruption: 2,
        stateCommitment: 1,
      },
    }),
    role: 'COORDINATOR',
    scope: 'list',
  },
  { method: 'GET', path: () => '/organisation/settings', role: 'ADMIN', scope: 'list' },
  { method: 'PATCH', path: () => '/organisation/settings', body: () => ({ retentionYears: 6 }), role: 'ADMIN', scope: 'list' },
  { method: 'GET', path: () => '/procedures', role: 'CASEWORKER', scope: 'list' },
  { method: 'GET', path: () => '/procedures/panic', role: 'CASEWORKER', scope: 'list' },
  {
    method: 'PUT',
    path: () => '/procedures/panic',
    body: () => ({ steps: ['Call the police', 'Call the duty coordinator'] }),
    role: 'ADMIN',
    scope: 'list',
  },
  { method: 'GET', path: () => '/safety', role: 'COORDINATOR', scope: 'list' },
  { method: 'POST', path: () => '/codec/encode', body: () => ({ payloads: [] }), role: 'ADMIN', scope: 'list' },
];

/** The answer a cell must give: 'ok' is any 2xx. */
function expected(row: Row, caller: Caller): 'ok' | 400 | 401 | 403 | 404 {
  if (caller === 'nobody') return 401;
  if (RANK[ROLE_OF[caller]] < RANK[row.role]) return 403;
  if (row.invalidFor?.includes(caller)) return 400;
  const otherOrg = caller === 'otherOrgAdmin' || caller === 'otherOrgCoordinator';
  if (row.scope === 'resource' && otherOrg) return 404;
  if (row.scope === 'case' && (otherOrg || caller === 'otherCaseworker')) return 404;
  if (row.scope === 'own' && caller !== 'caseworker' && caller !== 'admin') return 404;
  return 'ok';
}

/** What organisation A's answers hold that nobody else may see. */
function secretsOf(t: Target, caseCode: string): string[] {
  return [t.caseId, caseCode, 'caseworker@alpha.test', 'coordinator@alpha.test', t.contactId, 'matrix'];
}

let caseCode: string;
beforeAll(async () => {
  stack = await startStack();
  a = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Alpha');
  b = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Beta');
  const contact = await a.admin.api.post('/contacts', { displayName: 'Police liaison', phone: '+381641234567' });
  const opened = await openCaseFor(a, { designatedContacts: [{ contactId: contact.body.id, role: 'POLICE_LIAISON' }] });
  caseCode = opened.caseCode;
  await a.coordinator.api.post(`/cases/${opened.id}/hearings`, { hearingId: 'main', at: iso(Date.now() + 30 * DAY), kind: 'MAIN' });
  base = { caseId: opened.id, hearingId: 'main', alertKey: 'none', userId: a.caseworker.id, contactId: contact.body.id, tokenId: 'none' };
});
afterAll(() => stack?.stop());

describe.each(
  ROWS.map(
    (row) =>
      [
        `${row.method} ${row.path({ caseId: ':caseId', hearingId: ':hearingId', alertKey: ':alertKey', userId: ':userId', contactId: ':contactId', tokenId: ':tokenId' })}`,
        row,
      ] as const,
  ),
)('%s', (_name, row) => {
  test.each(CALLERS)('as %s', async (caller) => {
    const want = expected(row, caller);
    const target = { ...base, ...(await row.prepare?.(base)) };
    const answer: Answer = await api(caller).request(row.method, row.path(target), row.body?.(target));
    if (want === 'ok') {
      expect(answer.status >= 200 && answer.status < 300 ? 'ok' : `${answer.status} ${answer.text}`).toBe('ok');
    } else {
      expect(answer.status).toBe(want);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    }
    if (want !== 'ok' || caller.startsWith('otherOrg')) {
      for (const secret of secretsOf(base, caseCode)) expect(answer.text).not.toContain(secret);
    }
  });
});

test('the calendar feed: its own secret only', async () => {
  const url = (await a.caseworker.api.post('/me/calendar-feed')).body.url as string;
  expect((await fetch(url)).status).toBe(200);
  expect((await fetch(url.replace(/vgc_[^.]+/, 'vgc_' + 'x'.repeat(43)))).status).toBe(404);
  const feed = await (await fetch((await b.coordinator.api.post('/me/calendar-feed')).body.url)).text();
  expect(feed).not.toContain(caseCode);
});

test('the audit log holds exactly the reads and writes made, refusals included, and cannot be changed', async () => {
  const { prisma } = stack.database;
  const created = await a.admin.api.post('/users', {
    email: 'audited@alpha.test',
    displayName: 'Audited',
    role: 'CASEWORKER',
    password: 'audited-password-1',
  });
  const login = await new ApiClient(stack.apiUrl).post('/auth/login', { email: 'audited@alpha.test', password: 'audited-password-1' });
  const person = new ApiClient(stack.apiUrl, login.body.token);
  const opened = await person.post('/cases', { caseCode: 'AUD-1', riskLevel: 'LOW', coordinatorId: a.coordinator.id });
  await person.get(`/cases/${opened.body.id}`);
  await person.post(`/cases/${opened.body.id}/hearings`, { hearingId: 'h', at: iso(Date.now() + 9 * DAY), kind: 'MAIN' });
  await person.get(`/cases/${base.caseId}`);
  await person.get(`/cases/${opened.body.id}/timeline`);
  await person.get('/dashboard');

  const entries = (await a.admin.api.get(`/audit?userId=${created.body.user.id}`)).body.entries;
  const seen = entries.map((e: any) => [e.method, e.route, e.caseId, e.statusCode, e.ip, e.via, e.credentialId]).reverse();
  const session = (await prisma.accessToken.findFirstOrThrow({ where: { userId: created.body.user.id } })).id;
  expect(seen).toEqual([
    ['POST', '/cases', opened.body.id, 201, '127.0.0.1', 'session', session],
    ['GET', '/cases/:caseId', opened.body.id, 200, '127.0.0.1', 'session', session],
    ['POST', '/cases/:caseId/hearings', opened.body.id, 200, '127.0.0.1', 'session', session],
    // Someone else's case: refused as if it did not exist, and recorded with the id tried.
    ['GET', '/cases/:caseId', base.caseId, 404, '127.0.0.1', 'session', session],
    ['GET', '/cases/:caseId/timeline', opened.body.id, 200, '127.0.0.1', 'session', session],
    ['GET', '/dashboard', null, 403, '127.0.0.1', 'session', session],
  ]);
  // Another organisation's admin sees none of it; the other organisation's attempts are in its own log.
  expect((await b.admin.api.get(`/audit?userId=${created.body.user.id}`)).body.entries).toEqual([]);
  expect((await b.admin.api.get(`/audit?caseId=${base.caseId}`)).body.entries.length).toBeGreaterThan(0);

  expect((await a.admin.api.delete('/audit')).status).toBe(404);
  await expect(prisma.auditEntry.updateMany({ data: { statusCode: 200 } })).rejects.toThrow(/append-only/);
  await expect(prisma.auditEntry.deleteMany({})).rejects.toThrow(/append-only/);
});

test('a national-office user, who works no case, can be named neither caseworker nor coordinator of a case', async () => {
  const office = await stack.database.prisma.user.create({
    data: { organisationId: a.id, email: 'national@a.test', displayName: 'National office', role: 'NATIONAL_OFFICE' },
  });
  for (const field of ['caseworkerId', 'coordinatorId'] as const) {
    const answer = await a.admin.api.post('/cases', { caseCode: `NO-${field}`, riskLevel: 'LOW', [field]: office.id });
    expect([answer.status, answer.body.field]).toEqual([400, field]);
  }
  expect(await stack.database.prisma.case.count({ where: { caseCode: { startsWith: 'NO-' } } })).toBe(0);
});
