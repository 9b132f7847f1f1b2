/**
 * Credentials after a compromise, on the real stack over HTTP: what a password change, an admin's
 * reset and a deactivation end and what they keep; the sign-in lockout's answer; unknown paths
 * (a mistyped calendar feed URL) answered without echoing them; escalation levels never emptied.
 */
import { ApiClient, seedOrganisation, signIn, type Organisation, type Person } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let org: Organisation;
beforeAll(async () => {
  stack = await startStack();
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Credentials');
});
afterAll(() => stack?.stop());

let people = 0;
/** A new user of the organisation, signed in. */
async function person(role: 'COORDINATOR' | 'CASEWORKER' = 'CASEWORKER'): Promise<Person> {
  const n = ++people;
  const email = `person-${n}@credentials.test`;
  const password = `password-of-person-${n}`;
  const created = await org.admin.api.post('/users', { email, displayName: `Person ${n}`, role, password });
  expect(created.status).toBe(201);
  return { id: created.body.user.id, email, password, api: await signIn(stack.apiUrl, email, password) };
}

/** Everything that can act as `who` besides their first session: another session, an API token, the calendar feed. */
async function credentialsOf(who: Person) {
  const token = await who.api.post('/tokens', { name: 'court calendar import' });
  const feed = await who.api.post('/me/calendar-feed');
  return {
    otherSession: await signIn(stack.apiUrl, who.email, who.password),
    apiToken: who.api.as(token.body.token),
    feedUrl: feed.body.url as string,
  };
}

const meStatus = async (client: ApiClient) => (await client.get('/me')).status;
const feedStatus = async (url: string) => (await fetch(url)).status;
const login = async (email: string, password: string) =>
  (await new ApiClient(stack.apiUrl).post('/auth/login', { email, password })).status;

describe('a password change (PUT /me/password)', () => {
  test('ends every other session and keeps the one that asked; revokeTokens false keeps API tokens and the feed', async () => {
    const who = await person();
    const { otherSession, apiToken, feedUrl } = await credentialsOf(who);
    const changed = await who.api.put('/me/password', {
      currentPassword: who.password,
      newPassword: 'a-routine-new-password',
      revokeTokens: false,
    });
    expect(changed.status).toBe(204);
    expect(await meStatus(otherSession)).toBe(401);
    expect(await meStatus(who.api)).toBe(200);
    expect(await meStatus(apiToken)).toBe(200);
    expect(await feedStatus(feedUrl)).toBe(200);
    expect(await login(who.email, who.password)).toBe(401);
    expect(await login(who.email, 'a-routine-new-password')).toBe(200);
  });

  test('revokeTokens true ends API tokens and the calendar feed too', async () => {
    const who = await person('COORDINATOR');
    const { otherSession, apiToken, feedUrl } = await credentialsOf(who);
    const changed = await who.api.put('/me/password', {
      currentPassword: who.password,
      newPassword: 'after-a-compromise-password',
      revokeTokens: true,
    });
    expect(changed.status).toBe(204);
    expect(await meStatus(otherSession)).toBe(401);
    expect(await meStatus(apiToken)).toBe(401);
    // A feed URL that no longer works answers exactly like one that never existed.
    expect(await feedStatus(feedUrl)).toBe(404);
    expect(await meStatus(who.api)).toBe(200);
  });

  test('revokeTokens must be chosen: 400 naming it, and the password stays', async () => {
    const who = await person();
    const answer = await who.api.put('/me/password', { currentPassword: who.password, newPassword: 'never-taken-password' });
    expect(answer.body).toMatchObject({ status: 400, field: 'revokeTokens' });
    expect(await login(who.email, who.password)).toBe(200);
  });

  test('sent with an API token and revokeTokens true, that token ends too', async () => {
    const who = await person();
    const { apiToken } = await credentialsOf(who);
    const changed = await apiToken.put('/me/password', {
      currentPassword: who.password,
      newPassword: 'changed-by-a-token',
      revokeTokens: true,
    });
    expect(changed.status).toBe(204);
    expect(await meStatus(apiToken)).toBe(401);
    expect(await meStatus(who.api)).toBe(401);
  });
});

describe("an admin's reset (PATCH /users/{id} with a password)", () => {
  test("ends all the user's sessions, API tokens and calendar feed; the admin and other users stay signed in", async () => {
    const who = await person('COORDINATOR');
    const { otherSession, apiToken, feedUrl } = await credentialsOf(who);
    const byAdmin = org.admin.api.as((await org.admin.api.post('/tokens', { name: 'police feed', userId: who.id })).body.token);
    const bystander = await person();
    const bystanderToken = bystander.api.as((await bystander.api.post('/tokens', { name: 'mine' })).body.token);

    const reset = await org.admin.api.patch(`/users/${who.id}`, { password: 'set-by-the-admin-1' });
    expect(reset.status).toBe(200);
    for (const client of [who.api, otherSession, apiToken, byAdmin]) expect(await meStatus(client)).toBe(401);
    expect(await feedStatus(feedUrl)).toBe(404);
    expect(await meStatus(org.admin.api)).toBe(200);
    expect(await meStatus(bystander.api)).toBe(200);
    expect(await meStatus(bystanderToken)).toBe(200);
    expect(await login(who.email, who.password)).toBe(401);
    expect(await login(who.email, 'set-by-the-admin-1')).toBe(200);
  });

  test('an admin cannot set their own password there: 400 naming password, pointing at PUT /me/password', async () => {
    const answer = await org.admin.api.patch(`/users/${org.admin.id}`, { displayName: 'Admin', password: 'taken-over-password' });
    expect(answer.body).toMatchObject({ status: 400, field: 'password' });
    expect(answer.body.detail).toContain('PUT /me/password');
    expect(await login(org.admin.email, 'taken-over-password')).toBe(401);
    expect(await login(org.admin.email, org.admin.password)).toBe(200);
    expect(await meStatus(org.admin.api)).toBe(200);
  });
});

test('deactivating a user ends their sessions, API tokens and calendar feed at once; reactivating brings none back', async () => {
  const who = await person();
  const { otherSession, apiToken, feedUrl } = await credentialsOf(who);
  expect((await org.admin.api.patch(`/users/${who.id}`, { active: false })).status).toBe(200);
  for (const client of [who.api, otherSession, apiToken]) expect(await meStatus(client)).toBe(401);
  expect(await feedStatus(feedUrl)).toBe(404);
  expect(await login(who.email, who.password)).toBe(401);

  expect((await org.admin.api.patch(`/users/${who.id}`, { active: true })).status).toBe(200);
  for (const client of [who.api, otherSession, apiToken]) expect(await meStatus(client)).toBe(401);
  expect(await feedStatus(feedUrl)).toBe(404);
  expect(await login(who.email, who.password)).toBe(200);
});

test('the sign-in lockout says the right password is locked out too, with Retry-After', async () => {
  const who = await person();
  const anonymous = new ApiClient(stack.apiUrl);
  for (let i = 0; i < 5; i++) await anonymous.post('/auth/login', { email: who.email, password: `a-wrong-guess-${i}` });
  const locked = await anonymous.post('/auth/login', { email: who.email, password: who.password });
  expect(locked.status).toBe(429);
  expect(locked.contentType).toContain('application/problem+json');
  const seconds = /^too many attempts: sign-in is locked for (\d+) s, even with the right password$/.exec(locked.body.detail)?.[1];
  expect(Number(seconds)).toBeGreaterThan(0);
  expect(Number(seconds)).toBeLessThanOrEqual(60);
  expect(locked.headers.get('retry-after')).toBe(seconds);
});

test('an unknown path is answered without echoing any of it (a mistyped calendar feed URL is its secret)', async () => {
  const secret = `vgc_${'Q7'.repeat(21)}x`;
  for (const path of [`/calendar/${secret}`, `/calendar/${secret}.ics/`, `/calendar/${secret}.ICS`, `/calendars/${secret}.ics?x=1`]) {
    const answer = await new ApiClient(stack.apiUrl).get(path);
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.text).not.toContain(secret);
    expect(answer.text).not.toContain('calendar');
  }
});

describe('escalation levels are never left empty', () => {
  const contact = async (displayName: string) =>
    (await org.admin.api.post('/contacts', { displayName, email: `${displayName.toLowerCase()}@credentials.test` })).body.id as string;

  test('deleting the only contact of a level is refused with 409 naming the level; one of two may go', async () => {
    const [first, second, third] = [await contact('First'), await contact('Second'), await contact('Third')];
    const chain = { repeatCount: 1, levels: [{ contactIds: [first] }, { contactIds: [second, third] }] };
    expect((await org.admin.api.put('/escalation-chain', chain)).status).toBe(200);

    const refused = await org.admin.api.delete(`/contacts/${first}`);
    expect(refused.body).toMatchObject({ status: 409, field: 'contactId' });
    expect(refused.body.detail).toContain('escalation level 1');
    expect((await org.admin.api.get(`/contacts/${first}`)).status).toBe(200);

    expect((await org.admin.api.delete(`/contacts/${second}`)).status).toBe(204);
    const lastOfLevel2 = await org.admin.api.delete(`/contacts/${third}`);
    expect(lastOfLevel2.body).toMatchObject({ status: 409, field: 'contactId' });
    expect(lastOfLevel2.body.detail).toContain('escalation level 2');
    expect((await org.admin.api.get('/escalation-chain')).body.levels.map((l: any) => l.contactIds)).toEqual([[first], [third]]);

    // Once the chain no longer needs it, it goes.
    expect((await org.admin.api.put('/escalation-chain', { levels: [{ contactIds: [third] }] })).status).toBe(200);
    expect((await org.admin.api.delete(`/contacts/${first}`)).status).toBe(204);
  });
});
