/**
 * The SMS and PIN paths of field visits under attack, on the real stack with two organisations:
 * a staff phone belongs to one staff user (409 naming `phone`, and the database refuses it too);
 * commands never follow another organisation's card; a number that still means two users (data
 * from before the rule) refuses SAFE / EXTEND and raises PANIC everywhere; every Twilio webhook
 * acts once per message; a command sent before a visit began does nothing to it; and wrong PINs,
 * by API and SMS together, lock check-ins and alert the safety contacts, while the answers never
 * tell the right PIN, the duress PIN and a wrong one apart.
 */
import { eventually, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, TEST_TWILIO, type Stack } from '../support/stack';
import { newMessageSid as newSid, postAsTwilio } from '../support/twilio-webhooks';

let stack: Stack;
let a: Organisation;
let b: Organisation;
let dutyA: { id: string };
const PHONE_A = '+381641120001';
const PHONE_B = '+381641120002';
const HOUR = 3_600_000;

const prisma = () => stack.database.prisma;

async function withDuty(org: Organisation, phone: string) {
  const duty = await prisma().contact.create({ data: { organisationId: org.id, displayName: 'Duty', phone, email: 'duty@org.test' } });
  await prisma().organisation.update({ where: { id: org.id }, data: { dutyCoordinatorContactId: duty.id } });
  return duty;
}

beforeAll(async () => {
  stack = await startStack();
  a = await seedOrganisation(prisma(), stack.apiUrl, 'SMS A');
  b = await seedOrganisation(prisma(), stack.apiUrl, 'SMS B');
  dutyA = await withDuty(a, '+381641129001');
  await withDuty(b, '+381641129002');
  for (const [org, phone] of [
    [a, PHONE_A],
    [b, PHONE_B],
  ] as const) {
    const card = await org.admin.api.post('/contacts', { displayName: 'Caseworker', phone, userId: org.caseworker.id });
    expect(card.status).toBe(201);
    const pins = { currentPassword: org.caseworker.password, checkInPin: '1234', duressPin: '9876' };
    expect((await org.caseworker.api.put('/me/check-in-pins', pins)).status).toBe(204);
  }
});
afterAll(() => stack?.stop());

/** POSTs a signed inbound SMS as Twilio would; answers the TwiML message text. */
async function sms(from: string, body: string, messageSid = newSid()): Promise<string> {
  const answer = await postAsTwilio(stack.apiUrl, '/webhooks/twilio/inbound', {
    From: from,
    To: TEST_TWILIO.from,
    Body: body,
    MessageSid: messageSid,
  });
  expect(answer.status).toBe(200);
  return answer.text();
}

async function startVisit(org: Organisation): Promise<{ id: string; visitCode: string; expectedEndAt: string }> {
  const started = await org.caseworker.api.post('/field-visits', { expectedEndAt: new Date(Date.now() + HOUR).toISOString() });
  expect(started.status).toBe(201);
  return started.body;
}
const visitRow = (id: string) => prisma().fieldVisit.findUniqueOrThrow({ where: { id } });
const stateOf = async (id: string) => (await visitRow(id)).state;
/** Ends a visit still active (its lock-out lifted), so its visitor may start another. */
async function finish(org: Organisation, id: string) {
  await prisma().fieldVisit.update({ where: { id }, data: { pinLockedUntil: null, pinAttempts: 0 } });
  if ((await stateOf(id)) === 'ACTIVE')
    expect((await org.caseworker.api.post(`/field-visits/${id}/check-in`, { pin: '1234' })).status).toBe(200);
  await eventually(
    () => stateOf(id),
    (state) => state !== 'ACTIVE',
  );
}
const alertsOf = (fieldVisitId: string, count: number) =>
  eventually(
    () => prisma().alert.findMany({ where: { fieldVisitId }, orderBy: { trigger: 'asc' } }),
    (rows) => rows.length >= count,
  );
const urgentSmsOf = (alertId: string) =>
  eventually(
    () => prisma().deliveryAttempt.findMany({ where: { alertId, channel: 'SMS', kind: 'URGENT' } }),
    (rows) => rows.length > 0,
  );

describe('a staff phone belongs to one staff user', () => {
  test("a user's card with another user's phone, in any organisation, is refused with 409 naming phone", async () => {
    const refused = [
      await b.admin.api.post('/contacts', { displayName: 'Not hers', phone: PHONE_A, userId: b.caseworker.id }),
      await a.admin.api.post('/contacts', { displayName: 'Colleague', phone: PHONE_A, userId: a.otherCaseworker.id }),
    ];
    const plain = await b.admin.api.post('/contacts', { displayName: 'Plain card', phone: PHONE_A });
    expect(plain.status).toBe(201);
    const bCard = (await prisma().contact.findFirstOrThrow({ where: { userId: b.caseworker.id } })).id;
    refused.push(
      await b.admin.api.patch(`/contacts/${bCard}`, { phone: PHONE_A }),
      await b.admin.api.patch(`/contacts/${plain.body.id}`, { userId: b.caseworker.id }),
    );
    for (const answer of refused) {
      expect([answer.status, answer.body.field, answer.contentType]).toEqual([409, 'phone', 'application/problem+json; charset=utf-8']);
      expect(answer.text).not.toContain(PHONE_A);
    }
    // The same person may keep the number on a second card of their own.
    expect((await a.admin.api.post('/contacts', { displayName: 'Work phone', phone: PHONE_A, userId: a.caseworker.id })).status).toBe(201);
    // The database refuses it too, for writes that would race past the API's check.
    await expect(
      prisma().contact.create({ data: { organisationId: b.id, displayName: 'Direct', phone: PHONE_A, userId: b.otherCaseworker.id } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect(
      await prisma().contact.count({ where: { phone: PHONE_A, AND: [{ userId: { not: null } }, { userId: { not: a.caseworker.id } }] } }),
    ).toBe(0);
  });

  test("another organisation's plain card with the number never redirects a command", async () => {
    const visitA = await startVisit(a);
    const visitB = await startVisit(b);
    expect(await sms(PHONE_A, 'EXTEND 5 1234')).toContain(`${visitA.visitCode} extended until`);
    await eventually(
      () => visitRow(visitA.id),
      (r) => r.expectedEndAt.getTime() === Date.parse(visitA.expectedEndAt) + 5 * 60_000,
    );
    expect(await sms(PHONE_A, 'PANIC')).toContain(`${visitA.visitCode} alert sent`);
    const [alert] = await alertsOf(visitA.id, 1);
    expect((await urgentSmsOf(alert.id)).map((m) => [m.organisationId, m.contactId])).toContainEqual([a.id, dutyA.id]);
    expect(await stateOf(visitB.id)).toBe('ACTIVE');
    expect(await prisma().alert.count({ where: { fieldVisitId: visitB.id } })).toBe(0);
    await finish(b, visitB.id);
  });

  test("a number on two users' cards (older data): SAFE and EXTEND act on nothing, PANIC alerts every visit it could mean", async () => {
    // Written as data from before the rule: the trigger is bypassed as a restore would.
    const legacy = await prisma().$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
      return tx.contact.create({ data: { organisationId: b.id, displayName: 'Legacy', phone: PHONE_A, userId: b.caseworker.id } });
    });
    const visitA = await startVisit(a);
    // B's visit is the later one: "the latest active visit wins" would have picked it alone.
    const visitB = await startVisit(b);
    for (const command of ['EXTEND 5 1234', 'SAFE 1234']) expect(await sms(PHONE_A, command)).toContain('Vigil app');
    expect((await visitRow(visitA.id)).expectedEndAt.toISOString()).toBe(visitA.expectedEndAt);
    expect(await stateOf(visitA.id)).toBe('ACTIVE');
    // Each organisation's coordinator is told, without the whole number.
    const told = await eventually(
      () => prisma().deliveryAttempt.findMany({ where: { kind: 'ESCALATION', userId: { in: [a.coordinator.id, b.coordinator.id] } } }),
      (rows) => new Set(rows.map((r) => r.userId)).size === 2,
    );
    expect(new Set(told.map((r) => r.userId))).toEqual(new Set([a.coordinator.id, b.coordinator.id]));
    for (const message of told) expect([message.body.includes('0001'), message.body.includes(PHONE_A)]).toEqual([true, false]);

    const panicReply = await sms(PHONE_A, 'PANIC');
    expect(panicReply).toContain('alert sent');
    expect(panicReply).not.toContain(visitB.visitCode);
    const [alertA] = await alertsOf(visitA.id, 1);
    expect(alertA.trigger).toBe('visit.panic');
    expect((await urgentSmsOf(alertA.id)).map((m) => m.contactId)).toContain(dutyA.id);
    expect((await alertsOf(visitB.id, 1))[0].trigger).toBe('visit.panic');
    await prisma().contact.delete({ where: { id: legacy.id } });
  });
});

describe('each webhook acts once; a command acts only on the visit under way when it was sent', () => {
  test('the same signed inbound SMS posted twice extends once and answers the same', async () => {
    const visit = await startVisit(a);
    const sid = newSid();
    const first = await sms(PHONE_A, 'EXTEND 30 1234', sid);
    expect(first).toContain('extended until');
    expect(await sms(PHONE_A, 'EXTEND 30 1234', sid)).toBe(first);
    const extended = Date.parse(visit.expectedEndAt) + 30 * 60_000;
    await eventually(
      () => visitRow(visit.id),
      (r) => r.expectedEndAt.getTime() === extended,
    );
    const live = (await a.caseworker.api.get(`/field-visits/${visit.id}`)).body;
    expect(Date.parse(live.expectedEndAt)).toBe(extended);
    await finish(a, visit.id);
  });

  test('a status callback posted twice is recorded once', async () => {
    const visit = await startVisit(a);
    await a.caseworker.api.post(`/field-visits/${visit.id}/panic`);
    const [alert] = await alertsOf(visit.id, 1);
    const [message] = await urgentSmsOf(alert.id);
    const sid = newSid();
    await prisma().deliveryAttempt.update({ where: { id: message.id }, data: { providerMessageId: sid, status: 'QUEUED' } });
    const params = { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003' };
    for (let i = 0; i < 2; i++) {
      expect((await postAsTwilio(stack.apiUrl, '/webhooks/twilio/status', params, TEST_TWILIO.statusCallbackUrl)).status).toBe(204);
    }
    expect(await prisma().deliveryAttempt.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: 'UNDELIVERED' });
    const history = await stack.client.workflow.getHandle(alert.id).fetchHistory();
    const reports = history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'delivery.report');
    expect(reports).toHaveLength(1);
  });

  test('a SAFE sent before a visit began does nothing to it', async () => {
    // Its first delivery reached the API a minute ago and failed there; Twilio retries it now.
    const sid = newSid();
    await prisma().twilioWebhook.create({ data: { key: `inbound:${sid}`, receivedAt: new Date(Date.now() - 60_000) } });
    const visit = await startVisit(a);
    expect(await sms(PHONE_A, 'SAFE 1234', sid)).toContain('no active field visit');
    expect(await stateOf(visit.id)).toBe('ACTIVE');
    expect(await sms(PHONE_A, 'SAFE 1234')).toContain(`${visit.visitCode} checked in`);
  });

  test('a sender that is no phone number (NUL, letters) acts on nothing and gets an answer, never a 500', async () => {
    const visit = await startVisit(a);
    for (const from of [`${PHONE_A}\u0000`, 'whatsapp:+381641120001', '\u001b[2J'])
      expect(await sms(from, 'SAFE 1234')).toContain('no active field visit');
    expect(await stateOf(visit.id)).toBe('ACTIVE');
    await finish(a, visit.id);
  });

  test('an inbound webhook without a MessageSid is refused, naming it', async () => {
    const answer = await postAsTwilio(stack.apiUrl, '/webhooks/twilio/inbound', { From: PHONE_A, Body: 'PANIC', MessageSid: '' });
    expect([answer.status, ((await answer.json()) as { field: string }).field]).toEqual([400, 'MessageSid']);
  });
});

describe('wrong PINs lock check-ins and alert the safety contacts', () => {
  const checkIn = (id: string, pin: string) => a.caseworker.api.post(`/field-visits/${id}/check-in`, { pin });

  test('by API: after 5 wrong PINs every PIN gets the same 429, the duress PIN still alerts, the contacts are alerted', async () => {
    const visit = await startVisit(a);
    for (let i = 0; i < 4; i++) expect((await checkIn(visit.id, '0000')).body).toMatchObject({ status: 400, field: 'pin' });
    const fifth = await checkIn(visit.id, '0000');
    expect([fifth.status, fifth.body.field]).toEqual([429, 'pin']);
    expect(fifth.body.detail).toContain('15 minutes');
    const [right, duress] = [await checkIn(visit.id, '1234'), await checkIn(visit.id, '9876')];
    expect([right.status, right.text]).toEqual([429, fifth.text]);
    expect([duress.status, duress.text]).toEqual([429, fifth.text]);

    const alerts = await alertsOf(visit.id, 2);
    expect(alerts.map((r) => r.trigger)).toEqual(['visit.duress', 'visit.pin-attempts']);
    const pinAlert = alerts[1];
    expect((await urgentSmsOf(pinAlert.id)).map((m) => m.contactId)).toEqual([dutyA.id]);
    // The visit goes on, and its visitor sees nothing of the alerts.
    expect((await a.caseworker.api.get(`/field-visits/${visit.id}`)).body).toMatchObject({ state: 'ACTIVE', endedBy: null });
    expect((await a.caseworker.api.get('/alerts')).body.alerts).toEqual([]);

    // Once the lock-out is over, the right PIN checks in; the duress alert already running is the only one.
    await prisma().fieldVisit.update({ where: { id: visit.id }, data: { pinLockedUntil: new Date(Date.now() - 1000) } });
    expect((await checkIn(visit.id, '1234')).body).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });
    await eventually(
      () => stateOf(visit.id),
      (state) => state === 'ENDED',
    );
    expect(await prisma().alert.count({ where: { fieldVisitId: visit.id } })).toBe(2);
  });

  test('by SMS and API together: the count is shared, and every PIN reads the same while locked', async () => {
    const visit = await startVisit(a);
    const wrong = await sms(PHONE_A, 'SAFE 0000');
    expect(wrong).toContain('PIN not recognised');
    expect(await sms(PHONE_A, 'EXTEND 10 1111')).toBe(wrong);
    for (let i = 0; i < 2; i++) expect((await checkIn(visit.id, '0000')).status).toBe(400);
    const locked = await sms(PHONE_A, 'SAFE 2222');
    expect(locked).toContain('too many wrong PINs');
    // Kept in the database: every API process, and a restarted one, sees it.
    expect((await visitRow(visit.id)).pinLockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    for (const command of ['SAFE 1234', 'SAFE 9876', 'SAFE 5555']) expect(await sms(PHONE_A, command)).toBe(locked);
    expect(await sms(PHONE_A, 'EXTEND 10 1234')).toBe(locked);
    expect((await checkIn(visit.id, '1234')).status).toBe(429);
    const alerts = await alertsOf(visit.id, 2);
    expect(alerts.map((r) => r.trigger)).toEqual(['visit.duress', 'visit.pin-attempts']);
    expect(await stateOf(visit.id)).toBe('ACTIVE');
    // PANIC needs no PIN: never locked.
    expect(await sms(PHONE_A, 'PANIC')).toContain('alert sent');
    expect((await alertsOf(visit.id, 3)).map((r) => r.trigger)).toContain('visit.panic');
  });

  test('guesses sent in parallel cannot slip past the limit', async () => {
    const visit = await startVisit(a);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => checkIn(visit.id, String(1000 + i * 7))));
    expect(answers.filter((r) => r.status === 400).length).toBeLessThanOrEqual(4);
    expect(answers.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(8);
    await finish(a, visit.id);
  });
});
