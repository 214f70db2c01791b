import { test, expect, Page } from '@playwright/test';
import { LEADER, MEMBER, hydrated, logIn } from './support';

// A phone held upright: the narrowest common width, and an iPhone's.
for (const width of [360, 390]) {
  test.describe(`on a phone ${width} px wide`, () => {
    test.use({ viewport: { width, height: 800 }, isMobile: true, hasTouch: true });

    test('the top bar is one row: the brand, "Ik loop vast" and a menu button that opens the rest', async ({ page }) => {
      await logIn(page, MEMBER);
      const bar = page.locator('header.topbar');
      const brand = bar.locator('.brand');
      const stuck = bar.getByTestId('stuck-button');
      const menu = bar.locator('.menu-button');
      await expect(brand).toBeVisible();
      await expect(stuck).toBeVisible();
      await expect(menu).toBeVisible();
      const [b, s, m] = [await brand.boundingBox(), await stuck.boundingBox(), await menu.boundingBox()];
      const middle = (box: { y: number; height: number } | null) => (box ? box.y + box.height / 2 : NaN);
      // One row: the three share a line, and the bar is no taller than one button and its padding.
      expect(Math.abs(middle(b) - middle(s))).toBeLessThan(12);
      expect(Math.abs(middle(s) - middle(m))).toBeLessThan(12);
      expect((await bar.boundingBox())!.height).toBeLessThan(64);

      const links = page.getByRole('navigation', { name: 'Hoofdmenu' });
      await expect(links).toBeHidden();
      await menu.click();
      await expect(links).toBeVisible();
      await links.getByRole('link', { name: 'Mijn caseload', exact: true }).click();
      await expect(page).toHaveURL(/\/caseload$/);
      await hydrated(page);
      await expect(links).toBeHidden();
    });

    test('no main page scrolls sideways, and tables read as lists', async ({ page }) => {
      await logIn(page, MEMBER);
      for (const path of ['/', '/signals', '/caseload', '/sessions', '/availability', '/visits', '/proposals', '/notifications', '/methods']) {
        await noSidewaysScroll(page, path);
      }
      await page.locator('.menu-button').click();
      await page.getByTestId('logout').click();
      await expect(page).toHaveURL(/\/login$/);

      await logIn(page, LEADER);
      const balance = await page.locator('a[href$="/balance"]').first().getAttribute('href');
      const team = balance!.split('/')[2];
      for (const path of [`/teams/${team}/balance`, `/teams/${team}/clients`, `/teams/${team}/signals`, `/teams/${team}/limits`, `/teams/${team}/import`]) {
        await noSidewaysScroll(page, path);
      }
      await page.goto(`/teams/${team}/balance`);
      const row = page.getByTestId('balance').locator('tbody tr').first();
      // Each row is a card, and each value carries its column's name.
      await expect(row).toHaveCSS('display', 'block');
      await expect(page.getByTestId('balance').locator('thead')).not.toBeInViewport();
      await expect(row.locator('td[data-label="Cliënten"]')).toHaveCount(1);
    });
  });
}

async function noSidewaysScroll(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  const [scrollWidth, viewport] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scrollWidth, `${path} is ${scrollWidth} px wide in a ${viewport} px window`).toBeLessThanOrEqual(viewport);
}
