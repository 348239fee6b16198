// Changing plan or interval in the app: a preview of what Stripe will charge,
// then the change itself. Prorations are invoiced at once (always_invoice), so
// the preview's "due now" is what the card is charged on confirmation.
import "server-only";
import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { LIVE_STATUSES } from "./access";
import { BillingInputError } from "./checkout";
import type { BillingInterval, Plan } from "./plans";
import { resolvePrice } from "./prices";
import { syncCustomer } from "./sync";

type Deps = { db: PrismaClient; stripe: Stripe; graceDays: number };
type Choice = { plan: Plan; interval: BillingInterval };

export type PlanChangePreview = {
  currentPlanId: string;
  currentInterval: BillingInterval;
  amountDueNow: number;
  nextInvoiceAmount: number;
  nextInvoiceDate: Date;
  currency: string;
};

const PRORATION = "always_invoice" as const;

async function ownLiveSubscription(deps: Deps, userId: string) {
  const row = await deps.db.subscription.findFirst({
    where: { userId, status: { in: [...LIVE_STATUSES] } },
    orderBy: { updatedAt: "desc" },
    select: { id: true, planId: true, interval: true, user: { select: { stripeCustomerId: true } } },
  });
  if (!row?.user.stripeCustomerId)
    throw new BillingInputError("You have no subscription to change: choose a plan on the pricing page.");
  const subscription = await deps.stripe.subscriptions.retrieve(row.id);
  const item = subscription.items.data[0];
  // Our row names the subscription; Stripe confirms it is this user's customer.
  if (!item || subscription.customer !== row.user.stripeCustomerId)
    throw new BillingInputError("That subscription is not yours.");
  return { row, subscription, item, customerId: row.user.stripeCustomerId };
}

export async function previewPlanChange(deps: Deps, userId: string, choice: Choice): Promise<PlanChangePreview> {
  const { row, subscription, item, customerId } = await ownLiveSubscription(deps, userId);
  const price = await resolvePrice(deps.stripe, choice.plan.id, choice.interval);
  if (price.priceId === item.price.id)
    throw new BillingInputError(`You are already on ${choice.plan.name} (${choice.interval}ly).`);
  const preview = await deps.stripe.invoices.createPreview({
    customer: customerId,
    subscription: subscription.id,
    subscription_details: { items: [{ id: item.id, price: price.priceId }], proration_behavior: PRORATION },
  });
  return {
    currentPlanId: row.planId,
    currentInterval: row.interval,
    amountDueNow: preview.amount_due,
    nextInvoiceAmount: price.amount,
    nextInvoiceDate: new Date((choice.interval === row.interval ? item.current_period_end : preview.period_end) * 1000),
    currency: price.currency,
  };
}

export async function changePlan(deps: Deps, userId: string, choice: Choice): Promise<void> {
  const { subscription, item, customerId } = await ownLiveSubscription(deps, userId);
  const price = await resolvePrice(deps.stripe, choice.plan.id, choice.interval);
  await updateOrExplainDecline(deps.stripe, subscription.id, {
    items: [{ id: item.id, price: price.priceId }],
    proration_behavior: PRORATION,
    // A declined proration rejects the change instead of granting the new plan
    // on an unpaid invoice (and its past_due grace period).
    payment_behavior: "error_if_incomplete",
    cancel_at_period_end: false,
    metadata: { userId, planId: choice.plan.id },
  });
  await syncCustomer(deps, customerId);
}

async function updateOrExplainDecline(stripe: Stripe, id: string, params: Stripe.SubscriptionUpdateParams) {
  try {
    await stripe.subscriptions.update(id, params);
  } catch (error) {
    if ((error as { type?: string }).type === "StripeCardError") {
      throw new BillingInputError(
        `Your card was declined (${(error as Error).message}) and your plan was not changed. Update your card in the billing portal and try again.`,
      );
    }
    throw error;
  }
}
