/**
 * Temporal payloads as the server stores them, and the codec endpoint the Temporal Web UI uses
 * to show them: only admins, only from the configured UI origin, only their organisation's.
 */
import type { temporal } from '@temporalio/proto';
import { ENCRYPTED_ENCODING } from '../../platform/payload-codec';
import { caseWorkflowId } from '../../workflows/case-messages';
import { ApiClient, eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, TEST_UI_ORIGIN, type Stack } from '../support/stack';

type WirePayload = { metadata: Record<string, string>; data: string };

let stack: Stack;
let astra: Organisation;
let centre: Organisation;
let caseCode: string;
/** Every payload of the case workflow's history, as the server returned it (no codec). */
let stored: WirePayload[];
let rawHistory: temporal.api.history.v1.IHistory;

/** Every payload object in a raw history (anything with metadata and data). */
function payloadsIn(value: unknown, found: temporal.api.common.v1.IPayload[] = []): temporal.api.common.v1.IPayload[] {
  if (value && typeof value === 'object') {
    if ('metadata' in value && 'data' in value) found.push(value as temporal.api.common.v1.IPayload);
    else for (const child of Object.values(value)) payloadsIn(child, found);
  }
  return found;
}
const toWire = (p: temporal.api.common.v1.IPayload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const fromBase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');
const fromUi = (origin = TEST_UI_ORIGIN) => ({ origin, 'content-type': 'application/json' });

beforeAll(async () => {
  stack = await startStack();
  astra = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Codec ASTRA');
  centre = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Codec Centre');
  const opened = await openCaseFor(astra, { riskLevel: 'HIGH' });
  caseCode = opened.caseCode;
  await astra.caseworker.api.post(`/cases/${opened.id}/assessments`, { riskLevel: 'HIGH', measures: ['SAFE_HOUSE'] });
  const { history } = await stack.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: caseWorkflowId(astra.id, opened.id) },
  });
  rawHistory = history!;
  stored = payloadsIn(history).map(toWire);
});
afterAll(async () => {
  await stack?.stop();
});

test("the Temporal server holds encrypted payloads only, beside search attributes and the SDK's local-activity markers", () => {
  const clear = stored.filter((p) => fromBase64(p.metadata.encoding) !== ENCRYPTED_ENCODING);
  const encrypted = (p: temporal.api.common.v1.IPayload | undefined | null) =>
    fromBase64(toWire(p!).metadata.encoding) === ENCRYPTED_ENCODING;
  const events = rawHistory.events ?? [];
  expect(encrypted(events[0].workflowExecutionStartedEventAttributes?.input?.payloads?.[0])).toBe(true);
  const update = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  expect(encrypted(update?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0])).toBe(true);
  const result = events.find((e) => e.workflowExecutionUpdateCompletedEventAttributes);
  expect(encrypted(result?.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0])).toBe(true);
  // The server must read these to index and list workflows: codes and times, by design (docs/data-protection.md).
  const searchAttributes = clear.filter((p) => p.metadata.type !== undefined).map((p) => JSON.parse(fromBase64(p.data)));
  expect(new Set(searchAttributes)).toEqual(
    // ... and the ids of the patches the workflow took (TemporalChangeVersion), Temporal's own.
    new Set([
      'IDENTIFIED',
      'ASSESSMENT',
      'HIGH',
      astra.id,
      ['reassessment-policy-v2'],
      ...searchAttributes.filter((v) => /^\d{4}-/.test(v)),
    ]),
  );
  // The SDK's own bookkeeping: each local activity (sequence number, type, times) and each patch (its id).
  const LOCAL_ACTIVITY = ['activity_id', 'activity_type', 'attempt', 'backoff', 'complete_time', 'original_schedule_time', 'seq'];
  for (const p of clear.filter((p) => p.metadata.type === undefined)) {
    const marker = JSON.parse(fromBase64(p.data));
    if ('deprecated' in marker) expect(marker).toEqual({ id: 'reassessment-policy-v2', deprecated: false });
    else expect(Object.keys(marker).sort()).toEqual(LOCAL_ACTIVITY.sort());
  }
  expect(stored.map((p) => fromBase64(p.data)).join('\n')).not.toContain(caseCode);
});

test("an admin decodes their organisation's payloads; another organisation's admin gets them back still encrypted", async () => {
  const start = stored[0];
  const mine = await astra.admin.api.request('POST', '/codec/decode', { payloads: [start] }, fromUi());
  expect(mine.status).toBe(200);
  expect(mine.headers.get('access-control-allow-origin')).toBe(TEST_UI_ORIGIN);
  expect(mine.headers.get('access-control-allow-credentials')).toBe('true');
  const [decoded] = mine.body.payloads as WirePayload[];
  expect(fromBase64(decoded.metadata.encoding)).toBe('json/plain');
  expect(JSON.parse(fromBase64(decoded.data))).toMatchObject({ caseCode, organisationId: astra.id });

  const theirs = await centre.admin.api.request('POST', '/codec/decode', { payloads: [start] }, fromUi());
  expect(theirs.status).toBe(200);
  expect(theirs.body.payloads).toEqual([start]);
});

/** Every encrypted payload of a workflow's history and of its alerts' histories, as the server stores them. */
async function encryptedPayloadsOf(workflowId: string): Promise<{ alerts: number; payloads: WirePayload[] }> {
  const { executions } = await stack.client.workflowService.listWorkflowExecutions({ namespace: 'default', pageSize: 1000 });
  const alerts = executions!.map((e) => e.execution!.workflowId!).filter((id) => id.startsWith(`${workflowId}/alert/`));
  const payloads: WirePayload[] = [];
  for (const id of [workflowId, ...alerts]) {
    const { history } = await stack.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: id },
    });
    payloads.push(
      ...payloadsIn(history)
        .map(toWire)
        .filter((p) => fromBase64(p.metadata.encoding) === ENCRYPTED_ENCODING),
    );
  }
  return { alerts: alerts.length, payloads };
}

test("whatever a payload's shape, another organisation's admin decrypts none of a case history; its own admin all of it", async () => {
  // The centre's case with hearings, a release, an incident (and the alert it raises), measures.
  const opened = await openCaseFor(centre, { riskLevel: 'MEDIUM' });
  const events: [string, object][] = [
    ['assessments', { riskLevel: 'HIGH', measures: ['SAFE_HOUSE'] }],
    ['hearings', { hearingId: 'h-1', at: new Date(Date.now() + 5 * 86_400_000).toISOString(), kind: 'MAIN' }],
    ['perpetrator-status', { status: 'RELEASED' }],
    ['incidents', { incidentType: 'THREAT', severity: 'HIGH' }],
  ];
  for (const [path, body] of events) expect((await centre.caseworker.api.post(`/cases/${opened.id}/${path}`, body)).status).toBe(200);
  const workflowId = caseWorkflowId(centre.id, opened.id);
  // Both alerts (release, threat) delivering: their histories hold contact ids and acknowledgement codes.
  const { payloads } = await eventually(
    () => encryptedPayloadsOf(workflowId),
    (found) => found.alerts === 2,
  );
  expect(payloads.length).toBeGreaterThan(19);

  const theirs = await astra.admin.api.request('POST', '/codec/decode', { payloads }, fromUi());
  expect(theirs.status).toBe(200);
  expect(theirs.body.payloads).toEqual(payloads);

  const own = await centre.admin.api.request('POST', '/codec/decode', { payloads }, fromUi());
  expect(own.status).toBe(200);
  const decoded = own.body.payloads as WirePayload[];
  expect(decoded.filter((p) => fromBase64(p.metadata.encoding) === ENCRYPTED_ENCODING)).toEqual([]);
  expect(decoded.map((p) => fromBase64(p.data)).join('\n')).toContain('SAFE_HOUSE');

  // Relabelled as the caller's own, a payload does not decrypt: the organisation is in its key.
  const relabelled = {
    ...payloads[0],
    metadata: { ...payloads[0].metadata, 'encryption-scope': Buffer.from(`organisation/${astra.id}`).toString('base64') },
  };
  const forged = await astra.admin.api.request('POST', '/codec/decode', { payloads: [relabelled] }, fromUi());
  expect(forged.status).toBe(422);
  expect(JSON.stringify(forged.body)).not.toContain('SAFE_HOUSE');
});

test('encode then decode gives the payload back', async () => {
  const payload = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hello"').toString('base64') };
  const encoded = await astra.admin.api.request('POST', '/codec/encode', { payloads: [payload] }, fromUi());
  expect(encoded.status).toBe(200);
  expect(fromBase64(encoded.body.payloads[0].metadata.encoding)).toBe(ENCRYPTED_ENCODING);
  const decoded = await astra.admin.api.request('POST', '/codec/decode', encoded.body, fromUi());
  expect(decoded.body.payloads).toEqual([payload]);
});

test('refused: no credentials (401), a coordinator or caseworker (403), a wrong origin (403), a broken payload (422)', async () => {
  const body = { payloads: [stored[0]] };
  const anonymous = new ApiClient(stack.apiUrl);
  expect((await anonymous.request('POST', '/codec/decode', body, fromUi())).status).toBe(401);
  expect((await astra.coordinator.api.request('POST', '/codec/decode', body, fromUi())).status).toBe(403);
  expect((await astra.caseworker.api.request('POST', '/codec/decode', body, fromUi())).status).toBe(403);
  const evil = await astra.admin.api.request('POST', '/codec/decode', body, fromUi('https://evil.example'));
  expect(evil.status).toBe(403);
  expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  const tampered = { ...stored[0], data: Buffer.from('x'.repeat(40)).toString('base64') };
  const broken = await astra.admin.api.request('POST', '/codec/decode', { payloads: [tampered] }, fromUi());
  expect(broken.status).toBe(422);
  expect(broken.body.detail).toContain('altered');
});

test('preflight: the UI origin may post with its headers; any other origin is refused', async () => {
  const preflight = (origin: string) =>
    fetch(`${stack.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
  const ok = await preflight(TEST_UI_ORIGIN);
  expect(ok.status).toBe(204);
  expect(ok.headers.get('access-control-allow-origin')).toBe(TEST_UI_ORIGIN);
  expect(ok.headers.get('access-control-allow-headers')).toContain('x-namespace');
  const refused = await preflight('https://evil.example');
  expect(refused.status).toBe(403);
  expect(refused.headers.get('access-control-allow-origin')).toBeNull();
});

test('the sign-in page gives admins a cookie for /codec only; others get none', async () => {
  const signIn = (email: string, password: string) =>
    fetch(`${stack.apiUrl}/codec/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
    });
  const admin = await signIn(astra.admin.email, astra.admin.password);
  expect(admin.status).toBe(200);
  const cookie = admin.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^vigil_session=vgs_[\w-]+; Path=\/codec; HttpOnly; SameSite=Strict; Max-Age=43200$/);

  const viaCookie = await fetch(`${stack.apiUrl}/codec/decode`, {
    method: 'POST',
    headers: { ...fromUi(), cookie: cookie.split(';')[0] },
    body: JSON.stringify({ payloads: [stored[0]] }),
  });
  expect(viaCookie.status).toBe(200);
  // The cookie is the codec's only: the rest of the API wants a bearer token.
  expect((await fetch(`${stack.apiUrl}/me`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(401);

  const coordinator = await signIn(astra.coordinator.email, astra.coordinator.password);
  expect(coordinator.status).toBe(403);
  expect(coordinator.headers.get('set-cookie')).toBeNull();
  const wrong = await signIn(astra.admin.email, 'not the password');
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('set-cookie')).toBeNull();
});
