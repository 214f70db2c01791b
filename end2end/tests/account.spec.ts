import { test, expect } from '@playwright/test';
import { ADMIN, NEW_PASSWORD, hydrated, newColleague, submitLogin } from './support';

const EMAIL = 'kim@linde.demo';
const CHANGED = 'een andere lange zin als wachtwoord';

test('a person changes their password, which signs out their other device', async ({ page, browser }) => {
  await submitLogin(page, ADMIN);
  await expect(page).toHaveURL(/\/$/);
  const kim = await newColleague(page, browser, 'Kim de Boer', EMAIL, 'Wijkteam Noord');
  await submitLogin(kim, EMAIL, NEW_PASSWORD);
  await expect(kim).toHaveURL(/\/$/);
  const phone = await browser.newPage();
  await submitLogin(phone, EMAIL, NEW_PASSWORD);
  await expect(phone).toHaveURL(/\/$/);

  await kim.getByTestId('who').click();
  await hydrated(kim);
  await expect(kim.getByTestId('sign-ins').getByTestId('sign-in')).toHaveCount(2);
  await expect(kim.getByTestId('sign-ins').locator('[data-this="true"]')).toContainText('dit apparaat');
  await expect(kim.getByTestId('sign-ins').locator('[data-this="true"]')).toContainText('Chrome');

  const form = kim.getByTestId('change-password');
  await form.getByLabel('Huidig wachtwoord').fill('niet mijn wachtwoord');
  await form.getByLabel('Nieuw wachtwoord').fill(CHANGED);
  await form.getByLabel('Herhaal het wachtwoord').fill(CHANGED);
  await form.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await expect(form.getByTestId('error-current_password')).toHaveText('Dit is niet je huidige wachtwoord.');
  // Passwords are never put back into a form.
  await expect(form.getByLabel('Nieuw wachtwoord')).toHaveValue('');
  await form.getByLabel('Huidig wachtwoord').fill(NEW_PASSWORD);
  await form.getByLabel('Nieuw wachtwoord').fill(CHANGED);
  await form.getByLabel('Herhaal het wachtwoord').fill(CHANGED);
  await form.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await expect(kim.getByTestId('password-changed')).toBeVisible();
  await expect(kim.getByTestId('sign-ins').getByTestId('sign-in')).toHaveCount(1);

  await phone.reload();
  await expect(phone.getByTestId('who')).toHaveCount(0);
  await submitLogin(phone, EMAIL, CHANGED);
  await expect(phone).toHaveURL(/\/$/);
  await phone.close();
  await kim.close();
});

test('the language a person chose follows them to another device', async ({ browser }) => {
  const laptop = await browser.newPage();
  await submitLogin(laptop, 'sanne@linde.demo');
  await expect(laptop).toHaveURL(/\/$/);
  await laptop.getByTestId('lang-switch').getByRole('button', { name: 'EN' }).click();
  await expect(laptop.getByTestId('lang-switch').getByRole('button', { name: 'EN' })).toHaveAttribute('aria-pressed', 'true');
  await laptop.getByTestId('who').click();
  await expect(laptop.getByTestId('account-language')).toContainText('English');

  const context = await browser.newContext();
  const phone = await context.newPage();
  await submitLogin(phone, 'sanne@linde.demo');
  await expect(phone).toHaveURL(/\/$/);
  await expect(phone.getByTestId('lang-switch').getByRole('button', { name: 'EN' })).toHaveAttribute('aria-pressed', 'true');
  // Back to Dutch, for the journeys after this one.
  await phone.getByTestId('lang-switch').getByRole('button', { name: 'NL' }).click();
  await expect(phone.getByTestId('lang-switch').getByRole('button', { name: 'NL' })).toHaveAttribute('aria-pressed', 'true');
  await context.close();
  await laptop.close();
});
