// `npm run stripe:setup`: makes the configured Stripe account match
// lib/billing/plans.ts. Without STRIPE_SECRET_KEY it needs the emulator's URL
// (`npm run dev` runs this step against its emulator by itself).
import { exitWith, loadEnvOrExit } from "./load-env";

const env = await loadEnvOrExit();
try {
  const { getStripe } = await import("@/lib/billing/stripe");
  const { syncCatalogToStripe } = await import("@/lib/billing/catalog-sync");
  const { handledEventTypesList } = await import("@/lib/billing/webhook-event-list");
  const { changes } = await syncCatalogToStripe(getStripe());
  const target = env.STRIPE_SECRET_KEY ? "Your Stripe account" : `The Stripe emulator at ${env.STRIPE_EMULATOR_URL}`;
  console.log(
    changes.length === 0
      ? `${target} already matches the plan catalog; nothing changed.`
      : `${target} now matches the plan catalog:\n${changes.map((change) => `  - ${change}`).join("\n")}`,
  );
  if (env.STRIPE_SECRET_KEY) {
    console.log(`
Webhooks: Stripe must reach POST ${env.APP_URL ?? `http://localhost:${env.PORT}`}/api/webhooks/stripe.
  - In development: stripe listen --forward-to localhost:${env.PORT}/api/webhooks/stripe
    and put the whsec_... it prints in STRIPE_WEBHOOK_SECRET.
  - In production: add an endpoint in the Stripe dashboard (Developers > Webhooks) with these
    events (\`npm run stripe:events\` prints them) and put its signing secret in STRIPE_WEBHOOK_SECRET:
${handledEventTypesList()
  .map((type) => `      ${type}`)
  .join("\n")}`);
  }
} catch (error) {
  exitWith(error);
}
