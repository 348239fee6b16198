import { DEFAULT_EMULATOR_PORT, DEVELOPMENT_WEBHOOK_SECRET, startStripeEmulator } from "./server";

/** `npm run stripe:emulator`: the emulator for local development, configured from the environment. */
const port = Number(process.env.STRIPE_EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`STRIPE_EMULATOR_PORT must be a port number, got "${process.env.STRIPE_EMULATOR_PORT ?? ""}"`);
  process.exit(1);
}
const webhookUrl = process.env.STRIPE_EMULATOR_WEBHOOK_URL ?? "http://localhost:3000/api/webhooks/stripe";

const emulator = await startStripeEmulator({
  port,
  webhookUrl: webhookUrl === "" ? undefined : webhookUrl,
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || DEVELOPMENT_WEBHOOK_SECRET,
  ...(process.env.STRIPE_EMULATOR_STATE ? { statePath: process.env.STRIPE_EMULATOR_STATE } : {}),
});

console.log(`Stripe emulator listening on ${emulator.url}`);
console.log(`  webhooks -> ${webhookUrl || "(none)"}; deliveries at ${emulator.url}/_emulator/deliveries`);

const shutdown = (): void => {
  emulator.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
