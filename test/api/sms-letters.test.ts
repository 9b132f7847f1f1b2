/**
 * SMS without diacritics over real HTTP on the running stack: the organisation's default and a
 * contact's own choice (PATCH /organisation/settings, POST and PATCH /contacts), validated and
 * documented, and what the worker then writes in an overdue notice's SMS.
 */
import { isGsm7, smsSize } from '../../domain/sms-segments';
import { eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let org: Organisation;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Plain letters');
});
afterAll(() => stack?.stop());

test('the choice is a boolean (null on a contact: the organisation decides), refused otherwise naming the field, and documented', async () => {
  expect((await org.admin.api.get('/organisation/settings')).body.smsWithoutDiacritics).toBe(false);
  for (const value of ['yes', 1, null]) {
    const bad = await org.admin.api.patch('/organisation/settings', { smsWithoutDiacritics: value });
    expect([bad.status, bad.body.field]).toEqual([400, 'smsWithoutDiacritics']);
    expect(bad.text).not.toContain('yes');
  }
  expect((await org.coordinator.api.patch('/organisation/settings', { smsWithoutDiacritics: true })).status).toBe(403);

  const contact = await org.admin.api.post('/contacts', { displayName: 'Shelter', phone: '064 555 0199' });
  expect(contact.body.smsWithoutDiacritics).toBeNull();
  const bad = await org.admin.api.post('/contacts', { displayName: 'Shelter 2', phone: '064 555 0198', smsWithoutDiacritics: 'ascii' });
  expect([bad.status, bad.body.field]).toEqual([400, 'smsWithoutDiacritics']);
  const changed = await org.admin.api.patch(`/contacts/${contact.body.id}`, { smsWithoutDiacritics: true });
  expect([changed.status, changed.body.smsWithoutDiacritics]).toEqual([200, true]);
  expect((await org.coordinator.api.get(`/contacts/${contact.body.id}`)).body.smsWithoutDiacritics).toBe(true);
  expect((await org.admin.api.patch(`/contacts/${contact.body.id}`, { smsWithoutDiacritics: null })).body.smsWithoutDiacritics).toBeNull();

  const openapi = JSON.parse(await (await fetch(`${stack.apiUrl}/openapi.json`)).text());
  expect(openapi.components.schemas.OrganisationSettings.properties.smsWithoutDiacritics).toMatchObject({ type: 'boolean' });
  const added = openapi.paths['/contacts'].post.requestBody.content['application/json'].schema;
  expect(JSON.stringify(added)).toContain('smsWithoutDiacritics');
});

test("an overdue notice's SMS follows the organisation's default, and the contact's own choice over it", async () => {
  // The coordinator's card reads Serbian and leaves the choice to the organisation.
  const card = await org.admin.api.post('/contacts', {
    displayName: 'Coordinator',
    phone: '064 555 0123',
    language: 'sr-Latn',
    userId: org.coordinator.id,
  });
  expect(card.status).toBe(201);
  const overdueSms = async () => {
    // HIGH, identified 2 days ago and never assessed: due after 24 h, the coordinator told 12 h later.
    const c = await openCaseFor(org, { riskLevel: 'HIGH', identifiedAt: new Date(Date.now() - 48 * 3_600_000).toISOString() });
    const rows = await eventually(
      () => stack.database.prisma.deliveryAttempt.findMany({ where: { caseId: c.id, kind: 'ESCALATION', channel: 'SMS' } }),
      (found) => found.length > 0,
      30_000,
    );
    return rows[0].body;
  };

  const withDiacritics = await overdueSms();
  expect(withDiacritics).toContain('Vigil: KASNI ponovna procena bezbednosti za slučaj');
  expect(smsSize(withDiacritics)).toMatchObject({ encoding: 'UCS-2', segments: 2 });

  expect((await org.admin.api.patch('/organisation/settings', { smsWithoutDiacritics: true })).body.smsWithoutDiacritics).toBe(true);
  const plain = await overdueSms();
  expect(plain).toContain('Vigil: KASNI ponovna procena bezbednosti za slucaj');
  expect(plain).toContain('Proverite da bude uradjena.');
  expect(isGsm7(plain)).toBe(true);
  expect(smsSize(plain)).toMatchObject({ encoding: 'GSM-7', segments: 1 });

  await org.admin.api.patch(`/contacts/${card.body.id}`, { smsWithoutDiacritics: false });
  expect(await overdueSms()).toContain('za slučaj');
});
