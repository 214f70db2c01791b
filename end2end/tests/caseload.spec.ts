import { test, expect, Page } from '@playwright/test';
import { LEADER, MEMBER, hydrated, logIn } from './support';
import path from 'node:path';

const YOUSSEF = 'youssef@linde.demo';
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

async function openTeamPage(page: Page, link: 'Teambalans' | 'Cliënten') {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: link, exact: true }).click();
  await hydrated(page);
}

test('the leader imports a CSV with one bad row, fixes it, and imports', async ({ page }) => {
  await logIn(page, LEADER);
  await openTeamPage(page, 'Teambalans');
  await page.getByRole('link', { name: 'Importeren (CSV)' }).first().click();
  await expect(page.getByRole('heading', { name: 'Caseload importeren' })).toBeVisible();
  await hydrated(page);

  await page.getByTestId('import-file').setInputFiles(fixture('caseload-met-fout.csv'));
  await expect(page.getByTestId('import-errors')).toContainText('1 van de 8 regels');
  await expect(page.getByTestId('import-line-5')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('import-line-5')).toContainText('Zwaarte moet een heel getal van 1 tot en met 5 zijn.');
  await expect(page.getByTestId('import-apply')).toHaveCount(0);

  await page.getByTestId('import-file').setInputFiles(fixture('caseload-goed.csv'));
  await expect(page.getByTestId('import-ready')).toContainText('Alle 8 regels zijn in orde.');
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toContainText('8 nieuw, 0 bijgewerkt, 0 ongewijzigd');

  // The same file again changes nothing.
  await page.getByTestId('import-file').setInputFiles(fixture('caseload-goed.csv'));
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-done')).toContainText('0 nieuw, 0 bijgewerkt, 8 ongewijzigd');
});

test('the balance chart shows who carries too much, sortable and filterable', async ({ page }) => {
  await logIn(page, LEADER);
  await openTeamPage(page, 'Teambalans');
  await expect(page.getByRole('heading', { name: /Teambalans · Wijkteam Noord/ })).toBeVisible();
  const chart = page.getByTestId('load-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('[data-testid="chart-row"][data-over="true"]').first()).toBeVisible();
  await expect(page.getByTestId('member-Youssef Amrani')).toHaveAttribute('data-over', 'true');
  const over = Number(await page.getByTestId('members-over').textContent());
  expect(over).toBeGreaterThan(0);

  await page.getByTestId('only-over').check();
  await expect(page.locator('[data-testid="balance"] tbody tr')).toHaveCount(over);
  await expect(page.locator('[data-testid="balance"] tbody tr[data-over="false"]')).toHaveCount(0);
  await page.getByTestId('only-over').uncheck();
  await page.getByTestId('balance-filter').fill('Mehmet');
  await expect(page.locator('[data-testid="balance"] tbody tr')).toHaveCount(1);
  await expect(chart.locator('[data-testid="chart-row"]')).toHaveCount(1);
});

test('the leader applies a suggested move and the professional sees the changed caseload', async ({ page }) => {
  await logIn(page, YOUSSEF);
  await page.getByRole('link', { name: 'Mijn caseload' }).click();
  await hydrated(page);
  await expect(page.getByTestId('clients')).toBeVisible();

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, LEADER);
  await openTeamPage(page, 'Teambalans');
  const suggestions = page.getByTestId('suggestions');
  await expect(suggestions).toContainText('prijs voor continuïteit');
  const showAll = suggestions.getByRole('button', { name: /^Toon alle/ });
  if (await showAll.count()) await showAll.click();
  const move = suggestions.locator('li.move', { hasText: 'van Youssef Amrani' }).first();
  await expect(move).toBeVisible();
  const testId = await move.getAttribute('data-testid');
  const code = testId!.replace('move-', '');
  await move.getByRole('button', { name: 'Toepassen' }).click();
  await expect(suggestions.getByTestId(`move-${code}`)).toHaveCount(0);

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, YOUSSEF);
  await page.getByRole('link', { name: 'Mijn caseload' }).click();
  await hydrated(page);
  await expect(page.getByTestId('clients')).toBeVisible();
  await expect(page.getByTestId(`client-${code}`)).toHaveCount(0);
});

test('intake advice ranks the team, bad input is shown at the field, one click places', async ({ page }) => {
  await logIn(page, LEADER);
  await openTeamPage(page, 'Cliënten');
  const intake = page.getByTestId('intake');
  await intake.getByLabel('Code').fill('111222333');
  await intake.getByLabel('Zwaarte').fill('4');
  await intake.getByLabel('verslaving').check();
  await page.getByTestId('ask-advice').click();
  const advice = page.getByTestId('advice');
  await expect(advice.locator('li.card').first()).toBeVisible();
  await expect(advice.locator('li.card').first()).toContainText('belast');

  // Placing with a BSN as code is refused at the field, and what was typed stays.
  await advice.locator('li.card[data-fits="true"]').first().getByRole('button', { name: /^Plaats bij/ }).click();
  await expect(page.getByTestId('error-code')).toContainText('BSN');
  await expect(intake.getByLabel('Code')).toHaveValue('111222333');

  await intake.getByLabel('Code').fill('K-3001');
  await page.getByTestId('ask-advice').click();
  const first = advice.locator('li.card[data-fits="true"]').first();
  const name = (await first.locator('strong').textContent())!.trim();
  await first.getByRole('button', { name: `Plaats bij ${name}` }).click();
  await expect(page.getByTestId('placed')).toBeVisible();
  await expect(page.getByTestId('client-K-3001')).toContainText(name);
});

test('a professional sees their own caseload, gauge, mix and private limits', async ({ page }) => {
  await logIn(page, MEMBER);
  await page.getByRole('link', { name: 'Mijn caseload' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Mijn caseload' })).toBeVisible();
  await expect(page.getByTestId('my-load').locator('svg.gauge')).toBeVisible();
  await expect(page.getByTestId('load-text')).toContainText('punten');
  await expect(page.getByTestId('mix-levels')).toContainText('contact');
  await expect(page.getByTestId('my-limits')).toContainText('max. 2 cliënten met verslaving');
  await expect(page.getByTestId('my-limits')).toContainText('alleen voor mij');
  // A leader-only page is closed to a professional.
  const response = await page.goto('/teams/1/clients');
  await hydrated(page);
  await expect(page.getByText('Dit mag je niet doen met jouw rol.')).toBeVisible();
  expect(response?.status()).toBe(403);
});
