/** My work: a caseworker's reassessments with their rule in words, what is ahead, and recording an assessment in one go. */
import { expect, look, newPerson, openCase, recordEvent, signIn, test } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test('a caseworker sees each rule in words, records an assessment from My work, and sees the next deadline move', async ({ page }) => {
  const marko = await newPerson('CASEWORKER', 'Marko');
  const fresh = await openCase(marko, { caseCode: `NEW-${Date.now()}`, riskLevel: 'HIGH' });
  // Assessed today, hearing in two days: the daily rule before a hearing sets its deadline.
  const court = await openCase(marko, { caseCode: `COURT-${Date.now()}`, riskLevel: 'HIGH' });
  await recordEvent(court.id, '/assessments', { riskLevel: 'HIGH' });
  await recordEvent(court.id, '/hearings', { at: new Date(Date.now() + 2 * DAY + HOUR).toISOString(), kind: 'MAIN' });

  await signIn(page, marko);
  const rowOf = (code: string) => page.locator('li', { has: page.getByText(code, { exact: true }) }).first();
  await expect(rowOf(court.caseCode)).toContainText(/hearing in [23] days: daily/);
  await expect(page.getByRole('region', { name: 'Hearings and releases ahead' })).toContainText(`Hearing, case ${court.caseCode}`);
  const freshRow = rowOf(fresh.caseCode);
  await expect(freshRow).toContainText('new case: first assessment within a day');
  await expect(freshRow).toContainText('at high risk');
  const dueBefore = await freshRow.locator('.when').innerText();
  await look(page, 'my-work');

  await freshRow.getByRole('button', { name: `Record assessment of case ${fresh.caseCode}` }).click();
  const form = page.getByRole('form', { name: `Record assessment of case ${fresh.caseCode}` });
  await expect(form.getByRole('radio', { name: 'high' })).toBeChecked();
  await expect(form.getByRole('radio', { name: 'high' })).toBeFocused();
  await look(page, 'my-work-record-assessment');
  await form.getByRole('button', { name: 'Save assessment' }).click();

  await expect(page.getByRole('status')).toContainText(`Case ${fresh.caseCode}: Assessment: reassess by`);
  // HIGH risk, assessed now: the weekly cadence replaces the new-case deadline.
  await expect(freshRow).toContainText('regular reassessment');
  await expect(freshRow.locator('.when')).not.toHaveText(dueBefore);
  await look(page, 'my-work-recorded');
});

test('server text is shown as text, never run as HTML', async ({ page }) => {
  const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
  const person = await newPerson('CASEWORKER', hostile);
  await signIn(page, person);
  await expect(page.getByText(`Signed in as ${hostile}`)).toBeVisible();
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  expect(await page.locator('header img, main img, header script').count()).toBe(0);
});
