/** The case list and the case page: recording events with their preview, the timeline picture and its list. */
import type { Page } from '@playwright/test';
import { expect, look, newContact, newPerson, openCase, recordEvent, signIn, tabTo, test } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A time as `<input type="datetime-local">` takes it, in the browser's (this machine's) time zone. */
const localInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const code = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;

async function openFromList(page: Page, caseCode: string) {
  await page.getByRole('link', { name: 'Cases', exact: true }).click();
  await page.getByLabel('Case code starts with').fill(caseCode);
  await page.getByRole('link', { name: caseCode }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Case ${caseCode}`);
}

test('a caseworker opens a case from the list, records an assessment after its preview, and sees the next deadline change', async ({
  page,
}) => {
  const vesna = await newPerson('CASEWORKER', 'Vesna');
  const c = await openCase(vesna, { caseCode: code('PAGE'), riskLevel: 'HIGH' });
  await signIn(page, vesna);
  await page.getByRole('link', { name: 'Cases', exact: true }).click();
  const row = page.getByRole('row', { name: new RegExp(c.caseCode) });
  await expect(row).toContainText('high');
  await expect(row).toContainText('Vesna');
  await look(page, 'cases');

  await openFromList(page, c.caseCode);
  const next = page.getByTestId('next-deadline');
  await expect(next).toContainText('new case: first assessment within a day');
  const before = await next.locator('strong').innerText();

  await page.getByLabel('Record…').selectOption('assessment');
  const form = page.getByRole('form', { name: 'Record: Assessment' });
  await form.getByLabel('Risk level').selectOption('MEDIUM');
  await form.getByLabel('Security measures (codes, separated by commas)').fill('SAFE-HOUSE, PHONE-1');
  await form.getByLabel('Risk to staff from this case').selectOption('HIGH');
  await form.getByLabel('staff were followed').check();
  // The preview, before anything is saved: MEDIUM, assessed now, is due in 14 days instead of within a day.
  await expect(form.getByTestId('schedule-preview')).toContainText(`(now ${before})`);
  await expect(form.getByTestId('schedule-preview')).toContainText('regular reassessment, at medium risk');
  // A time in the future is refused by the API, and the form says so beside the field.
  await form.getByLabel('When (leave empty for now)').fill(localInput(Date.now() + 2 * DAY));
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByLabel('When (leave empty for now)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('#field-at-error')).toHaveText('must not be in the future');
  await look(page, 'case-record-assessment');

  await form.getByLabel('When (leave empty for now)').clear();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Assessment: reassess by');
  await expect(page.getByRole('status')).toContainText(`was ${before}, now`);
  await expect(next).toContainText('regular reassessment, at medium risk');
  await expect(next.locator('strong')).not.toHaveText(before);
  await expect(page.getByText('Risk to staff', { exact: true }).locator('xpath=following-sibling::dd[1]')).toHaveText('high');
  const list = page.getByRole('list', { name: 'Everything in order' });
  await expect(list).toContainText('Assessment: medium risk');
  await expect(list).toContainText('measures SAFE-HOUSE, PHONE-1');
  await expect(list).toContainText('Deadline met: new case');
  await look(page, 'case-page');
});

test('a hearing recorded on the page shows as a marker on the timeline and in the list', async ({ page }) => {
  const ivan = await newPerson('CASEWORKER', 'Ivan');
  const c = await openCase(ivan, { caseCode: code('COURT'), riskLevel: 'HIGH' });
  await recordEvent(c.id, '/assessments', { riskLevel: 'HIGH' });
  await signIn(page, ivan);
  await openFromList(page, c.caseCode);
  await expect(page.locator('svg .mark-event.tone-hearing')).toHaveCount(0);

  await page.getByLabel('Record…').selectOption('hearing.scheduled');
  const form = page.getByRole('form', { name: 'Record: Hearing scheduled' });
  await expect(form.getByTestId('schedule-preview')).toHaveText('Fill in the form to see what it would change.');
  await form.getByLabel('Hearing date and time').fill(localInput(Date.now() + 2 * DAY + 2 * HOUR));
  await form.getByLabel('Kind').selectOption('MAIN');
  await expect(form.getByTestId('schedule-preview')).toContainText('hearing ahead: daily');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Hearing scheduled: reassess by');

  const picture = page.getByRole('img', { name: `Timeline of case ${c.caseCode}` });
  await expect(picture.locator('.mark-event.tone-hearing')).toHaveCount(1);
  await expect(picture.locator('.mark-event.tone-hearing')).toHaveAttribute('data-label', 'Hearing (main), scheduled');
  await expect(page.getByRole('list', { name: 'Everything in order' })).toContainText('Hearing (main), scheduled');
});

test('a year of history stays readable: labels thinned, the picture scrolls on a phone', async ({ page }) => {
  const mira = await newPerson('CASEWORKER', 'Mira');
  const start = Date.now() - 360 * DAY;
  const c = await openCase(mira, { caseCode: code('YEAR'), riskLevel: 'MEDIUM', identifiedAt: new Date(start).toISOString() });
  const at = (days: number) => new Date(start + days * DAY).toISOString();
  for (let month = 0; month < 12; month++)
    await recordEvent(c.id, '/assessments', { riskLevel: month > 4 && month < 8 ? 'HIGH' : 'MEDIUM', at: at(month * 30 + 1) });
  await recordEvent(c.id, '/incidents', { incidentType: 'THREAT', severity: 'MEDIUM', at: at(100) });
  await recordEvent(c.id, '/perpetrator-status', { status: 'RELEASED', at: at(150) });
  await recordEvent(c.id, '/relocations', { kind: 'SHELTER_ENTERED', at: at(151) });
  await recordEvent(c.id, '/stage', { stage: 'PROCEEDINGS' });
  await recordEvent(c.id, '/hearings', { at: new Date(Date.now() + 20 * DAY).toISOString(), kind: 'MAIN' });
  await signIn(page, mira);
  await expect(page.getByRole('link', { name: 'Cases', exact: true })).toBeVisible(); // signed in
  await page.goto(`/app/cases/${c.id}`);
  const picture = page.getByRole('img', { name: `Timeline of case ${c.caseCode}` });
  await expect(picture.locator('.mark-assessment')).toHaveCount(12);
  await expect(picture.locator('.mark-event.tone-release')).toHaveCount(1);
  await expect(picture.locator('.mark-alert')).toHaveCount(1); // the release raised an urgent alert
  await expect(picture.locator('desc')).toContainText('12 assessments');
  // Tick labels never overlap: each starts after the one before ends.
  const boxes = await picture.locator('.tick-label').evaluateAll((labels) =>
    labels.map((l) => {
      const { x, width } = (l as SVGGraphicsElement).getBBox();
      return { x, width };
    }),
  );
  for (let i = 1; i < boxes.length - 1; i++) expect(boxes[i].x).toBeGreaterThanOrEqual(boxes[i - 1].x + boxes[i - 1].width);
  await page.getByRole('heading', { name: 'Timeline' }).scrollIntoViewIfNeeded();
  await look(page, 'case-timeline');

  await page.setViewportSize({ width: 390, height: 844 });
  const scroller = page.getByRole('region', { name: 'Timeline picture (scrolls sideways)' });
  const { scrollWidth, clientWidth, scrollLeft } = await scroller.evaluate((e) => ({
    scrollWidth: e.scrollWidth,
    clientWidth: e.clientWidth,
    scrollLeft: e.scrollLeft,
  }));
  expect(clientWidth).toBeLessThanOrEqual(390);
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  expect(scrollLeft).toBeGreaterThan(0); // it starts at the present
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390); // the page itself does not
  await look(page, 'case-timeline-phone');
});

test('hostile text from the server is shown as text: no dialog, no injected element', async ({ page }) => {
  const hostile = '<img src=x onerror="window.pwned=1;alert(1)"><script>window.pwned=2</script>';
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog fired: ${dialog.message()}`);
  });
  const sanja = await newPerson('CASEWORKER', 'Sanja');
  // A case code is a code: markup never gets in.
  await expect(openCase(sanja, { caseCode: hostile })).rejects.toThrow(/400/);
  const contact = await newContact(hostile);
  const c = await openCase(sanja, { caseCode: code('XSS'), designatedContacts: [{ contactId: contact.id, role: 'LAWYER' }] });
  await recordEvent(c.id, '/assessments', { riskLevel: 'HIGH', notes: hostile });
  await recordEvent(c.id, '/incidents', { incidentType: 'APPROACH', severity: 'LOW', description: hostile });
  await signIn(page, sanja);
  await openFromList(page, c.caseCode);
  await expect(page.getByText(`${hostile} (lawyer)`)).toBeVisible();
  await expect(page.getByText(`Notes: ${hostile}`)).toBeVisible();
  await expect(page.getByText(`Description: ${hostile}`)).toBeVisible();
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  expect(await page.locator('main img, main script, img[src="x"]').count()).toBe(0);
  await look(page, 'case-hostile-text');
});

test('an event is recorded with the keyboard alone', async ({ page }) => {
  const goran = await newPerson('CASEWORKER', 'Goran');
  const c = await openCase(goran, { caseCode: code('KEYS'), riskLevel: 'MEDIUM' });
  await recordEvent(c.id, '/assessments', { riskLevel: 'MEDIUM' });
  await signIn(page, goran);
  await tabTo(page, page.getByRole('link', { name: 'Cases', exact: true }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('link', { name: c.caseCode }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Case ${c.caseCode}`);

  const choose = page.getByLabel('Record…');
  await tabTo(page, choose);
  for (let i = 0; i < 12 && (await choose.inputValue()) !== 'relocation'; i++) await page.keyboard.press('ArrowDown');
  await expect(choose).toBeFocused();
  const form = page.getByRole('form', { name: 'Record: Relocation or shelter' });
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('What happened')).toBeFocused();
  await page.keyboard.press('ArrowDown'); // relocated -> entered a shelter
  await expect(form.getByLabel('What happened')).toHaveValue('SHELTER_ENTERED');
  await expect(form.getByTestId('schedule-preview')).toContainText('relocation: assess within a day');
  await tabTo(page, form.getByRole('button', { name: 'Save' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Relocation: reassess by');
  await expect(choose).toBeFocused();
  await expect(page.getByRole('list', { name: 'Everything in order' })).toContainText('Relocation: entered a shelter');
});

test('a coordinator opens a case from the list; a bad code is named beside its field', async ({ page }) => {
  const lidija = await newPerson('COORDINATOR', 'Lidija');
  const worker = await newPerson('CASEWORKER', 'Nikola');
  await signIn(page, lidija);
  await page.getByRole('link', { name: 'Cases', exact: true }).click();
  await page.getByRole('button', { name: 'Open a new case' }).click();
  const form = page.getByRole('form', { name: 'New case' });
  await form.getByLabel('Case code').fill('bad code!');
  await form.getByLabel('Caseworker').selectOption({ label: 'Nikola' });
  await form.getByRole('button', { name: 'Open case' }).click();
  await expect(form.getByLabel('Case code')).toHaveAttribute('aria-invalid', 'true');
  await look(page, 'cases-new-case');

  const caseCode = code('NEW');
  await form.getByLabel('Case code').fill(caseCode);
  await form.getByRole('button', { name: 'Open case' }).click();
  await expect(page.getByRole('status')).toContainText(`Case ${caseCode} is open`);
  await expect(page.getByRole('row', { name: new RegExp(caseCode) })).toContainText(worker.displayName);
});
