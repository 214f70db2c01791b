import { test, expect } from '@playwright/test';
import { LEADER, MEMBER, hydrated, submitLogin as logIn } from './support';

const ADMIN = 'beheer@linde.demo';

test('the demo leader logs in and sees their team', async ({ page }) => {
  await logIn(page, LEADER);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('greeting')).toHaveText('Welkom, Lotte de Leeuw');
  await expect(page.getByTestId('my-teams')).toContainText('Wijkteam Noord');
  await expect(page.getByTestId('my-teams')).toContainText('teamleider');
});

test('a wrong password gives a clear message and keeps what was typed', async ({ page }) => {
  await logIn(page, LEADER, 'dit is niet het wachtwoord');
  await expect(page.getByTestId('form-error')).toContainText('horen niet bij elkaar');
  await expect(page.getByLabel('E-mailadres')).toHaveValue(LEADER);
  await expect(page).toHaveURL(/\/login$/);
});

test('an empty email is reported at the field', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Wachtwoord').fill('iets');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByTestId('error-email')).toHaveText('Vul dit veld in.');
  await expect(page.getByLabel('E-mailadres')).toHaveAttribute('aria-invalid', 'true');
});

test('switching to English and back, remembered across pages', async ({ page }) => {
  await logIn(page, LEADER);
  await expect(page.getByTestId('greeting')).toHaveText('Welkom, Lotte de Leeuw');
  await page.getByTestId('lang-switch').getByRole('button', { name: 'EN' }).click();
  await expect(page.getByTestId('greeting')).toHaveText('Welcome, Lotte de Leeuw');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByTestId('greeting')).toHaveText('Welcome, Lotte de Leeuw');
  await hydrated(page);
  await page.getByTestId('lang-switch').getByRole('button', { name: 'NL' }).click();
  await expect(page.getByTestId('greeting')).toHaveText('Welkom, Lotte de Leeuw');
  await expect(page.getByRole('button', { name: 'Uitloggen' })).toBeVisible();
});

test('a member cannot open the admin page', async ({ page }) => {
  await logIn(page, MEMBER);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Beheer' })).toHaveCount(0);
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toContainText('Hier heb je geen toegang');
});

test('logging out ends the session', async ({ page }) => {
  await logIn(page, LEADER);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('an admin creates an account whose link sets a password', async ({ page, browser }) => {
  await logIn(page, ADMIN);
  await page.getByRole('link', { name: 'Beheer' }).first().click();
  await expect(page.getByTestId('accounts')).toContainText('Lotte de Leeuw');
  const form = page.getByTestId('new-account');
  await form.getByLabel('Naam').fill('Nina Smit');
  await form.getByLabel('E-mailadres').fill('geen-adres');
  await form.getByRole('button', { name: 'Account aanmaken' }).click();
  await expect(form.getByTestId('error-email')).toHaveText('Dit lijkt geen geldig e-mailadres.');
  await expect(form.getByLabel('Naam')).toHaveValue('Nina Smit');
  await form.getByLabel('E-mailadres').fill('nina@linde.demo');
  await form.getByLabel('Eerste team').selectOption({ label: 'Wijkteam Noord' });
  await form.getByRole('button', { name: 'Account aanmaken' }).click();
  const link = await form.getByTestId('password-link').locator('code').innerText();
  expect(link).toContain('/set-password/');
  await expect(page.getByTestId('account-nina@linde.demo')).toContainText('wacht op wachtwoord');

  const nina = await browser.newPage();
  await nina.goto(new URL(link).pathname);
  await hydrated(nina);
  await nina.getByLabel('Nieuw wachtwoord').fill('een lange zin als wachtwoord');
  await nina.getByLabel('Herhaal het wachtwoord').fill('een lange zin als wachtwoord');
  await nina.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(nina.getByTestId('password-set')).toBeVisible();
  await logIn(nina, 'nina@linde.demo', 'een lange zin als wachtwoord');
  await expect(nina.getByTestId('greeting')).toHaveText('Welkom, Nina Smit');
  await nina.close();
});

test('unknown pages show a friendly 404', async ({ page }) => {
  const response = await page.goto('/nergens');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('Deze pagina bestaat niet');
});
