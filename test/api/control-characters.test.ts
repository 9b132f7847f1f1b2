/**
 * NUL, control characters and unpaired surrogates (issue #11, item 7), over HTTP on the real
 * stack: every string of every operation the OpenAPI document lists (body fields, query and path
 * parameters) answers 400 naming the field, never 500 and never echoing the value; single-line
 * fields refuse tabs and line breaks that free text keeps; codes keep to their documented
 * alphabet; a hearing id with NUL is refused at once instead of hanging the case.
 */
import { randomUUID } from 'node:crypto';
import { CODE_RULE } from '../../domain/text';
import { openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let org: Organisation;
let caseId: string;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Bad bytes');
  caseId = (await openCaseFor(org)).id;
});
afterAll(() => stack?.stop());

/** Each wrapped in a marker that must never come back in an answer. */
const BAD = { NUL: '\u0000', ESC: '\u001b', DEL: '\u007f', C1: '\u0085', 'high surrogate': '\ud800', 'low surrogate': '\udc00' };
const bad = (char: string) => `MARKER${char}VALUE`;
/** A URL cannot carry an unpaired surrogate (it is no UTF-8); tab and line feed are never part of one. */
const BAD_IN_URL = { NUL: '\u0000', ESC: '\u001b', DEL: '\u007f', C1: '\u0085', tab: '\t', 'line feed': '\n' };

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

let openapi: Schema;
const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(openapi.components.schemas[schema.$ref.split('/').pop()]) : schema);

/** Every string field of a request body schema: its path, and a body holding `value` there only. */
function stringFields(schema: Schema, path = '', wrap = (v: unknown): unknown => v): [string, (value: string) => unknown][] {
  const s = resolve(schema);
  const types = [s.type].flat();
  const found: [string, (value: string) => unknown][] = [];
  if (types.includes('string')) found.push([path, wrap]);
  for (const member of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) found.push(...stringFields(member, path, wrap));
  for (const [key, property] of Object.entries<Schema>(s.properties ?? {}))
    found.push(...stringFields(property, path ? `${path}.${key}` : key, (v) => wrap({ [key]: v })));
  if (s.items) found.push(...stringFields(s.items, `${path}[0]`, (v) => wrap([v])));
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    found.push(...stringFields(s.additionalProperties, `${path}.key`, (v) => wrap({ key: v })));
  return found;
}

/** Path parameters filled with values that pass access control (the caller's own case). */
const SAMPLE_PARAMS: Record<string, string> = { caseId: '', trigger: 'panic', hearingId: 'h1', alertKey: '1', operation: 'decode' };
const pathWith = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? SAMPLE_PARAMS[name] ?? randomUUID());

async function operations(): Promise<Operation[]> {
  openapi = (await org.admin.api.get('/openapi.json')).body;
  SAMPLE_PARAMS.caseId = caseId;
  return Object.entries<Record<string, Schema>>(openapi.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, ...op }) as Operation),
  );
}

test('every body field, query and path parameter of every operation refuses bad characters: 400 naming it', async () => {
  const tried: string[] = [];
  const failures: unknown[] = [];
  const check = async (label: string, field: string, send: () => Promise<{ status: number; body: any; text: string }>) => {
    const answer = await send();
    tried.push(label);
    // A path that matches no route at all (a line feed in `{secret}.ics`) reaches no handler: 404.
    const refused = (answer.status === 400 && answer.body.field === field) || (label.includes(' path ') && answer.status === 404);
    const ok = refused && !answer.text.includes('MARKER') && !answer.text.includes('VALUE');
    if (!ok) failures.push({ label, status: answer.status, field: answer.body?.field, expected: field });
  };
  for (const op of await operations()) {
    for (const parameter of op.parameters ?? []) {
      for (const [name, char] of Object.entries(BAD_IN_URL)) {
        const encoded = encodeURIComponent(bad(char));
        const url =
          parameter.in === 'path'
            ? pathWith(op.path, { [parameter.name]: encoded })
            : `${pathWith(op.path, {})}?${parameter.name}=${encoded}`;
        await check(`${op.method} ${op.path} ${parameter.in} ${parameter.name} (${name})`, parameter.name, () =>
          org.admin.api.request(op.method, url, op.requestBody ? {} : undefined),
        );
      }
    }
    const schema = op.requestBody?.content['application/json']?.schema;
    for (const [field, body] of schema ? stringFields(schema) : []) {
      for (const [name, char] of Object.entries(BAD)) {
        await check(`${op.method} ${op.path} body ${field} (${name})`, field, () =>
          org.admin.api.request(op.method, pathWith(op.path, {}), JSON.stringify(body(bad(char)))),
        );
      }
    }
  }
  // Bodies the document types loosely (the domain parses them): their strings all the same.
  const loose: [string, string, unknown, string][] = [
    ['PUT', '/procedures/{trigger}', { steps: ['Call 192.', bad('\u0000')] }, 'steps[1]'],
    ['POST', '/self-assessments', { notes: { countryStatus: bad('\u0000') } }, 'notes.countryStatus'],
  ];
  for (const [method, path, body, field] of loose) {
    await check(`${method} ${path} body ${field} (NUL)`, field, () => org.admin.api.request(method, pathWith(path, {}), body));
  }
  expect(failures).toEqual([]);
  // The fields the fuzzing found, among many others.
  for (const field of ['POST /tokens body name', 'POST /cases/{caseId}/erasure body reason', 'POST /users body displayName']) {
    expect(tried).toContain(`${field} (NUL)`);
  }
  for (const field of ['POST /cases body caseCode', 'POST /contacts body displayName', 'PUT /procedures/{trigger} body steps[1]']) {
    expect(tried).toContain(`${field} (NUL)`);
  }
  expect(tried).toContain('POST /cases/{caseId}/hearings body hearingId (NUL)');
  expect(tried.length).toBeGreaterThan(500);
});

test('a hearing id with NUL answers 400 at once; the case goes on taking events', async () => {
  const hearings = `/cases/${caseId}/hearings`;
  const at = new Date(Date.now() + 5 * 86_400_000).toISOString();
  const refused = await org.caseworker.api.post(hearings, { hearingId: 'x\u0000y', at, kind: 'MAIN' });
  expect([refused.status, refused.body.field]).toEqual([400, 'hearingId']);
  expect((await org.caseworker.api.post(hearings, { hearingId: 'K-123/2021', at, kind: 'MAIN' })).status).toBe(200);
  const timeline = await org.caseworker.api.get(`/cases/${caseId}/timeline`);
  expect(timeline.body.entries.filter((e: { kind: string }) => e.kind === 'hearing.scheduled')).toHaveLength(1);
});

test('codes keep to the documented alphabet; single-line fields refuse tabs and line breaks that free text keeps', async () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['/cases', { caseCode: 'BG 2027 001', riskLevel: 'LOW', caseworkerId: org.caseworker.id }, 'caseCode'],
    ['/cases', { caseCode: 'BG-2027-001;rm', riskLevel: 'LOW', caseworkerId: org.caseworker.id }, 'caseCode'],
    ['/cases', { caseCode: '-BG', riskLevel: 'LOW', caseworkerId: org.caseworker.id }, 'caseCode'],
    [
      `/cases/${caseId}/hearings`,
      { hearingId: 'main hearing', at: new Date(Date.now() + 86_400_000).toISOString(), kind: 'MAIN' },
      'hearingId',
    ],
    [`/cases/${caseId}/assessments`, { riskLevel: 'LOW', measures: ['SAFE_HOUSE', 'čuvanje'] }, 'measures[1]'],
  ];
  for (const [path, body, field] of cases) {
    const answer = await org.coordinator.api.post(path, body);
    expect([path, answer.status, answer.body.field, answer.body.detail]).toEqual([path, 400, field, `must be a code of ${CODE_RULE}`]);
  }
  const created = await org.coordinator.api.post('/cases', { caseCode: 'BG-2027-001', riskLevel: 'LOW', caseworkerId: org.caseworker.id });
  expect(created.status).toBe(201);

  for (const displayName of ['Jelena\tJ.', 'Jelena\nJ.', 'Jelena\r\nJ.']) {
    const answer = await org.admin.api.post('/users', { email: `${randomUUID()}@bad-bytes.test`, displayName, role: 'CASEWORKER' });
    expect([answer.status, answer.body.field]).toEqual([400, 'displayName']);
  }
  expect((await org.admin.api.post('/tokens', { name: 'court\nimport' })).body.field).toBe('name');
  expect((await org.admin.api.put('/procedures/panic', { steps: ['Call 192.', 'Then\ttell'] })).body.field).toBe('steps[1]');
  // Free text keeps its lines and tabs.
  const incident = await org.caseworker.api.post(`/cases/${caseId}/incidents`, {
    incidentType: 'THREAT',
    severity: 'LOW',
    description: 'First line\n\tsecond line\r\nthird',
  });
  expect(incident.status).toBe(200);
  const documented = openapi.paths['/cases'].post.requestBody.content['application/json'].schema.properties.caseCode;
  expect(documented.pattern).toBeDefined();
  expect(documented.description).toContain("letters A-Z and a-z, digits, '-', '_', '.' and '/'");
});

test('a query or path that is no UTF-8 answers 400, not 500', async () => {
  for (const path of ['/cases?stage=%ED%A0%80', `/cases/${caseId}/hearings/%ED%A0%80/held`, '/cases?stage=%FF']) {
    const answer = await org.admin.api.request(path.includes('held') ? 'POST' : 'GET', path);
    expect([path, answer.status]).toEqual([path, 400]);
  }
});
