// Browser journeys against the production build (`npm run build` first; npm
// test does), on a fresh embedded database and the local Stripe emulator,
// with a real SMTP server catching sign-in emails.
//
// The emulator has ONE clock for all its customers: moving it (to reach a
// renewal, a trial end or a cancellation date) renews, converts, cancels and
// expires everything in it, including other tests' subscriptions and open
// Checkout pages. So journeys that move the clock (`*.clock.spec.ts`) get an
// app instance of their own — its own server, database and emulator on other
// ports — and run one at a time (project `clock`, one worker), while every
// other journey runs in parallel on the main instance, whose clock never
// moves. Each clock journey reads the period end it needs from the emulator
// instead of assuming how far earlier ones moved the clock. (Serial mode on a
// single instance would instead make every journey wait for, or race, the
// clock ones; the second server starts alongside the first and costs little.)
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, defineConfig, devices } from "@playwright/test";
import type { FixtureOptions } from "./e2e/fixtures";
import { e2eSettings, type AppInstance } from "./e2e/settings";

// Playwright cannot download its browsers on these machines: use Chromium
// from CHROMIUM_PATH or Debian's package, else Playwright's own if installed.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
if (!chromiumPath && !existsSync(chromium.executablePath())) {
  throw new Error("No Chromium for the browser tests: `apt-get install chromium` (Debian) or set CHROMIUM_PATH.");
}

const { smtpPort, mailPort, mailURL, main, clock } = e2eSettings;
// Fresh data for every run; the config is evaluated again in each worker, so
// the first evaluation's directory is handed down through the environment.
const dataRoot = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "tollgate-e2e-"));
process.env.E2E_DATA_DIR = dataRoot;

/** `npm start` of the build with its own data directory and emulator port. */
function appServer(instance: AppInstance) {
  return {
    command: "node --conditions=react-server --import tsx scripts/start.ts",
    url: `${instance.baseURL}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      NODE_ENV: "production",
      PORT: String(instance.appPort),
      HOST: "127.0.0.1",
      APP_URL: instance.baseURL,
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      EMAIL_SERVER: `smtp://127.0.0.1:${smtpPort}`,
      EMAIL_FROM: "Tollgate <no-reply@example.com>",
      // The emulator keeps its state next to this directory (one per instance).
      EMBEDDED_DATABASE_DIR: path.join(dataRoot, instance.name, "pglite"),
      STRIPE_EMULATOR_PORT: String(instance.emulatorPort),
      ALLOW_STRIPE_EMULATOR_IN_PRODUCTION: "1",
      // Journeys drain webhook processing through the cron route (fixtures.ts).
      CRON_SECRET: e2eSettings.cronSecret,
    },
  };
}

const desktop = { ...devices["Desktop Chrome"], channel: undefined };
const mobile = { viewport: { width: 360, height: 800 } };
const clockJourneys = /\.clock\.spec\.ts$/;
const sweep = /sweep\.spec\.ts$/;

export default defineConfig<FixtureOptions>({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  // One retry in CI, reported as "flaky" in the output rather than hidden: a
  // journey that fails twice still fails the run.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: main.baseURL,
    emulatorURL: main.emulatorURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // First, so its serial chain starts at once while the other worker takes the rest.
    {
      name: "clock",
      testMatch: clockJourneys,
      workers: 1,
      timeout: 90_000,
      use: { ...desktop, baseURL: clock.baseURL, emulatorURL: clock.emulatorURL },
    },
    { name: "desktop", testIgnore: clockJourneys, use: { ...desktop, colorScheme: "light" } },
    { name: "mobile-dark", testIgnore: clockJourneys, use: { ...mobile, colorScheme: "dark" } },
    // The page sweep also covers the two remaining combinations.
    { name: "mobile-light", testMatch: sweep, use: { ...mobile, colorScheme: "light" } },
    { name: "desktop-dark", testMatch: sweep, use: { ...desktop, colorScheme: "dark" } },
  ],
  webServer: [
    {
      command: `node --import tsx e2e/mail-catcher.ts ${smtpPort} ${mailPort}`,
      url: `${mailURL}/`,
      reuseExistingServer: false,
    },
    appServer(main),
    appServer(clock),
  ],
});
