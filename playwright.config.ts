// Browser journeys against the production build (`npm run build` first; npm
// test does), on a fresh embedded database and the local Stripe emulator,
// with a real SMTP server catching sign-in emails.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, defineConfig, devices } from "@playwright/test";
import { e2eSettings } from "./e2e/settings";

// Playwright cannot download its browsers on these machines: use Chromium
// from CHROMIUM_PATH or Debian's package, else Playwright's own if installed.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
if (!chromiumPath && !existsSync(chromium.executablePath())) {
  throw new Error("No Chromium for the browser tests: `apt-get install chromium` (Debian) or set CHROMIUM_PATH.");
}

const { appPort, smtpPort, mailPort, baseURL, mailURL } = e2eSettings;
// Fresh data for every run; the config is evaluated again in each worker, so
// the first evaluation's directory is handed down through the environment.
const dataRoot = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "tollgate-e2e-"));
process.env.E2E_DATA_DIR = dataRoot;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
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
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "mobile-dark", use: { viewport: { width: 360, height: 800 }, colorScheme: "dark" } },
  ],
  webServer: [
    {
      command: `node --import tsx e2e/mail-catcher.ts ${smtpPort} ${mailPort}`,
      url: `${mailURL}/`,
      reuseExistingServer: false,
    },
    {
      command: "node --conditions=react-server --import tsx scripts/start.ts",
      url: `${baseURL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        NODE_ENV: "production",
        PORT: String(appPort),
        HOST: "127.0.0.1",
        APP_URL: baseURL,
        AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
        EMAIL_SERVER: `smtp://127.0.0.1:${smtpPort}`,
        EMAIL_FROM: "Tollgate <no-reply@example.com>",
        EMBEDDED_DATABASE_DIR: path.join(dataRoot, "pglite"),
        ALLOW_STRIPE_EMULATOR_IN_PRODUCTION: "1",
      },
    },
  ],
});
