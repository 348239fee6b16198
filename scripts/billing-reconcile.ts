// `npm run billing:reconcile`: re-syncs every customer's subscriptions from
// Stripe. Exits 1 when any customer failed, so a scheduler notices.
import { exitWith, loadEnvOrExit } from "./load-env";

await loadEnvOrExit();
try {
  const { billingDeps } = await import("@/lib/billing/app-deps");
  const { reconcileAllCustomers } = await import("@/lib/billing/reconcile");
  const report = await reconcileAllCustomers(billingDeps());
  console.log(`Re-synced ${report.customers} customer(s) from Stripe; ${report.failed.length} failed.`);
  for (const failure of report.failed) console.error(`  ${failure.customerId}: ${failure.error}`);
  process.exit(report.failed.length === 0 ? 0 : 1);
} catch (error) {
  exitWith(error);
}
