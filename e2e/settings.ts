// Ports and URLs of the e2e run, shared by playwright.config.ts and the specs.
// A fixed, uncommon range (override with E2E_PORT) so the config and every
// worker agree without coordination.
const appPort = Number(process.env.E2E_PORT ?? 3917);

export const e2eSettings = {
  appPort,
  smtpPort: appPort + 1,
  mailPort: appPort + 2,
  baseURL: `http://127.0.0.1:${appPort}`,
  mailURL: `http://127.0.0.1:${appPort + 2}`,
};
