// First-load benchmark: every main page, as the role that uses it, in headless Chromium with a
// cold cache, on Lighthouse's mobile profile and on an unthrottled desktop. Prints, per page,
// the KB transferred (as encoded on the wire; in all, and the front end's files under /pkg),
// first contentful paint and the time until the page is interactive (the moment
// `body[data-hydrated]` is set), each the median of the runs.
// Then a second visit in the same browser context shows what a warm cache still fetches.
//
//   node bench/first-load.mjs http://127.0.0.1:3000 [runs]
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../chromium.cjs';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const runs = Number(process.argv[3] ?? 3);
const PASSWORD = 'draagkracht-demo';
const LEADER = 'leider@linde.demo';
const MEMBER = 'medewerker@linde.demo';

// Lighthouse's mobile profile: Slow 4G and a CPU four times slower.
const profiles = {
  mobile: {
    viewport: { width: 390, height: 844 },
    network: { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
    cpu: 4,
  },
  desktop: { viewport: { width: 1280, height: 800 }, network: null, cpu: 1 },
};


// Records when hydration marks the body, measured from navigation start.
const watchHydration = () => {
  new MutationObserver((_, observer) => {
    if (document.body && document.body.dataset.hydrated) {
      window.__interactiveAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
};

async function sessionCookies(browser, email) {
  const context = await browser.newContext();
  const response = await context.request.get(`${base}/login`);
  if (!response.ok()) throw new Error(`GET /login: ${response.status()}`);
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.locator('body[data-hydrated]').waitFor({ timeout: 30_000 });
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form[data-testid="login-form"] button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
  const cookies = await context.cookies();
  const balance = await page.locator('a[href$="/balance"]').first().getAttribute('href').catch(() => null);
  await context.close();
  return { cookies, balance };
}

async function measure(browser, profile, path, cookies) {
  const context = await browser.newContext({ viewport: profile.viewport });
  if (cookies) await context.addCookies(cookies);
  const page = await context.newPage();
  await page.addInitScript(watchHydration);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile.network) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  }
  if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  // Everything on the wire, and the part of it that is the front end (/pkg: wasm, JS, CSS),
  // which is what the 300 KB budget is about.
  let bytes = 0;
  let assetBytes = 0;
  const assets = new Set();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (new URL(e.request.url).pathname.startsWith('/pkg/')) assets.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    if (assets.has(e.requestId)) assetBytes += e.encodedDataLength;
  });
  const visit = async () => {
    bytes = 0;
    assetBytes = 0;
    await page.goto(`${base}${path}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__interactiveAt !== undefined, null, { timeout: 60_000 });
    // Let late requests (islands, fonts) finish before counting.
    await page.waitForLoadState('networkidle');
    const [fcp, tti] = await page.evaluate(() => [
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      window.__interactiveAt,
    ]);
    return { kb: bytes / 1024, assetKb: assetBytes / 1024, fcp, tti };
  };
  const cold = await visit();
  const warm = await visit();
  await context.close();
  if (new URL(page.url()).pathname === '/login' && path !== '/login') {
    throw new Error(`${path}: redirected to /login; the log-in did not hold`);
  }
  return { ...cold, warmKb: warm.kb };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch(chromiumLaunch);
const member = await sessionCookies(browser, MEMBER);
const leader = await sessionCookies(browser, LEADER);
if (!leader.balance) throw new Error('the leader has no balance link');
const team = leader.balance.split('/')[2];

const pages = [
  ['/login', 'anonymous', null],
  ['/', 'professional', member.cookies],
  ['/signals', 'professional', member.cookies],
  ['/caseload', 'professional', member.cookies],
  ['/sessions', 'professional', member.cookies],
  ['/availability', 'professional', member.cookies],
  ['/visits', 'professional', member.cookies],
  ['/proposals', 'professional', member.cookies],
  [`/teams/${team}/balance`, 'leader', leader.cookies],
  [`/teams/${team}/clients`, 'leader', leader.cookies],
  [`/teams/${team}/limits`, 'leader', leader.cookies],
];

for (const [name, profile] of Object.entries(profiles)) {
  console.log(`\n${name} (${runs} cold runs each, medians)`);
  console.log('page                         role           KB  /pkg KB   FCP ms   interactive ms   2nd visit KB');
  for (const [path, role, cookies] of pages) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await measure(browser, profile, path, cookies));
    const row = [
      path.padEnd(28),
      role.padEnd(12),
      median(results.map((r) => r.kb)).toFixed(0).padStart(6),
      median(results.map((r) => r.assetKb)).toFixed(0).padStart(8),
      median(results.map((r) => r.fcp)).toFixed(0).padStart(8),
      median(results.map((r) => r.tti)).toFixed(0).padStart(16),
      median(results.map((r) => r.warmKb)).toFixed(0).padStart(14),
    ];
    console.log(row.join(' '));
  }
}
await browser.close();
