import { defineConfig } from '@playwright/test';

// Debian's Chromium by default (Playwright cannot download its own here); CHROMIUM_PATH overrides.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 8787);

export default defineConfig({
  testDir: 'e2e',
  // Every test opens several tabs that each run a node; on two cores one test at a time is fastest.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // Many tabs share two cores here: in CI a test that fails once runs once more, and the report
  // lists it as flaky (a defect to fix, not to hide); locally a failure is a failure.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    // The English assertions need an English browser; tests of other languages set their own locale.
    locale: 'en-US',
    headless: true,
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox', // CI runs as root
        '--disable-background-networking', // this network refuses Google's hosts; do not keep trying
        '--disable-component-update',
        // WebRTC between tabs headless: without these, a loopback-only machine gathers no ICE candidates.
        '--allow-loopback-in-peer-connection',
        '--use-fake-ui-for-media-stream',
        '--disable-features=WebRtcHideLocalIpsWithMdns',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    // The same server `npm start` runs, on its own port, serving a fresh build.
    command: 'npm run build --silent && tsx signal-server/main.ts',
    url: `http://localhost:${port}/healthz`,
    env: { PORT: String(port), TEACHER_KEY: 'e2e-teacher-key' },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
