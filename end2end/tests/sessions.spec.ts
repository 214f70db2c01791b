import { test, expect } from '@playwright/test';
import { LEADER, MEMBER, hydrated, logIn, logOut, nav } from './support';

test('an accepted proposal is planned at a time everyone can make, and the invitee answers', async ({ page }) => {
  // Mehmet accepts one of his private intervision proposals: he chooses to bring it in.
  await logIn(page, MEMBER);
  await nav(page, 'Voorstellen');
  const proposal = page
    .getByTestId('inbox-mine')
    .locator('[data-testid="proposal"][data-proposes="intervision"][data-status="open"]')
    .first();
  await expect(proposal).toBeVisible();
  await proposal.getByTestId('accept').click();
  await expect(page.getByTestId('inbox-done').getByTestId('proposal').filter({ hasText: 'Geaccepteerd, nog in te plannen' }).first()).toBeAttached();
  await logOut(page);

  // The leader finds it to plan.
  await logIn(page, LEADER);
  await nav(page, 'Bijeenkomsten');
  const toPlan = page.getByTestId('proposal-to-plan').first();
  await expect(toPlan).toBeVisible();
  await toPlan.getByRole('link', { name: 'Plan deze bijeenkomst' }).click();
  await expect(page).toHaveURL(/\/sessions\/new\?proposal=\d+/);
  await hydrated(page);
  await expect(page.getByTestId('from-proposal')).toBeVisible();
  await expect(page.getByLabel('Inbrenger').locator('option:checked')).toHaveText('Mehmet Yilmaz');
  await expect(page.getByLabel('Duur in minuten')).toHaveValue('60');
  await page.getByLabel('Gespreksleider').selectOption({ label: 'Greetje Hoekstra' });
  await page.locator('label.check', { hasText: 'Sanne Vermeulen' }).getByRole('checkbox').check();
  // No question yet: said at the field, and what was chosen stays.
  await page.getByTestId('create-session').click();
  await expect(page.getByTestId('error-question')).toContainText('Vul dit veld in.');
  await expect(page.locator('label.check', { hasText: 'Sanne Vermeulen' }).getByRole('checkbox')).toBeChecked();
  await expect(page.getByLabel('Gespreksleider').locator('option:checked')).toHaveText('Greetje Hoekstra');
  await page.getByLabel('Vraag of dilemma').fill('Hoe blijf ik in contact als de deur dicht blijft?');
  await page.getByTestId('create-session').click();
  await expect(page).toHaveURL(/\/sessions\/\d+$/);
  await hydrated(page);
  await expect(page.getByTestId('session-title')).toContainText('Intervisie');
  await expect(page.getByTestId('session-when')).toHaveText('Nog geen tijd gekozen');

  // The slot finder proposes times; the leader picks the best one.
  await page.getByTestId('find-slots').click();
  const slots = page.getByTestId('slot');
  await expect(slots.first()).toBeVisible();
  expect(await slots.count()).toBeLessThanOrEqual(5);
  await expect(slots.first()).toContainText(/\d+ van 3 kunnen/);
  const chosen = (await slots.first().locator('strong').textContent())!.trim();
  await slots.first().getByTestId('pick-slot').click();
  await expect(page.getByTestId('session-when')).toContainText(chosen);
  await expect(page.getByTestId('ics-link')).toBeVisible();
  const ics = await page.request.get((await page.getByTestId('ics-link').getAttribute('href'))!);
  expect(ics.status()).toBe(200);
  const body = await ics.text();
  expect(body).toContain('BEGIN:VCALENDAR');
  expect(body).toContain('DTSTART;TZID=Europe/Amsterdam:');
  expect(body).toContain('BEGIN:VTIMEZONE');
  const url = page.url();
  await logOut(page);

  // Mehmet sees the invitation and says he will come.
  await logIn(page, MEMBER);
  await nav(page, 'Bijeenkomsten');
  const row = page.getByTestId('upcoming').getByTestId('session-row').filter({ hasText: chosen });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('my-answer')).toHaveText('Nog geen antwoord');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(url);
  await hydrated(page);
  await page.getByTestId('answer-yes').click();
  await expect(page.getByTestId('invitee').filter({ hasText: 'Mehmet Yilmaz' })).toHaveAttribute('data-answer', 'yes');
  await expect(page.getByTestId('planner')).toHaveCount(0);

  // As presenter he prepares; the answer is kept, and the facilitator reads it.
  await expect(page.getByTestId('linked-signal').first()).toBeVisible();
  await page.getByLabel('Wat is je vraag aan de groep, in één zin?').fill('Hoe blijf ik betrokken zonder te duwen?');
  await page.getByTestId('save-preparation').click();
  await expect(page.getByTestId('preparation-saved')).toBeVisible();
  await logOut(page);
  await logIn(page, 'gespreksleider@linde.demo');
  await page.goto(url);
  await hydrated(page);
  await expect(page.getByTestId('preparation')).toContainText('Hoe blijf ik betrokken zonder te duwen?');
  await expect(page.getByTestId('linked-signal')).toHaveCount(0);
});

test('a professional reads the method library, keeps their availability, days away and a private calendar link', async ({ page }) => {
  await logIn(page, 'sanne@linde.demo');
  // The method library, from the sessions page.
  await nav(page, 'Bijeenkomsten');
  await page.getByTestId('to-methods').click();
  await hydrated(page);
  await expect(page.getByTestId('method')).toHaveCount(7);
  await expect(page.getByTestId('method').filter({ hasText: 'Dilemmamethode' })).toContainText('10 stappen, ongeveer 90 minuten');
  await nav(page, 'Beschikbaarheid');
  const rows = page.getByTestId('window');
  const before = await rows.count();
  expect(before).toBeGreaterThan(0);
  await page.getByTestId('add-window').click();
  await expect(rows).toHaveCount(before + 1);
  const added = rows.last();
  await added.getByLabel('Dag').selectOption({ label: 'zaterdag' });
  await added.getByLabel('Van').fill('12:00');
  await added.getByLabel('Tot').fill('10:00');
  await page.getByTestId('save-windows').click();
  await expect(added).toContainText('Deze waarde valt buiten het toegestane bereik.');
  await added.getByLabel('Tot').fill('14:00');
  await page.getByTestId('save-windows').click();
  await expect(page.getByTestId('windows-saved')).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('window')).toHaveCount(before + 1);

  // A day away: the first day is needed, then it is listed.
  const absences = page.getByTestId('absence');
  const away = await absences.count();
  await page.getByTestId('add-absence').click();
  await expect(page.getByTestId('error-first_day')).toContainText('Vul dit veld in.');
  await page.getByLabel('Eerste dag').fill('2030-05-02');
  await page.getByLabel('Reden').selectOption({ label: 'Scholing' });
  await page.getByTestId('add-absence').click();
  await expect(absences).toHaveCount(away + 1);
  await expect(absences.filter({ hasText: '02-05-2030' })).toContainText('Scholing');

  // The calendar link works for a calendar app, and stops when revoked.
  const feed = page.getByTestId('calendar-feed');
  await feed.getByTestId('feed-renew').click();
  const link = feed.getByTestId('feed-url');
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const ok = await page.request.get(href, { headers: { cookie: '' } });
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toContain('BEGIN:VCALENDAR');
  await feed.getByTestId('feed-revoke').click();
  await expect(feed.getByTestId('feed-state')).toHaveText('Je hebt nog geen link.');
  expect((await page.request.get(href)).status()).toBe(404);
});

/** Seconds on a countdown such as "9:58" (or "+0:12" once over). */
async function secondsLeft(page: import('@playwright/test').Page): Promise<number> {
  const text = (await page.getByTestId('countdown').textContent())!.trim();
  const over = text.startsWith('+');
  const [m, s] = text.replace('+', '').split(':').map(Number);
  return (over ? -1 : 1) * (m * 60 + s);
}

test('the facilitator runs a session step by step, records an action for its owner, and evaluations show from three', async ({ page }) => {
  test.setTimeout(120_000);
  // The leader facilitates the demo's moral deliberation, which has no time yet: they meet now.
  await logIn(page, LEADER);
  await nav(page, 'Bijeenkomsten');
  const row = page.getByTestId('upcoming').getByTestId('session-row')
    .filter({ hasText: 'Moreel beraad' }).filter({ hasText: 'Nog geen tijd gekozen' }).first();
  await row.getByRole('link').click();
  await hydrated(page);
  const sessionUrl = page.url();
  await expect(page.getByTestId('outcomes')).toHaveCount(0);
  await page.getByTestId('open-runner').click();
  await expect(page).toHaveURL(/\/sessions\/\d+\/run$/);
  await hydrated(page);
  await expect(page.getByTestId('runner')).toBeVisible();
  await page.getByTestId('runner-start').click();

  // Step 1 with its purpose and a running countdown.
  await expect(page.getByTestId('step-count')).toHaveText('Stap 1 van 10');
  await expect(page.getByTestId('step-purpose')).not.toBeEmpty();
  const first = await secondsLeft(page);
  expect(first).toBeGreaterThan(0);
  await expect.poll(() => secondsLeft(page)).toBeLessThan(first);
  // Five minutes more for this step.
  const before = await secondsLeft(page);
  await page.getByTestId('extend-5').click();
  await expect.poll(() => secondsLeft(page)).toBeGreaterThan(before + 280);
  await page.getByTestId('step-notes').fill('Het dilemma: blijven aanbellen of loslaten.');
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-count')).toHaveText('Stap 2 van 10');
  await expect(page.getByTestId('runner-total')).toContainText('van 90 min');

  // A reload in the middle carries on where it was, notes included.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('step-count')).toHaveText('Stap 2 van 10');
  await page.getByTestId('step-previous').click();
  await expect(page.getByTestId('step-count')).toHaveText('Stap 1 van 10');
  await expect(page.getByTestId('step-notes')).toHaveValue('Het dilemma: blijven aanbellen of loslaten.');
  for (let step = 2; step <= 10; step++) {
    await page.getByTestId('step-next').click();
    await expect(page.getByTestId('step-count')).toHaveText(`Stap ${step} van 10`);
  }
  await page.getByTestId('runner-finish').click();
  await expect(page).toHaveURL(sessionUrl);
  await hydrated(page);
  await expect(page.getByTestId('session-status')).toHaveText('Afgerond');

  // An action for Mehmet: who is needed, and then it is listed.
  const outcomes = page.getByTestId('outcomes');
  await outcomes.getByLabel('Wat', { exact: true }).fill('Met de wijkagent overleggen over aanbellen');
  await page.getByTestId('add-action').click();
  await expect(page.getByTestId('error-owner')).toBeVisible();
  await expect(outcomes.getByLabel('Wat', { exact: true })).toHaveValue('Met de wijkagent overleggen over aanbellen');
  await page.getByTestId('action-owner').selectOption({ label: 'Mehmet Yilmaz' });
  await page.getByTestId('add-action').click();
  await expect(page.getByTestId('action')).toContainText('Met de wijkagent overleggen over aanbellen');
  await page.getByTestId('insights-input').fill('Aanbellen is contact bieden, geen dwang.');
  await page.getByTestId('save-outcome').click();
  await expect(page.getByTestId('insights-input')).toHaveValue('Aanbellen is contact bieden, geen dwang.');
  await logOut(page);

  // Mehmet finds the action on his start page, and evaluates.
  await logIn(page, MEMBER);
  const mine = page.getByTestId('my-action').filter({ hasText: 'Met de wijkagent overleggen over aanbellen' });
  await expect(mine).toBeVisible();
  await expect(page.getByTestId('bell-count')).toBeVisible();
  await mine.getByRole('link').click();
  await expect(page).toHaveURL(sessionUrl);
  await hydrated(page);
  await evaluate(page, '4', '5', 'ruimte');
  await expect(page.getByTestId('evaluation-hidden')).toContainText('nu 1');
  await logOut(page);

  await logIn(page, 'sanne@linde.demo');
  await page.goto(sessionUrl);
  await hydrated(page);
  await evaluate(page, '3', '4', 'twijfel');
  await expect(page.getByTestId('evaluation-hidden')).toContainText('nu 2');
  await expect(page.getByTestId('evaluation-summary')).toHaveCount(0);
  await logOut(page);

  await logIn(page, 'youssef@linde.demo');
  await page.goto(sessionUrl);
  await hydrated(page);
  await evaluate(page, '5', '5', 'samen');
  const summary = page.getByTestId('evaluation-summary');
  await expect(summary).toBeVisible();
  await expect(page.getByTestId('eval-helped')).toHaveText('4,0 / 5');
  await expect(page.getByTestId('eval-words')).toHaveText('ruimte, samen, twijfel');
});

async function evaluate(page: import('@playwright/test').Page, helped: string, safe: string, word: string) {
  await page.getByTestId(`helped-${helped}`).check();
  await page.getByTestId(`felt_safe-${safe}`).check();
  await page.getByTestId('evaluation').getByLabel('Eén woord dat bij je blijft').fill(word);
  await page.getByTestId('send-evaluation').click();
  await expect(page.getByTestId('evaluated')).toBeVisible();
}
