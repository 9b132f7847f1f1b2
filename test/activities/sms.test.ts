/**
 * SMS through the official twilio client against the local imitation of Twilio's Messages API:
 * what each contact receives, how each failure is classified, idempotent retries, and signed
 * status callbacks updating the record.
 */
import http from 'node:http';
import twilio from 'twilio';
import type { ContactDelivery } from '../../activities/notifications';
import { recordSmsStatus } from '../../services/sms-status';
import { loadConfig } from '../../platform/config';
import { startFakeTwilio, type FakeTwilio, type TwilioScript } from '../support/fake-twilio';
import { failureOf, newIdentity, runActivity, startDeliveryTestbed, type DeliveryTestbed } from '../support/delivery';

const SENDER = '+381600000001';
let tb: DeliveryTestbed;
let fake: FakeTwilio;
let webhook: { url: string; close(): Promise<void> };

beforeAll(async () => {
  [tb, fake] = await Promise.all([startDeliveryTestbed('sms'), startFakeTwilio()]);
  webhook = await startStatusWebhook();
});
afterAll(async () => {
  await webhook?.close();
  await fake?.close();
  await tb?.close();
});

/** Twilio settings as an operator would give them, pointed at the fake. */
function twilioEnv(extra: Record<string, string> = {}) {
  return loadConfig({
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM: SENDER,
    TWILIO_STATUS_CALLBACK_URL: `${webhook.url}/webhooks/twilio/status`,
    TWILIO_API_BASE_URL: fake.url,
    ...extra,
  }).messaging;
}

function alertTo(contactId: string, extra: Partial<ContactDelivery> = {}): ContactDelivery {
  return {
    alertId: 'case-sms/alert/1',
    organisationId: tb.seed.organisationId,
    caseId: tb.seed.caseId,
    contactId,
    channel: 'sms',
    kind: 'urgent',
    caseCode: tb.seed.caseCode,
    trigger: 'perpetrator.released',
    ackCode: 'K7Q2XM',
    ...extra,
  };
}

/** A webhook like the API's: Twilio's signature checked on the exact public URL, then recorded. */
async function startStatusWebhook() {
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const params = Object.fromEntries(new URLSearchParams(raw));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}${req.url}`;
    const signature = String(req.headers['x-twilio-signature'] ?? '');
    if (!twilio.validateRequest(fake.authToken, signature, url, params)) {
      res.writeHead(403).end();
      return;
    }
    await recordSmsStatus(tb.prisma, { messageSid: params.MessageSid, messageStatus: params.MessageStatus, errorCode: params.ErrorCode });
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('each contact gets the urgent SMS in their language, with the form fields and basic auth Twilio expects', async () => {
  const { seed } = tb;
  const activities = tb.activities({ messaging: twilioEnv() });
  const before = fake.messages.length;
  // As the alert workflow sends: one activity per channel of each contact, in the same run.
  for (const contactId of [seed.ana.id, seed.ben.id]) {
    const identity = newIdentity();
    await runActivity(identity, activities.deliverToContact, alertTo(contactId));
    await runActivity({ ...identity, activityId: '2' }, activities.deliverToContact, alertTo(contactId, { channel: 'email' }));
  }

  const [toAna, toBen] = fake.messages.slice(before);
  expect(fake.requests.slice(-2).every((r) => r.authorized && r.method === 'POST')).toBe(true);
  expect(fake.requests.at(-1)?.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
  expect(toAna).toMatchObject({ to: seed.ana.phone, from: SENDER, statusCallback: `${webhook.url}/webhooks/twilio/status` });
  expect(toAna.body).toBe(
    'Vigil HITNO: slučaj BG-2027-014: učinilac pušten na slobodu. Odmah postupite po proceduri. Odgovorite OK K7Q2XM za potvrdu.',
  );
  expect(toBen).toMatchObject({ to: seed.ben.phone, from: SENDER });
  expect(toBen.body).toBe(
    'Vigil URGENT: case BG-2027-014: perpetrator released. Follow your response procedure now. Reply OK K7Q2XM to acknowledge.',
  );

  expect(await smsRow(toAna.sid)).toMatchObject({
    alertId: 'case-sms/alert/1',
    caseId: seed.caseId,
    contactId: seed.ana.id,
    kind: 'URGENT',
    channel: 'SMS',
    address: seed.ana.phone,
    status: 'QUEUED',
    tries: 1,
    errorCode: null,
  });
  // No SMTP here: the same alert's email went to the outbox.
  expect(await tb.prisma.deliveryAttempt.count({ where: { alertId: 'case-sms/alert/1', channel: 'EMAIL', status: 'NOT_SENT' } })).toBe(2);
});

test('a messaging service sends instead of a number when TWILIO_MESSAGING_SERVICE_SID is set', async () => {
  const service = `MG${'0123456789abcdef'.repeat(2)}`;
  const activities = tb.activities({ messaging: twilioEnv({ TWILIO_FROM: '', TWILIO_MESSAGING_SERVICE_SID: service }) });
  const result = await runActivity(newIdentity(), activities.deliverToContact, alertTo(tb.seed.ben.id));
  const sent = fake.messages.at(-1)!;
  expect(sent).toMatchObject({ messagingServiceSid: service, from: null });
  expect(fake.requests.at(-1)?.form).not.toHaveProperty('From');
  expect(result).toEqual({ status: 'QUEUED', providerMessageId: sent.sid });
});

describe('failures: permanent ones are non-retryable, temporary ones retry', () => {
  const cases: [string, TwilioScript, boolean, string][] = [
    ['400 / 21211 invalid number', { status: 400, code: 21211 }, true, '21211'],
    ['400 / 21614 not a mobile number', { status: 400, code: 21614 }, true, '21614'],
    ['400 / 21610 recipient unsubscribed', { status: 400, code: 21610 }, true, '21610'],
    ['429 / 20429 too many requests', { status: 429, code: 20429 }, false, '20429'],
    ['500 server error', { status: 500, code: 20500 }, false, '20500'],
    ['503 unavailable', { status: 503 }, false, '503'],
    ['dropped connection', 'drop', false, 'ECONNRESET'],
    ['no answer within the send timeout', 'hang', false, 'ECONNABORTED'],
  ];
  it.each(cases)('%s', async (_label, script, permanent, errorCode) => {
    const activities = tb.activities({ messaging: twilioEnv(), sendTimeoutMs: 500 });
    fake.script(script);
    const identity = newIdentity();
    const failure = await failureOf(runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ana.id)));
    expect(failure).toMatchObject({
      type: permanent ? 'PermanentDeliveryFailure' : 'TemporaryDeliveryFailure',
      nonRetryable: permanent,
      details: [{ channel: 'sms', recipientId: tb.seed.ana.id, errorCode }],
    });
    // The failure names ids and codes only: the provider's text may quote the phone number.
    expect(failure.message).not.toContain(tb.seed.ana.phone);
    const row = await tb.prisma.deliveryAttempt.findFirstOrThrow({ where: { idempotencyKey: { startsWith: `${identity.workflowId}/` } } });
    expect(row).toMatchObject({ status: 'FAILED', errorCode, providerMessageId: null, contactId: tb.seed.ana.id });
  });

  it('401 / 20003: wrong credentials are permanent', async () => {
    const activities = tb.activities({ messaging: twilioEnv({ TWILIO_AUTH_TOKEN: 'not-the-token' }) });
    const failure = await failureOf(runActivity(newIdentity(), activities.deliverToContact, alertTo(tb.seed.ana.id)));
    expect(fake.requests.at(-1)).toMatchObject({ authorized: false, outcome: 401 });
    expect(failure).toMatchObject({ type: 'PermanentDeliveryFailure', nonRetryable: true, details: [{ errorCode: '20003' }] });
  });

  it('a contact without a phone number is a permanent failure, and nothing is sent', async () => {
    const silent = await tb.prisma.contact.create({
      data: { organisationId: tb.seed.organisationId, displayName: 'No Phone', email: 'np@astra.test' },
    });
    const requests = fake.requests.length;
    const failure = await failureOf(
      runActivity(newIdentity(), tb.activities({ messaging: twilioEnv() }).deliverToContact, alertTo(silent.id)),
    );
    expect(failure).toMatchObject({ nonRetryable: true, details: [{ errorCode: 'NO_ADDRESS' }] });
    expect(fake.requests.length).toBe(requests);
  });
});

describe('idempotency: one message per activity identity', () => {
  it('the same activity run twice (a retry after the record was written) sends one SMS and keeps one record', async () => {
    const activities = tb.activities({ messaging: twilioEnv() });
    const identity = newIdentity();
    const requests = fake.requests.length;
    const first = await runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id));
    const second = await runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id));
    expect(second).toEqual(first);
    expect(fake.requests.length).toBe(requests + 1);
    const rows = await tb.prisma.deliveryAttempt.findMany({ where: { idempotencyKey: { startsWith: `${identity.workflowId}/` } } });
    expect(rows).toHaveLength(1);
    expect(tb.logLines.join('')).toContain('not sent again');
  });

  it('a retry after a temporary failure sends once more and counts the try on the same record', async () => {
    const activities = tb.activities({ messaging: twilioEnv() });
    const identity = newIdentity();
    fake.script({ status: 429, code: 20429 });
    await failureOf(runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id)));
    const result = await runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id));
    const rows = await tb.prisma.deliveryAttempt.findMany({ where: { idempotencyKey: { startsWith: `${identity.workflowId}/` } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'QUEUED', tries: 2, errorCode: null, providerMessageId: result.providerMessageId });
    expect(fake.messages.filter((m) => m.sid === result.providerMessageId)).toHaveLength(1);
  });

  it('a try that died after Twilio accepted (its record still a claim) is not sent again: the retry finds the message at Twilio', async () => {
    const activities = tb.activities({ messaging: twilioEnv() });
    const identity = newIdentity();
    const first = await runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id));
    // What a worker killed between Twilio's answer and the record leaves behind.
    const where = { idempotencyKey: { startsWith: `${identity.workflowId}/` } };
    await tb.prisma.deliveryAttempt.updateMany({ where, data: { providerMessageId: null } });
    const posts = fake.requests.filter((r) => r.method === 'POST').length;

    const retried = await runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id));
    expect(retried).toEqual(first);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(posts);
    expect(await tb.prisma.deliveryAttempt.findMany({ where })).toMatchObject([{ providerMessageId: first.providerMessageId, tries: 2 }]);
  });

  it('a try that died before Twilio accepted (a claim, nothing at Twilio) is sent by the retry', async () => {
    const activities = tb.activities({ messaging: twilioEnv() });
    const identity = newIdentity();
    fake.script('drop');
    await failureOf(runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id)));
    const where = { idempotencyKey: { startsWith: `${identity.workflowId}/` } };
    await tb.prisma.deliveryAttempt.updateMany({ where, data: { status: 'QUEUED', errorCode: null, errorMessage: null } });

    const retried = await runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id));
    expect(fake.messages.filter((m) => m.sid === retried.providerMessageId)).toHaveLength(1);
  });

  it('another activity (the next round) is another message', async () => {
    const activities = tb.activities({ messaging: twilioEnv() });
    const identity = newIdentity();
    const first = await runActivity(identity, activities.deliverToContact, alertTo(tb.seed.ben.id));
    const next = await runActivity({ ...identity, activityId: '2' }, activities.deliverToContact, alertTo(tb.seed.ben.id));
    expect(next.providerMessageId).not.toBe(first.providerMessageId);
  });

  it('an alert whose email failed for a while is retried without sending the SMS again', async () => {
    const activities = tb.activities({ messaging: { ...twilioEnv(), smtp: { url: 'smtp://u:p@127.0.0.1:1', from: 'vigil@astra.test' } } });
    // The alert's two activities for one contact, in one workflow run: SMS, then email.
    const smsActivity = newIdentity();
    const emailActivity = { ...smsActivity, activityId: '2' };
    const delivery = alertTo(tb.seed.ana.id, {
      alertId: 'case-sms/alert/2',
      caseId: undefined,
      trigger: 'incident.threat',
      ackCode: 'P3XJ9A',
    });
    const email = { ...delivery, channel: 'email' as const };
    const requests = fake.requests.length;

    const sent = await runActivity(smsActivity, activities.deliverToContact, delivery);
    expect(sent.status).toBe('QUEUED');
    // Nothing listens on port 1: the email fails temporarily after the SMS went.
    const failure = await failureOf(runActivity(emailActivity, activities.deliverToContact, email));
    expect(failure).toMatchObject({
      type: 'TemporaryDeliveryFailure',
      nonRetryable: false,
      details: [{ channel: 'email', recipientId: tb.seed.ana.id, errorCode: 'ESOCKET' }],
    });
    // Temporary: Temporal retries the email activity with the same identity; no SMS goes with it.
    await failureOf(runActivity(emailActivity, activities.deliverToContact, email));
    expect(fake.requests.length).toBe(requests + 1);
    // And the SMS activity, were it retried with its identity, answers what it recorded: still one SMS.
    expect(await runActivity(smsActivity, activities.deliverToContact, delivery)).toEqual(sent);
    expect(fake.requests.length).toBe(requests + 1);

    const rows = await tb.prisma.deliveryAttempt.findMany({ where: { alertId: 'case-sms/alert/2' }, orderBy: { channel: 'asc' } });
    expect(rows.map((r) => [r.channel, r.status, r.tries, r.errorCode, r.providerMessageId])).toEqual([
      ['SMS', 'QUEUED', 1, null, sent.providerMessageId],
      ['EMAIL', 'FAILED', 2, 'ESOCKET', null],
    ]);
  });
});

describe('status callbacks', () => {
  async function sentMessage() {
    const result = await runActivity(newIdentity(), tb.activities({ messaging: twilioEnv() }).deliverToContact, alertTo(tb.seed.ben.id));
    return result.providerMessageId!;
  }

  it('signed callbacks move the record forward, never back', async () => {
    const sid = await sentMessage();
    expect(await fake.sendStatusCallback(sid, 'sent')).toBe(204);
    expect((await smsRow(sid)).status).toBe('SENT');
    expect(await fake.sendStatusCallback(sid, 'delivered')).toBe(204);
    // A late "sent" arrives after "delivered": the record keeps the later state.
    expect(await fake.sendStatusCallback(sid, 'sent')).toBe(204);
    expect((await smsRow(sid)).status).toBe('DELIVERED');
  });

  it('undelivered carries the carrier error code', async () => {
    const sid = await sentMessage();
    expect(await fake.sendStatusCallback(sid, 'undelivered', '30003')).toBe(204);
    expect(await smsRow(sid)).toMatchObject({
      status: 'UNDELIVERED',
      errorCode: '30003',
      contactId: tb.seed.ben.id,
      alertId: 'case-sms/alert/1',
    });
  });

  it('inbound replies come signed the same way, so the acknowledgement webhook can check them', async () => {
    const reply = { from: tb.seed.ben.phone, to: SENDER, body: 'ok k7q2xm' };
    expect(await fake.sendInboundMessage(`${webhook.url}/webhooks/twilio/inbound`, reply)).toBe(204);
  });

  it('a forged signature is refused and changes nothing', async () => {
    const sid = await sentMessage();
    const url = `${webhook.url}/webhooks/twilio/status`;
    const params = { MessageSid: sid, MessageStatus: 'failed', AccountSid: fake.accountSid };
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature('forged-token', url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(403);
    expect((await smsRow(sid)).status).toBe('QUEUED');
  });
});

function smsRow(sid: string) {
  return tb.prisma.deliveryAttempt.findFirstOrThrow({ where: { providerMessageId: sid } });
}
