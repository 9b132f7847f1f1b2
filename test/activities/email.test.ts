/**
 * Email through nodemailer against a real SMTP server in the test process: recipients, subject
 * and body in each reader's language, each scripted failure classified, one email per activity
 * identity.
 */
import type { ContactDelivery, ReassessmentDue } from '../../activities/notifications';
import { createAckLinks, type AckLinks } from '../../platform/ack-links';
import { loadConfig } from '../../platform/config';
import { startTestSmtp, type SmtpScript, type TestSmtp } from '../support/smtp';
import { failureOf, newIdentity, runActivity, startDeliveryTestbed, type DeliveryTestbed } from '../support/delivery';

let tb: DeliveryTestbed;
let smtp: TestSmtp;

beforeAll(async () => {
  [tb, smtp] = await Promise.all([startDeliveryTestbed('email'), startTestSmtp()]);
});
afterAll(async () => {
  await smtp?.close();
  await tb?.close();
});

const FROM = 'vigil-alerts@astra.test';
const emailActivities = (url = smtp.url, ackLinks?: AckLinks) =>
  tb.activities({ messaging: loadConfig({ SMTP_URL: url, SMTP_FROM: `Vigil <${FROM}>` }).messaging, sendTimeoutMs: 2_000, ackLinks });

function due(recipients: string[], extra: Partial<ReassessmentDue> = {}): ReassessmentDue {
  return {
    caseId: tb.seed.caseId,
    caseCode: tb.seed.caseCode,
    organisationId: tb.seed.organisationId,
    kind: 'reminder',
    dueAt: '2027-03-05T14:00:00.000Z',
    rule: 'new-case',
    riskLevel: 'MEDIUM',
    recipients,
    // 13:00 in Belgrade, outside anyone's quiet hours.
    at: '2027-03-04T12:00:00.000Z',
    ...extra,
  };
}

function alertTo(contactId: string): ContactDelivery {
  return {
    alertId: 'case-email/alert/1',
    organisationId: tb.seed.organisationId,
    contactId,
    channel: 'email',
    kind: 'urgent',
    caseCode: tb.seed.caseCode,
    trigger: 'perpetrator.released',
    ackCode: 'K7Q2XM',
  };
}

const receivedBy = (address: string) => smtp.received.filter((m) => m.to.includes(address));

test('reminders reach users at their contact card or login email, in their language and time zone', async () => {
  const { seed } = tb;
  await runActivity(
    newIdentity('case'),
    emailActivities().notifyReassessmentDue,
    due([seed.caseworker.id, seed.coordinator.id, seed.ben.id]),
  );

  const [toCaseworker] = receivedBy(seed.caseworker.cardEmail);
  expect(toCaseworker).toMatchObject({ from: FROM, to: [seed.caseworker.cardEmail] });
  expect(toCaseworker.subject).toBe('Vigil: procena za slučaj BG-2027-014 dospeva 5. mar 2027. 15:00 CET');
  expect(toCaseworker.text).toContain(
    'Ponovna procena bezbednosti za slučaj BG-2027-014 dospeva 5. mar 2027. 15:00 CET.\nRazlog: novi slučaj.',
  );
  // No contact card: the login email, in Serbian.
  expect(receivedBy(seed.coordinator.email)[0].subject).toBe(toCaseworker.subject);
  const [toBen] = receivedBy(seed.ben.email);
  expect(toBen.subject).toBe('Vigil: reassessment of case BG-2027-014 due 5 Mar 2027, 14:00 GMT');
  expect(toBen.text).toContain('Reason: new case.');
  expect(receivedBy(seed.caseworker.email)).toEqual([]);

  const rows = await tb.prisma.deliveryAttempt.findMany({ where: { kind: 'REMINDER', caseId: seed.caseId }, orderBy: { address: 'asc' } });
  expect(rows.map((r) => [r.address, r.channel, r.status, r.userId, r.contactId])).toEqual([
    [seed.ben.email, 'EMAIL', 'SENT', null, seed.ben.id],
    [seed.caseworker.cardEmail, 'EMAIL', 'SENT', seed.caseworker.id, expect.any(String)],
    [seed.coordinator.email, 'EMAIL', 'SENT', seed.coordinator.id, null],
  ]);
  expect(rows[0].providerMessageId).toBe(toBen.messageId);
});

test('a recipient in quiet hours is held back until they end; the others get the reminder now', async () => {
  const { seed } = tb;
  // Ben (Europe/London) keeps 22:00-07:00; 23:30 in London is 23:30 UTC in March.
  await tb.prisma.contact.update({ where: { id: seed.ben.id }, data: { quietHoursStart: 22 * 60, quietHoursEnd: 7 * 60 } });
  try {
    const before = smtp.received.length;
    const result = await runActivity(
      newIdentity('case'),
      emailActivities().notifyReassessmentDue,
      due([seed.coordinator.id, seed.ben.id], { at: '2027-03-04T23:30:00.000Z' }),
    );
    expect(result).toEqual({ deferred: [{ recipientId: seed.ben.id, until: '2027-03-05T07:00:00.000Z' }] });
    expect(smtp.received.slice(before).map((m) => m.to)).toEqual([[seed.coordinator.email]]);
  } finally {
    await tb.prisma.contact.update({ where: { id: seed.ben.id }, data: { quietHoursStart: null, quietHoursEnd: null } });
  }
});

test("the urgent email carries the trigger, what to do, the SMS reply and the link to the alert's page", async () => {
  const { seed } = tb;
  const alert = alertTo(seed.ben.id);
  await tb.prisma.alert.upsert({
    where: { id: alert.alertId },
    create: {
      id: alert.alertId,
      organisationId: seed.organisationId,
      caseId: seed.caseId,
      trigger: alert.trigger,
      ackCode: alert.ackCode,
      raisedAt: new Date(),
    },
    update: {},
  });
  const ackLinks = createAckLinks('https://vigil.example.org', Buffer.alloc(32, 7));
  await runActivity(newIdentity(), emailActivities(smtp.url, ackLinks).deliverToContact, alert);
  const mail = receivedBy(seed.ben.email).at(-1)!;
  expect(mail.subject).toBe('Vigil URGENT: case BG-2027-014: perpetrator released');
  expect(mail.text).toContain("What to do: follow your organisation's response procedure for this situation now.");
  expect(mail.text).toContain('reply OK K7Q2XM to the Vigil SMS');
  expect(mail.text).toContain(ackLinks.url(ackLinks.token(alert.alertId, seed.ben.id)));
});

test('a HIGH escalation goes by email and SMS (the SMS to the outbox while Twilio is not configured)', async () => {
  const identity = newIdentity('case');
  await runActivity(
    identity,
    emailActivities().notifyReassessmentDue,
    due([tb.seed.caseworker.id], { kind: 'escalation', riskLevel: 'HIGH' }),
  );
  const rows = await tb.prisma.deliveryAttempt.findMany({
    where: { idempotencyKey: { startsWith: `${identity.workflowId}/` } },
    orderBy: { channel: 'asc' },
  });
  expect(rows.map((r) => [r.channel, r.kind, r.status, r.address])).toEqual([
    ['SMS', 'ESCALATION', 'NOT_SENT', tb.seed.caseworker.phone],
    ['EMAIL', 'ESCALATION', 'SENT', tb.seed.caseworker.cardEmail],
  ]);
  expect(receivedBy(tb.seed.caseworker.cardEmail).at(-1)?.subject).toBe('Vigil: KASNI procena za slučaj BG-2027-014');
});

describe('failures: SMTP 5xx and bad credentials are permanent; 4xx and connection trouble temporary', () => {
  const cases: [string, SmtpScript, boolean, string][] = [
    ['550 at RCPT TO', { at: 'rcpt', code: 550 }, true, '550'],
    ['451 at RCPT TO', { at: 'rcpt', code: 451 }, false, '451'],
    ['451 at DATA', { at: 'data', code: 451 }, false, '451'],
    ['554 at DATA', { at: 'data', code: 554 }, true, '554'],
    ['connection dropped before the greeting', 'drop', false, 'ECONNECTION'],
  ];
  it.each(cases)('%s', async (_label, script, permanent, errorCode) => {
    smtp.script(script);
    const identity = newIdentity();
    const failure = await failureOf(runActivity(identity, emailActivities().deliverToContact, alertTo(tb.seed.ana.id)));
    expect(failure).toMatchObject({
      type: permanent ? 'PermanentDeliveryFailure' : 'TemporaryDeliveryFailure',
      nonRetryable: permanent,
      details: [{ channel: 'email', recipientId: tb.seed.ana.id, errorCode }],
    });
    const row = await tb.prisma.deliveryAttempt.findFirstOrThrow({ where: { idempotencyKey: { startsWith: `${identity.workflowId}/` } } });
    expect(row).toMatchObject({ status: 'FAILED', errorCode, channel: 'EMAIL' });
  });

  it('refused port: temporary', async () => {
    const failure = await failureOf(
      runActivity(newIdentity(), emailActivities('smtp://u:p@127.0.0.1:1').deliverToContact, alertTo(tb.seed.ana.id)),
    );
    expect(failure).toMatchObject({ nonRetryable: false, details: [{ errorCode: 'ESOCKET' }] });
  });

  it('wrong password (535): permanent', async () => {
    const url = smtp.url.replace('smtp-secret', 'wrong');
    const failure = await failureOf(runActivity(newIdentity(), emailActivities(url).deliverToContact, alertTo(tb.seed.ana.id)));
    expect(failure).toMatchObject({ nonRetryable: true, details: [{ errorCode: '535' }] });
  });

  it('a reminder refused for good goes by SMS instead, without failing the case workflow; a temporary refusal retries', async () => {
    smtp.script({ at: 'rcpt', code: 550 });
    const identity = newIdentity('case');
    await runActivity(identity, emailActivities().notifyReassessmentDue, due([tb.seed.ana.id]));
    const rows = await tb.prisma.deliveryAttempt.findMany({
      where: { idempotencyKey: { startsWith: `${identity.workflowId}/` } },
      orderBy: { channel: 'asc' },
    });
    expect(rows.map((r) => [r.channel, r.status, r.errorCode])).toEqual([
      ['SMS', 'NOT_SENT', null],
      ['EMAIL', 'FAILED', '550'],
    ]);
    smtp.script({ at: 'rcpt', code: 451 });
    const failure = await failureOf(runActivity(newIdentity('case'), emailActivities().notifyReassessmentDue, due([tb.seed.ana.id])));
    expect(failure).toMatchObject({ type: 'TemporaryDeliveryFailure', nonRetryable: false });
  });
});

test('the same activity identity sends one email, however often it runs', async () => {
  const identity = newIdentity();
  const before = receivedBy(tb.seed.ana.email).length;
  const first = await runActivity(identity, emailActivities().deliverToContact, alertTo(tb.seed.ana.id));
  const again = await runActivity(identity, emailActivities().deliverToContact, alertTo(tb.seed.ana.id));
  expect(again).toEqual(first);
  expect(first.status).toBe('SENT');
  expect(receivedBy(tb.seed.ana.email).length).toBe(before + 1);
});
