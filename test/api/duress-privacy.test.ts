/**
 * Nobody sees the duress of their own visit, wherever they look (issue #11, item 3): a
 * coordinator and an admin each end their own visit with the duress PIN; every view they can
 * reach shows a normal check-in and no alarm or alert, and no message of the alert reaches a
 * card of theirs, while another coordinator of the organisation sees the duress and its alert.
 * On the real stack, over HTTP.
 */
import { createAlertPlanActivities } from '../../activities/alert-plans';
import { ApiClient, eventually, openCaseFor, seedOrganisation, signIn, type Person } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
const PINS = { checkInPin: '1234', duressPin: '9876' };
let organisations = 0;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

/**
 * An organisation of its own (so the only duress in it is the visitor's): the coordinator is the
 * duty coordinator, both the coordinator and the admin are on the chain, the admin also through
 * a card not linked to their account that reaches their mailbox; a second coordinator.
 */
async function organisation(name: string) {
  const { prisma } = stack.database;
  const org = await seedOrganisation(prisma, stack.apiUrl, name);
  const email = `second-coordinator@${org.id}.test`;
  const password = 'password-of-the-second-coordinator';
  const created = await org.admin.api.post('/users', { email, displayName: 'Second coordinator', role: 'COORDINATOR', password });
  const second: Person = { id: created.body.user.id, email, password, api: await signIn(stack.apiUrl, email, password) };
  // A staff member's number is theirs alone in the installation: numbers of their own per organisation.
  const prefix = `+3816412${String(++organisations).padStart(3, '0')}`;
  const phone = (n: number) => `${prefix}${n}`;
  const card = (displayName: string, data: { userId?: string; phone?: string; email?: string }) =>
    prisma.contact.create({ data: { organisationId: org.id, displayName, ...data } });
  const secondCard = await card('Second coordinator', { userId: second.id, phone: phone(3) });
  const coordinatorCard = await card('Coordinator', { userId: org.coordinator.id, phone: phone(1), email: org.coordinator.email });
  const adminCard = await card('Admin', { userId: org.admin.id, phone: phone(2) });
  const adminMailbox = await card('Admin (office mailbox)', { email: org.admin.email });
  await prisma.organisation.update({ where: { id: org.id }, data: { dutyCoordinatorContactId: coordinatorCard.id } });
  await prisma.escalationChain.create({
    data: {
      organisationId: org.id,
      levels: {
        create: [
          { position: 1, contacts: { create: [{ contactId: coordinatorCard.id }, { contactId: adminMailbox.id }] } },
          { position: 2, contacts: { create: [{ contactId: adminCard.id }, { contactId: secondCard.id }] } },
        ],
      },
    },
  });
  return { org, second, secondCard };
}

/** Every view `person` can reach that might tell of a visit or its alert, by name. */
async function viewsOf(person: Person, admin: boolean, caseId: string, visitId: string) {
  const feed = await person.api.post('/me/calendar-feed');
  const calendar = await new ApiClient(stack.apiUrl).get(new URL(feed.body.url).pathname);
  const paths = [
    '/field-visits',
    `/field-visits/${visitId}`,
    '/safety',
    '/alerts',
    `/alerts?caseId=${caseId}`,
    '/dashboard',
    `/cases/${caseId}`,
    `/cases/${caseId}/timeline`,
    '/self-assessments',
    ...(admin ? ['/audit?limit=200'] : []),
  ];
  const views: Record<string, { status: number; text: string }> = { calendar };
  for (const path of paths) views[path] = await person.api.get(path);
  return views;
}

for (const who of ['coordinator', 'admin'] as const) {
  test(`${who === 'admin' ? 'an' : 'a'} ${who} who checks in under duress sees a normal check-in everywhere; another coordinator sees the duress`, async () => {
    const { org, second, secondCard } = await organisation(`Duress ${who}`);
    const visitor = org[who];
    const { prisma } = stack.database;
    expect((await visitor.api.put('/me/check-in-pins', { currentPassword: visitor.password, ...PINS })).status).toBe(204);
    const ownCase = await openCaseFor(org);
    const started = await visitor.api.post('/field-visits', {
      expectedEndAt: new Date(Date.now() + 3_600_000).toISOString(),
      caseId: ownCase.id,
      safetyContactIds: [secondCard.id],
    });
    expect(started.status).toBe(201);
    const visit = started.body;
    const answer = await visitor.api.post(`/field-visits/${visit.id}/check-in`, { pin: PINS.duressPin });
    expect(answer.body).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });

    const alert = (await eventually(
      () => prisma.alert.findFirst({ where: { fieldVisitId: visit.id } }),
      (row) => row !== null,
    ))!;
    expect(alert.trigger).toBe('visit.duress');
    const sent = await eventually(
      () => prisma.deliveryAttempt.findMany({ where: { alertId: alert.id } }),
      (rows) => rows.length >= 2,
    );

    // The visitor: a check-in, and no alarm, no alert, nothing that names it.
    const views = await viewsOf(visitor, who === 'admin', ownCase.id, visit.id);
    for (const [path, view] of Object.entries(views)) {
      expect([path, view.status]).toEqual([path, 200]);
      expect([path, view.text.includes('duress'), view.text.includes(alert.id)]).toEqual([path, false, false]);
    }
    expect(JSON.parse(views[`/field-visits/${visit.id}`].text)).toMatchObject({ state: 'ENDED', endedBy: 'check-in' });
    expect(JSON.parse(views['/field-visits'].text).visits.find((v: { id: string }) => v.id === visit.id).endedBy).toBe('check-in');
    expect(JSON.parse(views['/safety'].text).visitAlarms).toEqual([]);
    expect(JSON.parse(views['/alerts'].text).alerts).toEqual([]);
    expect(JSON.parse(views['/dashboard'].text).unacknowledgedAlerts).toEqual([]);
    expect((await visitor.api.post(`/field-visits/${visit.id}/alerts/duress/acknowledge`)).status).toBe(404);

    // No message of the alert reaches a card of the visitor's, though they are the duty
    // coordinator or on the chain, by a card linked to their account or one sharing their address.
    const visitorCards = await prisma.contact.findMany({
      where: { organisationId: org.id, OR: [{ userId: visitor.id }, { email: visitor.email }] },
    });
    const addresses = new Set([visitor.email, ...visitorCards.flatMap((c) => [c.phone, c.email])].filter(Boolean));
    expect(sent.filter((m) => addresses.has(m.address) || m.userId === visitor.id)).toEqual([]);
    const plan = await createAlertPlanActivities({ prisma }).loadVisitAlertPlan(org.id, visit.id);
    const planned = [...plan.levels.flatMap((l) => l.contactIds), ...plan.coordinatorIds];
    for (const id of [visitor.id, ...visitorCards.map((c) => c.id)]) expect(planned).not.toContain(id);
    expect(plan.levels[0].contactIds).toEqual([secondCard.id]);

    // Another coordinator of the organisation sees the duress and its alert.
    const safety = await second.api.get('/safety');
    expect(safety.body.visitAlarms).toContainEqual(expect.objectContaining({ visitId: visit.id, reason: 'duress' }));
    expect((await second.api.get(`/field-visits/${visit.id}`)).body).toMatchObject({ endedBy: 'duress' });
    expect((await second.api.get('/alerts')).body.alerts).toContainEqual(
      expect.objectContaining({ fieldVisitId: visit.id, trigger: 'visit.duress', alertKey: 'duress' }),
    );
    expect([200, 202]).toContain((await second.api.post(`/field-visits/${visit.id}/alerts/duress/acknowledge`)).status);
  });
}
