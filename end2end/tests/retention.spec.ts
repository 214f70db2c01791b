// Retention (AVG): the admin sets how long the organisation keeps what it no longer needs. A
// period out of bounds is refused at its field, and what was typed stays.
import { test, expect } from '@playwright/test';
import { ADMIN, hydrated, logIn } from './support';

test('an admin sets the retention periods; one out of bounds is refused at its field', async ({ page }) => {
  await logIn(page, ADMIN);
  await page.goto('/admin/organisation');
  await hydrated(page);
  await page.getByRole('link', { name: 'Bewaartermijnen' }).click();
  await hydrated(page);
  const form = page.getByTestId('retention-form');
  await expect(form.getByLabel('Toegangslog (maanden)')).toHaveValue('60');
  // Each server asks at its start whether the day's run is due: it ran when this one started.
  await expect(page.getByTestId('retention-last')).toContainText('clients:0');

  await form.getByLabel('Toegangslog (maanden)').fill('6');
  await form.getByLabel('Afgesloten cliënten (maanden)').fill('18');
  await form.getByRole('button', { name: 'Bewaartermijnen opslaan' }).click();
  await expect(page.getByTestId('error-access_log_months')).toBeVisible();
  await expect(form.getByLabel('Afgesloten cliënten (maanden)')).toHaveValue('18');
  await expect(form.getByLabel('Toegangslog (maanden)')).toHaveValue('6');

  await form.getByLabel('Toegangslog (maanden)').fill('72');
  await form.getByRole('button', { name: 'Bewaartermijnen opslaan' }).click();
  await expect(page.getByTestId('retention-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('retention-form').getByLabel('Toegangslog (maanden)')).toHaveValue('72');
  await expect(page.getByTestId('retention-form').getByLabel('Afgesloten cliënten (maanden)')).toHaveValue('18');
});
