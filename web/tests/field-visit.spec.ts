/**
 * The field visit on a phone (390×844): PINs set in the account area, a visit started, its
 * countdown, and the check-in with the duress PIN, which must look exactly like one with the
 * check-in PIN (the same words and pixels at every step) while the coordinators' side sees a
 * duress alert for it alone. Then panic (one more tap, no PIN), extending, and a late check-in.
 */
import type { Page } from '@playwright/test';
import { signIn as apiSignIn } from '../../test/support/api-client';
import { admin, expect, look, newPerson, signIn, test, world, type Person } from './fixtures';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const CHECK_IN_PIN = '2468';
const DURESS_PIN = '1357';
let contact: { id: string; displayName: string };

test.beforeAll(async () => {
  const made = await admin().post('/contacts', { displayName: `Duty desk ${process.pid}`, email: 'duty-desk@browser.test' });
  expect(made.status).toBe(201);
  contact = made.body;
});

/** The visible text of the screen, with what differs from visit to visit (its code, the clock) left out. */
const screenText = (page: Page) =>
  page.evaluate(() => {
    const main = document.querySelector('main')!;
    let text = main.innerText;
    for (const varies of Array.from(main.querySelectorAll<HTMLElement>('[data-varies]'))) text = text.replace(varies.innerText, '…');
    return text;
  });
const screenshot = (page: Page) => page.screenshot({ mask: [page.locator('[data-varies]')], animations: 'disabled' });

/** Signs in, then opens the field visit from the menu. */
async function openVisit(page: Page, person: Person) {
  await signIn(page, person);
  await page.getByRole('link', { name: 'Field visit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^(Start a field visit|Visit V-)/);
}

/**
 * Pixels that differ visibly between two screenshots of the same size (a channel by more than
 * 16 of 255: Chromium leaves the odd faint anti-aliasing ghost), compared in a blank page's canvas.
 */
async function differentPixels(blank: Page, a: Buffer, b: Buffer): Promise<number> {
  return blank.evaluate(
    async ([first, second]) => {
      const pixels = async (base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height).data;
      };
      const [x, y] = [await pixels(first), await pixels(second)];
      if (x.length !== y.length) return Infinity;
      let different = 0;
      for (let i = 0; i < x.length; i += 4) {
        if (Math.max(...[0, 1, 2].map((c) => Math.abs(x[i + c] - y[i + c]))) > 16) different++;
      }
      return different;
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

/** From the start screen, through its link to the account area. */
async function setPins(page: Page, person: Person) {
  await page.getByRole('link', { name: 'Set your check-in PINs' }).click();
  await page.getByLabel('Check-in PIN').fill(CHECK_IN_PIN);
  await page.getByLabel('Duress PIN').fill(DURESS_PIN);
  await page.getByLabel('Current password').fill(person.password);
  await page.getByRole('button', { name: 'Save PINs' }).click();
  await expect(page.getByRole('status')).toHaveText('Your PINs are set.');
  await look(page, 'check-in-pins');
}

async function startVisit(page: Page, backBy: string) {
  await page.goto('/app/visit');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Start a field visit');
  await page.getByLabel('Back by').fill(backBy);
  await page.getByLabel('Where (optional, encrypted)').fill('Zemun, Nemanjina 4');
  await page.getByRole('checkbox', { name: contact.displayName }).check();
  await page.getByRole('button', { name: 'Start visit' }).click();
  await expect(page.getByRole('timer')).toHaveText(/^\d+:\d\d(:\d\d)? left$/);
}

/** The time `hours` from now as the "Back by" input takes it ("14:35"). */
function hoursFromNow(hours: number): string {
  const at = new Date(Date.now() + hours * 3_600_000);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** Checks in with `pin`, keeping the words and the picture of each step. */
async function checkInWith(page: Page, pin: string) {
  const steps: { text: string; picture: Buffer }[] = [];
  const keep = async () => steps.push({ text: await screenText(page), picture: await screenshot(page) });
  await keep();
  await page.getByRole('button', { name: "I'm safe" }).click();
  await expect(page.getByLabel('PIN')).toBeFocused();
  await page.getByLabel('PIN').fill(pin);
  await keep();
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You checked in');
  await keep();
  return steps;
}

/** The visitor's latest visit as the coordinators' side sees it. */
async function latestVisitOf(person: Person) {
  const { visits } = (await admin().get('/field-visits')).body as { visits: { id: string; userId: string; endedBy: string }[] };
  return visits.find((v) => v.userId === person.id)!;
}
const alertsOf = async (visitId: string) =>
  ((await admin().get('/alerts')).body.alerts as { fieldVisitId: string; trigger: string }[]).filter((a) => a.fieldVisitId === visitId);

test('a check-in with the duress PIN looks exactly like one with the check-in PIN; only the coordinators see the duress alert', async ({
  page,
}) => {
  const mira = await newPerson('CASEWORKER', 'Mira');
  await openVisit(page, mira);
  await look(page, 'field-visit-start');
  await setPins(page, mira);
  // Both visits end at the same time, so every line but the code and the clock reads the same.
  const hhmm = hoursFromNow(2);

  await startVisit(page, hhmm);
  await look(page, 'field-visit-phone');
  const underDuress = await checkInWith(page, DURESS_PIN);
  const duressVisit = await latestVisitOf(mira);

  await page.getByRole('button', { name: 'Start another visit' }).click();
  await startVisit(page, hhmm);
  const safe = await checkInWith(page, CHECK_IN_PIN);
  await look(page, 'field-visit-checked-in');
  const safeVisit = await latestVisitOf(mira);

  expect(underDuress.map((s) => s.text)).toEqual(safe.map((s) => s.text));
  expect(safe[2].text).toContain('You checked in');
  const pictures = await page.context().newPage();
  // The comparison sees a different screen when there is one.
  expect(await differentPixels(pictures, safe[0].picture, safe[2].picture)).toBeGreaterThan(1_000);
  for (const [i, step] of safe.entries())
    expect(await differentPixels(pictures, underDuress[i].picture, step.picture), `step ${i + 1}`).toBe(0);

  // The coordinators' side: a duress alert for the duress check-in, none for the other.
  expect(duressVisit.endedBy).toBe('duress');
  expect(safeVisit.endedBy).toBe('check-in');
  await expect.poll(async () => (await alertsOf(duressVisit.id)).map((a) => a.trigger)).toEqual(['visit.duress']);
  expect(await alertsOf(safeVisit.id)).toEqual([]);
});

test('a wrong PIN is named; extending asks how long; panic takes one more tap and no PIN', async ({ page }) => {
  const goran = await newPerson('CASEWORKER', 'Goran');
  await openVisit(page, goran);
  await setPins(page, goran);
  await startVisit(page, hoursFromNow(3));

  await page.getByRole('button', { name: "I'm safe" }).click();
  await page.getByLabel('PIN').fill('0000');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('alert')).toHaveText('PIN: is not your PIN');
  await look(page, 'field-visit-wrong-pin');
  await page.getByRole('button', { name: 'Back' }).click();

  const before = await page.getByText(/^Check in by/).innerText();
  await page.getByRole('button', { name: 'Extend' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Extend by how long?');
  await look(page, 'field-visit-extend');
  await page.getByRole('button', { name: '30 minutes' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Extended: check in by /);
  await expect(page.getByText(/^Check in by/)).not.toHaveText(before);

  await page.getByRole('button', { name: 'Panic' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Send a panic alert?');
  await expect(page.getByLabel('PIN')).toHaveCount(0);
  await look(page, 'field-visit-panic-confirm');
  await page.getByRole('button', { name: 'Send panic alert' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Panic alert sent');
  await look(page, 'field-visit-panic-sent');

  const visit = await latestVisitOf(goran);
  expect(visit.endedBy).toBe('panic');
  await expect.poll(async () => (await alertsOf(visit.id)).map((a) => a.trigger)).toEqual(['visit.panic']);
});

test('past the deadline the screen says overdue, and a late check-in is still taken', async ({ page }) => {
  test.setTimeout(240_000);
  const lena = await newPerson('CASEWORKER', 'Lena');
  const lenaApi = await apiSignIn(world().url, lena.email, lena.password);
  const started = await lenaApi.post('/field-visits', {
    expectedEndAt: new Date(Date.now() + 20_000).toISOString(),
    graceMinutes: 1,
    safetyContactIds: [contact.id],
  });
  expect(started.status).toBe(201);
  await openVisit(page, lena);
  await expect(page.getByText('Overdue')).toBeVisible({ timeout: 30_000 });
  // The missed-check-in alert goes out a minute later; the visit takes a check-in all the same.
  await expect(page.getByText('Your safety contacts have been alerted. Check in to tell them you are safe.')).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByRole('button', { name: 'Extend' })).toHaveCount(0);
  // Panic is still there: in danger after the deadline, the visitor raises its own alert.
  await expect(page.getByRole('button', { name: 'Panic' })).toBeVisible();
  await look(page, 'field-visit-overdue');
  await page.getByRole('button', { name: "I'm safe" }).click();
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You checked in');
  await expect.poll(async () => (await latestVisitOf(lena)).endedBy).toBe('check-in');
});
