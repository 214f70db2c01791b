// Passkeys: a colleague adds one from their account, keeps the recovery codes that come with
// the first second factor, and logs in with it; the same device cannot add a second one, and
// a lost device's passkey is removed with the password. Chromium's virtual authenticator
// (through the DevTools protocol) plays the fingerprint reader.
import { test, expect, Page } from '@playwright/test';
import { ADMIN, NEW_PASSWORD, hydrated, logOut, newColleague, submitLogin } from './support';

/** Gives the page a device with a passkey store that verifies its person at once. */
async function fingerprintReader(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    async passkeys() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials;
    },
  };
}

test('a colleague adds a passkey, logs in with it, and removes it when the device is gone', async ({ page, browser }) => {
  const email = 'noor@linde.demo';
  await submitLogin(page, ADMIN);
  await expect(page).toHaveURL(/\/$/);
  const noor = await newColleague(page, browser, 'Noor Bakker', email, 'Wijkteam Noord');
  const device = await fingerprintReader(noor);
  await submitLogin(noor, email, NEW_PASSWORD);
  await expect(noor).toHaveURL(/\/$/);

  await noor.goto('/account');
  await hydrated(noor);
  const section = noor.getByTestId('two-factor');
  await expect(section.getByTestId('two-factor-off')).toBeVisible();
  const add = section.getByTestId('add-passkey');
  await add.getByLabel('Naam van de passkey').fill('x'.repeat(61));
  await add.getByRole('button', { name: 'Passkey toevoegen' }).click();
  await expect(add.getByTestId('error-name')).toBeVisible();
  expect(await device.passkeys()).toHaveLength(0);
  await add.getByLabel('Naam van de passkey').fill('Laptop kantoor');
  await add.getByRole('button', { name: 'Passkey toevoegen' }).click();

  // The first second factor comes with recovery codes, shown once.
  await expect(noor).toHaveURL(/\/account\/recovery-codes$/);
  await expect(noor.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  expect(await device.passkeys()).toHaveLength(1);
  await noor.getByTestId('codes-kept').getByRole('button', { name: 'Ik heb ze bewaard, verder' }).click();
  await expect(noor).toHaveURL(/\/$/);

  await noor.goto('/account');
  await hydrated(noor);
  await expect(section.getByTestId('two-factor-on')).toHaveText('Aan: je logt in met je wachtwoord en een passkey.');
  await expect(section.getByTestId('passkey')).toHaveCount(1);
  await expect(section.getByTestId('passkey')).toContainText('Laptop kantoor');
  await expect(section.getByTestId('passkey')).toContainText('nog niet gebruikt om in te loggen');
  // This device holds one already: the browser refuses a second, and the page says why.
  await add.getByRole('button', { name: 'Passkey toevoegen' }).click();
  await expect(add.getByTestId('passkey-problem')).toHaveText('Op dit apparaat staat al een passkey voor je account.');
  await logOut(noor);

  await submitLogin(noor, email, NEW_PASSWORD);
  await expect(noor).toHaveURL(/\/login\/code$/);
  await hydrated(noor);
  await expect(noor.getByTestId('who')).toHaveCount(0);
  await noor.getByTestId('passkey-login').getByRole('button', { name: 'Inloggen met je passkey' }).click();
  await expect(noor).toHaveURL(/\/$/);
  await expect(noor.getByTestId('who')).toBeVisible();

  await noor.goto('/account');
  await hydrated(noor);
  await expect(section.getByTestId('passkey')).toContainText('laatst gebruikt op');
  const remove = section.getByTestId('remove-passkey');
  await section.getByText('Verwijderen', { exact: true }).click();
  await remove.getByLabel('Huidig wachtwoord').fill('niet mijn wachtwoord');
  await remove.getByRole('button', { name: 'Passkey verwijderen' }).click();
  await expect(remove.getByTestId('error-current_password')).toBeVisible();
  // A password is never put back into a form, not even a wrong one.
  await expect(remove.getByLabel('Huidig wachtwoord')).toHaveValue('');
  await expect(section.getByTestId('passkey')).toHaveCount(1);
  await remove.getByLabel('Huidig wachtwoord').fill(NEW_PASSWORD);
  await remove.getByRole('button', { name: 'Passkey verwijderen' }).click();
  await expect(section.getByTestId('passkey-removed')).toBeVisible();
  await expect(section.getByTestId('passkey')).toHaveCount(0);
  await expect(section.getByTestId('two-factor-off')).toBeVisible();
  await logOut(noor);

  // Without a second factor, the password alone logs in again.
  await submitLogin(noor, email, NEW_PASSWORD);
  await expect(noor).toHaveURL(/\/$/);
  await noor.close();
});
