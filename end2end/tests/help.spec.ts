// Asking a colleague to look along: a professional who is stuck asks a colleague right after
// saving the moment, the colleague says yes on their own page, and they pick a time both are
// free. Nobody else sees any of it.
import { test, expect, Page } from '@playwright/test';
import { ADMIN, LEADER, NEW_PASSWORD, hydrated, logIn, logOut, newColleague, submitLogin } from './support';

const DAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];

/** Free all day, every day, so the slot finder always has a time today or tomorrow. */
async function freeEveryDay(page: Page) {
  await page.goto('/availability');
  await hydrated(page);
  const rows = page.getByTestId('window');
  for (const day of DAYS) {
    await page.getByTestId('add-window').click();
    const row = rows.last();
    await row.getByLabel('Dag').selectOption({ label: day });
    await row.getByLabel('Van').fill('00:00');
    await row.getByLabel('Tot').fill('23:45');
  }
  await page.getByTestId('save-windows').click();
  await expect(page.getByTestId('windows-saved')).toBeVisible();
}

test('a professional asks a colleague to look along; the colleague says yes and they pick a time', async ({ page, browser }) => {
  await submitLogin(page, ADMIN);
  await expect(page).toHaveURL(/\/$/);
  const lotte = await newColleague(page, browser, 'Lotte Visser', 'lotte@linde.demo', 'Wijkteam Noord');
  const joris = await newColleague(page, browser, 'Joris Bos', 'joris@linde.demo', 'Wijkteam Noord');
  for (const [who, email] of [[lotte, 'lotte@linde.demo'], [joris, 'joris@linde.demo']] as const) {
    await submitLogin(who, email, NEW_PASSWORD);
    await expect(who).toHaveURL(/\/$/);
    await freeEveryDay(who);
  }

  // Lotte is stuck, says so, and asks for help straight from the saved message.
  await lotte.goto('/');
  await hydrated(lotte);
  await lotte.getByTestId('stuck-button').click();
  const dialog = lotte.getByTestId('stuck-dialog');
  await dialog.getByTestId('signal-intensity').getByRole('radio', { name: '8', exact: true }).check();
  await dialog.getByTestId('signal-note').fill('Zeeanemoon: ik durf het gesprek niet meer aan');
  await dialog.getByTestId('signal-save').click();
  await dialog.getByTestId('ask-after-save').click();
  await expect(lotte).toHaveURL(/\/help\/signals\/\d+$/);
  await hydrated(lotte);

  // Nobody picked: said at the field. A question that names an email address: refused at its
  // field, and the form keeps what was typed.
  const form = lotte.getByTestId('ask-form');
  const questionField = form.getByLabel('Waar wil je dat diegene naar kijkt? (mag leeg)');
  await form.getByTestId('ask-submit').click();
  await expect(form.getByTestId('error-helper')).toContainText('Vul dit veld in.');
  await form.getByLabel('Wie vraag je?').selectOption({ label: 'Joris Bos' });
  await questionField.fill('Mail me op lotte@example.org');
  await form.getByTestId('ask-submit').click();
  await expect(form.getByTestId('error-question')).toBeVisible();
  await expect(questionField).toHaveValue('Mail me op lotte@example.org');
  const question = 'Hoe houd ik contact als de deur dicht blijft?';
  await questionField.fill(question);
  await form.getByLabel('Wie vraag je?').selectOption({ label: 'Joris Bos' });
  await form.getByTestId('ask-submit').click();
  await expect(lotte.getByTestId('help-asked')).toBeVisible();
  await expect(lotte.getByTestId('signal-request')).toContainText('Joris Bos');
  await expect(lotte.getByTestId('signal-request')).toContainText('Wacht op antwoord');

  // Joris sees it on his start page, with the question and never the note, and says yes.
  await joris.goto('/');
  await hydrated(joris);
  await expect(joris.getByTestId('help-waiting')).toContainText('Een collega vraagt of je wilt meekijken.');
  await joris.getByTestId('help-waiting').getByRole('link', { name: 'Naar Meekijken' }).click();
  await hydrated(joris);
  const asked = joris.getByTestId('as-helper').getByTestId('help-item');
  await expect(asked).toContainText('Lotte Visser vraagt of je wilt meekijken');
  await expect(asked).toContainText(question);
  await expect(joris.locator('body')).not.toContainText('Zeeanemoon');
  await expect(asked).toContainText('Nee zeggen mag.');
  await asked.getByTestId('help-yes').click();
  await hydrated(joris);
  await expect(asked.getByTestId('help-status')).toHaveText('Ja, jullie kijken samen');
  await expect(joris.getByTestId('check-in-steps')).toContainText('Korte intervisie');

  // A time both are free, from the slot finder.
  const times = asked.getByTestId('free-time');
  await expect(times.first()).toBeVisible();
  const chosen = (await times.first().innerText()).trim();
  await times.first().click();
  await hydrated(joris);
  await expect(asked.getByTestId('help-time')).toContainText(`Afgesproken: ${chosen}`);

  // Lotte sees the yes and the time, on her page and her start page.
  await lotte.goto('/help');
  await hydrated(lotte);
  const mine = lotte.getByTestId('as-author').getByTestId('help-item');
  await expect(mine).toContainText('Je vroeg Joris Bos om mee te kijken');
  await expect(mine.getByTestId('help-time')).toContainText(chosen);
  await lotte.goto('/');
  await hydrated(lotte);
  await expect(lotte.getByTestId('help-next')).toHaveText(`Samen kijken met Joris Bos: ${chosen}.`);

  // The team leader sees none of it.
  await page.goto('/');
  await logOut(page);
  await logIn(page, LEADER);
  await page.goto('/help');
  await hydrated(page);
  await expect(page.locator('body')).not.toContainText('Lotte Visser');
  await expect(page.locator('body')).not.toContainText(question);
});
