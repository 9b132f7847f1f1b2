/**
 * What every browser test uses: the world the global setup started, people and cases made
 * through the API as its admin, signing in through the page, and `look`, which every test calls
 * on every screen it shows: axe-core finds no serious or critical violation, and a screenshot
 * is kept under artifacts/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { ApiClient } from '../../test/support/api-client';

export interface World {
  url: string;
  adminToken: string;
}

export interface Person {
  id: string;
  email: string;
  password: string;
  displayName: string;
}

export function world(): World {
  const json = process.env.VIGIL_WEB_TESTS;
  if (!json) throw new Error('VIGIL_WEB_TESTS is unset: run the browser tests with `npx playwright test` (web/tests/global-setup.ts)');
  return JSON.parse(json) as World;
}

export const test = base.extend({ baseURL: async ({}, use) => use(world().url) });
export { expect };

/** The test organisation's admin, over the API (for what a test checks or prepares behind the screens). */
export const admin = () => new ApiClient(world().url, world().adminToken);
let people = 0;

/** A new user of the test organisation, made by its admin. */
export async function newPerson(role: 'CASEWORKER' | 'COORDINATOR' | 'ADMIN' = 'CASEWORKER', displayName = 'Jelena'): Promise<Person> {
  const email = `person-${process.pid}-${++people}@browser.test`;
  const password = `password of ${email}`;
  const created = await admin().post('/users', { email, displayName, role, password });
  if (created.status !== 201) throw new Error(`creating ${email}: ${created.status} ${created.text}`);
  return { id: created.body.user.id, email, password, displayName };
}

/** A case of `caseworker`, opened by the admin (its coordinator). */
export async function openCase(caseworker: Person, body: Record<string, unknown>): Promise<{ id: string; caseCode: string }> {
  const opened = await admin().post('/cases', { riskLevel: 'HIGH', caseworkerId: caseworker.id, ...body });
  if (opened.status !== 201) throw new Error(`opening a case: ${opened.status} ${opened.text}`);
  return opened.body;
}

/** Records a case event through the API as the admin (`/hearings`, `/perpetrator-status`, ...). */
export async function recordEvent(caseId: string, route: string, body: Record<string, unknown>): Promise<void> {
  const answer = await admin().post(`/cases/${caseId}${route}`, body);
  if (answer.status !== 200) throw new Error(`${route}: ${answer.status} ${answer.text}`);
}

/** A contact of the test organisation (for a case's designated contacts), made by its admin. */
export async function newContact(displayName: string): Promise<{ id: string }> {
  const created = await admin().post('/contacts', { displayName, email: `contact-${process.pid}-${++people}@browser.test` });
  if (created.status !== 201) throw new Error(`creating a contact: ${created.status} ${created.text}`);
  return created.body;
}

/** Signs in through the sign-in screen. */
export async function signIn(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await page.goto('/app/sign-in');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Checks the screen with axe-core (0 serious or critical violations) and keeps its screenshot. */
export async function look(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  await page.screenshot({ path: `artifacts/screenshots/${name}.png`, fullPage: true });
}

/** Presses Tab (at most `limit` times) until `target` has the focus: reaching it by keyboard alone. */
export async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}
