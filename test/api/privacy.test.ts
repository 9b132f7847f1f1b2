/**
 * Notes and incident descriptions are the most sensitive things the API receives. They must
 * exist only as ciphertext in the database: never in a workflow history (Temporal keeps those
 * in clear), never in a log line, never in any other table. The API under test here logs
 * everything at trace level into memory, without redaction, so a leak cannot hide.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApi } from '../../api/server';
import { createFieldCipher } from '../../platform/field-encryption';
import { eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, TEST_DATA_KEY, type Stack } from '../support/stack';

const NOTES = 'NOTES-She recognised the defence lawyer from the hallway';
const REFUSED_NOTES = 'REFUSED-notes of an assessment the workflow refused';
const INVALID_NOTES = 'INVALID-notes of a request with an unknown field';
const DESCRIPTION = 'DESCRIPTION-Offered money to withdraw her testimony';
const SECRETS = [NOTES, REFUSED_NOTES, INVALID_NOTES, DESCRIPTION];

let stack: Stack;
let api: ReturnType<typeof buildApi>;
let org: Organisation;
const logLines: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  const capture = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  api = buildApi({
    prisma: stack.database.prisma,
    temporal: stack.client,
    log: pino({ level: 'trace' }, capture),
    taskQueue: stack.taskQueue,
    fieldCipher: createFieldCipher(TEST_DATA_KEY),
  });
  const url = await api.listen({ host: '127.0.0.1', port: 0 });
  org = await seedOrganisation(stack.database.prisma, url, 'Privacy');
});
afterAll(async () => {
  await api?.close();
  await stack?.stop();
});

/** A history as text, each payload decoded (payloads are JSON in bytes, base64 in the fetched history). */
function historyText(history: unknown): string {
  return JSON.stringify(history, (key, value) =>
    value instanceof Uint8Array
      ? Buffer.from(value).toString('utf8')
      : key === 'data' && typeof value === 'string'
        ? Buffer.from(value, 'base64').toString('utf8')
        : value,
  );
}

test('notes and descriptions: ciphertext in their table, in clear for readers, nowhere else', async () => {
  const contact = await org.admin.api.post('/contacts', { displayName: 'Lawyer', email: 'lawyer@example.org' });
  const c = await openCaseFor(org, { caseCode: 'ASTRA-4769', designatedContacts: [{ contactId: contact.body.id, role: 'LAWYER' }] });
  const path = `/cases/${c.id}`;
  expect((await org.caseworker.api.post(`${path}/assessments`, { riskLevel: 'HIGH', measures: ['SAFE_HOUSE'], notes: NOTES })).status).toBe(
    200,
  );
  expect(
    (
      await org.caseworker.api.post(`${path}/incidents`, {
        incidentType: 'BRIBE_OR_PRESSURE',
        severity: 'CRITICAL',
        description: DESCRIPTION,
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await org.caseworker.api.post(`${path}/assessments`, {
        riskLevel: 'LOW',
        at: new Date(Date.now() + 86_400_000).toISOString(),
        notes: REFUSED_NOTES,
      })
    ).body.field,
  ).toBe('at');
  expect((await org.caseworker.api.post(`${path}/assessments`, { riskLevel: 'LOW', notes: INVALID_NOTES, victim: 'x' })).body.field).toBe(
    'victim',
  );

  // Readers of the case see them.
  const timeline = (await org.caseworker.api.get(`${path}/timeline`)).body.entries;
  expect(timeline.find((e: any) => e.kind === 'assessment.completed').notes).toBe(NOTES);
  expect(timeline.find((e: any) => e.kind === 'incident.reported').description).toBe(DESCRIPTION);
  expect((await org.otherCaseworker.api.get(`${path}/timeline`)).status).toBe(404);

  // The case workflow's history and the bribe's urgent alert's: measures and codes, never the text.
  const alerts = await eventually(
    async () => (await org.caseworker.api.get(`/alerts?caseId=${c.id}`)).body.alerts,
    (list: any[]) => list.length === 1,
  );
  const histories = [
    historyText(await stack.client.workflow.getHandle(`case-${c.id}`).fetchHistory()),
    historyText(await stack.client.workflow.getHandle(alerts[0].alertId).fetchHistory()),
  ];
  expect(histories[0]).toContain('SAFE_HOUSE');
  expect(histories[1]).toContain('ASTRA-4769');
  for (const history of histories) for (const secret of SECRETS) expect(history).not.toContain(secret);

  // Every log line of the API, at trace level.
  const logs = logLines.join('');
  expect(logs).toContain('/cases/:caseId/assessments');
  for (const secret of SECRETS) expect(logs).not.toContain(secret);

  // Every row of every table, as text.
  const { prisma } = stack.database;
  const tables = await prisma.$queryRaw<
    { table_name: string }[]
  >`select table_name from information_schema.tables where table_schema = 'public'`;
  const rows: string[] = [];
  for (const { table_name } of tables) {
    const found = await prisma.$queryRawUnsafe<{ row: string }[]>(`select row_to_json(t)::text as row from "${table_name}" t`);
    rows.push(...found.map((r) => r.row));
  }
  expect(rows.some((r) => r.includes('"notesEncrypted":"v1.'))).toBe(true);
  expect(rows.some((r) => r.includes('"descriptionEncrypted":"v1.'))).toBe(true);
  for (const secret of SECRETS) expect(rows.join('\n')).not.toContain(secret);
});

test('a ciphertext moved to another case does not decrypt there; the rest of the timeline still shows', async () => {
  const { prisma } = stack.database;
  const [first, second] = [await openCaseFor(org), await openCaseFor(org)];
  await org.caseworker.api.post(`/cases/${first.id}/assessments`, { riskLevel: 'LOW', notes: NOTES });
  await org.caseworker.api.post(`/cases/${second.id}/assessments`, { riskLevel: 'LOW', notes: 'other notes' });
  const stolen = await prisma.assessment.findFirstOrThrow({ where: { caseId: first.id } });
  await prisma.assessment.updateMany({ where: { caseId: second.id }, data: { notesEncrypted: stolen.notesEncrypted } });
  const answer = await org.caseworker.api.get(`/cases/${second.id}/timeline`);
  expect(answer.status).toBe(200);
  expect(answer.body.entries.find((e: any) => e.kind === 'assessment.completed')).toMatchObject({
    unreadable: true,
    recordedById: org.caseworker.id,
  });
  expect(answer.text).not.toContain(NOTES);
});
