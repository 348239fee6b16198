// The server-side gate. Premium pages, route handlers and server actions ask
// here, on every request, from the subscription rows syncCustomer() keeps;
// proxy.ts is never the check that counts.
import "server-only";
import { cache } from "react";
import { getCurrentUser, requireUser, type CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { accessFor, needsResync, type Access, type SubscriptionStatus } from "./access";
import { billingDeps } from "./app-deps";
import { syncCustomer } from "./sync";
import type { BillingInterval, Entitlement } from "./plans";

export type BillingSubscription = {
  id: string;
  status: SubscriptionStatus;
  planId: string;
  interval: BillingInterval;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  pastDueSince: Date | null;
  scheduledPlanId: string | null;
  scheduledInterval: BillingInterval | null;
  scheduledChangeAt: Date | null;
  cardBrand: string | null;
  cardLast4: string | null;
  cardExpMonth: number | null;
  cardExpYear: number | null;
};

export type BillingState = { access: Access; subscriptions: BillingSubscription[] };

/** The subscription columns the billing pages (and /admin's user page) show. */
export const subscriptionFields = {
  id: true,
  status: true,
  planId: true,
  interval: true,
  currentPeriodEnd: true,
  cancelAtPeriodEnd: true,
  trialEnd: true,
  pastDueSince: true,
  scheduledPlanId: true,
  scheduledInterval: true,
  scheduledChangeAt: true,
  cardBrand: true,
  cardLast4: true,
  cardExpMonth: true,
  cardExpYear: true,
  updatedAt: true,
} as const;

function readSubscriptions(userId: string) {
  return db.subscription.findMany({ where: { userId }, orderBy: { updatedAt: "desc" }, select: subscriptionFields });
}

/**
 * The user's subscriptions and what they grant now, read from the database;
 * re-read from Stripe first when a renewal or cancellation was never heard of
 * (a lost webhook), so access does not ride on a period that ended.
 */
export async function loadBillingState(userId: string, stripeCustomerId: string | null): Promise<BillingState> {
  const now = new Date();
  let subscriptions = await readSubscriptions(userId);
  if (stripeCustomerId && needsResync(subscriptions, now)) {
    try {
      await syncCustomer(billingDeps(), stripeCustomerId);
      subscriptions = await readSubscriptions(userId);
    } catch (error) {
      // Stripe unreachable: decide on what we have rather than fail the page.
      console.error(`Re-reading the subscriptions of user ${userId} from Stripe failed:`, error);
    }
  }
  return { access: accessFor(subscriptions, now, env.PAST_DUE_GRACE_DAYS), subscriptions };
}

/** loadBillingState() once per request, however many components ask. */
export const getBillingState = cache(loadBillingState);

export type EntitlementCheck = { user: CurrentUser; billing: BillingState; granted: boolean };

/** For pages: signed-out visitors go to sign-in; the caller renders an upgrade prompt when not granted. */
export async function requireEntitlement(feature: Entitlement, returnTo: string): Promise<EntitlementCheck> {
  const user = await requireUser(returnTo);
  const billing = await getBillingState(user.id, user.stripeCustomerId);
  return { user, billing, granted: billing.access.entitlements.has(feature) };
}

/** For route handlers: a JSON refusal with a machine-readable reason, or the user. */
export async function entitlementForApi(
  feature: Entitlement,
): Promise<
  | { ok: true; user: CurrentUser; billing: BillingState }
  | { ok: false; reason: "unauthenticated"; response: Response }
  | { ok: false; reason: "entitlement_required"; user: CurrentUser; billing: BillingState; response: Response }
> {
  const user = await getCurrentUser();
  if (!user) {
    return {
      ok: false,
      reason: "unauthenticated",
      response: Response.json({ error: "unauthenticated", message: "Sign in first." }, { status: 401 }),
    };
  }
  const billing = await getBillingState(user.id, user.stripeCustomerId);
  if (!billing.access.entitlements.has(feature)) {
    return {
      ok: false,
      reason: "entitlement_required",
      user,
      billing,
      response: Response.json(
        {
          error: "entitlement_required",
          entitlement: feature,
          plan: billing.access.plan.id,
          message: `Your ${billing.access.plan.name} plan does not include ${feature}. Upgrade at /pricing.`,
        },
        { status: 403 },
      ),
    };
  }
  return { ok: true, user, billing };
}
