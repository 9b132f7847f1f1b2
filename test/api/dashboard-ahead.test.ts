/**
 * GET /dashboard/ahead over real HTTP on the running stack: the hearings and release dates of the
 * next 14 days of the organisation's open cases, each prepared only when the victim was assessed
 * inside the window the policy opens before it; coordinators only, one organisation's only.
 */
import { eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

let stack: Stack;
let org: Organisation;
let other: Organisation;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Ahead');
  other = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Elsewhere');
}, 120_000);
afterAll(() => stack?.stop());

const ok = async (answer: Promise<{ status: number; text: string }>) => expect((await answer).status).toBe(200);

test('lists the hearings and releases of the next 14 days, prepared only when assessed inside their window', async () => {
  const api = org.coordinator.api;
  const soon = await openCaseFor(org);
  const later = await openCaseFor(org);
  const closed = await openCaseFor(org);
  await ok(api.post(`/cases/${soon.id}/hearings`, { hearingId: 'H-SOON', at: inDays(2), kind: 'MAIN' }));
  await ok(api.post(`/cases/${soon.id}/hearings`, { hearingId: 'H-GONE', at: inDays(3), kind: 'MAIN' }));
  await ok(api.post(`/cases/${soon.id}/hearings/H-GONE/cancel`, {}));
  await ok(api.post(`/cases/${soon.id}/perpetrator-status`, { status: 'RELEASE_ANNOUNCED', releaseDate: inDays(5) }));
  await ok(api.post(`/cases/${later.id}/hearings`, { hearingId: 'H-LATER', at: inDays(10), kind: 'PRELIMINARY' }));
  await ok(api.post(`/cases/${later.id}/hearings`, { hearingId: 'H-FAR', at: inDays(20), kind: 'MAIN' }));
  await ok(api.post(`/cases/${closed.id}/hearings`, { hearingId: 'H-CLOSED', at: inDays(4), kind: 'MAIN' }));
  await ok(api.post(`/cases/${closed.id}/close`, {}));
  const read = () => api.get('/dashboard/ahead');
  const listed = (answer: { body: { ahead: { kind: string; caseCode: string; hearingKind: string | null; prepared: boolean }[] } }) =>
    answer.body.ahead.map((a) => [a.kind, a.caseCode, a.hearingKind, a.prepared]);

  const before = await eventually(read, (answer) => answer.body.ahead?.length === 3);
  expect(before.status).toBe(200);
  expect(listed(before)).toEqual([
    ['hearing', soon.caseCode, 'MAIN', false],
    ['release', soon.caseCode, null, false],
    ['hearing', later.caseCode, 'PRELIMINARY', false],
  ]);

  // Assessed now: inside the 3 days before the hearing in 2 days and the 7 days before the
  // release in 5; not yet inside the window of the hearing in 10 days.
  await ok(api.post(`/cases/${soon.id}/assessments`, { riskLevel: 'HIGH', measures: [] }));
  await ok(api.post(`/cases/${later.id}/assessments`, { riskLevel: 'HIGH', measures: [] }));
  const after = await eventually(read, (answer) => answer.body.ahead.filter((a: { prepared: boolean }) => a.prepared).length === 2);
  expect(listed(after)).toEqual([
    ['hearing', soon.caseCode, 'MAIN', true],
    ['release', soon.caseCode, null, true],
    ['hearing', later.caseCode, 'PRELIMINARY', false],
  ]);
  const laterHearing = after.body.ahead[2];
  expect(Date.parse(laterHearing.assessFrom)).toBeCloseTo(Date.parse(inDays(7)), -5);
  expect(laterHearing.assessedAt).not.toBeNull();

  expect((await other.coordinator.api.get('/dashboard/ahead')).body).toEqual({ ahead: [] });
  expect((await org.caseworker.api.get('/dashboard/ahead')).status).toBe(403);
}, 120_000);
