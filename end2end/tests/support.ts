// Shared steps for the journeys: the demo accounts, waiting for hydration, logging in and out,
// and the main menu.
import { Browser, expect, Page } from '@playwright/test';

export const PASSWORD = 'draagkracht-demo';
export const LEADER = 'leider@linde.demo';
export const MEMBER = 'medewerker@linde.demo';
export const ADMIN = 'beheer@linde.demo';
export const NEW_PASSWORD = 'een lange zin als wachtwoord';

export async function hydrated(page: Page) {
  await page.locator('body[data-hydrated="true"]').waitFor({ timeout: 20_000 });
}

/** Fills in the login form; the caller checks where it lands. */
export async function submitLogin(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

export async function logIn(page: Page, email: string) {
  await submitLogin(page, email);
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
}

export async function logOut(page: Page) {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

export async function nav(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name, exact: true }).click();
  await hydrated(page);
}

/** The admin creates an account in a team; its holder sets a password through the link. */
export async function newColleague(admin: Page, browser: Browser, name: string, email: string, team: string) {
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
  await page.getByLabel('Nieuw wachtwoord').fill(NEW_PASSWORD);
  await page.getByLabel('Herhaal het wachtwoord').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByTestId('password-set')).toBeVisible();
  return page;
}
