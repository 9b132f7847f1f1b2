/**
 * The organisation's pages for admins: users, contacts, the escalation chain (a level moved up
 * by keyboard and by dragging, saved, still so after a reload), procedures, the policy preview,
 * the self-assessment with its trend, and the calendar feed link. The test organisation is
 * shared: the chain is put back as it was, and the policy and procedures are not saved.
 */
import type { Page } from '@playwright/test';
import { admin, expect, look, newPerson, signIn, test } from './fixtures';

const HOUR = 60;

async function openOrganisation(page: Page, section: string) {
  const boss = await newPerson('ADMIN', 'Dragana');
  await signIn(page, boss);
  await page.getByRole('link', { name: 'Organisation' }).click();
  await page.getByRole('navigation', { name: 'Organisation' }).getByRole('link', { name: section }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(section);
}

/** The contacts of each level on the page, by name, in order. */
const levelsOnPage = (page: Page) =>
  page.locator('.chain-level').evaluateAll((levels) =>
    levels.map((level) =>
      Array.from(level.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))
        .filter((box) => box.checked)
        .map((box) => box.parentElement!.textContent!.trim()),
    ),
  );

test('an admin reorders the escalation chain by keyboard and by dragging; the saved order survives a reload', async ({ page }) => {
  const before = (await admin().get('/escalation-chain')).body;
  const names = ['Ana police', 'Branko lawyer', 'Cveta shelter'].map((n) => `${n} ${process.pid}`);
  const ids: string[] = [];
  for (const displayName of names) ids.push((await admin().post('/contacts', { displayName, email: `${ids.length}@chain.test` })).body.id);
  const put = await admin().put('/escalation-chain', {
    repeatCount: 1,
    levels: ids.map((id) => ({ timeoutSeconds: 5 * HOUR, contactIds: [id] })),
  });
  expect(put.status).toBe(200);
  try {
    await openOrganisation(page, 'Escalation chain');
    await expect.poll(() => levelsOnPage(page)).toEqual(names.map((n) => [n]));
    await look(page, 'organisation-chain');

    // By keyboard: level 2 up; the focus stays on the moved level, and the move is announced.
    await page.getByRole('button', { name: 'Move up (Level 2)' }).focus();
    await page.keyboard.press('Enter');
    expect(await levelsOnPage(page)).toEqual([[names[1]], [names[0]], [names[2]]]);
    await expect(page.getByRole('status')).toHaveText('Level 2 is now level 1.');
    await expect(page.getByRole('button', { name: 'Move down (Level 1)' })).toBeFocused();

    // By dragging: level 3 onto level 1 (both in view, as a person dragging sees them).
    await page.setViewportSize({ width: 1280, height: 1600 });
    await page.locator('.chain-level').nth(2).dragTo(page.locator('.chain-level').nth(0));
    expect(await levelsOnPage(page)).toEqual([[names[2]], [names[1]], [names[0]]]);

    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await page.reload();
    await expect.poll(() => levelsOnPage(page)).toEqual([[names[2]], [names[1]], [names[0]]]);
    const saved = (await admin().get('/escalation-chain')).body;
    expect(saved.levels.map((l: { contactIds: string[] }) => l.contactIds)).toEqual([[ids[2]], [ids[1]], [ids[0]]]);
  } finally {
    if (before.levels.length)
      await admin().put('/escalation-chain', {
        repeatCount: before.repeatCount,
        levels: before.levels.map((l: { timeoutSeconds: number; contactIds: string[] }) => ({
          timeoutSeconds: l.timeoutSeconds,
          contactIds: l.contactIds,
        })),
      });
  }
});

test('an admin records a self-assessment and finds it in the trend table beneath the chart', async ({ page }) => {
  await openOrganisation(page, 'Safety self-assessment');
  const indicators = page.locator('fieldset.indicator');
  await expect(indicators).toHaveCount(8);
  // Two indicators at the highest score: the organisation is at high risk.
  for (let i = 0; i < 8; i++)
    await indicators
      .nth(i)
      .getByRole('radio', { name: i < 2 ? /^3:/ : /^1:/ })
      .check();
  await indicators.nth(0).getByLabel('Note (optional, encrypted)').fill('Two new cases from the same town');
  await page.getByRole('button', { name: 'Record self-assessment' }).click();
  await expect(page.getByRole('status')).toHaveText('Recorded: organisation risk level high.');

  const chart = page.getByRole('img', { name: 'Total score of the self-assessments over time' });
  await expect(chart).toBeVisible();
  const latest = page.getByRole('region', { name: 'Trend' }).getByRole('row').nth(1);
  await expect(latest.getByRole('cell')).toHaveText(['12', 'high', '3', '3', '1', '1', '1', '1', '1', '1']);
  await look(page, 'self-assessment');
});

test('users, contacts, procedures, the policy preview and the calendar feed', async ({ page }) => {
  await openOrganisation(page, 'Users');
  const email = `new-${process.pid}@browser.test`;
  await page.getByLabel('Name').fill('Milan');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('COORDINATOR');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('status')).toContainText(`${email} can sign in now. Their first password, shown only now:`);
  await page.getByRole('combobox', { name: 'Role of Milan' }).selectOption('CASEWORKER');
  await page.getByRole('button', { name: 'Deactivate (Milan)' }).click();
  await expect(page.getByRole('button', { name: 'Reactivate (Milan)' })).toBeVisible();
  const milan = ((await admin().get('/users')).body.users as { email: string; role: string; active: boolean }[]).find(
    (u) => u.email === email,
  );
  expect(milan).toMatchObject({ role: 'CASEWORKER', active: false });
  await look(page, 'organisation-users');

  await page.getByRole('link', { name: 'Contacts' }).click();
  await page.getByLabel('Name').fill('Police station Zemun');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await expect(page.getByRole('alert')).toHaveText('Phone: a contact needs a phone number or an email address');
  await page.getByLabel('Email').fill('zemun@police.test');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await expect(page.getByRole('status')).toHaveText('Police station Zemun is added.');
  await look(page, 'organisation-contacts');

  await page.getByRole('link', { name: 'Response procedures' }).click();
  await page.getByLabel('Alert kind').selectOption({ label: 'Threat to staff' });
  await expect(page.getByLabel('Steps, one per line')).not.toBeEmpty();
  await look(page, 'organisation-procedures');

  await page.getByRole('link', { name: 'Reassessment policy' }).click();
  await page.getByLabel('Reassess every (hours), high').fill('48');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Of \d+ cases with a schedule: \d+ would be due earlier, \d+ later, \d+ unchanged\.$/);
  await look(page, 'organisation-policy');

  await page.getByRole('link', { name: 'Calendar feed' }).click();
  await page.getByRole('button', { name: 'Make a new link' }).click();
  await expect(page.getByLabel(/^Your new link/)).toHaveValue(/\/calendar\/.+\.ics$/);
  await look(page, 'organisation-calendar');
  await page.getByRole('button', { name: 'Stop the feed' }).click();
  await expect(page.getByRole('status')).toHaveText('The feed is stopped: no link works any more.');
});
