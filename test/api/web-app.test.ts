/**
 * The web app as the API serves it: its pages under /app/ with a strict Content-Security-Policy,
 * the API's own paths untouched, and the app's session, which lives in an HttpOnly cookie that
 * a page of another origin cannot use to change anything.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiClient, seedOrganisation, type Organisation } from '../support/api-client';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let org: Organisation;
const built = mkdtempSync(path.join(tmpdir(), 'vigil-web-'));

beforeAll(async () => {
  // A built app in miniature: the page and one asset.
  mkdirSync(path.join(built, 'assets'));
  writeFileSync(
    path.join(built, 'index.html'),
    '<!doctype html><title>Vigil</title><script type="module" src="/app/assets/app-1a2b.js"></script>',
  );
  writeFileSync(path.join(built, 'assets', 'app-1a2b.js'), 'console.log("vigil")');
  stack = await startStack({ webApp: built });
  org = await seedOrganisation(stack.database.prisma, stack.apiUrl, 'Web App');
});

afterAll(async () => {
  await stack?.stop();
  rmSync(built, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => fetch(`${stack.apiUrl}${url}`, { headers, redirect: 'manual' });

test('/ leads to the app, whose every screen is the one page, under a strict Content-Security-Policy', async () => {
  const root = await get('/');
  expect(root.status).toBe(302);
  expect(root.headers.get('location')).toBe('/app/');

  for (const screen of ['/app/', '/app/my-work', '/app/cases/3f0c']) {
    const page = await get(screen);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('/app/assets/app-1a2b.js');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; object-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-cache');
  }

  const script = await get('/app/assets/app-1a2b.js');
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toMatch(/javascript/);
  expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect((await get('/app/assets/missing.js')).status).toBe(404);
  // Nothing outside the built app is served.
  const outside = await get('/app/assets/..%2F..%2F..%2Fpackage.json');
  expect(outside.status).toBe(403);
  expect(await outside.text()).not.toContain('dependencies');
});

test("the API's paths stay the API's: JSON answers and JSON 404s", async () => {
  const unknown = await get('/nowhere');
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const cases = await get('/cases/3f0c', { authorization: `Bearer ${org.caseworker.api.token}` });
  expect(cases.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((await get('/health')).headers.get('content-security-policy')).toBeNull();
});

/** Signs in as the app does; answers the cookie (name=value) and the answer. */
async function appSignIn(email: string, password: string) {
  const answer = await fetch(`${stack.apiUrl}/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { answer, setCookie: answer.headers.get('set-cookie'), body: (await answer.json()) as any };
}

test('the app signs in to an HttpOnly, SameSite=Strict cookie; the token never reaches the page', async () => {
  const { answer, setCookie, body } = await appSignIn(org.caseworker.email, org.caseworker.password);
  expect(answer.status).toBe(200);
  expect(setCookie).toMatch(/^vigil_app_session=vgs_[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=4319\d$/);
  expect(Object.keys(body).sort()).toEqual(['expiresAt', 'user']);
  expect(body.user.email).toBe(org.caseworker.email);
  expect(JSON.stringify(body)).not.toContain('vgs_');

  const wrong = await appSignIn(org.caseworker.email, 'not the password');
  expect(wrong.answer.status).toBe(401);
  expect(wrong.setCookie).toBeNull();
  expect(wrong.body).toMatchObject({ status: 401, detail: 'wrong email or password' });
});

test('the cookie reads; a change needs the app header (no other origin can add it); sign-out ends the session and clears the cookie', async () => {
  const cookie = (await appSignIn(org.coordinator.email, org.coordinator.password)).setCookie!.split(';')[0];
  const me = await get('/me', { cookie });
  expect(me.status).toBe(200);
  expect(((await me.json()) as { email: string }).email).toBe(org.coordinator.email);

  const send = (headers: Record<string, string>) =>
    fetch(`${stack.apiUrl}/auth/logout`, { method: 'POST', headers: { cookie, ...headers } });
  const forged = await send({});
  expect(forged.status).toBe(403);
  expect(((await forged.json()) as { detail: string }).detail).toContain('x-vigil-app');
  expect((await get('/me', { cookie })).status).toBe(200);

  const out = await send({ 'x-vigil-app': '1' });
  expect(out.status).toBe(204);
  expect(out.headers.get('set-cookie')).toMatch(/^vigil_app_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
  expect((await get('/me', { cookie })).status).toBe(401);
});

test('the cookie holds a session only: an API token put there signs nobody in', async () => {
  const token = await org.admin.api.post('/tokens', { name: 'court import', expiresInDays: 1 });
  expect(token.status).toBe(201);
  const secret: string = token.body.token;
  expect(secret).toMatch(/^vgt_/);
  expect((await get('/me', { cookie: `vigil_app_session=${secret}` })).status).toBe(401);
  expect((await new ApiClient(stack.apiUrl, secret).get('/me')).status).toBe(200);
});
