import { test, expect, Page } from '@playwright/test';
import { MEMBER, hydrated, logIn, logOut, nav } from './support';

const HOST = 'leider@anker.demo';

/** Date and time in Amsterdam, `ms` from now, as the date and time inputs take them. */
function amsterdam(ms: number): { date: string; time: string; at: number } {
  const at = Date.now() + ms;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}`, at };
}

async function ledger(page: Page, team: string) {
  const row = page.getByTestId('ledger').filter({ hasText: team });
  return {
    hosted: Number(await row.getAttribute('data-hosted')),
    visited: Number(await row.getAttribute('data-visited')),
  };
}

test('a team of one organisation books a visit offered by another, both reflect afterwards, and the ledgers count it', async ({ page }) => {
  test.setTimeout(300_000);
  const theme = `Meekijken bij de ochtendstart ${Date.now() % 100000}`;
  const slot = amsterdam(100_000);

  // Het Anker's team offers a visit that starts in a minute or two.
  await logIn(page, HOST);
  await nav(page, 'Turen bij de Buren');
  await expect(page.getByTestId('secrecy')).toContainText('geen cliëntgegevens');
  const westBefore = await ledger(page, 'Ambulant Team West');
  const publish = page.getByTestId('publish');
  await publish.getByLabel('Thema').fill(theme);
  await publish.getByLabel('Wat bezoekers zien of waar ze aan meedoen').fill('Ons ochtendoverleg en de ronde door de wijk.');
  await publish.getByLabel('Plaats').fill('Ankerplein 3, Haarlem');
  await publish.getByLabel('Datum').fill(slot.date);
  await publish.getByLabel('Tijd').fill(slot.time);
  await publish.getByLabel('Aantal bezoekers').fill('2');
  await page.getByTestId('publish-offer').click();
  await expect(page.getByTestId('offer').filter({ hasText: theme })).toBeVisible();
  await logOut(page);

  // Mehmet of De Linde books it for Wijkteam Noord with a kijkvraag; a client code is refused.
  await logIn(page, MEMBER);
  await nav(page, 'Turen bij de Buren');
  const noordBefore = await ledger(page, 'Wijkteam Noord');
  const offer = page.getByTestId('offer').filter({ hasText: theme });
  await expect(offer).toContainText('Stichting Het Anker');
  await offer.getByTestId('open-booking').click();
  const form = page.getByTestId('booking-form');
  await expect(form.getByTestId('secrecy')).toBeVisible();
  await form.getByLabel('Ons team').selectOption({ label: 'Wijkteam Noord' });
  await form.locator('label.check', { hasText: 'Mehmet Yilmaz' }).getByRole('checkbox').check();
  await form.locator('label.check', { hasText: 'Sanne Vermeulen' }).getByRole('checkbox').check();
  await form.getByTestId('kijkvraag').fill('Hoe zouden jullie K-0142 benaderen?');
  await form.getByTestId('book-visit').click();
  await expect(form.getByTestId('error-question')).toBeVisible();
  await expect(form.getByTestId('kijkvraag')).toHaveValue('Hoe zouden jullie K-0142 benaderen?');
  await form.getByTestId('kijkvraag').fill('Hoe houden jullie het eerste contact vol als de deur dicht blijft?');
  await form.getByTestId('book-visit').click();
  const mine = page.getByTestId('booking').filter({ hasText: theme });
  await expect(mine).toHaveAttribute('data-status', 'requested');
  await expect(mine).toContainText('Mehmet Yilmaz, Sanne Vermeulen');
  await logOut(page);

  // The host confirms; both sides see it confirmed.
  await logIn(page, HOST);
  await nav(page, 'Turen bij de Buren');
  const hosted = page.getByTestId('booking').filter({ hasText: theme });
  await expect(hosted).toHaveAttribute('data-side', 'host');
  await expect(hosted).toContainText('Hoe houden jullie het eerste contact vol');
  await hosted.getByTestId('confirm-booking').click();
  await expect(hosted).toHaveAttribute('data-status', 'confirmed');

  // After the visit, the host reflects.
  await page.waitForTimeout(Math.max(0, slot.at - Date.now() + 2_000));
  await page.reload();
  await hydrated(page);
  const reflect = page.getByTestId('booking').filter({ hasText: theme });
  await reflect.getByLabel('Wat viel ons op').fill('Hun vragen over ons ochtendoverleg waren scherp.');
  await reflect.getByLabel('Wat nemen we mee').fill('We leggen uit waarom we aanbellen.');
  await reflect.getByRole('checkbox').check();
  await reflect.getByTestId('save-reflection').click();
  await expect(page.getByTestId('booking').filter({ hasText: theme }).getByTestId('reflected')).toBeVisible();
  const westAfter = await ledger(page, 'Ambulant Team West');
  expect(westAfter.hosted).toBe(westBefore.hosted + 1);
  await logOut(page);

  // And the visitors reflect; their ledger counts the visit and the library finds it.
  await logIn(page, MEMBER);
  await nav(page, 'Turen bij de Buren');
  const visited = page.getByTestId('booking').filter({ hasText: theme });
  await expect(visited).toHaveAttribute('data-status', 'confirmed');
  await visited.getByLabel('Wat viel ons op').fill('Ze tellen kleine contacten als winst.');
  await visited.getByLabel('Wat nemen we mee').fill('Wij benoemen kleine stappen in het team.');
  await visited.getByTestId('save-reflection').click();
  await expect(page.getByTestId('booking').filter({ hasText: theme }).getByTestId('reflected')).toBeVisible();
  const noordAfter = await ledger(page, 'Wijkteam Noord');
  expect(noordAfter.visited).toBe(noordBefore.visited + 1);
  await page.getByTestId('library-search').fill('kleine contacten');
  await expect(page.getByTestId('reflection').filter({ hasText: theme })).toBeVisible();
});

test('a team that only visits is invited to host, and a request can be answered with an offer', async ({ page }) => {
  await logIn(page, 'fact.leider@linde.demo');
  await nav(page, 'Turen bij de Buren');
  const fact = page.getByTestId('ledger').filter({ hasText: 'FACT-team Centrum' });
  await expect(fact).toHaveAttribute('data-hosted', '0');
  await expect(fact.getByTestId('reciprocity')).toHaveText('Jullie kijken graag mee bij anderen. Nodig ook eens een buur bij jullie uit.');
  // Jeugdteam Oost's open request, answered with an offer.
  const request = page.getByTestId('visit-request').filter({ hasText: 'Jeugdteam Oost' });
  await expect(request).toBeVisible();
  await request.getByTestId('answer-request').click();
  await expect(page.getByTestId('answering')).toContainText('ouders die elk contact afhouden');
  const publish = page.getByTestId('publish');
  await publish.getByLabel('Thema').fill('Bemoeizorg bij ouders die contact afhouden');
  await publish.getByLabel('Wat bezoekers zien of waar ze aan meedoen').fill('Onze bemoeizorgronde en het FACT-bord.');
  await publish.getByLabel('Plaats').fill('Centrum');
  const later = amsterdam(14 * 24 * 3600_000);
  await publish.getByLabel('Datum').fill(later.date);
  await publish.getByLabel('Tijd').fill('10:00');
  await page.getByTestId('publish-offer').click();
  await expect(page.getByTestId('visit-request').filter({ hasText: 'Jeugdteam Oost' })).toContainText('1 aanbod als antwoord');
});
