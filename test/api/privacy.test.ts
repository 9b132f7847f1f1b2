/**
 * Notes and incident descriptions are the most sensitive things the API receives. They exist
 * only as ciphertext in their own table, bound to their case, and never enter Temporal: not
 * even its payloads decrypted with the key hold them. Logs, every table and every message:
 * test/api/leaks.test.ts.
 */
import { eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { caseWorkflowId } from '../../workflows/case-messages';
import { startStack, type Stack } from '../support/stack';
import { decodedHistoryText } from '../support/codec';

const NOTES = 'NOTES-She recognised the defence lawyer from the hallway';
const REFUSED_NOTES = 'REFUSED-notes of an assessment the workflow refused';
const INVALID_NOTES = 'INVALID-notes of a request with an unknown field';
const DESCRIPTION = 'DESCRIPTION-Offered money to withdraw her testimony';
const SECRETS = [NOTES, REFUSED_NOTES, INVALID_NOTES, DESCRIPTION];

let stack: Stack;
let org: Organisation;

beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Privacy');
});
afterAll(async () => {
  await stack?.stop();
});

test('notes and descriptions: in clear for readers of the case, never in a workflow history', async () => {
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
  // Decoded with the payload key: not even the operator holding it finds the text there.
  const histories = [
    await decodedHistoryText(await stack.client.workflow.getHandle(caseWorkflowId(org.id, c.id)).fetchHistory()),
    await decodedHistoryText(await stack.client.workflow.getHandle(alerts[0].alertId).fetchHistory()),
  ];
  expect(histories[0]).toContain('SAFE_HOUSE');
  expect(histories[1]).toContain('ASTRA-4769');
  for (const history of histories) for (const secret of SECRETS) expect(history).not.toContain(secret);
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
