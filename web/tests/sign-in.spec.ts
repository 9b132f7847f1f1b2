/** Signing in and out, in the browser, against the real API. */
import { expect, look, newPerson, signIn, test } from './fixtures';

test('a wrong password is refused in words; the right one lands on My work', async ({ page }) => {
  const jelena = await newPerson('CASEWORKER', 'Jelena Petrović');
  await page.goto('/');
  await expect(page).toHaveURL(/\/app\/sign-in$/);
  await look(page, 'sign-in');

  await signIn(page, { email: jelena.email, password: 'not her password at all' });
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await look(page, 'sign-in-refused');

  await signIn(page, jelena);
  await expect(page).toHaveURL(/\/app\/my-work$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My work');
  await expect(page.getByText('Signed in as Jelena Petrović')).toBeVisible();
  await look(page, 'my-work-empty');

  // The session is the HttpOnly cookie: no script can read it, and nothing is kept in storage but the language.
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['vigil.language']);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/app\/sign-in$/);
  await page.goto('/app/my-work');
  await expect(page).toHaveURL(/\/app\/sign-in$/);
});
