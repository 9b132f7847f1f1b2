/**
 * GET /field-visits/safety-contacts over real HTTP: a caseworker, who may not read the contacts'
 * phones and addresses, sees whom they may name as safety contacts (by name, never their own
 * card, only their organisation's) and the duty coordinator alerted by default.
 */
import { seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let org: Organisation;
let other: Organisation;
let duty: { id: string };
let police: { id: string };

beforeAll(async () => {
  stack = await startStack();
  const { prisma } = stack.database;
  org = await seedOrganisation(prisma, stack.apiUrl, 'Choices ASTRA');
  other = await seedOrganisation(prisma, stack.apiUrl, 'Choices Elsewhere');
  duty = await prisma.contact.create({ data: { organisationId: org.id, displayName: 'Duty coordinator', phone: '+381641120002' } });
  police = await prisma.contact.create({ data: { organisationId: org.id, displayName: 'Police liaison', phone: '+381641120003' } });
  await prisma.contact.create({
    data: { organisationId: org.id, displayName: 'Caseworker', phone: '+381641120001', userId: org.caseworker.id },
  });
  await prisma.contact.create({ data: { organisationId: other.id, displayName: 'Elsewhere', phone: '+381641120004' } });
}, 120_000);
afterAll(() => stack?.stop());

test('a caseworker sees the contacts they may name, by name only and without their own card; no default without a duty coordinator', async () => {
  const answer = await org.caseworker.api.get('/field-visits/safety-contacts');
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({
    contacts: [
      { id: duty.id, displayName: 'Duty coordinator' },
      { id: police.id, displayName: 'Police liaison' },
    ],
    defaultContactId: null,
  });
  expect(answer.text).not.toContain('+38164');
});

test('the duty coordinator is the default; to the duty coordinator themselves there is none', async () => {
  const { prisma } = stack.database;
  await prisma.organisation.update({ where: { id: org.id }, data: { dutyCoordinatorContactId: duty.id } });
  expect((await org.caseworker.api.get('/field-visits/safety-contacts')).body.defaultContactId).toBe(duty.id);

  await prisma.contact.update({ where: { id: duty.id }, data: { userId: org.coordinator.id } });
  const own = await org.coordinator.api.get('/field-visits/safety-contacts');
  expect(own.body).toEqual({ contacts: expect.any(Array), defaultContactId: null });
  expect(own.body.contacts.map((c: { id: string }) => c.id)).not.toContain(duty.id);
});

test('each organisation sees only its own contacts; nobody signed in gets 401', async () => {
  const answer = await other.caseworker.api.get('/field-visits/safety-contacts');
  expect(answer.body.contacts.map((c: { displayName: string }) => c.displayName)).toEqual(['Elsewhere']);
  expect(answer.text).not.toContain(duty.id);
  const nobody = await fetch(`${stack.apiUrl}/field-visits/safety-contacts`);
  expect(nobody.status).toBe(401);
});
