import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunch } from './chromium.cjs';

// The release binary runs on its own SQLite file, seeded with the demo, on a port of its own.
// The port lies below Linux's ephemeral range (32768-60999): Playwright's check that nothing
// answers there yet can otherwise connect the port to itself, and the server then cannot bind
// it for a minute ("Address already in use", seen once in a CI run).
const port = Number(process.env.DRAAGKRACHT_E2E_PORT ?? 29170);
// A domain name, not an address: passkeys are bound to one (serve-for-tests.sh sets the same
// public address). Only the check that the server is up goes to the address itself.
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunch,
      },
    },
  ],
  webServer: {
    command: `bash ./serve-for-tests.sh ${port}`,
    url: `http://127.0.0.1:${port}/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
