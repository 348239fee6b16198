// What a user may use, from their subscriptions as Stripe last reported them.
// One pure function, table-tested for every Stripe status (access.test.ts);
// pages, route handlers and actions go through requireEntitlement().
import { findPlan, plans, type Entitlement, type Plan } from "./plans";

export type SubscriptionStatus =
  "incomplete" | "incomplete_expired" | "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "paused";

export type SubscriptionSnapshot = {
  planId: string;
  status: SubscriptionStatus;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  pastDueSince: Date | null;
};

export type Access = {
  plan: Plan;
  entitlements: ReadonlySet<Entitlement>;
  /** Set while access rides on a failed payment's grace period. */
  graceEndsAt: Date | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;
const freePlan = plans.find((plan) => !plan.prices)!;

/** Whether one subscription grants its plan at `now`, and until when if on grace. */
export function subscriptionGrants(
  subscription: SubscriptionSnapshot,
  now: Date,
  graceDays: number,
): { granted: boolean; graceEndsAt: Date | null } {
  switch (subscription.status) {
    case "active":
    case "trialing":
      // Stripe ends a canceling subscription at its period end; access ends
      // then too, without waiting for the deletion webhook.
      return { granted: !(subscription.cancelAtPeriodEnd && now >= subscription.currentPeriodEnd), graceEndsAt: null };
    case "past_due": {
      // Renewal failed: Stripe is retrying the card. Keep access for the grace
      // period so a expired card does not lock a paying customer out at once.
      const since = subscription.pastDueSince ?? now;
      const graceEndsAt = new Date(since.getTime() + graceDays * DAY_MS);
      return { granted: now < graceEndsAt, graceEndsAt };
    }
    case "incomplete": // first payment not made (e.g. authentication pending)
    case "incomplete_expired":
    case "unpaid":
    case "canceled":
    case "paused":
      return { granted: false, graceEndsAt: null };
  }
}

/** The best plan any of the subscriptions grants now; the free plan otherwise. */
export function accessFor(subscriptions: SubscriptionSnapshot[], now: Date, graceDays: number): Access {
  let best: Access = { plan: freePlan, entitlements: new Set(freePlan.entitlements), graceEndsAt: null };
  for (const subscription of subscriptions) {
    const plan = findPlan(subscription.planId);
    if (!plan) continue;
    const { granted, graceEndsAt } = subscriptionGrants(subscription, now, graceDays);
    if (granted && plans.indexOf(plan) > plans.indexOf(best.plan)) {
      best = { plan, entitlements: new Set(plan.entitlements), graceEndsAt };
    }
  }
  return best;
}

const STALE_AFTER_PERIOD_END_MS = 60 * 60 * 1000;
const RESYNC_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Whether our copy is likely behind Stripe: a subscription still renewing is
 * past its period end (an hour's leeway for Stripe's own renewal and the
 * webhook), so the renewal or the cancellation was never heard of. Asked at
 * most once per RESYNC_INTERVAL_MS per subscription, by its last sync time.
 */
export function needsResync(subscriptions: Array<SubscriptionSnapshot & { updatedAt: Date }>, now: Date): boolean {
  return subscriptions.some(
    (subscription) =>
      (subscription.status === "active" || subscription.status === "trialing" || subscription.status === "past_due") &&
      now.getTime() - subscription.currentPeriodEnd.getTime() > STALE_AFTER_PERIOD_END_MS &&
      now.getTime() - subscription.updatedAt.getTime() > RESYNC_INTERVAL_MS,
  );
}

/** Statuses in which a subscription still exists for the customer (no second one may start). */
export const LIVE_STATUSES: readonly SubscriptionStatus[] = [
  "trialing",
  "active",
  "past_due",
  "unpaid",
  "paused",
  "incomplete",
];
