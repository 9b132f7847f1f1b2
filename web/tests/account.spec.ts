/** Changing one's password, and signing in with the keyboard alone. */
import { expect, look, newPerson, signIn, test } from './fixtures';

test('changing the password: mistakes are named by field, then the new password is the one that works', async ({ page }) => {
  const ana = await newPerson('CASEWORKER', 'Ana');
  await signIn(page, ana);
  await page.getByRole('link', { name: 'Password' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change password');
  await look(page, 'change-password');

  const change = async (current: string, next: string, again = next) => {
    await page.getByLabel('Current password').fill(current);
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('New password again').fill(again);
    await page.getByRole('button', { name: 'Change password' }).click();
  };
  await change('not my password at all', 'a much better password');
  await expect(page.getByRole('alert')).toHaveText('Current password: is not your current password');
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await look(page, 'change-password-refused');

  await change(ana.password, 'short');
  await expect(page.getByRole('alert')).toHaveText('New password: must be at least 12 characters');
  await change(ana.password, 'a much better password', 'a much better passwort');
  await expect(page.getByRole('alert')).toHaveText('The two new passwords differ.');

  await change(ana.password, 'a much better password');
  await expect(page.getByRole('status')).toHaveText('Your password is changed.');
  // This session stays signed in.
  await page.getByRole('link', { name: 'My work' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My work');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, ana);
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await signIn(page, { email: ana.email, password: 'a much better password' });
  await expect(page).toHaveURL(/\/app\/my-work$/);
});

test('signing in and reaching the content with the keyboard alone, with the focus always visible', async ({ page }) => {
  const ivan = await newPerson('CASEWORKER', 'Ivan');
  await page.goto('/app/sign-in');
  const focusVisible = () =>
    page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
    });
  // The language switch comes first, then the form.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'English' })).toBeFocused();
  expect(await focusVisible()).toBe(true);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(ivan.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ivan.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My work');

  // The skip link is the first stop, and takes the focus past the menu.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  expect(await focusVisible()).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await look(page, 'keyboard-skip-link');
});
