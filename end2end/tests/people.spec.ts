import { test, expect, Browser, Page } from '@playwright/test';
import { hydrated, submitLogin } from './support';

const ADMIN = 'beheer@linde.demo';

/** The admin creates an account in a team; its holder sets a password through the link. */
async function newColleague(admin: Page, browser: Browser, name: string, email: string, team: string) {
  await admin.goto('/admin');
  await hydrated(admin);
  const form = admin.getByTestId('new-account');
  await form.getByLabel('Naam').fill(name);
  await form.getByLabel('E-mailadres').fill(email);
  await form.getByLabel('Eerste team').selectOption({ label: team });
  await form.getByRole('button', { name: 'Account aanmaken' }).click();
  const link = await form.getByTestId('password-link').locator('code').innerText();
  const page = await browser.newPage();
  await page.goto(new URL(link).pathname);
  await hydrated(page);
  await page.getByLabel('Nieuw wachtwoord').fill('een lange zin als wachtwoord');
  await page.getByLabel('Herhaal het wachtwoord').fill('een lange zin als wachtwoord');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByTestId('password-set')).toBeVisible();
  return page;
}

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

  await submitLogin(piet, 'piet@linde.demo', 'een lange zin als wachtwoord');
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
