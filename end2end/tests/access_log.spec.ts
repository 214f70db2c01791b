// NEN 7513: an admin sees in the access log that the leader opened a client's file, and exports
// that selection; the professional who carries the client sees it too.
import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import { ADMIN, LEADER, MEMBER, hydrated, logIn, logOut } from './support';

test('an admin sees that the leader opened a client file, and exports that selection', async ({ page }) => {
  await logIn(page, MEMBER);
  await page.goto('/caseload');
  await hydrated(page);
  // Mehmet works in two teams; the leader leads Wijkteam Noord.
  await page.getByRole('navigation', { name: 'Mijn teams' }).getByRole('link', { name: 'Wijkteam Noord' }).click();
  await expect(page).toHaveURL(/team=/);
  await hydrated(page);
  const link = page.locator('table a[href^="/clients/"]').first();
  const code = (await link.innerText()).trim();
  const href = (await link.getAttribute('href'))!;
  await logOut(page);

  await logIn(page, LEADER);
  await page.goto(href);
  await hydrated(page);
  await expect(page.getByText(code).first()).toBeVisible();
  await logOut(page);

  await logIn(page, ADMIN);
  await page.goto('/admin');
  await page.getByTestId('access-log-link').click();
  await hydrated(page);
  const filter = page.getByTestId('access-log-filter');
  await filter.getByLabel('Persoon').selectOption({ label: 'Lotte de Leeuw' });
  await filter.getByLabel('Cliëntcode').fill(code);
  await filter.getByLabel('Handeling').selectOption({ label: 'Cliëntdossier geopend of gewijzigd' });
  await filter.getByRole('button', { name: 'Tonen' }).click();
  await expect(page).toHaveURL(new RegExp(`client=${code}`));
  const entry = page.getByTestId('access-log-entry').filter({ hasText: 'client.view' });
  await expect(entry.first()).toContainText(code);
  await expect(entry.first()).toContainText('Lotte de Leeuw');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('access-log-csv').click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv).toContain(`client.view`);
  expect(csv).toContain(code);
  expect(csv).not.toContain('signal.');
  await logOut(page);

  await logIn(page, MEMBER);
  await page.goto('/caseload');
  await hydrated(page);
  await expect(page.getByTestId('who-opened').getByTestId('access-log-entry').filter({ hasText: code }).first())
    .toContainText('Lotte de Leeuw');
});
