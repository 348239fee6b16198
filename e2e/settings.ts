// Ports and URLs of the e2e run, shared by playwright.config.ts and the specs.
// A fixed, uncommon range (override with E2E_PORT) so the config and every
// worker agree without coordination.
const appPort = Number(process.env.E2E_PORT ?? 3917);

/** One production server with its own database and Stripe emulator. */
export type AppInstance = { name: string; appPort: number; emulatorPort: number; baseURL: string; emulatorURL: string };

function instance(name: string, port: number): AppInstance {
  return {
    name,
    appPort: port,
    emulatorPort: port + 3,
    baseURL: `http://127.0.0.1:${port}`,
    emulatorURL: `http://127.0.0.1:${port + 3}`,
  };
}

export const e2eSettings = {
  smtpPort: appPort + 1,
  mailURL: `http://127.0.0.1:${appPort + 2}`,
  mailPort: appPort + 2,
  /** Every journey that leaves the emulator's clock alone. */
  main: instance("main", appPort),
  /** Journeys that move the emulator's (global) clock: see playwright.config.ts. */
  clock: instance("clock", appPort + 10),
  /** The app's CRON_SECRET: journeys call /api/cron/billing to process what was delivered. */
  cronSecret: "e2e-cron-secret-e2e-cron-secret-e2e-cron",
};
