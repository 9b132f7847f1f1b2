/** English and Serbian Latin: switchable anywhere, remembered across reloads, the API's own lines included. */
import { expect, look, newPerson, openCase, signIn, test } from './fixtures';

test('the language switch changes every text to Serbian, and the choice stays after a reload', async ({ page }) => {
  const mila = await newPerson('CASEWORKER', 'Mila');
  const opened = await openCase(mila, { caseCode: `SR-${Date.now()}`, riskLevel: 'CRITICAL' });
  await signIn(page, mila);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My work');

  await page.getByRole('button', { name: 'Srpski' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moj posao');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sr-Latn');
  const row = page.locator('li', { has: page.getByText(opened.caseCode, { exact: true }) });
  await expect(row).toContainText('nov slučaj: prva procena u roku od jednog dana');
  await expect(row).toContainText('rizik kritičan');
  await expect(page.getByRole('button', { name: 'Odjavi se' })).toBeVisible();
  await look(page, 'my-work-sr');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moj posao');
  // The API answers in the same language.
  await row.getByRole('button', { name: `Upiši procenu za slučaj ${opened.caseCode}` }).click();
  await page.getByRole('button', { name: 'Sačuvaj procenu' }).click();
  await expect(page.getByRole('status')).toContainText(`Slučaj ${opened.caseCode}: Procena: ponovna procena do`);

  await page.getByRole('button', { name: 'Odjavi se' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prijava');
  await look(page, 'sign-in-sr');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
});
