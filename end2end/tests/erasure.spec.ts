// Erasure (AVG): an admin erases the account of a colleague who left, and a leader erases a
// closed client. Each page says what goes and what stays, and asks for a tick first.
import { test, expect } from '@playwright/test';
import { ADMIN, LEADER, NEW_PASSWORD, hydrated, logIn, newColleague, submitLogin } from './support';

test('an admin erases the account of a colleague who left; their name becomes oud-medewerker', async ({ page, browser }) => {
  await logIn(page, ADMIN);
  const otto = await newColleague(page, browser, 'Otto Vertrek', 'otto@linde.demo', 'Wijkteam Noord');
  await submitLogin(otto, 'otto@linde.demo', NEW_PASSWORD);
  await expect(otto).toHaveURL(/\/$/);
  await hydrated(otto);
  await otto.getByTestId('stuck-button').click();
  const dialog = otto.getByTestId('stuck-dialog');
  await dialog.getByTestId('signal-intensity').getByRole('radio', { name: '6', exact: true }).check();
  await dialog.getByTestId('signal-note').fill('Reiger: alleen voor mij.');
  await dialog.getByTestId('signal-save').click();
  await expect(dialog.getByTestId('signal-saved')).toBeVisible();
  await otto.close();

  await page.goto('/admin');
  await page.getByTestId('account-otto@linde.demo').getByTestId('person-link').click();
  await hydrated(page);
  await page.getByTestId('erase-account-link').click();
  await hydrated(page);
  // Still active: erasing is the last step, after deactivating.
  await expect(page.getByTestId('erasure-blocked')).toContainText('nog actief');
  await page.getByRole('link', { name: 'Terug naar deze persoon' }).click();
  await hydrated(page);
  await page.getByTestId('leaving').getByRole('button', { name: 'Deactiveren' }).click();
  await expect(page.getByTestId('leaving').getByRole('button', { name: 'Heractiveren' })).toBeVisible();
  await page.getByTestId('erase-account-link').click();
  await hydrated(page);
  const card = page.getByTestId('account-erasure');
  await expect(card.getByTestId('erasure-signals')).toContainText('1 vastloopmoment');
  await expect(card).toContainText('oud-medewerker');
  await card.getByRole('button', { name: 'Account definitief wissen' }).click();
  await expect(page.getByTestId('error-confirm')).toBeVisible();
  await card.getByLabel('Ik begrijp dat dit niet terug te draaien is.').check();
  await card.getByRole('button', { name: 'Account definitief wissen' }).click();
  await expect(page).toHaveURL(/\/admin\/people\/\d+$/);
  await expect(page.getByTestId('person-name')).toHaveText('oud-medewerker');
  await page.goto('/admin');
  await expect(page.getByText('otto@linde.demo')).toHaveCount(0);

  const again = await browser.newPage();
  await submitLogin(again, 'otto@linde.demo', NEW_PASSWORD);
  await expect(again).toHaveURL(/\/login/);
  await again.close();
});

test('a leader closes a client and erases it; the code is gone from the team', async ({ page }) => {
  await logIn(page, LEADER);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Cliënten', exact: true }).click();
  await hydrated(page);
  const intake = page.getByTestId('intake');
  await intake.getByLabel('Code').fill('K-9901');
  await intake.getByLabel('Zwaarte').fill('2');
  await intake.getByLabel('verslaving').check();
  await page.getByTestId('ask-advice').click();
  const first = page.getByTestId('advice').locator('li.card[data-fits="true"]').first();
  await first.getByRole('button', { name: /^Plaats bij/ }).click();
  await expect(page.getByTestId('placed')).toBeVisible();
  await page.getByTestId('client-K-9901').getByRole('link', { name: 'K-9901' }).click();
  await hydrated(page);
  await expect(page.getByTestId('erase-client-link')).toHaveCount(0);
  await page.getByTestId('close-client').getByRole('button', { name: 'Cliënt afsluiten' }).click();
  await page.getByTestId('erase-client-link').click();
  await hydrated(page);
  const card = page.getByTestId('client-erasure');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('K-9901');
  await card.getByLabel('Ik begrijp dat dit niet terug te draaien is.').check();
  await card.getByRole('button', { name: 'Cliënt definitief wissen' }).click();
  await expect(page).toHaveURL(/\/teams\/\d+\/clients/);
  await hydrated(page);
  await expect(page.getByTestId('client-K-9901')).toHaveCount(0);
});
