/**
 * An alert's life on the real stack (dev server, database, worker, API over HTTP; SMS and email
 * to the outbox, delivery_attempts): its detail after each level of the chain, a coordinator's
 * take-over of an alert nobody acknowledged and the SMS each contact paged receives, resolving it
 * with a note kept encrypted and out of every message, who may see and do what, the dashboard's
 * open visit alarms, and the escalation chain with its contacts' names.
 */
import { caseUpdates } from '../../workflows/case-messages';
import { eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';
import { postAsTwilio } from '../support/twilio-webhooks';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

/** Real time: each level of these chains waits this long for an acknowledgement. */
const LEVEL_SECONDS = 6;

/** An organisation whose chain is a police liaison, then a lawyer, each LEVEL_SECONDS, walked once. */
async function organisation(name: string) {
  const { prisma } = stack.database;
  const org = await seedOrganisation(prisma, stack.apiUrl, name);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const contact = (displayName: string, phone: string) =>
    prisma.contact.create({
      data: {
        organisationId: org.id,
        displayName,
        phone,
        email: `${displayName.split(' ')[0].toLowerCase()}@${slug}.test`,
        language: 'en',
      },
    });
  const suffix = String(Math.floor(Math.random() * 1e5)).padStart(5, '0');
  const police = await contact('Police liaison Petrović', `+38164100${suffix}`);
  const lawyer = await contact('Lawyer Marković', `+38164200${suffix}`);
  // Written directly: the API keeps real chains at a minute per level or more.
  await prisma.escalationChain.create({
    data: {
      organisationId: org.id,
      repeatCount: 0,
      levels: {
        create: [police, lawyer].map((c, i) => ({
          position: i + 1,
          timeoutSeconds: LEVEL_SECONDS,
          contacts: { create: [{ contactId: c.id }] },
        })),
      },
    },
  });
  return { org, police, lawyer };
}

/** The perpetrator of a new case of `org` is released: the alert it raises, as GET /alerts lists it. */
async function raiseAlert(org: Organisation) {
  const c = await openCaseFor(org);
  const row = await stack.database.prisma.case.findUniqueOrThrow({ where: { id: c.id } });
  await stack.client.workflow.getHandle(row.workflowId).executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASED' }] });
  const alerts = await eventually(
    async () => (await org.coordinator.api.get(`/alerts?caseId=${c.id}`)).body.alerts,
    (a: any[]) => a.length === 1,
  );
  return { caseId: c.id as string, caseCode: c.caseCode as string, alert: alerts[0] };
}

const detailOf = async (org: Organisation, id: string) => (await org.coordinator.api.get(`/alerts/${id}`)).body;
const messagesTo = (detail: any, contactId: string) => detail.contacts.find((c: any) => c.id === contactId)?.messages ?? [];

test('the detail after each level, then UNACKNOWLEDGED; a coordinator takes it over and every contact paged is told by SMS who took it', async () => {
  const { org, police, lawyer } = await organisation('Detail One');
  const { caseId, caseCode, alert } = await raiseAlert(org);
  expect(alert.id).toMatch(/^[0-9a-f-]{36}$/);

  const first = await eventually(
    () => detailOf(org, alert.id),
    (d) => messagesTo(d, police.id).filter((m: any) => m.status !== 'PENDING').length === 2,
  );
  expect(first).toMatchObject({
    caseId,
    caseCode,
    trigger: 'perpetrator.released',
    triggerWords: 'perpetrator released',
    state: 'ALERTING',
    plan: {
      levels: [
        { level: 1, timeoutSeconds: LEVEL_SECONDS, contacts: [{ id: police.id, name: 'Police liaison Petrović' }] },
        { level: 2, timeoutSeconds: LEVEL_SECONDS, contacts: [{ id: lawyer.id, name: 'Lawyer Marković' }] },
      ],
      repeats: 0,
      whenUnacknowledged: [{ id: org.coordinator.id, name: 'coordinator', role: 'COORDINATOR' }],
    },
    acknowledgement: null,
    resolution: null,
  });
  expect(messagesTo(first, police.id).map((m: any) => [m.kind, m.channel, m.level, m.round, m.status])).toEqual([
    ['urgent', 'sms', 1, 0, 'NOT_SENT'],
    ['urgent', 'email', 1, 0, 'NOT_SENT'],
  ]);
  expect(messagesTo(first, lawyer.id)).toEqual([]);

  const second = await eventually(
    () => detailOf(org, alert.id),
    (d) => messagesTo(d, lawyer.id).length === 2,
    (LEVEL_SECONDS + 10) * 1000,
  );
  expect(messagesTo(second, lawyer.id).map((m: any) => [m.channel, m.level])).toEqual([
    ['sms', 2],
    ['email', 2],
  ]);
  const lawyerPagedAfter = Date.parse(messagesTo(second, lawyer.id)[0].sentAt) - Date.parse(messagesTo(second, police.id)[0].sentAt);
  expect(lawyerPagedAfter).toBeGreaterThanOrEqual(LEVEL_SECONDS * 1000 - 500);

  const unacknowledged = await eventually(
    () => detailOf(org, alert.id),
    (d) => d.state === 'UNACKNOWLEDGED' && messagesTo(d, org.coordinator.id).length > 0,
    (LEVEL_SECONDS + 10) * 1000,
  );
  // The coordinator has no contact card: told by email at their login address.
  expect(messagesTo(unacknowledged, org.coordinator.id).map((m: any) => [m.kind, m.channel, m.level])).toEqual([
    ['unacknowledged', 'sms', null],
    ['unacknowledged', 'email', null],
  ]);

  // The caseworker of the case may acknowledge while it alerts, not take it over.
  const refused = await org.caseworker.api.post(`/alerts/${alert.id}/acknowledge`);
  expect(refused.status).toBe(403);
  const taken = await org.coordinator.api.post(`/alerts/${alert.id}/acknowledge`);
  expect(taken.status).toBe(200);
  expect(taken.body).toMatchObject({ id: alert.id, state: 'ACKNOWLEDGED', acknowledgement: { by: org.coordinator.id, via: 'take-over' } });
  expect((await org.admin.api.post(`/alerts/${alert.id}/acknowledge`)).status).toBe(409);

  const { prisma } = stack.database;
  const updates = await eventually(
    () => prisma.deliveryAttempt.findMany({ where: { alertId: alert.alertId, kind: 'ALERT_UPDATE' }, orderBy: { address: 'asc' } }),
    (rows) => rows.length >= 2,
  );
  const told = `Vigil: coordinator has taken charge of the alert for case ${caseCode}. No reply needed.`;
  expect(updates.map((u) => [u.contactId, u.channel, u.body]).sort()).toEqual([police, lawyer].map((c) => [c.id, 'SMS', told]).sort());
  const detail = await eventually(
    () => detailOf(org, alert.id),
    (d) => messagesTo(d, police.id).some((m: any) => m.kind === 'update'),
  );
  expect(detail.acknowledgement).toMatchObject({
    by: { id: org.coordinator.id, name: 'coordinator', role: 'COORDINATOR' },
    via: 'take-over',
  });

  const timeline = (await org.coordinator.api.get(`/cases/${caseId}/timeline`)).body.entries;
  expect(timeline).toContainEqual(
    expect.objectContaining({ kind: 'alert.acknowledged', detail: expect.objectContaining({ via: 'take-over' }) }),
  );
  const audit = (await org.admin.api.get(`/audit?caseId=${caseId}`)).body.entries;
  expect(audit).toContainEqual(expect.objectContaining({ route: '/alerts/:id/acknowledge', userId: org.coordinator.id, statusCode: 200 }));
  expect(audit).toContainEqual(expect.objectContaining({ route: '/alerts/:id/acknowledge', userId: org.caseworker.id, statusCode: 403 }));
}, 90_000);

test('resolving with a note: paging stops, the contacts paged are told, the note is encrypted at rest and in no message; only coordinators and admins of the organisation', async () => {
  const { org, police } = await organisation('Detail Two');
  const other = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Detail Elsewhere');
  const { caseId, caseCode, alert } = await raiseAlert(org);
  const note = 'Marija moved to the shelter in Ulica Kneza 12 tonight';

  expect((await other.admin.api.get(`/alerts/${alert.id}`)).status).toBe(404);
  expect((await other.admin.api.post(`/alerts/${alert.id}/resolve`, { note: 'x' })).status).toBe(404);
  expect((await org.caseworker.api.post(`/alerts/${alert.id}/resolve`, { note: 'x' })).status).toBe(403);
  expect((await org.caseworker.api.get(`/alerts/${alert.id}`)).status).toBe(200);
  expect((await org.otherCaseworker.api.get(`/alerts/${alert.id}`)).status).toBe(404);
  const tooLong = await org.coordinator.api.post(`/alerts/${alert.id}/resolve`, { note: 'n'.repeat(501) });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.field).toBe('note');
  expect(tooLong.text).not.toContain('nnnnn');

  const resolved = await org.admin.api.post(`/alerts/${alert.id}/resolve`, { note });
  expect(resolved.status).toBe(200);
  expect(resolved.body).toMatchObject({ state: 'RESOLVED' });
  expect((await org.coordinator.api.post(`/alerts/${alert.id}/resolve`, { note: 'again' })).status).toBe(409);
  expect((await org.coordinator.api.post(`/alerts/${alert.id}/acknowledge`)).status).toBe(409);

  const { prisma } = stack.database;
  const update = await eventually(
    () => prisma.deliveryAttempt.findFirst({ where: { alertId: alert.alertId, kind: 'ALERT_UPDATE', contactId: police.id } }),
    (row) => row !== null,
  );
  expect(update!.body).toBe(`Vigil: the alert for case ${caseCode} was resolved by Admin. No action needed.`);
  // Resolved within the first level: the lawyer was never paged, nor told.
  await new Promise((r) => setTimeout(r, (LEVEL_SECONDS + 2) * 1000));
  const all = await prisma.deliveryAttempt.findMany({ where: { alertId: alert.alertId } });
  expect(all.map((m) => [m.contactId, m.kind]).sort()).toEqual(
    [
      [police.id, 'ALERT_UPDATE'],
      [police.id, 'URGENT'],
      [police.id, 'URGENT'],
    ].sort(),
  );
  for (const m of all) expect(`${m.subject} ${m.body}`).not.toMatch(/Marija|Kneza|shelter in/);

  const [raw] = await prisma.$queryRawUnsafe<{ note: string }[]>(
    `SELECT "resolutionNoteEncrypted" AS note FROM alerts WHERE id = $1`,
    alert.alertId,
  );
  expect(raw.note).toMatch(/^v1\./);
  expect(raw.note).not.toContain('Marija');
  const detail = await eventually(
    () => detailOf(org, alert.id),
    (d) => d.state === 'RESOLVED',
  );
  expect(detail.resolution).toMatchObject({ by: { id: org.admin.id, name: 'Admin', role: 'ADMIN' }, via: 'api', note });
  expect(detail.resolvedAt).toBe(detail.resolution.at);

  const timeline = (await org.caseworker.api.get(`/cases/${caseId}/timeline`)).body.entries;
  const entry = timeline.find((e: any) => e.kind === 'alert.resolved');
  expect(entry).toMatchObject({ detail: { by: org.admin.id, via: 'api' } });
  expect(JSON.stringify(timeline)).not.toContain('Marija');
  const audit = (await org.admin.api.get(`/audit?caseId=${caseId}`)).body.entries;
  expect(audit).toContainEqual(expect.objectContaining({ route: '/alerts/:id/resolve', userId: org.admin.id, statusCode: 200 }));
}, 90_000);

test("the dashboard lists a field visit's alarm with how long it has been open and who was paged last, but not to the visitor", async () => {
  const { org, police } = await organisation('Detail Three');
  const started = await org.caseworker.api.post('/field-visits', {
    expectedEndAt: new Date(Date.now() + 3_600_000).toISOString(),
    safetyContactIds: [police.id],
  });
  expect(started.status).toBe(201);
  expect([200, 202]).toContain((await org.caseworker.api.post(`/field-visits/${started.body.id}/panic`)).status);

  const row = await eventually(
    async () =>
      (await org.coordinator.api.get('/dashboard')).body.unacknowledgedAlerts.find((a: any) => a.fieldVisitId === started.body.id),
    (a) => a?.lastPaged != null,
  );
  expect(row).toMatchObject({
    caseId: null,
    trigger: 'visit.panic',
    lastPaged: { contact: { id: police.id, name: 'Police liaison Petrović' } },
  });
  expect(['sms', 'email']).toContain(row.lastPaged.channel);
  expect(row.openSeconds).toBeGreaterThanOrEqual(0);
  expect(row.openSeconds).toBeLessThan(60);
  expect(Math.abs(Date.parse(row.lastPaged.at) - Date.parse(row.raisedAt))).toBeLessThan(10_000);

  // A coordinator's own visit's alarm stays off their dashboard (a duress must stay silent to its visitor).
  const own = await org.coordinator.api.post('/field-visits', {
    expectedEndAt: new Date(Date.now() + 3_600_000).toISOString(),
    safetyContactIds: [police.id],
  });
  await org.coordinator.api.post(`/field-visits/${own.body.id}/panic`);
  await eventually(
    async () => (await org.admin.api.get('/dashboard')).body.unacknowledgedAlerts.some((a: any) => a.fieldVisitId === own.body.id),
    (seen) => seen,
  );
  const coordinatorsView = (await org.coordinator.api.get('/dashboard')).body.unacknowledgedAlerts;
  expect(coordinatorsView.some((a: any) => a.fieldVisitId === own.body.id)).toBe(false);
}, 90_000);

test('the escalation chain names its contacts, keeping their ids', async () => {
  const { org, police, lawyer } = await organisation('Detail Four');
  const chain = await org.coordinator.api.get('/escalation-chain');
  expect(chain.body.levels).toEqual([
    {
      position: 1,
      timeoutSeconds: LEVEL_SECONDS,
      contactIds: [police.id],
      contacts: [{ id: police.id, name: 'Police liaison Petrović', role: null }],
    },
    {
      position: 2,
      timeoutSeconds: LEVEL_SECONDS,
      contactIds: [lawyer.id],
      contacts: [{ id: lawyer.id, name: 'Lawyer Marković', role: null }],
    },
  ]);
});

test('a coordinator replying OK <code> to the "nobody acknowledged" SMS takes the alert over; a chain contact replying then does not', async () => {
  const { org, police } = await organisation('Detail By SMS');
  const suffix = String(Math.floor(Math.random() * 1e5)).padStart(5, '0');
  const coordinatorPhone = `+3816430${suffix}`;
  expect(
    (await org.admin.api.post('/contacts', { displayName: 'Coordinator phone', phone: coordinatorPhone, userId: org.coordinator.id }))
      .status,
  ).toBe(201);
  const { alert } = await raiseAlert(org);
  const { prisma } = stack.database;
  const told = await eventually(
    () => prisma.deliveryAttempt.findFirst({ where: { alertId: alert.alertId, kind: 'UNACKNOWLEDGED', channel: 'SMS' } }),
    (row) => row !== null,
    (2 * LEVEL_SECONDS + 20) * 1000,
  );
  expect(told!.address).toBe(coordinatorPhone);
  const { ackCode } = await prisma.alert.findUniqueOrThrow({ where: { id: alert.alertId } });
  const reply = async (from: string) =>
    (await postAsTwilio(stack.apiUrl, '/webhooks/twilio/inbound', { From: from, Body: `OK ${ackCode}` })).text();

  // The police liaison was paged at level 1, but an unanswered alert is taken over by those in charge.
  expect(await reply(police.phone!)).toContain('code not recognised');
  expect(await reply(coordinatorPhone)).toContain('acknowledged');
  const detail = await eventually(
    () => detailOf(org, alert.id),
    (d) => d.state === 'ACKNOWLEDGED',
  );
  expect(detail.acknowledgement).toMatchObject({ via: 'take-over' });
});
