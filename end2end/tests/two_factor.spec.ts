// Two-factor log-in: a person sets up an authenticator app and logs in with its codes and with
// a recovery code; an organisation that requires a second factor leads a new colleague through
// setting one up before any page. The tests play the phone: they compute the app's codes.
import { test, expect, Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import * as fs from 'fs';
import { ADMIN, NEW_PASSWORD, hydrated, logOut, newColleague, submitLogin } from './support';

function phone(secret: string) {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret.replace(/\s+/g, '')),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
}

/** The code the app shows `steps` steps of 30 s from now. */
function code(app: OTPAuth.TOTP, steps = 0) {
  return app.generate({ timestamp: Date.now() + steps * 30_000 });
}

/** Six digits no app would show now. */
function wrongCode(app: OTPAuth.TOTP) {
  const right = [-1, 0, 1, 2].map((s) => code(app, s));
  return ['000000', '111111', '222222', '333333', '444444'].find((c) => !right.includes(c))!;
}

/** Scans nothing: reads the key under "cannot scan", confirms with the app's code. */
async function setUpApp(page: Page) {
  await expect(page.getByTestId('qr').locator('svg')).toBeVisible();
  await page.getByText('Lukt scannen niet?').click();
  const app = phone(await page.getByTestId('totp-secret').innerText());
  const form = page.getByTestId('confirm-app');
  await form.getByLabel('Typ de code van 6 cijfers').fill(wrongCode(app));
  await form.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(form.getByTestId('error-code')).toContainText('Deze code klopt niet');
  await form.getByLabel('Typ de code van 6 cijfers').fill(code(app));
  await form.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page).toHaveURL(/\/account\/recovery-codes$/);
  const codes = await page.getByTestId('recovery-codes').locator('li').allInnerTexts();
  expect(codes).toHaveLength(10);
  return { app, codes };
}

async function secondStep(page: Page, typed: string) {
  await expect(page).toHaveURL(/\/login\/code$/);
  await hydrated(page);
  const form = page.getByTestId('code-form');
  await form.getByLabel('Code').fill(typed);
  await form.getByRole('button', { name: 'Inloggen' }).click();
}

test('a person sets up an authenticator app, then logs in with its codes and a recovery code', async ({ page, browser }) => {
  const email = 'femke@linde.demo';
  await submitLogin(page, ADMIN);
  await expect(page).toHaveURL(/\/$/);
  const femke = await newColleague(page, browser, 'Femke Jansen', email, 'Wijkteam Noord');
  await submitLogin(femke, email, NEW_PASSWORD);
  await expect(femke).toHaveURL(/\/$/);
  await femke.getByTestId('who').click();
  await hydrated(femke);
  await expect(femke.getByTestId('two-factor-off')).toBeVisible();
  await femke.getByTestId('setup-app').click();
  await hydrated(femke);
  const { app, codes } = await setUpApp(femke);

  // The codes download as a text file, without asking the server again.
  const [download] = await Promise.all([
    femke.waitForEvent('download'),
    femke.getByTestId('download-codes').click(),
  ]);
  expect(download.suggestedFilename()).toBe('draagkracht-herstelcodes.txt');
  const file = fs.readFileSync(await download.path(), 'utf8');
  expect(file.trim().split('\n')).toEqual(codes);
  // Loaded again (the script follows the redirect itself), they are still there until kept.
  await femke.reload();
  await expect(femke.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await femke.getByTestId('codes-kept').getByRole('button', { name: 'Ik heb ze bewaard, verder' }).click();
  await expect(femke).toHaveURL(/\/$/);
  await femke.goto('/account/recovery-codes');
  await expect(femke.getByTestId('codes-gone')).toBeVisible();

  await femke.goto('/account');
  await hydrated(femke);
  await expect(femke.getByTestId('two-factor-on')).toBeVisible();
  await expect(femke.getByTestId('codes-left')).toHaveText('Je hebt nog 10 herstelcodes.');
  await logOut(femke);

  await submitLogin(femke, email, NEW_PASSWORD);
  await secondStep(femke, wrongCode(app));
  await expect(femke.getByTestId('code-form').getByTestId('error-code')).toContainText('Deze code klopt niet');
  await expect(femke.getByTestId('who')).toHaveCount(0);
  // The code that confirmed the app is spent; the app's next one is fresh.
  await femke.getByTestId('code-form').getByLabel('Code').fill(code(app, 1));
  await femke.getByTestId('code-form').getByRole('button', { name: 'Inloggen' }).click();
  await expect(femke).toHaveURL(/\/$/);
  await expect(femke.getByTestId('who')).toBeVisible();
  await logOut(femke);

  await submitLogin(femke, email, NEW_PASSWORD);
  await secondStep(femke, codes[0].toLowerCase());
  await expect(femke).toHaveURL(/\/$/);
  await logOut(femke);
  await submitLogin(femke, email, NEW_PASSWORD);
  await secondStep(femke, codes[0]);
  await expect(femke.getByTestId('code-form').getByTestId('error-code')).toContainText('al gebruikt');
  await femke.close();
});

test('an organisation that requires a second factor leads a new colleague through setting one up first', async ({ page, browser }) => {
  const email = 'ruben@anker.demo';
  await submitLogin(page, 'beheer@anker.demo');
  await expect(page).toHaveURL(/\/$/);
  const ruben = await newColleague(page, browser, 'Ruben Smit', email, 'Ambulant Team West');

  await page.goto('/admin');
  await hydrated(page);
  await page.getByTestId('organisation-settings-link').click();
  await hydrated(page);
  const settings = page.getByTestId('organisation-settings');
  await settings.getByTestId('rule-client_roles').check();
  await settings.getByRole('button', { name: 'Opslaan' }).click();
  await expect(settings.getByTestId('error-second_factor_rule')).toContainText('Stel eerst voor jezelf');
  await page.getByTestId('admin-without-factor').getByRole('link').click();
  await hydrated(page);
  await setUpApp(page);
  await page.goto('/admin/organisation');
  await hydrated(page);
  await page.getByTestId('rule-client_roles').check();
  await page.getByTestId('organisation-settings').getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(page.getByTestId('rule-client_roles')).toBeChecked();

  await submitLogin(ruben, email, NEW_PASSWORD);
  await expect(ruben).toHaveURL(/\/login\/enrol$/);
  await expect(ruben.getByTestId('must-enrol')).toBeVisible();
  await ruben.goto('/');
  await expect(ruben).toHaveURL(/\/login$/);
  await ruben.goto('/login/enrol');
  await hydrated(ruben);
  await setUpApp(ruben);
  await expect(ruben.getByTestId('who')).toBeVisible();
  await ruben.getByTestId('codes-kept').getByRole('button', { name: 'Ik heb ze bewaard, verder' }).click();
  await expect(ruben).toHaveURL(/\/$/);
  await ruben.close();

  // The other journeys log in to this organisation with passwords alone.
  await page.getByTestId('rule-off').check();
  await page.getByTestId('organisation-settings').getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
});
