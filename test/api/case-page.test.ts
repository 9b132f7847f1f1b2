/**
 * What the case page and the case list read beyond the case itself (issue 15): the names of the
 * people a case names, and the case's past deadlines with their outcome, replayed from its timeline.
 */
import { ApiClient, eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

const HOUR = 3_600_000;

let stack: Stack;
let org: Organisation;
let other: Organisation;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Case Page Org');
  other = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Case Page Other');
});
afterAll(() => stack?.stop());

const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

test('a case names its caseworker, coordinator and designated contacts by name; the list names each caseworker', async () => {
  const police = await org.admin.api.post('/contacts', { displayName: 'Police liaison Ana', phone: '+381641112299' });
  const c = await openCaseFor(org, { designatedContacts: [{ contactId: police.body.id, role: 'POLICE_LIAISON' }] });

  const read = await org.caseworker.api.get(`/cases/${c.id}`);
  expect(read.status).toBe(200);
  expect(read.body.case).toMatchObject({
    caseworkerName: 'caseworker',
    coordinatorName: 'coordinator',
    designatedContacts: [{ contactId: police.body.id, role: 'POLICE_LIAISON', level: 1, displayName: 'Police liaison Ana' }],
  });

  const list = await org.coordinator.api.get(`/cases?caseCode=${encodeURIComponent(c.caseCode)}`);
  expect(list.body.cases).toEqual([expect.objectContaining({ id: c.id, caseworkerName: 'caseworker' })]);
});

test('past deadlines say whether each was met on time, late or not at all; another organisation cannot read them', async () => {
  // Identified 30 h ago: the first assessment was due within a day, so it is 6 h overdue.
  const late = await openCaseFor(org, { identifiedAt: ago(30), riskLevel: 'HIGH' });
  // The workflow notes the opening in SQL a moment after the case is opened.
  const overdue = await eventually(
    () => org.caseworker.api.get(`/cases/${late.id}/deadlines`),
    (answer) => answer.body.deadlines?.length > 0,
  );
  expect(overdue.status).toBe(200);
  expect(overdue.body.deadlines).toEqual([
    { dueAt: expect.any(String), rule: 'new-case', riskLevel: 'HIGH', outcome: 'not-done', doneAt: null },
  ]);
  expect(Math.abs(Date.parse(overdue.body.deadlines[0].dueAt) - Date.parse(ago(6)))).toBeLessThan(HOUR);

  expect((await org.caseworker.api.post(`/cases/${late.id}/assessments`, { riskLevel: 'HIGH' })).status).toBe(200);
  const met = await org.caseworker.api.get(`/cases/${late.id}/deadlines`);
  expect(met.body.deadlines).toEqual([expect.objectContaining({ rule: 'new-case', outcome: 'late', doneAt: expect.any(String) })]);

  const fresh = await openCaseFor(org, { identifiedAt: ago(1) });
  await eventually(
    () => org.caseworker.api.get(`/cases/${fresh.id}/timeline`),
    (answer) => answer.body.entries?.length > 0,
  );
  expect((await org.caseworker.api.post(`/cases/${fresh.id}/assessments`, { riskLevel: 'LOW' })).status).toBe(200);
  const onTime = await org.caseworker.api.get(`/cases/${fresh.id}/deadlines`);
  // The deadline the assessment set is still ahead: not yet part of the history.
  expect(onTime.body.deadlines).toEqual([expect.objectContaining({ rule: 'new-case', riskLevel: 'MEDIUM', outcome: 'on-time' })]);

  expect((await other.coordinator.api.get(`/cases/${late.id}/deadlines`)).status).toBe(404);
  expect((await org.otherCaseworker.api.get(`/cases/${late.id}/deadlines`)).status).toBe(404);
  expect((await new ApiClient(stack.apiUrl).get(`/cases/${late.id}/deadlines`)).status).toBe(401);
});
