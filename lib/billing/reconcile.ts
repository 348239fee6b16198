// Webhooks can be lost for good (an endpoint down past Stripe's retries, a
// secret rotated wrongly). Re-syncing every customer from Stripe repairs any
// drift; run it from a scheduler (`npm run billing:reconcile`), e.g. nightly.
import "server-only";
import { syncCustomer, type SyncDeps } from "./sync";

export type ReconcileReport = { customers: number; failed: Array<{ customerId: string; error: string }> };

export async function reconcileAllCustomers(deps: SyncDeps, batchSize = 100): Promise<ReconcileReport> {
  const report: ReconcileReport = { customers: 0, failed: [] };
  let cursor: string | undefined;
  for (;;) {
    const users = await deps.db.user.findMany({
      where: { stripeCustomerId: { not: null }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, stripeCustomerId: true },
    });
    if (users.length === 0) return report;
    for (const user of users) {
      try {
        await syncCustomer(deps, user.stripeCustomerId!);
        report.customers += 1;
      } catch (error) {
        // One broken customer must not stop the others.
        report.failed.push({
          customerId: user.stripeCustomerId!,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    cursor = users.at(-1)!.id;
  }
}
