// Replacing the saved card on our own billing page: the Payment Element
// confirms a SetupIntent (usage off_session) for the user's own customer;
// applyNewCard() then makes that card the default for future invoices and
// for the live subscription, and pays a past-due subscription's open invoice
// with it. Access follows through the normal sync, as after any payment.
import "server-only";
import type Stripe from "stripe";
import { BillingInputError } from "@/lib/billing/checkout";
import { syncCustomer, type SyncDeps } from "@/lib/billing/sync";

// A subscription in these statuses is waiting for the money of an open invoice.
const AWAITING_PAYMENT: readonly Stripe.Subscription.Status[] = ["past_due", "unpaid", "incomplete"];
const ENDED: readonly Stripe.Subscription.Status[] = ["canceled", "incomplete_expired"];

/** The client secret of a new SetupIntent on the user's own customer. */
export async function startCardUpdate(
  deps: SyncDeps,
  user: { id: string; stripeCustomerId: string | null },
): Promise<{ clientSecret: string }> {
  if (!user.stripeCustomerId) {
    throw new BillingInputError("You have no billing account yet: a card is saved when you first subscribe or buy.");
  }
  const setupIntent = await deps.stripe.setupIntents.create({
    customer: user.stripeCustomerId,
    usage: "off_session",
    automatic_payment_methods: { enabled: true },
    metadata: { userId: user.id },
  });
  if (!setupIntent.client_secret) throw new Error(`SetupIntent ${setupIntent.id} has no client secret`);
  return { clientSecret: setupIntent.client_secret };
}

export type CardUpdateOutcome =
  | { kind: "updated"; paidInvoice: boolean }
  | { kind: "saved-payment-failed"; message: string }
  | { kind: "not-confirmed"; message: string | null };

/**
 * Makes the card of a succeeded SetupIntent the customer's default and the
 * live subscription's, and pays what that subscription owes. Safe to repeat:
 * a paid invoice is no longer open. Null when the SetupIntent is not this
 * user's (shown as not found).
 */
export async function applyNewCard(
  deps: SyncDeps,
  user: { id: string; stripeCustomerId: string | null },
  setupIntentId: string,
): Promise<CardUpdateOutcome | null> {
  const setupIntent = await retrieveOwnSetupIntent(deps.stripe, user, setupIntentId);
  if (!setupIntent) return null;
  if (setupIntent.status !== "succeeded") {
    return { kind: "not-confirmed", message: setupIntent.last_setup_error?.message ?? null };
  }
  const paymentMethod =
    typeof setupIntent.payment_method === "string" ? setupIntent.payment_method : setupIntent.payment_method?.id;
  const customer = user.stripeCustomerId!;
  if (!paymentMethod) return { kind: "not-confirmed", message: null };

  const { stripe } = deps;
  await stripe.customers.update(customer, { invoice_settings: { default_payment_method: paymentMethod } });
  const { data: subscriptions } = await stripe.subscriptions.list({ customer, status: "all", limit: 100 });
  let paidInvoice = false;
  let failure: string | null = null;
  for (const subscription of subscriptions.filter((candidate) => !ENDED.includes(candidate.status))) {
    await stripe.subscriptions.update(subscription.id, { default_payment_method: paymentMethod });
    if (!AWAITING_PAYMENT.includes(subscription.status)) continue;
    const { data: open } = await stripe.invoices.list({ subscription: subscription.id, status: "open", limit: 10 });
    for (const invoice of open) {
      try {
        await stripe.invoices.pay(invoice.id, { payment_method: paymentMethod });
        paidInvoice = true;
      } catch (error) {
        // A card error is the user's to fix (Stripe's message says how); anything else is ours.
        if ((error as { type?: string }).type !== "StripeCardError") throw error;
        failure = (error as Error).message;
      }
    }
  }
  await syncCustomer(deps, customer);
  return failure ? { kind: "saved-payment-failed", message: failure } : { kind: "updated", paidInvoice };
}

/** The SetupIntent, only if it was made for this user's own customer. */
export async function retrieveOwnSetupIntent(
  stripe: Stripe,
  user: { id: string; stripeCustomerId: string | null },
  setupIntentId: string,
): Promise<Stripe.SetupIntent | null> {
  if (!/^seti_[A-Za-z0-9_]+$/.test(setupIntentId) || !user.stripeCustomerId) return null;
  const setupIntent = await stripe.setupIntents.retrieve(setupIntentId).catch((error: { statusCode?: number }) => {
    if (error.statusCode === 404) return null;
    throw error;
  });
  if (!setupIntent) return null;
  const customer = typeof setupIntent.customer === "string" ? setupIntent.customer : setupIntent.customer?.id;
  return customer === user.stripeCustomerId && setupIntent.metadata?.userId === user.id ? setupIntent : null;
}

/** What the user is told after a card update (the billing page and its return page say the same). */
export function cardUpdateMessage(outcome: CardUpdateOutcome | null): { message: string; ok: boolean } {
  if (!outcome) return { ok: false, message: "That card update is not one of yours." };
  switch (outcome.kind) {
    case "updated":
      return {
        ok: true,
        message: outcome.paidInvoice
          ? "Your card was updated and your overdue invoice is paid."
          : "Your card was updated. Future payments use it.",
      };
    case "saved-payment-failed":
      return { ok: false, message: `Your card was saved, but paying your overdue invoice failed: ${outcome.message}` };
    case "not-confirmed":
      return { ok: false, message: outcome.message ?? "Your card was not confirmed. Nothing was changed." };
  }
}
