/**
 * Alerts: the list with its state filter and the incident view of one alert (who was paged, on
 * what, delivered or not; the plan; acknowledgement; resolution), used with the keyboard alone.
 */
import { expect, look, newPerson, openCase, recordEvent, signIn, tabTo, test } from './fixtures';

test('a coordinator finds an alert nobody acknowledged, sees who was paged, takes it over and resolves it with a note', async ({
  page,
}) => {
  const coordinator = await newPerson('COORDINATOR', 'Vesna');
  const marko = await newPerson('CASEWORKER', 'Marko');
  const released = await openCase(marko, { caseCode: `ESC-${Date.now()}` });
  await recordEvent(released.id, '/perpetrator-status', { status: 'ESCAPED' });

  await signIn(page, coordinator);
  await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await page.getByLabel('Show').selectOption({ label: 'Nobody acknowledged' });
  await expect(page).toHaveURL(/state=UNACKNOWLEDGED/);
  const link = page.getByRole('link', { name: `Case ${released.caseCode}: perpetrator escaped` });
  await expect(link).toBeVisible();
  await look(page, 'alerts');

  await tabTo(page, link);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Alert, case ${released.caseCode}`, level: 1 })).toBeVisible();
  const paged = page.getByRole('region', { name: 'Who was paged' });
  await expect(
    paged
      .getByRole('row')
      .filter({ hasText: /Admin \((coordinator|admin)\)/ })
      .first(),
  ).toContainText('nobody acknowledged');
  await expect(page.getByRole('region', { name: 'The plan' })).toContainText(/When nobody acknowledges: Admin/);
  await expect(page.getByRole('region', { name: 'Acknowledgement' })).toContainText('Not acknowledged.');
  await look(page, 'alert-detail');

  await tabTo(page, page.getByRole('button', { name: `Take over the alert of ${released.caseCode}` }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('You took the alert over');
  await expect(page.getByRole('region', { name: 'Acknowledgement' })).toContainText('Vesna (coordinator), took it over');
  // Everyone paged is told who took it over.
  await expect(paged).toContainText('told who took it');

  const hostile = 'Called the police <img src=x onerror="window.pwned=1">';
  await tabTo(page, page.getByLabel('What was done (for the case file only, never sent)'));
  await page.keyboard.type(hostile);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Resolve' })).toBeFocused();
  await page.keyboard.press('Enter');
  const resolution = page.getByRole('region', { name: 'Resolution' });
  await expect(resolution).toContainText('Vesna (coordinator), in Vigil');
  await expect(resolution).toContainText(`Note: ${hostile}`);
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  await expect(page.getByText('Resolved', { exact: true }).first()).toBeVisible();
  await look(page, 'alert-detail-resolved');
});

test('a caseworker sees the alerts of their cases and may acknowledge, not take over or resolve', async ({ page }) => {
  const ana = await newPerson('CASEWORKER', 'Ana');
  const mine = await openCase(ana, { caseCode: `ANA-${Date.now()}` });
  await recordEvent(mine.id, '/perpetrator-status', { status: 'RELEASED' });
  await signIn(page, ana);
  await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
  await page.getByRole('link', { name: `Case ${mine.caseCode}: perpetrator released` }).click();
  await expect(page.getByRole('heading', { name: `Alert, case ${mine.caseCode}` })).toBeVisible();
  await expect(page.getByText('Nobody acknowledged').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Take over|Resolve/ })).toHaveCount(0);
});
