import { test, expect } from '@playwright/test';
import { ADMIN, NEW_PASSWORD, hydrated, newColleague, submitLogin } from './support';

test('an admin moves a person to another team as its leader, and the person sees it', async ({ page, browser }) => {
  await submitLogin(page, ADMIN);
  await expect(page).toHaveURL(/\/$/);
  const piet = await newColleague(page, browser, 'Piet Jansen', 'piet@linde.demo', 'Wijkteam Noord');

  await page.goto('/admin');
  await page.getByTestId('account-piet@linde.demo').getByTestId('person-link').click();
  await hydrated(page);
  await expect(page.getByTestId('person-name')).toHaveText('Piet Jansen');
  await expect(page.getByTestId('membership-Wijkteam Noord')).toContainText('begeleider');
  const move = page.getByTestId('move-membership');
  await move.getByLabel('Van team').selectOption({ label: 'Wijkteam Noord' });
  await move.getByLabel('Naar team').selectOption({ label: 'Jeugdteam Oost' });
  await move.getByLabel('Rol in het nieuwe team').selectOption({ label: 'teamleider' });
  await move.getByRole('button', { name: 'Verplaatsen' }).click();
  await expect(page.getByTestId('person-saved')).toBeVisible();
  await expect(page.getByTestId('membership-Jeugdteam Oost')).toContainText('teamleider');
  await expect(page.getByTestId('membership-Wijkteam Noord')).toHaveCount(0);

  await submitLogin(piet, 'piet@linde.demo', NEW_PASSWORD);
  await expect(piet).toHaveURL(/\/$/);
  await expect(piet.getByTestId('my-teams')).toContainText('Jeugdteam Oost');
  await expect(piet.getByTestId('my-teams')).toContainText('teamleider');
  await expect(piet.getByTestId('my-teams')).not.toContainText('Wijkteam Noord');
  await piet.close();
});

test('someone who still works with clients is not taken out of their team', async ({ page }) => {
  await submitLogin(page, ADMIN);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/admin');
  await page.getByTestId('account-medewerker@linde.demo').getByTestId('person-link').click();
  await hydrated(page);
  const team = page.getByTestId('membership-Wijkteam Noord');
  await expect(team.getByTestId('membership-carries')).toBeVisible();
  await expect(page.getByTestId('leaving-carries')).toBeVisible();
  await expect(page.getByTestId('leaving')).toContainText('Eigen signalen en notities blijven van deze persoon');
  // Taking them out is not offered, and moving them away is refused at the field.
  await expect(team.getByRole('button', { name: 'Uit dit team halen' })).toHaveCount(0);
  await expect(team.getByTestId('remove-blocked')).toContainText('draag ze eerst over');
  const move = page.getByTestId('move-membership');
  await move.getByLabel('Van team').selectOption({ label: 'Wijkteam Noord' });
  await move.getByRole('button', { name: 'Verplaatsen' }).click();
  await expect(move.getByTestId('error-from')).toContainText('Draag die eerst over');
  await expect(page.getByTestId('membership-Wijkteam Noord')).toBeVisible();
});

test('a leaving colleague\'s clients are handed over as proposed, then they leave the team', async ({ page }) => {
  await submitLogin(page, ADMIN);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/admin');
  // Someone of the FACT team who works with clients (no other journey uses that team's people).
  await page.getByTestId('accounts').locator('tr', { hasText: 'FACT-team Centrum (begeleider)' }).first()
    .getByTestId('person-link').click();
  await hydrated(page);
  const person = page.url();
  const team = page.getByTestId('membership-FACT-team Centrum');
  await expect(team.getByTestId('membership-carries')).toBeVisible();
  await team.getByTestId('handover-link').click();
  await hydrated(page);
  const rows = page.getByTestId('handover-rows').locator(':scope > li');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first().getByTestId('handover-proposal')).toContainText('Voorstel:');
  await page.getByTestId('hand-over-all').getByRole('button', { name: 'Alles overdragen zoals voorgesteld' }).click();
  await expect(page.getByTestId('handover-saved')).toBeVisible();
  await expect(page.getByTestId('handover-done')).toBeVisible();

  await page.goto(person);
  await hydrated(page);
  await expect(team.getByTestId('membership-carries')).toHaveCount(0);
  await team.getByRole('button', { name: 'Uit dit team halen' }).click();
  await expect(page.getByTestId('person-saved')).toBeVisible();
  await expect(page.getByTestId('membership-FACT-team Centrum')).toHaveCount(0);
});
