/**
 * Phone numbers over real HTTP on the running stack: read as people write them with the
 * organisation's country, stored in E.164, shown nationally, refused with the reason, and kept
 * away from SMS where SMS cannot reach them (a landline).
 */
import { eventually, openCaseFor, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let org: Organisation;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Phones');
});
afterAll(() => stack?.stop());

const stored = async (id: string) => (await stack.database.prisma.contact.findUniqueOrThrow({ where: { id } })).phone;

test('a national number is stored in E.164 and shown nationally, in the answer and the views', async () => {
  const created = await org.admin.api.post('/contacts', { displayName: 'Police liaison', phone: '064/123-4567' });
  expect(created.status).toBe(201);
  const view = { phone: '+381641234567', phoneDisplay: '064 1234567', phoneType: 'MOBILE', sms: true, warnings: [] };
  expect(created.body).toMatchObject(view);
  expect(await stored(created.body.id)).toBe('+381641234567');
  expect((await org.coordinator.api.get(`/contacts/${created.body.id}`)).body).toMatchObject(view);
  expect((await org.coordinator.api.get('/contacts')).body.contacts.find((c: { id: string }) => c.id === created.body.id)).toMatchObject(
    view,
  );
  // A staff phone is one person's however it was written: the same number, written otherwise, is taken.
  expect((await org.admin.api.patch(`/contacts/${created.body.id}`, { userId: org.coordinator.id })).status).toBe(200);
  const again = await org.admin.api.post('/contacts', { displayName: 'Twin', phone: '00381 64 123 4567', userId: org.caseworker.id });
  expect([again.status, again.body.field]).toEqual([409, 'phone']);
});

test('numbers that cannot exist are refused with the reason, naming the field, never quoting it', async () => {
  const before = await stack.database.prisma.contact.count();
  for (const [phone, detail] of [
    ['064 12', 'is too short for a phone number in Serbia'],
    ['099 765 4321', 'is not a valid number for Serbia'],
    ['+999 7654321', 'has a country code that does not exist'],
  ]) {
    const answer = await org.admin.api.post('/contacts', { displayName: 'Nobody', phone, email: 'nobody@example.org' });
    expect([answer.status, answer.body.field, answer.body.detail]).toEqual([400, 'phone', detail]);
    expect(answer.text).not.toContain(phone.slice(-3));
  }
  expect(await stack.database.prisma.contact.count()).toBe(before);
});

test('a fixed line is refused for SMS; kept for calls beside an email address, it is fine', async () => {
  const refused = await org.admin.api.post('/contacts', { displayName: 'Shelter', phone: '011/234-5678', email: 'shelter@example.org' });
  expect([refused.status, refused.body.field]).toEqual([400, 'phone']);
  expect(refused.body.detail).toMatch(/^is a fixed line \(landline\), which cannot receive SMS/);

  const shelter = await org.admin.api.post('/contacts', {
    displayName: 'Shelter',
    phone: '011 2345678',
    sms: false,
    email: 'shelter@example.org',
  });
  expect(shelter.status).toBe(201);
  expect(shelter.body).toMatchObject({
    phone: '+381112345678',
    phoneDisplay: '011 2345678',
    phoneType: 'FIXED_LINE',
    sms: false,
    warnings: [],
  });

  // Turning SMS on for it, or taking away the email that reaches it, is refused by name.
  const smsOn = await org.admin.api.patch(`/contacts/${shelter.body.id}`, { sms: true });
  expect([smsOn.status, smsOn.body.field]).toEqual([400, 'sms']);
  const noMail = await org.admin.api.patch(`/contacts/${shelter.body.id}`, { email: null });
  expect([noMail.status, noMail.body.field]).toEqual([400, 'email']);
  expect((await org.admin.api.get(`/contacts/${shelter.body.id}`)).body).toMatchObject({ sms: false, email: 'shelter@example.org' });

  // An urgent alert reaches it by email only: no SMS to the landline (waiting long enough for one).
  const opened = await openCaseFor(org, { designatedContacts: [{ contactId: shelter.body.id, role: 'SHELTER_STAFF' }] });
  const incident = await org.coordinator.api.post(`/cases/${opened.id}/incidents`, {
    incidentType: 'THREAT',
    severity: 'HIGH',
    description: 'A threat by phone.',
  });
  expect(incident.status).toBe(200);
  const sent = await eventually(
    () => stack.database.prisma.deliveryAttempt.findMany({ where: { caseId: opened.id, kind: 'URGENT', contactId: shelter.body.id } }),
    (rows) => rows.length >= 2,
    3_000,
  );
  expect(sent.map((m) => [m.channel, m.address])).toEqual([['EMAIL', 'shelter@example.org']]);
});

test('a number whose type the plan does not tell is saved with a warning, in the answer and on the contact', async () => {
  const created = await org.admin.api.post('/contacts', { displayName: 'Embassy', phone: '+1 202 555 0123' });
  expect(created.status).toBe(201);
  const view = {
    phone: '+12025550123',
    phoneDisplay: '+1 202 555 0123',
    phoneType: 'FIXED_LINE_OR_MOBILE',
    warnings: [{ field: 'phone', message: expect.stringMatching(/^is a fixed line or a mobile number/) }],
  };
  expect(created.body).toMatchObject(view);
  expect((await org.coordinator.api.get(`/contacts/${created.body.id}`)).body).toMatchObject(view);
  // Kept for calls, SMS can no longer fail at it: nothing to warn about.
  expect((await org.admin.api.patch(`/contacts/${created.body.id}`, { sms: false, email: 'embassy@example.org' })).body.warnings).toEqual(
    [],
  );
});

test("the organisation's country decides how numbers are read and shown", async () => {
  const other = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Berlin office');
  const serbian = await other.admin.api.post('/contacts', { displayName: 'Belgrade', phone: '064 555 0101' });
  expect(serbian.body.phoneDisplay).toBe('064 5550101');

  const bad = await other.admin.api.patch('/organisation/settings', { defaultCountry: 'XX' });
  expect([bad.status, bad.body.field]).toEqual([400, 'defaultCountry']);
  expect((await other.coordinator.api.patch('/organisation/settings', { defaultCountry: 'DE' })).status).toBe(403);
  const changed = await other.admin.api.patch('/organisation/settings', { defaultCountry: 'de' });
  expect([changed.status, changed.body.defaultCountry]).toEqual([200, 'DE']);
  expect((await other.admin.api.get('/organisation/settings')).body.defaultCountry).toBe('DE');

  const berlin = await other.admin.api.post('/contacts', {
    displayName: 'Berlin',
    phone: '030 1234567',
    sms: false,
    email: 'b@example.org',
  });
  expect(berlin.body).toMatchObject({ phone: '+49301234567', phoneDisplay: '030 1234567', phoneType: 'FIXED_LINE' });
  expect((await other.admin.api.get(`/contacts/${serbian.body.id}`)).body).toMatchObject({
    phone: '+381645550101',
    phoneDisplay: '+381 64 5550101',
  });
  // The first organisation still reads Serbian numbers.
  expect(
    (await org.admin.api.post('/contacts', { displayName: 'Novi Sad', phone: '030 1234567', email: 'n@example.org' })).body,
  ).toMatchObject({
    status: 400,
    field: 'phone',
  });
});
