// Starting a subscription. Plan and interval come from the catalog, URLs from
// APP_URL only, and the customer belongs to the user who asked.
import "server-only";
import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { product } from "@/product.config";
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

/**
 * Where a checkout attempt goes next: Stripe's page, our Embedded Checkout
 * page, the plan change preview, or the billing page to fix a card.
 */
export function checkoutDestination(result: CheckoutResult, choice: { plan: Plan; interval: BillingInterval }): string {
  if (result.kind === "checkout") return result.url;
  if (result.kind === "embedded") return checkoutPagePath(choice);
  if (result.kind === "fix-payment") return "/account/billing";
  return `/account/billing/change?${new URLSearchParams({ plan: result.planId, interval: result.interval })}`;
}

/** Our Embedded Checkout page for a plan (app/(app)/checkout). */
export function checkoutPagePath(choice: { plan: Plan; interval: BillingInterval }): string {
  return `/checkout?${new URLSearchParams({ plan: choice.plan.id, interval: choice.interval })}`;
}

/**
 * The address that subscribes to a plan once signed in (app/(app)/billing/subscribe):
 * a plan chosen while signed out rides through sign-in in its callbackUrl.
 */
export function subscribePath(choice: { plan: Plan; interval: BillingInterval }): string {
  return `/billing/subscribe?${new URLSearchParams({ plan: choice.plan.id, interval: choice.interval })}`;
}

// A subscription in these statuses is waiting for a payment: the way out is a
// new card (billing page / portal), not a plan change or a second subscription.
const NEEDS_PAYMENT: readonly SubscriptionStatus[] = ["incomplete", "unpaid"];

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
  return (await customerOf(db, stripe, user)).id;
}

/** `isNew`: created by this call (not a replay), so it has no subscriptions or sessions yet. */
async function customerOf(
  db: PrismaClient,
  stripe: Stripe,
  user: CheckoutUser,
): Promise<{ id: string; isNew: boolean }> {
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stripeCustomerId: true } });
  if (stored.stripeCustomerId) return { id: stored.stripeCustomerId, isNew: false };
  const customer = await stripe.customers.create(
    { email: user.email, metadata: { userId: user.id } },
    { idempotencyKey: `tollgate-customer-${user.id}` },
  );
  await db.user.updateMany({ where: { id: user.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  // A concurrent request may have linked first: the stored id is the one that counts.
  const linked = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stripeCustomerId: true } });
  const id = linked.stripeCustomerId ?? customer.id;
  return { id, isNew: id === customer.id && customer.lastResponse?.headers?.["idempotent-replayed"] !== "true" };
}

/**
 * Subscribe, up to the redirect to Checkout (or the client secret of our
 * Embedded Checkout page), in two sequential rounds of Stripe calls: first the
 * independent reads side by side (the price by lookup key, usually cached; the
 * customer's subscriptions and open sessions), then the session's creation. A
 * brand-new customer has nothing to list, so its first round is the
 * customer's creation. Both pages apply exactly these rules.
 */
export async function startCheckout(
  deps: { db: PrismaClient; stripe: Stripe; appUrl: string; emailHashKey: string },
  user: CheckoutUser,
  choice: { plan: Plan; interval: BillingInterval },
  ui: CheckoutUi = "hosted",
): Promise<CheckoutResult> {
  const { db, stripe, appUrl } = deps;
  const [price, customer] = await Promise.all([
    resolvePrice(stripe, choice.plan.id, choice.interval),
    customerOf(db, stripe, user),
  ]);

  // Stripe, not our copy, decides: a subscription whose webhook has not
  // arrived yet must block a second one as surely as a synced one.
  const [subscriptions, open, formerSubscriber] = await Promise.all([
    customer.isNew
      ? []
      : stripe.subscriptions.list({ customer: customer.id, status: "all", limit: 100 }).then(({ data }) => data),
    customer.isNew
      ? []
      : stripe.checkout.sessions
          .list({ customer: customer.id, status: "open", limit: 100, expand: ["data.line_items"] })
          .then(({ data }) => data),
    isFormerSubscriber(db, user.email, deps.emailHashKey),
  ]);
  const statuses = subscriptions.map((subscription) => subscription.status as SubscriptionStatus);
  if (statuses.some((status) => NEEDS_PAYMENT.includes(status))) return { kind: "fix-payment" };
  if (statuses.some((status) => LIVE_STATUSES.includes(status))) {
    // Never a second subscription: a subscriber changes the one they have.
    return { kind: "change-plan", planId: choice.plan.id, interval: choice.interval };
  }

  // At most one open Checkout per customer, so two tabs cannot both complete:
  // the same price on the same kind of page reuses its session (a double
  // click, a reload of /checkout), others are expired alongside the new
  // session's creation (nobody can pay on them before the redirect, which
  // waits for both).
  const samePage = (session: Stripe.Checkout.Session) => (session.ui_mode === "embedded_page") === (ui === "embedded");
  const reusable = open.find(
    (session) => session.line_items?.data[0]?.price?.id === price.priceId && samePage(session),
  );
  const reused = reusable ? checkoutResult(reusable) : null;
  if (reused) return reused;
  const expired = Promise.all(open.map((session) => stripe.checkout.sessions.expire(session.id)));

  // Trials are for first-time subscribers only, also across a deleted account.
  const firstTime = subscriptions.length === 0 && !formerSubscriber;
  const trialDays = choice.plan.trialDays && firstTime ? choice.plan.trialDays : undefined;
  const successUrl = `${appUrl}/billing/success?session_id={CHECKOUT_SESSION_ID}`;
  const create = (idempotencyKey: string) =>
    stripe.checkout.sessions.create(
      {
        mode: "subscription",
        customer: customer.id,
        client_reference_id: user.id,
        line_items: [{ price: price.priceId, quantity: 1 }],
        metadata: { userId: user.id, planId: choice.plan.id, interval: choice.interval },
        subscription_data: {
          metadata: { userId: user.id, planId: choice.plan.id },
          ...(trialDays ? { trial_period_days: trialDays } : {}),
        },
        allow_promotion_codes: true,
        custom_text: { submit: { message: legalNotice(appUrl) } },
        // Both pages return to the same ownership-checked success page. A
        // session without ui_mode is Stripe's hosted page.
        ...(ui === "embedded"
          ? { ui_mode: "embedded_page", return_url: successUrl }
          : { success_url: successUrl, cancel_url: `${appUrl}/pricing?checkout=canceled` }),
      },
      { idempotencyKey },
    );
  // Two requests racing past the list above get the same session; a replayed
  // one that has since expired (the user tried another plan and came back)
  // or completed is followed by a fresh one.
  const [session] = await Promise.all([
    createLive(
      create,
      `tollgate-checkout-${user.id}-${price.priceId}-${ui}-${Math.floor(Date.now() / 60_000)}`,
      async (created) => (await stripe.checkout.sessions.retrieve(created.id)).status === "open",
    ),
    expired,
  ]);
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

/**
 * Above Checkout's pay button: links to our terms, refund policy and privacy
 * notice (Stripe renders Markdown links there). It only informs; requiring a
 * ticked box (`consent_collection`) needs a terms URL in the account's public
 * details first, so it is left to the dashboard (README, Deploying).
 */
function legalNotice(appUrl: string): string {
  return `By subscribing you agree to the [Terms of service](${appUrl}/terms) and the [Refund policy](${appUrl}/refunds) of ${product.legalEntity}. See our [Privacy notice](${appUrl}/privacy).`;
}
