/**
 * Browser tests of the web app (web/tests/), in Debian's Chromium (Playwright's own browser
 * download is not available here), against the real stack the global setup starts. Screenshots
 * of every screen go to artifacts/screenshots/ (git-ignored, kept by CI).
 */
import { defineConfig } from '@playwright/test';

// The stack's own log lines would bury the test report (its expected delivery refusals are warnings).
process.env.LOG_LEVEL ??= 'error';

export default defineConfig({
  testDir: 'web/tests',
  globalSetup: './web/tests/global-setup.ts',
  // One browser at a time: the machine is small and the stack is shared.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'artifacts/test-results',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Root in CI containers: Chromium's sandbox needs user namespaces it does not get there.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    },
    trace: 'retain-on-failure',
  },
});
