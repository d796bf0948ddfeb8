// Browser tests: the real `vigil serve` driven in Debian's Chromium (Playwright downloads nothing
// here). The build (`npm run build`) runs before them in `npm test`.
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, findChromium } from './test/e2e/chromium'

const executablePath = findChromium() ?? undefined

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  // One `vigil serve` per worker; the tests of a file share it and run in order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
})
