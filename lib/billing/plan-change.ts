// Changing plan or interval in the app: a preview of what Stripe will charge,
// then the change itself.
// - Upgrades apply at once; prorations are invoiced at once (always_invoice),
//   so the preview's "due now" is what the card is charged on confirmation.
//   A change during a trial ends the trial: the trial was for the plan chosen
//   at sign-up, not a way to try every plan for free.
// - Downgrades apply at the period end when the catalog says so
//   (downgradesTakeEffect), through a subscription schedule: nothing is
//   charged or credited now, and the user keeps what they paid for.
// - A plan chosen while a cancellation is pending resumes the subscription
//   and changes it: choosing a plan is asking to stay. The preview says so
//   (pendingCancellationAt), and so does a scheduled change it replaces
//   (pendingChange). The Customer Portal asks to "Renew" first instead;
//   both end with a renewing subscription on the chosen plan.
import "server-only";
import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { formatDate } from "@/components/format-date";
import { LIVE_STATUSES } from "./access";
import { BillingInputError } from "./checkout";
import { downgradesTakeEffect, isDowngrade, type BillingInterval, type Plan } from "./plans";
import { resolvePrice, type ResolvedPrice } from "./prices";
import { syncCustomer } from "./sync";

type Deps = { db: PrismaClient; stripe: Stripe; graceDays: number };
type Choice = { plan: Plan; interval: BillingInterval };

export type PlanChangePreview = {
  currentPlanId: string;
  currentInterval: BillingInterval;
  /** "now": charged (or credited) on confirmation; "period-end": switched by Stripe at nextInvoiceDate. */
  timing: "now" | "period-end";
  amountDueNow: number;
  nextInvoiceAmount: number;
  nextInvoiceDate: Date;
  currency: string;
  endsTrial: boolean;
  /** The subscription is set to end then; the change resumes it. */
  pendingCancellationAt: Date | null;
  /** A change already scheduled; the new choice replaces it. */
  pendingChange: { planId: string; interval: BillingInterval; at: Date } | null;
};

const PRORATION = "always_invoice" as const;

async function ownLiveSubscription(deps: Deps, userId: string) {
  const row = await deps.db.subscription.findFirst({
    where: { userId, status: { in: [...LIVE_STATUSES] } },
    orderBy: { updatedAt: "desc" },
    select: {
      id: true,
      planId: true,
      interval: true,
      scheduledPlanId: true,
      scheduledInterval: true,
      scheduledChangeAt: true,
      user: { select: { stripeCustomerId: true } },
    },
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

type Owned = Awaited<ReturnType<typeof ownLiveSubscription>>;

function changeTiming(owned: Owned, choice: Choice): "now" | "period-end" {
  const downgrade = isDowngrade(owned.row, { planId: choice.plan.id, interval: choice.interval });
  return downgrade && downgradesTakeEffect === "period-end" ? "period-end" : "now";
}

async function priceFor(deps: Deps, owned: Owned, choice: Choice): Promise<ResolvedPrice> {
  const price = await resolvePrice(deps.stripe, choice.plan.id, choice.interval);
  if (price.priceId === owned.item.price.id)
    throw new BillingInputError(
      owned.subscription.cancel_at_period_end
        ? `You are already on ${choice.plan.name} (${choice.interval}ly), set to end on ${formatDate(new Date(owned.item.current_period_end * 1000))}. Renew it in the billing portal to keep it.`
        : `You are already on ${choice.plan.name} (${choice.interval}ly).`,
    );
  return price;
}

export async function previewPlanChange(deps: Deps, userId: string, choice: Choice): Promise<PlanChangePreview> {
  const owned = await ownLiveSubscription(deps, userId);
  const { row, subscription, item, customerId } = owned;
  const price = await priceFor(deps, owned, choice);
  const periodEnd = new Date(item.current_period_end * 1000);
  const base = {
    currentPlanId: row.planId,
    currentInterval: row.interval,
    currency: price.currency,
    pendingCancellationAt: subscription.cancel_at_period_end ? periodEnd : null,
    pendingChange:
      row.scheduledPlanId && row.scheduledInterval && row.scheduledChangeAt
        ? { planId: row.scheduledPlanId, interval: row.scheduledInterval, at: row.scheduledChangeAt }
        : null,
  };

  if (changeTiming(owned, choice) === "period-end") {
    return {
      ...base,
      timing: "period-end",
      amountDueNow: 0,
      nextInvoiceAmount: price.amount,
      nextInvoiceDate: periodEnd,
      endsTrial: false,
    };
  }
  const endsTrial = subscription.status === "trialing";
  const preview = await deps.stripe.invoices.createPreview({
    customer: customerId,
    subscription: subscription.id,
    subscription_details: {
      items: [{ id: item.id, price: price.priceId }],
      proration_behavior: PRORATION,
      ...(endsTrial ? { trial_end: "now" as const } : {}),
    },
  });
  // Ending a trial or changing the interval starts a new period now (Stripe's
  // now: the preview's creation time); otherwise the period runs on.
  const restarts = endsTrial || choice.interval !== row.interval;
  return {
    ...base,
    timing: "now",
    amountDueNow: preview.amount_due,
    nextInvoiceAmount: price.amount,
    nextInvoiceDate: restarts ? addInterval(new Date(preview.created * 1000), choice.interval) : periodEnd,
    endsTrial,
  };
}

export async function changePlan(deps: Deps, userId: string, choice: Choice): Promise<void> {
  const owned = await ownLiveSubscription(deps, userId);
  const { subscription, item, customerId } = owned;
  const price = await priceFor(deps, owned, choice);
  // A new choice replaces a pending one.
  await releasePendingChange(deps.stripe, subscription);

  if (changeTiming(owned, choice) === "period-end") {
    // Resume first: a schedule would otherwise end with the subscription.
    if (subscription.cancel_at_period_end)
      await deps.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    await scheduleAtPeriodEnd(deps.stripe, subscription, item, price.priceId, choice.interval);
  } else {
    await updateOrExplainDecline(deps.stripe, subscription.id, {
      items: [{ id: item.id, price: price.priceId }],
      proration_behavior: PRORATION,
      // A declined proration rejects the change instead of granting the new plan
      // on an unpaid invoice (and its past_due grace period).
      payment_behavior: "error_if_incomplete",
      cancel_at_period_end: false,
      ...(subscription.status === "trialing" ? { trial_end: "now" as const } : {}),
      metadata: { userId, planId: choice.plan.id },
    });
  }
  await syncCustomer(deps, customerId);
}

/** "Keep my plan": drops a scheduled downgrade. */
export async function cancelPendingChange(deps: Deps, userId: string): Promise<void> {
  const { subscription, customerId } = await ownLiveSubscription(deps, userId);
  if (!(await releasePendingChange(deps.stripe, subscription)))
    throw new BillingInputError("There is no pending plan change to cancel.");
  await syncCustomer(deps, customerId);
}

async function releasePendingChange(stripe: Stripe, subscription: Stripe.Subscription): Promise<boolean> {
  const schedule = typeof subscription.schedule === "string" ? subscription.schedule : subscription.schedule?.id;
  if (!schedule) return false;
  await stripe.subscriptionSchedules.release(schedule);
  return true;
}

/** Two phases: the current price until the period end, then the new one; then the schedule lets go. */
async function scheduleAtPeriodEnd(
  stripe: Stripe,
  subscription: Stripe.Subscription,
  item: Stripe.SubscriptionItem,
  priceId: string,
  interval: BillingInterval,
) {
  // No idempotency key: after "keep my plan" the same downgrade may be chosen
  // again within a day. A concurrent second schedule is refused by Stripe.
  const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
  const current = schedule.phases[0]!;
  await stripe.subscriptionSchedules.update(schedule.id, {
    end_behavior: "release",
    phases: [
      {
        items: [{ price: item.price.id, quantity: item.quantity ?? 1 }],
        start_date: current.start_date,
        end_date: current.end_date,
      },
      { items: [{ price: priceId, quantity: item.quantity ?? 1 }], duration: { interval, interval_count: 1 } },
    ],
  });
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

function addInterval(date: Date, interval: BillingInterval): Date {
  const next = new Date(date);
  if (interval === "year") next.setUTCFullYear(next.getUTCFullYear() + 1);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
}
