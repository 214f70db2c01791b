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

  // The host hears of it in Berichten, and the message leads to the booking.
  await logIn(page, HOST);
  await expect(page.getByTestId('bell-count')).toBeVisible();
  await page.goto('/notifications');
  await hydrated(page);
  const asked = page.getByTestId('notification').filter({ hasText: `Wijkteam Noord bij Ambulant Team West: ${theme}` });
  await expect(asked).toContainText('Aanvraag voor een burenbezoek');
  await asked.getByRole('link').click();
  await expect(page).toHaveURL(/\/visits#booking-\d+$/);
  await hydrated(page);

  // The host confirms; both sides see it confirmed, with the visit for their calendars.
  const hosted = page.getByTestId('booking').filter({ hasText: theme });
  await expect(hosted).toHaveAttribute('data-side', 'host');
  await expect(hosted).toContainText('Hoe houden jullie het eerste contact vol');
  await hosted.getByTestId('confirm-booking').click();
  await expect(hosted).toHaveAttribute('data-status', 'confirmed');
  const ics = await hosted.getByTestId('visit-ics').getAttribute('href');
  expect(ics).toMatch(/^\/visits\/\d+\/visit\.ics$/);
  const download = await page.request.get(ics!);
  expect(download.status()).toBe(200);
  const calendar = await download.text();
  expect(calendar).toContain('BEGIN:VCALENDAR');
  expect(calendar).toContain('STATUS:CONFIRMED');
  expect(calendar).toContain('TZID=Europe/Amsterdam');

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

  // The visitors were told of the confirmation; they reflect, their ledger counts the visit
  // and the library finds it.
  await logIn(page, MEMBER);
  await page.goto('/notifications');
  await hydrated(page);
  await expect(page.getByTestId('notification').filter({ hasText: theme })).toContainText('Burenbezoek bevestigd');
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

test('a host adds a time to its offer and closes it, and an admin sees every team\'s ledger', async ({ page }) => {
  const theme = `Een dag meelopen ${Date.now() % 100000}`;
  await logIn(page, 'bw.leider@anker.demo');
  await nav(page, 'Turen bij de Buren');
  const publish = page.getByTestId('publish');
  await publish.getByLabel('Thema').fill(theme);
  await publish.getByLabel('Wat bezoekers zien of waar ze aan meedoen').fill('Een dienst op de woning.');
  await publish.getByLabel('Plaats').fill('Zuid');
  const first = amsterdam(10 * 24 * 3600_000);
  await publish.getByLabel('Datum').fill(first.date);
  await publish.getByLabel('Tijd').fill('09:00');
  await page.getByTestId('publish-offer').click();
  const offer = page.getByTestId('offer').filter({ hasText: theme });
  await expect(offer).toHaveAttribute('data-own', 'true');
  await expect(offer.getByTestId('visit-slot')).toHaveCount(1);

  // Another time: a capacity of none is refused at the field and the date kept, then it is added.
  await offer.getByTestId('add-slot').locator('summary').click();
  const add = offer.getByTestId('add-slot');
  const second = amsterdam(17 * 24 * 3600_000);
  await add.getByLabel('Datum').fill(second.date);
  await add.getByLabel('Tijd').fill('14:00');
  await add.getByLabel('Aantal bezoekers').fill('0');
  await add.getByTestId('add-slot-now').click();
  await expect(add.locator('[data-invalid="true"]').getByLabel('Aantal bezoekers')).toBeVisible();
  await expect(add.getByLabel('Datum')).toHaveValue(second.date);
  await add.getByLabel('Aantal bezoekers').fill('4');
  await add.getByTestId('add-slot-now').click();
  await expect(offer.getByTestId('visit-slot')).toHaveCount(2);

  // Closed, the offer is gone for everyone.
  await offer.getByTestId('close-offer').click();
  await expect(page.getByTestId('offer').filter({ hasText: theme })).toHaveCount(0);
  await logOut(page);

  await logIn(page, 'beheer@linde.demo');
  await nav(page, 'Turen bij de Buren');
  const all = page.getByTestId('organisation-ledger');
  await expect(all).toContainText('Alleen zichtbaar voor beheerders');
  const noord = all.getByTestId('organisation-ledger-row').filter({ hasText: 'Wijkteam Noord' });
  await expect(noord).toBeVisible();
  expect(Number(await noord.getAttribute('data-hosted'))).toBeGreaterThan(0);
  await expect(all.getByTestId('organisation-ledger-row').filter({ hasText: 'FACT-team Centrum' }))
    .toContainText('Nodig ook eens een buur bij jullie uit');
  await expect(all).not.toContainText('Ambulant Team West');
  // Without a team of their own, an admin has nothing to offer or ask for.
  await expect(page.getByTestId('publish')).toHaveCount(0);
});
