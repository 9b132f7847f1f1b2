/**
 * Field visits over real HTTP on the real stack: starting one (bad inputs named, free text
 * encrypted), who sees it, PINs, check-in, extension, panic, and the duress check-in that answers
 * exactly as a check-in (by API and by SMS reply through Twilio's signed webhook) while the
 * safety contacts are alerted and the visitor sees nothing of it.
 */
import { seedOrganisation, eventually, openCaseFor, type Organisation } from '../support/api-client';
import { startStack, TEST_TWILIO, type Stack } from '../support/stack';
import { postAsTwilio } from '../support/twilio-webhooks';

let stack: Stack;
let org: Organisation;
let duty: { id: string };
let police: { id: string };
const VISITOR_PHONE = '+381641110001';
const PURPOSE = 'Poseta Milici u Zemunu, Nemanjina 4';
const HOUR = 3_600_000;
const inAnHour = () => new Date(Date.now() + HOUR).toISOString();

beforeAll(async () => {
  stack = await startStack();
  const { prisma } = stack.database;
  org = await seedOrganisation(prisma, stack.apiUrl, 'Field ASTRA');
  duty = await prisma.contact.create({
    data: { organisationId: org.id, displayName: 'Duty coordinator', phone: '+381641110002', email: 'duty@astra.test' },
  });
  police = await prisma.contact.create({ data: { organisationId: org.id, displayName: 'Police liaison', phone: '+381641110003' } });
  await prisma.organisation.update({ where: { id: org.id }, data: { dutyCoordinatorContactId: duty.id } });
  // The caseworker's own card: their phone, from which they reply SAFE / PANIC / EXTEND.
  await prisma.contact.create({
    data: { organisationId: org.id, displayName: 'Caseworker', phone: VISITOR_PHONE, userId: org.caseworker.id },
  });
});
afterAll(() => stack?.stop());

const visits = () => stack.database.prisma.fieldVisit.count();
const start = (body: Record<string, unknown> = {}) => org.caseworker.api.post('/field-visits', { expectedEndAt: inAnHour(), ...body });
/** Ends the caseworker's active visit, if any, so the next test may start one. */
async function endActiveVisit(pin?: string) {
  const active = await stack.database.prisma.fieldVisit.findFirst({ where: { userId: org.caseworker.id, state: 'ACTIVE' } });
  if (active) expect((await org.caseworker.api.post(`/field-visits/${active.id}/check-in`, pin ? { pin } : {})).status).toBe(200);
}
const messagesOf = (alertId: string) =>
  eventually(
    () => stack.database.prisma.deliveryAttempt.findMany({ where: { alertId }, orderBy: [{ contactId: 'asc' }, { channel: 'asc' }] }),
    (rows) => rows.length >= 2,
  );
const alertOf = (fieldVisitId: string) =>
  eventually(
    () => stack.database.prisma.alert.findFirst({ where: { fieldVisitId } }),
    (alert) => alert !== null,
  );

test('bad inputs answer 400 naming the field, and start nothing', async () => {
  const before = await visits();
  const otherOrg = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'No duty coordinator');
  const othersCase = await openCaseFor(org, { caseworkerId: org.otherCaseworker.id });
  const foreign = await stack.database.prisma.contact.create({ data: { organisationId: otherOrg.id, displayName: 'Elsewhere' } });
  const cases: [Record<string, unknown>, string][] = [
    [{ expectedEndAt: new Date(Date.now() - 60_000).toISOString() }, 'expectedEndAt'],
    [{ expectedEndAt: new Date(Date.now() + 25 * HOUR).toISOString() }, 'expectedEndAt'],
    [{ expectedEndAt: 'tomorrow' }, 'expectedEndAt'],
    [{ graceMinutes: 0 }, 'graceMinutes'],
    [{ graceMinutes: 121 }, 'graceMinutes'],
    [{ safetyContactIds: [police.id, foreign.id] }, 'safetyContactIds[1]'],
    [{ safetyContactIds: [] }, 'safetyContactIds'],
    [{ caseId: othersCase.id }, 'caseId'],
    [{ location: 'x'.repeat(2_001) }, 'location'],
    [{ where: 'Zemun' }, 'where'],
  ];
  for (const [body, field] of cases) {
    const answer = await start(body);
    expect([answer.status, answer.body.field, body]).toEqual([400, field, body]);
    expect(answer.contentType).toContain('application/problem+json');
  }
  // No duty coordinator to alert by default: the field that would name one is required.
  const withoutDuty = await otherOrg.caseworker.api.post('/field-visits', { expectedEndAt: inAnHour() });
  expect([withoutDuty.status, withoutDuty.body.field]).toEqual([400, 'safetyContactIds']);
  expect(await visits()).toBe(before);
});

test("a visit is seen by its visitor and the organisation's coordinators only; only the visitor acts on it", async () => {
  const ownCase = await openCaseFor(org);
  const started = await start({ purpose: PURPOSE, location: 'Zemun', withWhom: 'M. and her child', caseId: ownCase.id, graceMinutes: 20 });
  expect(started.status).toBe(201);
  const visit = started.body;
  expect(visit).toMatchObject({
    state: 'ACTIVE',
    userId: org.caseworker.id,
    caseId: ownCase.id,
    graceMinutes: 20,
    safetyContactIds: [duty.id],
    purpose: PURPOSE,
    visitCode: expect.stringMatching(/^V-[A-Z2-9]{6}$/),
  });
  // Free text only encrypted at rest, and never in the workflow's history.
  const row = await stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id: visit.id } });
  expect(row.purposeEncrypted).toMatch(/^v1\./);
  const history = JSON.stringify(await stack.client.workflow.getHandle(row.workflowId).fetchHistory());
  for (const text of ['Milici', 'Nemanjina', 'Zemun', 'her child']) expect(history).not.toContain(text);

  const path = `/field-visits/${visit.id}`;
  expect((await org.coordinator.api.get(path)).body).toMatchObject({ id: visit.id, location: 'Zemun' });
  expect((await org.admin.api.get(path)).status).toBe(200);
  expect((await org.otherCaseworker.api.get(path)).status).toBe(404);
  const stranger = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Stranger org');
  expect((await stranger.coordinator.api.get(path)).status).toBe(404);
  expect((await org.otherCaseworker.api.get('/field-visits')).body.visits).toEqual([]);
  expect((await org.coordinator.api.get('/field-visits?state=ACTIVE')).body.visits.map((v: { id: string }) => v.id)).toContain(visit.id);
  // Lists carry no free text.
  expect((await org.caseworker.api.get('/field-visits')).body.visits[0].purpose).toBeUndefined();

  expect((await org.otherCaseworker.api.post(`${path}/check-in`, {})).status).toBe(404);
  expect((await org.coordinator.api.post(`${path}/check-in`, {})).status).toBe(403);
  // One active visit at a time: SMS replies must know which visit they mean.
  expect((await start()).status).toBe(409);

  const extended = await org.caseworker.api.post(`${path}/extend`, { minutes: 30 });
  expect(extended.status).toBe(200);
  expect(Date.parse(extended.body.expectedEndAt) - Date.parse(visit.expectedEndAt)).toBe(30 * 60_000);
  for (const minutes of [0, 481, 1.5]) expect((await org.caseworker.api.post(`${path}/extend`, { minutes })).body.field).toBe('minutes');
  await eventually(
    () => stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id: visit.id } }),
    (r) => r.expectedEndAt.toISOString() === extended.body.expectedEndAt,
  );

  const checkedIn = await org.caseworker.api.post(`${path}/check-in`);
  expect(checkedIn.body).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });
  expect((await org.caseworker.api.post(`${path}/panic`)).status).toBe(409);
  await eventually(
    () => stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id: visit.id } }),
    (r) => r.state === 'ENDED' && r.endedBy === 'check-in' && r.endedAt !== null,
  );
  expect(await stack.database.prisma.alert.count({ where: { fieldVisitId: visit.id } })).toBe(0);
});

test('PINs: 4 to 8 digits, the duress PIN another; a check-in then needs the check-in PIN', async () => {
  const set = (body: Record<string, unknown>) => org.caseworker.api.put('/me/check-in-pins', body);
  const password = org.caseworker.password;
  expect((await set({ currentPassword: password, checkInPin: '12a4', duressPin: '9999' })).body.field).toBe('checkInPin');
  expect((await set({ currentPassword: password, checkInPin: '1234', duressPin: '123456789' })).body.field).toBe('duressPin');
  expect((await set({ currentPassword: password, checkInPin: '1234', duressPin: '1234' })).body).toMatchObject({
    field: 'duressPin',
    detail: 'must differ from the check-in PIN',
  });
  expect((await set({ currentPassword: 'wrong password!', checkInPin: '1234', duressPin: '9876' })).body.field).toBe('currentPassword');
  expect((await set({ currentPassword: password, checkInPin: '1234', duressPin: '9876' })).status).toBe(204);

  const { id } = (await start()).body;
  expect((await org.caseworker.api.post(`/field-visits/${id}/check-in`, {})).body).toMatchObject({ status: 400, field: 'pin' });
  expect((await org.caseworker.api.post(`/field-visits/${id}/check-in`, { pin: '0000' })).body).toMatchObject({
    status: 400,
    field: 'pin',
  });
  expect((await org.caseworker.api.get(`/field-visits/${id}`)).body.state).toBe('ACTIVE');
  await endActiveVisit('1234');
});

test('a duress check-in answers as a check-in, alerts the safety contacts silently, and only coordinators know', async () => {
  const answers = [];
  for (const pin of ['1234', '9876']) {
    const { id } = (await start({ safetyContactIds: [duty.id, police.id] })).body;
    answers.push((await org.caseworker.api.post(`/field-visits/${id}/check-in`, { pin })).body);
  }
  const [plain, duress] = answers;
  // Everything but the visit's own identity and times is the same, field for field.
  const comparable = (v: Record<string, unknown>) => ({
    ...v,
    id: '',
    visitCode: '',
    startedAt: '',
    expectedEndAt: '',
    endedAt: typeof v.endedAt,
  });
  expect(comparable(duress)).toEqual(comparable(plain));
  expect(duress).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });

  const alert = (await alertOf(duress.id))!;
  expect(alert).toMatchObject({ trigger: 'visit.duress', caseId: null, state: 'ALERTING' });
  expect(await stack.database.prisma.alert.count({ where: { fieldVisitId: plain.id } })).toBe(0);
  // Both safety contacts at once, on every channel they have; the visitor's own phone never.
  const messages = await eventually(
    () => stack.database.prisma.deliveryAttempt.findMany({ where: { alertId: alert.id } }),
    (rows) => rows.length >= 3,
  );
  expect(messages.map((m) => [m.contactId, m.channel]).sort()).toEqual(
    [
      [duty.id, 'EMAIL'],
      [duty.id, 'SMS'],
      [police.id, 'SMS'],
    ].sort(),
  );
  expect(messages.find((m) => m.channel === 'SMS')!.body).toContain(duress.visitCode);
  for (const m of messages) expect(m.body).not.toContain('Nemanjina');
  expect(messages.some((m) => m.address === VISITOR_PHONE)).toBe(false);

  const path = `/field-visits/${duress.id}`;
  expect((await org.caseworker.api.get(path)).body).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });
  expect((await org.caseworker.api.get('/field-visits')).body.visits.find((v: { id: string }) => v.id === duress.id).endedBy).toBe(
    'check-in',
  );
  expect((await org.coordinator.api.get(path)).body).toMatchObject({ state: 'ENDED', endedBy: 'duress' });
  const row = await eventually(
    () => stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id: duress.id } }),
    (r) => r.endedBy !== null,
  );
  expect([row.state, row.endedBy]).toEqual(['ENDED', 'duress']);
  // The coordinator lists and acknowledges it; the visitor's alert list stays empty.
  expect((await org.caseworker.api.get('/alerts')).body.alerts).toEqual([]);
  const listed = (await org.coordinator.api.get('/alerts')).body.alerts.find((a: { alertId: string }) => a.alertId === alert.id);
  expect(listed).toMatchObject({ fieldVisitId: duress.id, caseId: null, caseCode: duress.visitCode, alertKey: 'duress' });
  const acked = await org.coordinator.api.post(`/field-visits/${duress.id}/alerts/duress/acknowledge`);
  expect(acked.status).toBe(200);
  expect(acked.body).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgement: { by: org.coordinator.id, via: 'api' } });
});

/** POSTs an SMS from `from` to the inbound webhook as Twilio would, signed; answers the TwiML text. */
async function sms(from: string, body: string): Promise<string> {
  const answer = await postAsTwilio(stack.apiUrl, '/webhooks/twilio/inbound', { From: from, To: TEST_TWILIO.from, Body: body });
  expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'text/xml']);
  return answer.text();
}

test('by SMS from the own phone: EXTEND with the PIN, a wrong PIN, and SAFE with either PIN answering the very same', async () => {
  const replies = [];
  for (const pin of ['1234', '9876']) {
    const { id, visitCode, expectedEndAt } = (await start()).body;
    expect(await sms('+381600000000', `SAFE ${pin}`)).toContain('no active field visit');
    // Whoever holds the phone cannot postpone the alarm without the PIN.
    expect(await sms(VISITOR_PHONE, 'extend 15')).toContain('PIN not recognised');
    expect(await sms(VISITOR_PHONE, 'extend 15 1234')).toContain(`${visitCode} extended until`);
    await eventually(
      () => stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id } }),
      (r) => r.expectedEndAt.getTime() === Date.parse(expectedEndAt) + 15 * 60_000,
    );
    expect(await sms(VISITOR_PHONE, 'SAFE 0000')).toContain('PIN not recognised');
    replies.push((await sms(VISITOR_PHONE, ` safe ${pin} `)).replaceAll(visitCode, 'V-CODE'));
    await eventually(
      () => stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id } }),
      (r) => r.state === 'ENDED',
    );
  }
  expect(replies[1]).toBe(replies[0]);
  expect(replies[0]).toContain('V-CODE checked in');
  const [normal, duress] = await stack.database.prisma.fieldVisit
    .findMany({ orderBy: { startedAt: 'desc' }, take: 2 })
    .then((r) => r.reverse());
  expect([normal.endedBy, duress.endedBy]).toEqual(['check-in', 'duress']);
  expect((await alertOf(duress.id))!.trigger).toBe('visit.duress');
  expect(await stack.database.prisma.alert.count({ where: { fieldVisitId: normal.id } })).toBe(0);
});

test('EXTEND with the duress PIN reads as an extension on the phone, and raises the silent alert', async () => {
  const until = (text: string) => /extended until (\d\d:\d\d)/.exec(text)?.[1];
  const normal = (await start()).body;
  const normalReply = await sms(VISITOR_PHONE, 'PRODUZI 30 1234');
  await sms(VISITOR_PHONE, 'SAFE 1234');
  const forced = (await start()).body;
  const forcedReply = await sms(VISITOR_PHONE, 'PRODUZI 30 9876');
  const shape = (reply: string, code: string) => reply.replaceAll(code, 'V').replaceAll(until(reply)!, 'HH:MM');
  expect(shape(forcedReply, forced.visitCode)).toBe(shape(normalReply, normal.visitCode));
  const shown = new Date(Date.parse(forced.expectedEndAt) + 30 * 60_000);
  expect(until(forcedReply)).toBe(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Belgrade', hour: '2-digit', minute: '2-digit' }).format(shown),
  );
  expect((await alertOf(forced.id))!.trigger).toBe('visit.duress');
  expect(await stack.database.prisma.alert.count({ where: { fieldVisitId: normal.id } })).toBe(0);
});

test('PANIC by SMS (or the API) alerts the safety contacts at once', async () => {
  const { id, visitCode } = (await start({ safetyContactIds: [police.id] })).body;
  expect(await sms(VISITOR_PHONE, 'PANIC')).toContain(`${visitCode} alert sent`);
  const alert = (await alertOf(id))!;
  expect(alert.trigger).toBe('visit.panic');
  const messages = await messagesOf(alert.id);
  expect(messages.map((m) => [m.contactId, m.channel, m.kind])).toContainEqual([police.id, 'SMS', 'URGENT']);
  expect((await org.caseworker.api.get(`/field-visits/${id}`)).body).toMatchObject({ state: 'PANIC', endedBy: 'panic' });

  const second = (await start({ safetyContactIds: [police.id] })).body;
  const pressed = await org.caseworker.api.post(`/field-visits/${second.id}/panic`);
  expect(pressed.body).toMatchObject({ state: 'PANIC', endedBy: 'panic' });
  expect((await alertOf(second.id))!.trigger).toBe('visit.panic');
});

test('a safety contact of a visit under way cannot be removed until the visit ends', async () => {
  await start({ safetyContactIds: [police.id] });
  const removal = await org.admin.api.delete(`/contacts/${police.id}`);
  expect([removal.status, removal.body.field]).toEqual([409, 'contactId']);
  await endActiveVisit('1234');
});
