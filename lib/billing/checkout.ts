// Starting a subscription. Plan and interval come from the catalog, URLs from
// APP_URL only, and the customer belongs to the user who asked.
import "server-only";
import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { LIVE_STATUSES, type SubscriptionStatus } from "./access";
import { isFormerSubscriber } from "./former-subscribers";
import { createLive } from "./idempotent-create";
import { billingIntervals, findPlan, type BillingInterval, type Plan } from "./plans";
import { resolvePrice } from "./prices";

export class BillingInputError extends Error {
  override readonly name = "BillingInputError";
}

export type CheckoutUser = { id: string; email: string };
/** Where the customer pays: Stripe's hosted page, or Embedded Checkout on our /checkout page. */
export type CheckoutUi = "hosted" | "embedded";
export type CheckoutResult =
  | { kind: "checkout"; url: string }
  | { kind: "embedded"; clientSecret: string }
  | { kind: "change-plan"; planId: string; interval: BillingInterval }
  | { kind: "fix-payment" };

// A subscription in these statuses is waiting for a payment: the way out is a
// new card (billing page / portal), not a plan change or a second subscription.
const NEEDS_PAYMENT: readonly SubscriptionStatus[] = ["incomplete", "unpaid"];

/** Where a subscriber goes instead of a new checkout: the billing page to fix a payment, or the plan change page. */
export function instead(result: Extract<CheckoutResult, { kind: "change-plan" | "fix-payment" }>): string {
  return result.kind === "fix-payment"
    ? "/account/billing"
    : `/account/billing/change?${new URLSearchParams({ plan: result.planId, interval: result.interval })}`;
}

/** Validates a plan choice from a form against the catalog. */
export function parsePlanChoice(planId: unknown, interval: unknown): { plan: Plan; interval: BillingInterval } {
  const plan = typeof planId === "string" ? findPlan(planId) : undefined;
  if (!plan?.prices)
    throw new BillingInputError(`"${String(planId).slice(0, 40)}" is not a plan you can subscribe to.`);
  if (!billingIntervals.includes(interval as BillingInterval)) {
    throw new BillingInputError(`Billing interval must be "month" or "year", not "${String(interval).slice(0, 20)}".`);
  }
  return { plan, interval: interval as BillingInterval };
}

/** The user's Stripe customer, created once: the idempotency key makes a retry or a race return the same one. */
export async function ensureCustomer(db: PrismaClient, stripe: Stripe, user: CheckoutUser): Promise<string> {
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stripeCustomerId: true } });
  if (stored.stripeCustomerId) return stored.stripeCustomerId;
  const customer = await stripe.customers.create(
    { email: user.email, metadata: { userId: user.id } },
    { idempotencyKey: `tollgate-customer-${user.id}` },
  );
  await db.user.updateMany({ where: { id: user.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  // A concurrent request may have linked first: the stored id is the one that counts.
  const linked = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stripeCustomerId: true } });
  return linked.stripeCustomerId ?? customer.id;
}

export async function startCheckout(
  deps: { db: PrismaClient; stripe: Stripe; appUrl: string; emailHashKey: string },
  user: CheckoutUser,
  choice: { plan: Plan; interval: BillingInterval },
  ui: CheckoutUi = "hosted",
): Promise<CheckoutResult> {
  const { db, stripe, appUrl } = deps;
  const price = await resolvePrice(stripe, choice.plan.id, choice.interval);
  const customer = await ensureCustomer(db, stripe, user);

  // Stripe, not our copy, decides: a subscription whose webhook has not
  // arrived yet must block a second one as surely as a synced one.
  const { data: subscriptions } = await stripe.subscriptions.list({ customer, status: "all", limit: 100 });
  const statuses = subscriptions.map((subscription) => subscription.status as SubscriptionStatus);
  if (statuses.some((status) => NEEDS_PAYMENT.includes(status))) return { kind: "fix-payment" };
  if (statuses.some((status) => LIVE_STATUSES.includes(status))) {
    // Never a second subscription: a subscriber changes the one they have.
    return { kind: "change-plan", planId: choice.plan.id, interval: choice.interval };
  }

  // At most one open Checkout per customer, so two tabs cannot both complete:
  // the same price on the same kind of page reuses its session (a double
  // click, a reload of /checkout), others are expired.
  const { data: open } = await stripe.checkout.sessions.list({
    customer,
    status: "open",
    limit: 100,
    expand: ["data.line_items"],
  });
  for (const session of open) {
    const samePage = (session.ui_mode === "embedded_page") === (ui === "embedded");
    const samePrice = session.line_items?.data[0]?.price?.id === price.priceId && samePage;
    const result = samePrice ? checkoutResult(session) : null;
    if (result) return result;
    await stripe.checkout.sessions.expire(session.id);
  }

  // Trials are for first-time subscribers only, also across a deleted account.
  const firstTime = subscriptions.length === 0 && !(await isFormerSubscriber(db, user.email, deps.emailHashKey));
  const trialDays = choice.plan.trialDays && firstTime ? choice.plan.trialDays : undefined;
  const successUrl = `${appUrl}/billing/success?session_id={CHECKOUT_SESSION_ID}`;
  const create = (idempotencyKey: string) =>
    stripe.checkout.sessions.create(
      {
        mode: "subscription",
        customer,
        client_reference_id: user.id,
        line_items: [{ price: price.priceId, quantity: 1 }],
        metadata: { userId: user.id, planId: choice.plan.id, interval: choice.interval },
        subscription_data: {
          metadata: { userId: user.id, planId: choice.plan.id },
          ...(trialDays ? { trial_period_days: trialDays } : {}),
        },
        allow_promotion_codes: true,
        // Both pages return to the same ownership-checked success page. A
        // session without ui_mode is Stripe's hosted page.
        ...(ui === "embedded"
          ? { ui_mode: "embedded_page", return_url: successUrl }
          : { success_url: successUrl, cancel_url: `${appUrl}/pricing?checkout=cancelled` }),
      },
      { idempotencyKey },
    );
  // Two requests racing past the list above get the same session; a replayed
  // one that has since expired (the user tried another plan and came back)
  // or completed is followed by a fresh one.
  const session = await createLive(
    create,
    `tollgate-checkout-${user.id}-${price.priceId}-${ui}-${Math.floor(Date.now() / 60_000)}`,
    async (created) => (await stripe.checkout.sessions.retrieve(created.id)).status === "open",
  );
  const result = checkoutResult(session);
  if (!result) throw new Error(`Checkout session ${session.id} has neither a URL nor a client secret`);
  return result;
}

/** What the browser needs to pay: the hosted page's URL, or the embedded page's client secret. */
function checkoutResult(session: Stripe.Checkout.Session): CheckoutResult | null {
  if (session.ui_mode === "embedded_page") {
    return session.client_secret ? { kind: "embedded", clientSecret: session.client_secret } : null;
  }
  return session.url ? { kind: "checkout", url: session.url } : null;
}

/** The Checkout Session, only if it belongs to this user; otherwise null (shown as not found). */
export async function retrieveOwnCheckoutSession(
  db: PrismaClient,
  stripe: Stripe,
  userId: string,
  sessionId: string,
): Promise<Stripe.Checkout.Session | null> {
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) return null;
  const [user, session] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } }),
    stripe.checkout.sessions.retrieve(sessionId, { expand: ["line_items"] }).catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return null;
      throw error;
    }),
  ]);
  if (!session || !user?.stripeCustomerId) return null;
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  return session.client_reference_id === userId && customer === user.stripeCustomerId ? session : null;
}
