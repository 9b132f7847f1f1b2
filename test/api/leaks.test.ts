/**
 * Where personal data could leak, after a whole case journey through the API with a name, an
 * address and notes in every free-text field (and in refused requests): the raw Temporal
 * histories (read from the server, not through the codec), the raw database (every row of every
 * table), every SMS and email, the API's answers to bad requests, and its logs (production
 * logger, trace level). Then the case is erased on request: who may, what the audit keeps, what the API shows
 * afterwards, and that even the ciphertexts are gone.
 *
 * Structured for more sinks: the journey runs once, each sink is a test reading PERSONAL.
 */
import { Writable } from 'node:stream';
import { INDICATOR_KEYS } from '../../domain/self-assessment';
import type { PrismaClient } from '../../generated/prisma/client';
import { ERASED } from '../../services/erasure';
import { buildApi } from '../../api/server';
import { createFieldCipher } from '../../platform/field-encryption';
import { createLogger } from '../../platform/logger';
import { ensureRetentionSchedule } from '../../services/retention-schedule';
import { RETENTION_SCHEDULE_ID } from '../../workflows/retention';
import { ApiClient, eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { caseWorkflowId } from '../../workflows/case-messages';
import { startStack, TEST_DATA_KEY, type Stack } from '../support/stack';
import { historyText } from '../support/codec';

/** One string per free-text field, each recognisable: a name, an address, notes. */
const PERSONAL = {
  assessmentNotes: 'Jelena Marković lives at Ulica Cara Dušana 14, stan 3',
  incidentDescription: 'Dragan Ilić waited at Bulevar Oslobođenja 88 with money',
  selfAssessmentNote: 'Shelter at Nemanjina 9 was named in the hearing by Petar Jovanović',
  visitPurpose: 'Bring Jelena Marković her new documents',
  visitLocation: 'Bus station Lasta, platform 4, Železnička 4',
  visitWithWhom: 'Jelena Marković and her son Luka',
  refusedUnknownField: 'Milica Stojanović, Knez Mihailova 22',
  refusedBadValue: 'Ana Nikolić, Takovska 5',
  refusedBrokenJson: 'Ivana Đorđević, Resavska 31',
  refusedQuery: 'Marko Pavlović',
  erasureReasonIsNotPersonal: 'request of the person concerned, ticket 2031',
};
const SECRETS = Object.entries(PERSONAL)
  .filter(([key]) => key !== 'erasureReasonIsNotPersonal')
  .map(([, text]) => text);

let stack: Stack;
let api: ReturnType<typeof buildApi>;
let base: string;
let org: Organisation;
let other: Organisation;
let caseId: string;
let caseCode: string;
let visitCode: string;
const logLines: string[] = [];
/** Answers to the refused requests, as text. */
const refusals: { status: number; text: string }[] = [];

/** Every row of every table of the raw database, as JSON text. */
async function dumpDatabase(prisma: PrismaClient): Promise<string[]> {
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
  const rows: string[] = [];
  for (const { table_name } of tables) {
    const found = await prisma.$queryRawUnsafe<{ row: string }[]>(`select row_to_json(t)::text as row from "${table_name}" t`);
    rows.push(...found.map((r) => r.row));
  }
  return rows;
}

beforeAll(async () => {
  stack = await startStack();
  // The production logger (with its redaction) at trace level, into memory.
  const capture = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  api = buildApi({
    prisma: stack.database.prisma,
    temporal: stack.client,
    log: createLogger({ level: 'trace' }, capture),
    taskQueue: stack.taskQueue,
    fieldCipher: createFieldCipher(TEST_DATA_KEY),
  });
  base = await api.listen({ host: '127.0.0.1', port: 0 });
  org = await seedOrganisation(stack.database.prisma, base, 'Leaks');
  other = await seedOrganisation(stack.database.prisma, base, 'Leaks Other');

  // The journey: every free-text field written once.
  const contact = await org.admin.api.post('/contacts', { displayName: 'Police liaison', phone: '+381641112223' });
  const c = await openCaseFor(org, { riskLevel: 'HIGH', designatedContacts: [{ contactId: contact.body.id, role: 'POLICE_LIAISON' }] });
  caseId = c.id;
  caseCode = c.caseCode;
  const path = `/cases/${caseId}`;
  const ok = async (answer: Promise<{ status: number; text: string }>) => {
    const { status, text } = await answer;
    if (status >= 300) throw new Error(`${status} ${text}`);
  };
  await ok(
    org.caseworker.api.post(`${path}/assessments`, { riskLevel: 'HIGH', measures: ['SAFE_HOUSE'], notes: PERSONAL.assessmentNotes }),
  );
  await ok(
    org.caseworker.api.post(`${path}/incidents`, {
      incidentType: 'BRIBE_OR_PRESSURE',
      severity: 'CRITICAL',
      description: PERSONAL.incidentDescription,
    }),
  );
  await ok(org.caseworker.api.post(`${path}/hearings`, { at: new Date(Date.now() + 5 * 86_400_000).toISOString(), kind: 'MAIN' }));
  await ok(
    org.coordinator.api.post('/self-assessments', {
      scores: Object.fromEntries(INDICATOR_KEYS.map((key) => [key, 1])),
      notes: { [INDICATOR_KEYS[0]]: PERSONAL.selfAssessmentNote },
    }),
  );
  // A field visit for the case, with its free text, that ends in panic: the visit alert's messages too.
  const visit = await org.caseworker.api.post('/field-visits', {
    caseId,
    expectedEndAt: new Date(Date.now() + 3_600_000).toISOString(),
    purpose: PERSONAL.visitPurpose,
    location: PERSONAL.visitLocation,
    withWhom: PERSONAL.visitWithWhom,
    safetyContactIds: [contact.body.id],
  });
  if (visit.status !== 201) throw new Error(`${visit.status} ${visit.text}`);
  visitCode = visit.body.visitCode;
  await ok(org.caseworker.api.post(`/field-visits/${visit.body.id}/panic`));
  await eventually(
    () => stack.database.prisma.deliveryAttempt.count({ where: { body: { contains: visitCode } } }),
    (sent) => sent > 0,
  );
  // Refused requests carrying personal data: none may echo it.
  refusals.push(await org.caseworker.api.post(`${path}/assessments`, { riskLevel: 'LOW', victim: PERSONAL.refusedUnknownField }));
  refusals.push(
    await org.caseworker.api.post(`${path}/assessments`, { riskLevel: PERSONAL.refusedBadValue, notes: PERSONAL.refusedBadValue }),
  );
  refusals.push(await org.caseworker.api.post(`${path}/incidents`, `{"description": "${PERSONAL.refusedBrokenJson}", `));
  refusals.push(await org.coordinator.api.get(`/cases?caseworkerId=${encodeURIComponent(PERSONAL.refusedQuery)}`));
  await eventually(
    async () => (await org.caseworker.api.get(`/alerts?caseId=${caseId}`)).body.alerts,
    (list: unknown[]) => list.length === 1,
  );
  await ok(org.coordinator.api.post(`${path}/close`, {}));
}, 240_000);
afterAll(async () => {
  await api?.close();
  await stack?.stop();
});

test('refused requests name the field, never echo the value', () => {
  expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 400]);
  expect(refusals.map((r) => JSON.parse(r.text).field)).toEqual(['victim', 'riskLevel', undefined, 'caseworkerId']);
  for (const { text } of refusals) for (const secret of SECRETS) expect(text).not.toContain(secret);
});

test('the logs (production logger, trace level) hold none of it', () => {
  const logs = logLines.join('');
  expect(logs).toContain('/cases/:caseId/assessments');
  for (const secret of SECRETS) expect(logs).not.toContain(secret);
});

test('the raw database holds none of it in clear', async () => {
  const rows = await dumpDatabase(stack.database.prisma);
  expect(rows.filter((r) => /"(notes|description)Encrypted":"v1\./.test(r))).toHaveLength(3);
  const all = rows.join('\n');
  for (const secret of SECRETS) expect(all).not.toContain(secret);
});

/** Every payload of every workflow in the namespace, as the server stores it, as text. */
async function rawHistories(): Promise<{ workflows: number; text: string }> {
  const { workflowService } = stack.client;
  const { executions } = await workflowService.listWorkflowExecutions({ namespace: 'default', pageSize: 1000 });
  const texts: string[] = [];
  for (const { execution } of executions ?? []) {
    const { history } = await workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution });
    texts.push(historyText(history));
  }
  return { workflows: executions?.length ?? 0, text: texts.join('\n') };
}

test('the raw Temporal histories (case, visit, alerts, self-assessment) hold none of it, not even the case code', async () => {
  const { workflows, text } = await rawHistories();
  expect(workflows).toBeGreaterThanOrEqual(5);
  expect(text).toContain('encryption-key-id');
  for (const secret of [...SECRETS, caseCode]) expect(text).not.toContain(secret);
});

test('every SMS and email (the outbox here) names the case or visit by its code only', async () => {
  const visitMessages = await stack.database.prisma.deliveryAttempt.findMany({ where: { body: { contains: visitCode } } });
  expect(visitMessages.some((m) => m.kind === 'URGENT' && m.channel === 'SMS')).toBe(true);
  for (const { subject, body } of visitMessages) for (const secret of SECRETS) expect(`${subject ?? ''}\n${body}`).not.toContain(secret);
  const messages = await stack.database.prisma.deliveryAttempt.findMany({ where: { caseId } });
  expect(messages.some((m) => m.kind === 'URGENT' && m.channel === 'SMS')).toBe(true);
  for (const { subject, body } of messages) {
    expect(body).toContain(caseCode);
    for (const secret of SECRETS) expect(`${subject ?? ''}\n${body}`).not.toContain(secret);
  }
});

describe('erasure on request', () => {
  const erase = (client: ApiClient, body: unknown, id = caseId) => client.post(`/cases/${id}/erasure`, body);

  test('admins only, with a reason; another organisation sees no case', async () => {
    expect((await erase(org.coordinator.api, { reason: PERSONAL.erasureReasonIsNotPersonal })).status).toBe(403);
    const noReason = await erase(org.admin.api, {});
    expect([noReason.status, noReason.body.field]).toEqual([400, 'reason']);
    const short = await erase(org.admin.api, { reason: 'because' });
    expect([short.status, short.body.field, short.body.detail]).toEqual([400, 'reason', 'must say why, in at least 10 characters']);
    expect((await erase(other.admin.api, { reason: PERSONAL.erasureReasonIsNotPersonal })).status).toBe(404);
    expect((await org.caseworker.api.get(`/cases/${caseId}`)).body.case).toMatchObject({ erasedAt: null });
  });

  test('erases, ends the workflow, is audited with who and why; the case then reads as erased and refuses events', async () => {
    const { prisma } = stack.database;
    const before = (await org.coordinator.api.get(`/cases/${caseId}`)).body.case;
    const answer = await erase(org.admin.api, { reason: PERSONAL.erasureReasonIsNotPersonal });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      caseId,
      via: 'request',
      requestedById: org.admin.id,
      reason: PERSONAL.erasureReasonIsNotPersonal,
      erased: { assessments: 1, incidents: 1, case_contacts: 1 },
    });

    // Who and why: the erasure record (admins read it) and the audit log's entry of the request.
    expect((await org.admin.api.get(`/erasures?caseId=${caseId}`)).body.erasures).toEqual([answer.body]);
    expect((await other.admin.api.get(`/erasures?caseId=${caseId}`)).body.erasures).toEqual([]);
    const audit = (await org.admin.api.get(`/audit?caseId=${caseId}`)).body.entries;
    expect(audit.find((e: any) => e.route === '/cases/:caseId/erasure' && e.statusCode === 201)).toMatchObject({
      userId: org.admin.id,
      method: 'POST',
    });

    const status = (await stack.client.workflow.getHandle(caseWorkflowId(org.id, caseId)).describe()).status.name;
    expect(status).toBe('TERMINATED');

    // Read: statistics only, no live state, no notes.
    const read = (await org.coordinator.api.get(`/cases/${caseId}`)).body;
    expect(read.live).toBeNull();
    expect(read.case).toMatchObject({
      caseCode: `ERASED-${caseId}`,
      stage: before.stage,
      riskLevel: before.riskLevel,
      identifiedAt: before.identifiedAt,
      closedAt: before.closedAt,
      designatedContacts: [],
      erasedAt: answer.body.at,
    });
    const timeline = await org.coordinator.api.get(`/cases/${caseId}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.entries.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['assessment.completed', 'incident.reported']));
    expect(timeline.body.entries.filter((e: any) => 'notes' in e || 'description' in e || 'hearingId' in e.detail)).toEqual([]);

    // Changes refused with 409; the same erasure again answers the first one.
    const refused = await org.caseworker.api.post(`/cases/${caseId}/assessments`, { riskLevel: 'LOW' });
    expect([refused.status, refused.body.detail]).toEqual([
      409,
      `the case's personal data was erased on ${answer.body.at}: it takes no more events`,
    ]);
    expect((await org.coordinator.api.post(`/cases/${caseId}/reopen`, {})).status).toBe(409);
    const again = await erase(org.admin.api, { reason: 'asked twice, same ticket 2031' });
    expect([again.status, again.body.id]).toEqual([200, answer.body.id]);
    expect(await prisma.erasure.count({ where: { caseId } })).toBe(1);

    // Not even the ciphertexts remain; the self-assessment (the organisation's, not the case's) stays.
    const rows = await dumpDatabase(prisma);
    expect(rows.filter((r) => /"(notes|description)Encrypted":"v1\./.test(r))).toHaveLength(1);
    // The messages to the police liaison keep kind, channel and status, not where they went.
    const messages = await prisma.deliveryAttempt.findMany({ where: { caseId } });
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((m) => m.address !== ERASED || m.body !== ERASED)).toEqual([]);
  });
});

test('the retention schedule is created once, then found', async () => {
  expect(await ensureRetentionSchedule(stack.client, stack.taskQueue, createLogger())).toBe('created');
  expect(await ensureRetentionSchedule(stack.client, stack.taskQueue, createLogger())).toBe('exists');
  const schedule = await stack.client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
  expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: stack.taskQueue });
  expect(schedule.spec.calendars).toEqual([
    expect.objectContaining({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] }),
  ]);
});
