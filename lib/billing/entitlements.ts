// The server-side gate. Premium pages, route handlers and server actions ask
// here, on every request, from the subscription rows syncCustomer() keeps;
// proxy.ts is never the check that counts.
import "server-only";
import { cache } from "react";
import { getCurrentUser, requireUser, type CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { accessFor, needsResync, type Access } from "./access";
import { billingDeps } from "./app-deps";
import type { Entitlement } from "./plans";
import { readSubscriptions, subscriptionsReadWithSession, type BillingSubscription } from "./subscription-rows";
import { syncCustomer } from "./sync";

export type BillingState = { access: Access; subscriptions: BillingSubscription[] };

/**
 * The user's subscriptions and what they grant now, read from the database
 * at this moment: for a page that has just synced with Stripe, which must
 * not see the rows read with the session before the sync.
 */
export async function loadBillingState(userId: string, stripeCustomerId: string | null): Promise<BillingState> {
  return billingStateOf(userId, stripeCustomerId, await readSubscriptions(db, userId));
}

/**
 * The billing state once per request, however many components ask: from the
 * rows read with the session when this render read them (no query of its
 * own), else from the database.
 */
export const getBillingState = cache(async (userId: string, stripeCustomerId: string | null): Promise<BillingState> =>
  billingStateOf(
    userId,
    stripeCustomerId,
    subscriptionsReadWithSession(userId) ?? (await readSubscriptions(db, userId)),
  ),
);

/**
 * What the `read` subscriptions grant now; re-read from Stripe first when a
 * renewal or cancellation was never heard of (a lost webhook), so access
 * does not ride on a period that ended.
 */
async function billingStateOf(
  userId: string,
  stripeCustomerId: string | null,
  read: BillingSubscription[],
): Promise<BillingState> {
  const now = new Date();
  let subscriptions = read;
  if (stripeCustomerId && needsResync(subscriptions, now)) {
    try {
      await syncCustomer(billingDeps(), stripeCustomerId);
      subscriptions = await readSubscriptions(db, userId);
    } catch (error) {
      // Stripe unreachable: decide on what we have rather than fail the page.
      console.error(`Re-reading the subscriptions of user ${userId} from Stripe failed:`, error);
    }
  }
  return { access: accessFor(subscriptions, now, env.PAST_DUE_GRACE_DAYS), subscriptions };
}

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
