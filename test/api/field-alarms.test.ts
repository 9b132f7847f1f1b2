/**
 * Field alarms that say who and where, on the real stack with SMS sent to the local Twilio
 * imitation (issue #14, item 4): the safety contacts' SMS names the staff member and their phone
 * and links to the alert's page, never the visit's place or purpose; a check-in after the missed
 * deadline with the right PIN ends the visit and resolves the alarm, and everyone paged is told;
 * the duress PIN after the deadline answers the very same, keeps the missed-check-in alert going
 * and raises the duress alert to the others. By API and by SMS reply alike.
 */
import { smsSize, withoutDiacritics } from '../../domain/sms-segments';
import { eventually, type Organisation } from '../support/api-client';
import { overdueVisit, pagePathIn, PINS, smsTo, STAFF_NAME, startFieldStack } from '../support/alert-sms';
import type { FakeTwilio } from '../support/fake-twilio';
import { TEST_TWILIO, type Stack } from '../support/stack';
import { postAsTwilio } from '../support/twilio-webhooks';

let stack: Stack;
let fake: FakeTwilio;
let org: Organisation;
let visitorPhone: string;
let duty: { id: string; phone: string | null };
let police: { id: string; phone: string | null };
const PLACE = 'Zemun, Nemanjina 4';
const PURPOSE = 'Poseta M. posle ročišta';
/** The staff member's name; without diacritics where the SMS drops them to fit. */
const STAFF = new RegExp(withoutDiacritics(STAFF_NAME).replace('c', '[cć]'));

let stop: () => Promise<void>;
beforeAll(async () => {
  ({ stack, fake, stop, org, visitorPhone, duty, police } = await startFieldStack('Field alarms', '+38164777000'));
}, 120_000);
afterAll(() => stop?.());

const alertsOf = (fieldVisitId: string) => stack.database.prisma.alert.findMany({ where: { fieldVisitId }, orderBy: { raisedAt: 'asc' } });
/** A visit past its deadline, once its missed-check-in alert has reached both safety contacts' phones. */
async function missedVisit() {
  const visit = await overdueVisit(stack, org, [duty.id, police.id], { location: PLACE, purpose: PURPOSE });
  const [toPolice] = await smsTo(fake, police.phone!, visit.visitCode);
  await smsTo(fake, duty.phone!, visit.visitCode);
  const [alert] = await eventually(
    () => alertsOf(visit.id),
    (rows) => rows.length === 1,
  );
  expect(alert.trigger).toBe('visit.missed-check-in');
  return { visit, alert, toPolice };
}
/** Everything of a visitor's answer but the visit's own identity and times. */
const comparable = (v: Record<string, unknown>) => ({
  ...v,
  id: '',
  visitCode: '',
  startedAt: '',
  expectedEndAt: '',
  endedAt: typeof v.endedAt,
});

test("the missed check-in SMS names the staff member and their phone, links to the alert's page, and fits 2 SMS", async () => {
  const { visit, toPolice } = await missedVisit();
  expect(toPolice.body).toMatch(STAFF);
  expect(toPolice.body).toContain(visitorPhone);
  expect(pagePathIn(toPolice.body)).toMatch(/^\/a\/[\w-]{16}$/);
  for (const secret of ['Zemun', 'Nemanjina', 'ročišta', 'rocista']) expect(toPolice.body).not.toContain(secret);
  expect(smsSize(toPolice.body).segments).toBeLessThanOrEqual(2);
  // The visitor's own phone is never alerted.
  expect(fake.messages.filter((m) => m.to === visitorPhone && m.body.includes(visit.visitCode))).toEqual([]);
  await org.caseworker.api.post(`/field-visits/${visit.id}/check-in`, { pin: PINS.checkInPin });
});

test('a late check-in with the right PIN ends the visit, resolves the alert, and everyone paged is told', async () => {
  const { visit, alert } = await missedVisit();
  const answer = await org.caseworker.api.post(`/field-visits/${visit.id}/check-in`, { pin: PINS.checkInPin });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });

  const resolved = await eventually(
    () => stack.database.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } }),
    (row) => row.state === 'RESOLVED',
    20_000,
  );
  expect(resolved).toMatchObject({ state: 'RESOLVED', resolvedBy: org.caseworker.id, resolvedVia: 'check-in' });
  // Each safety contact's phone gets a second SMS: the resolution, naming who checked in.
  for (const contact of [duty, police]) {
    const [, told] = await smsTo(fake, contact.phone!, visit.visitCode, 2);
    expect(told.body).toMatch(STAFF);
  }
  const updates = await stack.database.prisma.deliveryAttempt.findMany({
    where: { alertId: alert.id, kind: 'ALERT_UPDATE', channel: 'SMS' },
  });
  expect(updates.map((m) => m.contactId).sort()).toEqual([duty.id, police.id].sort());
  const row = await eventually(
    () => stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id: visit.id } }),
    (r) => r.state === 'ENDED',
  );
  expect([row.state, row.endedBy]).toEqual(['ENDED', 'check-in']);
  // Over for good now: a second check-in is refused.
  expect((await org.caseworker.api.post(`/field-visits/${visit.id}/check-in`, { pin: PINS.checkInPin })).status).toBe(409);
});

test('the duress PIN after the deadline answers exactly as the right one, keeps the alarm going and alerts the others', async () => {
  const answers = [];
  const visits = [];
  for (const pin of [PINS.checkInPin, PINS.duressPin]) {
    const { visit } = await missedVisit();
    const answer = await org.caseworker.api.post(`/field-visits/${visit.id}/check-in`, { pin });
    answers.push({ status: answer.status, contentType: answer.contentType, body: comparable(answer.body) });
    visits.push(visit);
  }
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[1].body).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });

  const forced = visits[1];
  const [missed, duress] = await eventually(
    () => alertsOf(forced.id),
    (rows) => rows.length === 2,
    20_000,
  );
  expect([missed.trigger, duress.trigger]).toEqual(['visit.missed-check-in', 'visit.duress']);
  // The duress alert reaches the safety contacts, never the visitor's phone.
  await smsTo(fake, police.phone!, forced.visitCode, 2);
  await smsTo(fake, duty.phone!, forced.visitCode, 2);
  expect(fake.messages.filter((m) => m.to === visitorPhone && m.body.includes(forced.visitCode))).toEqual([]);
  // Given time to be resolved, the missed-check-in alert is not: the silent alarm goes on.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const still = await stack.database.prisma.alert.findUniqueOrThrow({ where: { id: missed.id } });
  expect(still.state).toBe('ALERTING');
  expect(still.resolvedAt).toBeNull();
  // The visitor sees a check-in; coordinators see the duress.
  expect((await org.caseworker.api.get(`/field-visits/${forced.id}`)).body).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });
  await eventually(
    () => org.coordinator.api.get(`/field-visits/${forced.id}`),
    (r) => r.body.endedBy === 'duress',
  );
});

/** POSTs an SMS from `from` to the inbound webhook as Twilio would; answers the TwiML text. */
async function sms(from: string, body: string): Promise<string> {
  const answer = await postAsTwilio(stack.apiUrl, '/webhooks/twilio/inbound', { From: from, To: TEST_TWILIO.from, Body: body });
  expect(answer.status).toBe(200);
  return answer.text();
}

test('SAFE with the PIN by SMS after the deadline: the same reply for either PIN; only the right one resolves', async () => {
  const replies = [];
  const alerts: { id: string; fieldVisitId: string | null }[] = [];
  for (const pin of [PINS.checkInPin, PINS.duressPin]) {
    const { visit, alert } = await missedVisit();
    replies.push((await sms(visitorPhone, `SAFE ${pin}`)).replaceAll(visit.visitCode, 'V-CODE'));
    alerts.push(alert);
    await eventually(
      () => stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id: visit.id } }),
      (r) => r.state === 'ENDED',
    );
  }
  expect(replies[1]).toBe(replies[0]);
  expect(replies[0]).toContain('V-CODE checked in');
  await eventually(
    () => stack.database.prisma.alert.findUniqueOrThrow({ where: { id: alerts[0].id } }),
    (row) => row.state === 'RESOLVED',
    20_000,
  );
  await eventually(
    () => stack.database.prisma.alert.count({ where: { fieldVisitId: alerts[1].fieldVisitId!, trigger: 'visit.duress' } }),
    (n) => n === 1,
  );
  expect((await stack.database.prisma.alert.findUniqueOrThrow({ where: { id: alerts[1].id } })).state).toBe('ALERTING');
});

test('PANIC by SMS after the deadline raises the panic alert beside the missed check-in one; the visit still takes a late check-in', async () => {
  const { visit, alert } = await missedVisit();
  expect(await sms(visitorPhone, 'PANIC')).toContain(`${visit.visitCode} alert sent`);
  const alerts = await eventually(
    () => alertsOf(visit.id),
    (rows) => rows.some((a) => a.trigger === 'visit.panic'),
  );
  expect(alerts.map((a) => a.trigger).sort()).toEqual(['visit.missed-check-in', 'visit.panic']);
  expect((await stack.database.prisma.fieldVisit.findUniqueOrThrow({ where: { id: visit.id } })).state).toBe('MISSED');
  await sms(visitorPhone, `SAFE ${PINS.checkInPin}`);
  await eventually(
    () => stack.database.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } }),
    (row) => row.state === 'RESOLVED',
    20_000,
  );
});
