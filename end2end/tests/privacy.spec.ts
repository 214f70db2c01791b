// Data rights: a person downloads everything the app holds about them, private note included.
import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { MEMBER, hydrated, logIn } from './support';

test('a personal export holds the person\'s own private note', async ({ page }) => {
  await logIn(page, MEMBER);
  await page.goto('/signals');
  await hydrated(page);
  await page.getByTestId('stuck-button').click();
  const dialog = page.getByTestId('stuck-dialog');
  const client = (await dialog.getByTestId('signal-client').locator('option').allTextContents())[1];
  await dialog.getByTestId('signal-client').selectOption({ label: client });
  await dialog.getByTestId('signal-intensity').getByRole('radio', { name: '4', exact: true }).check();
  await dialog.getByTestId('signal-note').fill('Ijsvogel: alleen voor mij.');
  await dialog.getByTestId('signal-save').click();
  await expect(dialog.getByTestId('signal-saved')).toBeVisible();
  await dialog.getByRole('button', { name: 'Sluiten' }).click();

  await page.getByTestId('who').click();
  await hydrated(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('personal-export').click(),
  ]);
  expect(download.suggestedFilename()).toBe('draagkracht-mijn-gegevens.json');
  const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(data.account.email).toBe(MEMBER);
  expect(data.signals.map((s: { note: string }) => s.note)).toContain('Ijsvogel: alleen voor mij.');
  expect(data.not_included.join(' ')).toContain('Anonieme evaluaties');
});
