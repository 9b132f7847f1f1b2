/**
 * Acknowledging an urgent alert without signing in, on the real stack: the SMS reply through
 * Twilio's signed inbound webhook, the alert page's link in the email (a page, then one POST), and the SMS
 * status callback that tells the alert workflow a message was undelivered.
 */
import { openCase } from '../../services/cases';
import { caseUpdates } from '../../workflows/case-messages';
import { alertStatusQuery } from '../../workflows/urgent-alert';
import { startStack, TEST_PUBLIC_URL, TEST_TWILIO, type Stack } from '../support/stack';
import { eventually } from '../support/api-client';
import { postAsTwilio as postSigned } from '../support/twilio-webhooks';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

let n = 0;
/** A case whose designated contact is a police liaison, and the alert its perpetrator's release raises. */
async function raiseAlert() {
  const { prisma } = stack.database;
  const organisation = await prisma.organisation.create({ data: { name: `Ack ${++n}` } });
  const [caseworker, coordinator] = await Promise.all(
    (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
      prisma.user.create({ data: { organisationId: organisation.id, email: `${role}-${n}@ack.test`, displayName: role, role } }),
    ),
  );
  const phone = `+3816412300${String(n).padStart(2, '0')}`;
  const police = await prisma.contact.create({
    data: { organisationId: organisation.id, displayName: 'Police liaison', phone, email: `police-${n}@ack.test`, language: 'en' },
  });
  const row = await openCase(
    { prisma, temporal: stack.client, taskQueue: stack.taskQueue },
    {
      organisationId: organisation.id,
      caseCode: `ACK-${n}`,
      riskLevel: 'HIGH',
      caseworkerId: caseworker.id,
      coordinatorId: coordinator.id,
      identifiedAt: new Date().toISOString(),
      designatedContactIds: [police.id],
      contactRoles: { [police.id]: 'POLICE_LIAISON' },
    },
  );
  await stack.client.workflow.getHandle(row.workflowId).executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASED' }] });
  const alert = await eventually(
    () => prisma.alert.findFirst({ where: { caseId: row.id } }),
    (a) => a !== null,
  );
  const sms = await eventually(
    () => prisma.deliveryAttempt.findFirst({ where: { alertId: alert!.id, channel: 'SMS' } }),
    (a) => a !== null,
  );
  const email = await eventually(
    () => prisma.deliveryAttempt.findFirst({ where: { alertId: alert!.id, channel: 'EMAIL' } }),
    (a) => a !== null,
  );
  return { alert: alert!, phone, police, sms: sms!, email: email!, handle: stack.client.workflow.getHandle(alert!.id) };
}

/** POSTs a form to a webhook as Twilio would, signed for `signedUrl`. */
const postAsTwilio = (path: string, form: Record<string, string>, signedUrl?: string) => postSigned(stack.apiUrl, path, form, signedUrl);

test('an "ok <code>" SMS reply from the alerted number acknowledges the alert, recorded as by that contact via sms', async () => {
  const { alert, phone, police, handle } = await raiseAlert();
  // A forged request, a wrong number and a wrong code acknowledge nothing.
  const forged = await fetch(`${stack.apiUrl}/webhooks/twilio/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
    body: new URLSearchParams({ From: phone, Body: `OK ${alert.ackCode}` }),
  });
  expect(forged.status).toBe(403);
  for (const params of [
    { From: '+381600000000', Body: `OK ${alert.ackCode}` },
    { From: phone, Body: 'OK ZZZZZZ' },
  ]) {
    const answer = await postAsTwilio('/webhooks/twilio/inbound', params);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('not recognised');
  }
  expect((await handle.query(alertStatusQuery)).state).toBe('ALERTING');

  const answer = await postAsTwilio('/webhooks/twilio/inbound', { From: phone, Body: ` ok ${alert.ackCode.toLowerCase()} ` });
  expect(answer.headers.get('content-type')).toContain('text/xml');
  expect(await answer.text()).toContain(`acknowledged (${alert.ackCode})`);
  expect(await handle.query(alertStatusQuery)).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgement: { by: police.id, via: 'sms' } });
  const row = await eventually(
    () => stack.database.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } }),
    (a) => a.state === 'ACKNOWLEDGED',
  );
  expect(row).toMatchObject({ acknowledgedBy: police.id, acknowledgedVia: 'sms' });
});

test("the email's link, the same as the SMS's, shows the alert's page (opening it acknowledges nothing); its button acknowledges once", async () => {
  const { email, sms, police, handle } = await raiseAlert();
  const link = email.body.split(TEST_PUBLIC_URL)[1]?.match(/^\/a\/[A-Za-z0-9_-]{16}/)?.[0];
  expect(link).toBeDefined();
  expect(sms.body).toContain(`${TEST_PUBLIC_URL}${link}`);

  const shown = await fetch(`${stack.apiUrl}${link}`);
  expect(shown.status).toBe(200);
  expect(await shown.text()).toContain('<form method="post">');
  expect((await handle.query(alertStatusQuery)).state).toBe('ALERTING');

  const tampered = `${link!.slice(0, -2)}xx`;
  expect((await fetch(`${stack.apiUrl}${tampered}`, { method: 'POST' })).status).toBe(404);

  const pressed = await fetch(`${stack.apiUrl}${link}`, { method: 'POST' });
  expect(pressed.status).toBe(200);
  expect(await handle.query(alertStatusQuery)).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgement: { by: police.id, via: 'link' } });
  await eventually(
    () => stack.database.prisma.alert.findUniqueOrThrow({ where: { id: email.alertId! } }),
    (a) => a.state === 'ACKNOWLEDGED',
  );
  expect((await fetch(`${stack.apiUrl}${link}`, { method: 'POST' })).status).toBe(409);
});

test('an SMS reported undelivered is recorded and marks that message failed in the alert workflow', async () => {
  const { sms, handle } = await raiseAlert();
  // As if Twilio had accepted it (the stack's SMS goes to the outbox).
  await stack.database.prisma.deliveryAttempt.update({ where: { id: sms.id }, data: { providerMessageId: `SM${n}`, status: 'QUEUED' } });
  const params = { MessageSid: `SM${n}`, MessageStatus: 'undelivered', ErrorCode: '30003' };
  expect((await postAsTwilio('/webhooks/twilio/status', params, 'https://elsewhere.test/status')).status).toBe(403);
  expect((await postAsTwilio('/webhooks/twilio/status', params, TEST_TWILIO.statusCallbackUrl)).status).toBe(204);

  expect(await stack.database.prisma.deliveryAttempt.findUniqueOrThrow({ where: { id: sms.id } })).toMatchObject({
    status: 'UNDELIVERED',
    errorCode: '30003',
  });
  const status = await eventually(
    () => handle.query(alertStatusQuery),
    (s) => s.attempts.some((a) => a.channel === 'sms' && a.outcome === 'FAILED'),
  );
  expect(status.attempts.filter((a) => a.channel === 'sms').map((a) => a.outcome)).toEqual(['FAILED']);
});
