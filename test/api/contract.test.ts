/**
 * The API's contract over real HTTP: bad inputs answer 4xx problem documents naming the field
 * and change nothing; the OpenAPI 3.1 document and the docs page (served from the package, no
 * CDN); Prometheus metrics; health and readiness; the login rate limit.
 */
import { ApiClient, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { caseWorkflowId } from '../../workflows/case-messages';
import { startStack, type Stack } from '../support/stack';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

let stack: Stack;
let org: Organisation;
let caseId: string;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Contract');
  caseId = (await openCaseFor(org)).id;
  await org.caseworker.api.post(`/cases/${caseId}/hearings`, { hearingId: 'h1', at: iso(Date.now() + 20 * DAY), kind: 'MAIN' });
});
afterAll(() => stack?.stop());

interface BadInput {
  what: string;
  method: string;
  path: () => string;
  body?: unknown;
  status: number;
  field?: string;
}

const LONG = 'x'.repeat(10_001);

const BAD_INPUTS: BadInput[] = [
  { what: 'wrong type', method: 'POST', path: () => '/cases', body: { caseCode: 'X-1', riskLevel: 5 }, status: 400, field: 'riskLevel' },
  { what: 'missing field', method: 'POST', path: () => '/cases', body: { riskLevel: 'LOW' }, status: 400, field: 'caseCode' },
  {
    what: 'unknown field',
    method: 'POST',
    path: () => '/cases',
    body: { caseCode: 'X-1', riskLevel: 'LOW', victimName: 'Ana' },
    status: 400,
    field: 'victimName',
  },
  {
    what: 'a date that does not exist',
    method: 'POST',
    path: () => '/cases',
    body: { caseCode: 'X-1', riskLevel: 'LOW', identifiedAt: '2027-02-30T10:00:00Z' },
    status: 400,
    field: 'identifiedAt',
  },
  {
    what: 'a date out of range',
    method: 'POST',
    path: () => '/cases',
    body: { caseCode: 'X-1', riskLevel: 'LOW', identifiedAt: '0202-01-01T10:00:00Z' },
    status: 400,
    field: 'identifiedAt',
  },
  {
    what: 'a time without offset',
    method: 'POST',
    path: () => '/cases',
    body: { caseCode: 'X-1', riskLevel: 'LOW', identifiedAt: '2026-01-01T10:00:00' },
    status: 400,
    field: 'identifiedAt',
  },
  {
    what: 'identified in the future',
    method: 'POST',
    path: () => '/cases',
    body: { caseCode: 'X-1', riskLevel: 'LOW', identifiedAt: iso(Date.now() + DAY) },
    status: 400,
    field: 'identifiedAt',
  },
  {
    what: 'a contact of nobody',
    method: 'POST',
    path: () => '/cases',
    body: { caseCode: 'X-1', riskLevel: 'LOW', designatedContacts: [{ contactId: '00000000-0000-4000-8000-000000000000' }] },
    status: 400,
    field: 'designatedContacts[0].contactId',
  },
  {
    what: 'a phone number of no Serbian range',
    method: 'POST',
    path: () => '/contacts',
    body: { displayName: 'P', phone: '099 123 4567' },
    status: 400,
    field: 'phone',
  },
  {
    what: 'a phone number too short',
    method: 'POST',
    path: () => '/contacts',
    body: { displayName: 'P', phone: '+38164' },
    status: 400,
    field: 'phone',
  },
  { what: 'no channel at all', method: 'POST', path: () => '/contacts', body: { displayName: 'P' }, status: 400, field: 'phone' },
  {
    what: 'an unknown time zone',
    method: 'POST',
    path: () => '/contacts',
    body: { displayName: 'P', email: 'p@example.org', timeZone: 'Mars/Olympus' },
    status: 400,
    field: 'timeZone',
  },
  {
    what: 'a time of day out of range',
    method: 'POST',
    path: () => '/contacts',
    body: { displayName: 'P', email: 'p@example.org', quietHours: { from: '25:00', until: '07:00' } },
    status: 400,
    field: 'quietHours.from',
  },
  {
    what: 'a language not offered',
    method: 'POST',
    path: () => '/contacts',
    body: { displayName: 'P', email: 'p@example.org', language: 'de' },
    status: 400,
    field: 'language',
  },
  { what: 'an empty chain', method: 'PUT', path: () => '/escalation-chain', body: { levels: [] }, status: 400, field: 'levels' },
  {
    what: 'a timeout out of range',
    method: 'PUT',
    path: () => '/escalation-chain',
    body: { levels: [{ timeoutSeconds: 5, contactIds: ['00000000-0000-4000-8000-000000000000'] }] },
    status: 400,
    field: 'levels[0].timeoutSeconds',
  },
  {
    what: 'not an email',
    method: 'POST',
    path: () => '/users',
    body: { email: 'nobody', displayName: 'N', role: 'CASEWORKER' },
    status: 400,
    field: 'email',
  },
  {
    what: 'a short password',
    method: 'POST',
    path: () => '/users',
    body: { email: 'n@example.org', displayName: 'N', role: 'CASEWORKER', password: 'short' },
    status: 400,
    field: 'password',
  },
  {
    what: 'an unknown role',
    method: 'POST',
    path: () => '/users',
    body: { email: 'n@example.org', displayName: 'N', role: 'ROOT' },
    status: 400,
    field: 'role',
  },
  {
    what: 'a hearing time that is no time',
    method: 'POST',
    path: () => `/cases/${caseId}/hearings`,
    body: { at: 'tomorrow', kind: 'MAIN' },
    status: 400,
    field: 'at',
  },
  {
    what: 'an unknown hearing kind',
    method: 'POST',
    path: () => `/cases/${caseId}/hearings`,
    body: { at: iso(Date.now() + DAY), kind: 'TRIAL' },
    status: 400,
    field: 'kind',
  },
  {
    what: 'a hearing id used twice (the workflow refuses it)',
    method: 'POST',
    path: () => `/cases/${caseId}/hearings`,
    body: { hearingId: 'h1', at: iso(Date.now() + DAY), kind: 'MAIN' },
    status: 400,
    field: 'hearingId',
  },
  {
    what: 'a hearing the case does not have (the workflow refuses it)',
    method: 'POST',
    path: () => `/cases/${caseId}/hearings/nope/move`,
    body: { at: iso(Date.now() + DAY) },
    status: 400,
    field: 'hearingId',
  },
  {
    what: 'an assessment in the future (the workflow refuses it)',
    method: 'POST',
    path: () => `/cases/${caseId}/assessments`,
    body: { riskLevel: 'LOW', at: iso(Date.now() + DAY), notes: 'never stored' },
    status: 400,
    field: 'at',
  },
  {
    what: 'an empty measure',
    method: 'POST',
    path: () => `/cases/${caseId}/assessments`,
    body: { riskLevel: 'LOW', measures: ['SAFE_HOUSE', ' '] },
    status: 400,
    field: 'measures[1]',
  },
  {
    what: 'notes too long',
    method: 'POST',
    path: () => `/cases/${caseId}/assessments`,
    body: { riskLevel: 'LOW', notes: LONG },
    status: 400,
    field: 'notes',
  },
  {
    what: 'a release announced without its date (the workflow refuses it)',
    method: 'POST',
    path: () => `/cases/${caseId}/perpetrator-status`,
    body: { status: 'RELEASE_ANNOUNCED' },
    status: 400,
    field: 'releaseDate',
  },
  {
    what: 'an unknown incident type',
    method: 'POST',
    path: () => `/cases/${caseId}/incidents`,
    body: { incidentType: 'GOSSIP', severity: 'LOW' },
    status: 400,
    field: 'incidentType',
  },
  {
    what: 'closing into a closed stage',
    method: 'POST',
    path: () => `/cases/${caseId}/stage`,
    body: { stage: 'CLOSED' },
    status: 400,
    field: 'stage',
  },
  {
    what: 'a preview event of no known type',
    method: 'POST',
    path: () => `/cases/${caseId}/schedule-preview`,
    body: { events: [{ type: 'nope' }] },
    status: 400,
    field: 'events[0].type',
  },
  {
    what: 'a preview event with a bad field',
    method: 'POST',
    path: () => `/cases/${caseId}/schedule-preview`,
    body: { events: [{ type: 'hearing.moved', hearingId: 'h1', at: 'soon' }] },
    status: 400,
    field: 'events[0].at',
  },
  {
    what: 'a preview of nothing',
    method: 'POST',
    path: () => `/cases/${caseId}/schedule-preview`,
    body: { events: [] },
    status: 400,
    field: 'events',
  },
  {
    what: 'a coordinator who is a caseworker',
    method: 'POST',
    path: () => `/cases/${caseId}/reassign`,
    get body() {
      return { coordinatorId: org.caseworker.id };
    },
    status: 400,
    field: 'coordinatorId',
  },
  {
    what: 'a reassignment of nobody',
    method: 'POST',
    path: () => `/cases/${caseId}/reassign`,
    body: {},
    status: 400,
    field: 'caseworkerId',
  },
  { what: 'a query value not offered', method: 'GET', path: () => '/cases?riskLevel=EXTREME', status: 400, field: 'riskLevel' },
  { what: 'a page size out of range', method: 'GET', path: () => '/cases?limit=0', status: 400, field: 'limit' },
  { what: 'an unknown query parameter', method: 'GET', path: () => '/cases?victim=Ana', status: 400, field: 'victim' },
  { what: 'a body that is not JSON', method: 'POST', path: () => `/cases/${caseId}/stage`, body: '{"stage":', status: 400 },
  {
    what: 'a body over 64 KiB',
    method: 'POST',
    path: () => `/cases/${caseId}/assessments`,
    body: { riskLevel: 'LOW', notes: 'x'.repeat(70_000) },
    status: 413,
  },
  {
    what: 'a taken case code',
    method: 'POST',
    path: () => '/cases',
    body: { caseCode: 'DUP', riskLevel: 'LOW' },
    status: 409,
    field: 'caseCode',
  },
  {
    what: 'a taken email',
    method: 'POST',
    path: () => '/users',
    body: { email: 'caseworker@contract.test', displayName: 'C', role: 'CASEWORKER' },
    status: 409,
    field: 'email',
  },
];

/** Everything a bad input could have changed. */
async function snapshot() {
  const { prisma } = stack.database;
  const history = await stack.client.workflow.getHandle(caseWorkflowId(org.id, caseId)).fetchHistory();
  return {
    rows: await Promise.all([
      prisma.case.count(),
      prisma.user.count(),
      prisma.contact.count(),
      prisma.assessment.count(),
      prisma.incident.count(),
      prisma.escalationLevel.count(),
      prisma.caseTimelineEntry.count({ where: { caseId } }),
    ]),
    historyEvents: history.events?.length,
    live: (await org.admin.api.get(`/cases/${caseId}`)).body.live,
  };
}

describe('bad inputs answer a problem document naming the field, and change nothing', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    await org.admin.api.post('/cases', { caseCode: 'DUP', riskLevel: 'LOW' });
    before = await snapshot();
  });

  test.each(BAD_INPUTS.map((b) => [b.what, b] as const))('%s', async (_what, bad) => {
    const answer = await org.admin.api.request(bad.method, bad.path(), bad.body);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({
      status: bad.status,
      type: expect.stringMatching(/^urn:vigil:problem:/),
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(answer.status).toBe(bad.status);
    expect(answer.body.field).toBe(bad.field);
  });

  test('wrong media type', async () => {
    const answer = await org.admin.api.request('POST', `/cases/${caseId}/stage`, 'stage=PROTECTION', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(answer.body).toMatchObject({ status: 415 });
  });

  test('nothing changed: rows, the workflow history, the live state', async () => {
    expect(await snapshot()).toEqual(before);
  });
});

test('unknown routes and missing sign-in are problem documents too', async () => {
  expect((await org.admin.api.get('/nowhere')).body).toMatchObject({ status: 404, title: 'Not found' });
  expect((await new ApiClient(stack.apiUrl).get('/cases')).body).toMatchObject({ status: 401 });
  expect((await new ApiClient(stack.apiUrl, 'vgs_forged-token-that-is-long-enough').get('/cases')).body).toMatchObject({ status: 401 });
});

test('login is rate-limited per address and email; others still get in', async () => {
  const anonymous = new ApiClient(stack.apiUrl);
  await org.admin.api.post('/users', {
    email: 'guessed@contract.test',
    displayName: 'G',
    role: 'CASEWORKER',
    password: 'the-real-password',
  });
  const statuses = [];
  for (let i = 0; i < 6; i++)
    statuses.push((await anonymous.post('/auth/login', { email: 'guessed@contract.test', password: `guess-${i}` })).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  // Once limited, even the right password waits: guessing stays slow.
  const limited = await anonymous.post('/auth/login', { email: 'guessed@contract.test', password: 'the-real-password' });
  expect(limited.body).toMatchObject({ status: 429, title: 'Too many requests' });
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await anonymous.post('/auth/login', { email: org.caseworker.email, password: org.caseworker.password })).status).toBe(200);
});

test('the OpenAPI 3.1 document describes every route, with bearer auth and the problem schema', async () => {
  const doc = (await new ApiClient(stack.apiUrl).get('/openapi.json')).body;
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Case', 'Schedule', 'Alert']));
  const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
  );
  // Every route but /openapi.json and /metrics themselves.
  expect(operations.sort()).toEqual(
    [
      'GET /health',
      'GET /ready',
      'POST /auth/login',
      'POST /auth/logout',
      'POST /auth/session',
      'GET /me',
      'PUT /me/password',
      'GET /tokens',
      'POST /tokens',
      'DELETE /tokens/{tokenId}',
      'POST /me/calendar-feed',
      'DELETE /me/calendar-feed',
      'GET /users',
      'POST /users',
      'GET /users/{userId}',
      'PATCH /users/{userId}',
      'GET /contacts',
      'POST /contacts',
      'GET /contacts/{contactId}',
      'PATCH /contacts/{contactId}',
      'DELETE /contacts/{contactId}',
      'GET /escalation-chain',
      'PUT /escalation-chain',
      'POST /cases',
      'GET /cases',
      'GET /cases/{caseId}',
      'POST /cases/{caseId}/reassign',
      'POST /cases/{caseId}/close',
      'POST /cases/{caseId}/reopen',
      'POST /cases/{caseId}/assessments',
      'POST /cases/{caseId}/hearings',
      'POST /cases/{caseId}/hearings/{hearingId}/move',
      'POST /cases/{caseId}/hearings/{hearingId}/cancel',
      'POST /cases/{caseId}/hearings/{hearingId}/held',
      'POST /cases/{caseId}/perpetrator-status',
      'POST /cases/{caseId}/incidents',
      'POST /cases/{caseId}/relocations',
      'POST /cases/{caseId}/stage',
      'POST /cases/{caseId}/schedule-preview',
      'GET /cases/{caseId}/schedule',
      'GET /me/tasks',
      'GET /organisation/policy',
      'PUT /organisation/policy',
      'POST /organisation/policy/preview',
      'GET /cases/{caseId}/timeline',
      'GET /cases/{caseId}/deadlines',
      'GET /alerts',
      'GET /alerts/{id}',
      'POST /alerts/{id}/acknowledge',
      'POST /alerts/{id}/resolve',
      'POST /cases/{caseId}/alerts/{alertKey}/acknowledge',
      'GET /a/{token}',
      'POST /a/{token}',
      'GET /dashboard',
      'GET /dashboard/ahead',
      'GET /calendar/{secret}.ics',
      'GET /audit',
      'POST /cases/{caseId}/erasure',
      'GET /erasures',
      'GET /self-assessments',
      'POST /self-assessments',
      'GET /organisation/settings',
      'PATCH /organisation/settings',
      'GET /procedures',
      'GET /procedures/{trigger}',
      'PUT /procedures/{trigger}',
      'GET /safety',
      'POST /codec/{operation}',
      'PUT /me/check-in-pins',
      'POST /field-visits',
      'GET /field-visits',
      'GET /field-visits/{visitId}',
      'GET /field-visits/safety-contacts',
      'POST /field-visits/{visitId}/check-in',
      'POST /field-visits/{visitId}/extend',
      'POST /field-visits/{visitId}/panic',
      'POST /field-visits/{visitId}/alerts/{alertKey}/acknowledge',
      'GET /evaluation',
      'GET /evaluation.csv',
      'GET /evaluation/report.html',
      'GET /evaluation/national',
      'GET /evaluation/national.csv',
      'GET /evaluation/national/report.html',
    ].sort(),
  );
  expect(doc.paths['/auth/login'].post.security).toEqual([]);
  const assessment = doc.paths['/cases/{caseId}/assessments'].post.requestBody.content['application/json'].schema;
  expect(assessment).toMatchObject({ additionalProperties: false, required: ['riskLevel'] });
});

test('every operation lists each problem it can answer, by status, as application/problem+json', async () => {
  const doc = (await new ApiClient(stack.apiUrl).get('/openapi.json')).body;
  const problemsOf = (path: string, method: string) => {
    const responses: Record<string, { content?: Record<string, unknown> }> = doc.paths[path][method].responses;
    return Object.keys(responses)
      .filter((status) => status >= '400' && responses[status].content?.['application/problem+json'])
      .map(Number);
  };
  for (const [path, methods] of Object.entries<Record<string, { responses: Record<string, { content?: object }> }>>(doc.paths)) {
    for (const [method, { responses }] of Object.entries(methods)) {
      // No ranges (4XX): each status by itself, and every error a problem document (a page's own refusals are pages).
      expect([method, path, Object.keys(responses).filter((status) => !/^\d{3}$/.test(status))]).toEqual([method, path, []]);
      const errors = Object.entries(responses).filter(([status]) => status >= '400' && !(path === '/ready' && status === '503'));
      const page = (content?: object) => Object.keys(content ?? {}).join() === 'text/html';
      for (const [status, { content }] of errors.filter(([, answer]) => !(page(responses['200']?.content) && page(answer.content))))
        expect([method, path, status, Object.keys(content ?? {})]).toEqual([method, path, status, ['application/problem+json']]);
    }
  }
  // Derived from what a route declares: its input, who may call it, its path, its rate limit.
  // 503: the database is down for a moment (every route but liveness and the public documents reads it).
  expect(problemsOf('/me', 'get')).toEqual([401, 500, 503]);
  expect(problemsOf('/auth/login', 'post')).toEqual([400, 401, 413, 415, 429, 500, 503]);
  expect(problemsOf('/auth/session', 'post')).toEqual([400, 401, 413, 415, 429, 500, 503]);
  expect(problemsOf('/calendar/{secret}.ics', 'get')).toEqual([400, 404, 500, 503]);
  expect(problemsOf('/health', 'get')).toEqual([500]);
  // A caseworker's route, yet 403 to the national office, which sees no case.
  expect(problemsOf('/cases/{caseId}/hearings', 'post')).toEqual([400, 401, 403, 404, 409, 413, 415, 500, 503]);
  expect(problemsOf('/users', 'post')).toEqual([400, 401, 403, 409, 413, 415, 500, 503]);
  // Listed by the route itself: a caseworker opening a case for someone else, a code already taken.
  expect(problemsOf('/cases', 'post')).toEqual([400, 401, 403, 409, 413, 415, 500, 503]);
});

test('the docs page and its assets come from this server only', async () => {
  const page = await fetch(`${stack.apiUrl}/docs/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('swagger-ui');
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThan(2);
  for (const asset of assets) {
    expect(asset).not.toMatch(/^(https?:)?\/\//);
    expect((await fetch(new URL(asset, `${stack.apiUrl}/docs/`))).status).toBe(200);
  }
  const initializer = await (await fetch(`${stack.apiUrl}/docs/static/swagger-initializer.js`)).text();
  expect(initializer).toContain("url: resolveUrl('./json')");
  // No online validator; the only address left is in a comment.
  expect(initializer).toContain('validatorUrl: null');
  expect(initializer.replace(/\/\/ .*$/gm, '')).not.toMatch(/https?:\/\//);
});

test('Prometheus metrics: request durations by route pattern, case events by type', async () => {
  await org.caseworker.api.post(`/cases/${caseId}/relocations`, { kind: 'RELOCATED' });
  const answer = await fetch(`${stack.apiUrl}/metrics`);
  expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await answer.text();
  expect(text).toMatch(
    /vigil_api_http_request_duration_seconds_count\{method="POST",route="\/cases\/:caseId\/relocations",status_code="200"\} 1/,
  );
  expect(text).toContain('vigil_api_case_events_total{event="relocation.recorded"} 1');
  expect(text).toContain('vigil_api_process_resident_memory_bytes');
  expect(text).not.toContain(caseId);
});

test('health and readiness', async () => {
  expect((await new ApiClient(stack.apiUrl).get('/health')).body).toEqual({ status: 'ok' });
  expect((await new ApiClient(stack.apiUrl).get('/ready')).body).toMatchObject({
    status: 'ready',
    database: { ok: true },
    temporal: { ok: true },
  });
});
