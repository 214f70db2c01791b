// The organisation's archive: the admin sees what it holds and what it leaves out, downloads
// it with progress, and gets a ZIP with a manifest and no private notes.
import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { ADMIN, hydrated, logIn } from './support';

test('an admin downloads the organisation archive, with progress and without private notes', async ({ page }) => {
  await logIn(page, ADMIN);
  await page.goto('/admin/organisation');
  await hydrated(page);
  await page.getByRole('link', { name: 'Archief van de organisatie' }).click();
  await hydrated(page);
  await expect(page.getByTestId('archive-teams.csv')).toContainText('teams.csv');
  await expect(page.getByTestId('archive-left-out')).toContainText('Notities bij vastloopmomenten');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('archive-download').click(),
  ]);
  await expect(page.getByTestId('archive-progress')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('archive-progress')).toContainText('Klaar');
  const zip = fs.readFileSync(await download.path());
  expect(zip.subarray(0, 2).toString()).toBe('PK');
  expect(zip.includes(Buffer.from('manifest.json'))).toBe(true);
  expect(zip.includes(Buffer.from('signals.csv'))).toBe(true);
});
