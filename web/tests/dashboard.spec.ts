/**
 * The coordinator's dashboard: what happens in the organisation (an overdue case, a release alert
 * nobody acknowledged, a hearing ahead and whether it is prepared) appears without reloading, and
 * the coordinator takes the alert over with the keyboard alone.
 */
import { signIn as apiSignIn } from '../../test/support/api-client';
import { expect, look, newContact, newPerson, openCase, recordEvent, signIn, tabTo, test, world } from './fixtures';

const DAY = 86_400_000;

test('a coordinator sees an overdue case and a release alert appear without reloading, and takes the alert over', async ({ page }) => {
  const coordinator = await newPerson('COORDINATOR', 'Vesna');
  const marko = await newPerson('CASEWORKER', 'Marko');
  const court = await openCase(marko, { caseCode: `COURT-${Date.now()}` });
  await recordEvent(court.id, '/hearings', { at: new Date(Date.now() + 2 * DAY).toISOString(), kind: 'MAIN' });

  await signIn(page, coordinator);
  await expect(page).toHaveURL(/\/app\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  const ahead = page.getByRole('region', { name: /Hearings and releases, next 14 days/ });
  const hearing = ahead.getByRole('listitem').filter({ hasText: `Hearing, case ${court.caseCode}` });
  await expect(hearing).toContainText('Not prepared');
  await expect(hearing).toContainText('Marko');
  // Marks this very page: a reload or a navigation would lose it.
  await page.evaluate(() => ((window as { samePage?: boolean }).samePage = true));

  // Identified three days ago and never assessed: its first assessment is overdue.
  const late = await openCase(marko, { caseCode: `LATE-${Date.now()}`, identifiedAt: new Date(Date.now() - 3 * DAY).toISOString() });
  const overdue = page.getByRole('region', { name: /Overdue reassessments/ });
  await expect(overdue.getByRole('link', { name: `Case ${late.caseCode}` })).toBeVisible();
  await expect(overdue.getByRole('link', { name: `Case ${late.caseCode}` })).toHaveAttribute('href', `/app/cases/${late.id}`);

  // The perpetrator is released: nobody in this organisation's (empty) chain can acknowledge it.
  const released = await openCase(marko, { caseCode: `FREE-${Date.now()}` });
  await recordEvent(released.id, '/perpetrator-status', { status: 'RELEASED' });
  const alerts = page.getByRole('region', { name: /Alerts nobody has acknowledged/ });
  const row = alerts.getByRole('listitem').filter({ hasText: `Case ${released.caseCode}` });
  await expect(row).toContainText('perpetrator released');
  await expect(row).toContainText('Nobody acknowledged');
  await expect(row).toContainText(/last paged: Admin by (email|SMS)/);
  await expect(hearing).toContainText('Not prepared');

  // Marko goes into the field: he appears with his check-in deadline.
  const safety = await newContact('Duty desk');
  const markoApi = await apiSignIn(world().url, marko.email, marko.password);
  const visit = await markoApi.post('/field-visits', {
    expectedEndAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    safetyContactIds: [safety.id],
  });
  expect(visit.status).toBe(201);
  const field = page.getByRole('region', { name: /Staff in the field/ });
  const visitRow = field.getByRole('listitem').filter({ hasText: `Visit ${visit.body.visitCode}: Marko` });
  await expect(visitRow).toContainText('check in by');
  expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);
  await look(page, 'dashboard');

  const takeOver = row.getByRole('button', { name: `Take over the alert of ${released.caseCode}` });
  await tabTo(page, takeOver);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText(`Case ${released.caseCode}: You took the alert over`);
  await expect(row).toHaveCount(0);

  // Prepared once the victim is assessed inside the three days before the hearing.
  await recordEvent(court.id, '/assessments', { riskLevel: 'HIGH', measures: [] });
  await expect(hearing).toContainText('Prepared');
  await expect(hearing).not.toContainText('Not prepared');
  expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);

  // Each row opens its page: the visit's, for those who follow it.
  await visitRow.getByRole('link').click();
  await expect(page.getByRole('heading', { name: `Field visit ${visit.body.visitCode}`, level: 1 })).toBeVisible();
  await expect(page.getByText('Visitor')).toBeVisible();
  await expect(page.locator('.facts')).toContainText('Marko');
  await expect(page.locator('.facts')).toContainText('in the field');
  await look(page, 'field-visit-followed');
});

test('the dashboard is for coordinators and admins: a caseworker has no menu entry for it', async ({ page }) => {
  const caseworker = await newPerson('CASEWORKER', 'Ana');
  await signIn(page, caseworker);
  await expect(page).toHaveURL(/\/app\/my-work$/);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
});
