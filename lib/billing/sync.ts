// syncCustomer(): the only writer of billing state. Whatever happened (a
// webhook, a return from Checkout, a plan change), it re-reads the customer's
// subscriptions from Stripe and rewrites our copy and the user's tier in one
// transaction. So duplicates, retries and events arriving out of order or late
// cannot leave a stale state: the last sync always reflects Stripe now.
import "server-only";
import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { accessFor, type SubscriptionStatus } from "./access";
import { plans, type BillingInterval } from "./plans";

export type SyncDeps = { db: PrismaClient; stripe: Stripe; graceDays: number; now?: () => Date };

export type SyncOutcome =
  | { kind: "synced"; userId: string; tier: string; subscriptions: number }
  | { kind: "duplicate" }
  | { kind: "unknown-customer" };

const PLAN_METADATA_KEY = "tollgate_plan";

/**
 * Re-reads `customerId` from Stripe and stores it. With `eventId`, the event
 * is marked processed in the same transaction, and an event already processed
 * (a duplicate, even a concurrent one) changes nothing.
 */
export async function syncCustomer(
  deps: SyncDeps,
  customerId: string,
  options: { eventId?: string } = {},
): Promise<SyncOutcome> {
  const { db, stripe } = deps;
  const now = deps.now?.() ?? new Date();
  return db.$transaction(
    async (tx) => {
      // Syncs of one customer run one after another, and each reads Stripe
      // after the previous one committed: the last writer has the latest truth.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${customerId}))`;
      if (options.eventId) {
        const [event] = await tx.$queryRaw<Array<{ processedAt: Date | null }>>`
          SELECT "processedAt" FROM "StripeEvent" WHERE "id" = ${options.eventId} FOR UPDATE`;
        if (event?.processedAt) return { kind: "duplicate" } as const;
      }
      const markProcessed = async () => {
        if (options.eventId) {
          await tx.stripeEvent.update({ where: { id: options.eventId }, data: { processedAt: now } });
        }
      };

      const user = await findOwner(tx as unknown as PrismaClient, stripe, customerId);
      if (!user) {
        // Not one of ours (another app on the same Stripe account): acknowledge.
        await markProcessed();
        return { kind: "unknown-customer" } as const;
      }

      const data: Stripe.Subscription[] = [];
      for await (const subscription of stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100 })) {
        data.push(subscription);
      }
      const existing = new Map(
        (
          await tx.subscription.findMany({
            where: { userId: user.id },
            select: { id: true, status: true, pastDueSince: true },
          })
        ).map((row) => [row.id, row]),
      );
      const rows = data.flatMap((subscription) => {
        const row = toRow(subscription, user.id, existing.get(subscription.id), now);
        // One subscription we cannot represent (no item, a weekly price made in
        // the dashboard) must not block every later sync of this customer.
        if (!row) console.error(`Skipping subscription ${subscription.id}: not a monthly or yearly catalog price`);
        return row ? [row] : [];
      });
      for (const row of rows) {
        await tx.subscription.upsert({ where: { id: row.id }, create: row, update: row });
      }
      await tx.subscription.deleteMany({ where: { userId: user.id, id: { notIn: rows.map((row) => row.id) } } });

      const tier = accessFor(rows, now, deps.graceDays).plan.id;
      await tx.user.update({ where: { id: user.id }, data: { tier } });
      await markProcessed();
      return { kind: "synced", userId: user.id, tier, subscriptions: rows.length } as const;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

async function findOwner(db: PrismaClient, stripe: Stripe, customerId: string): Promise<{ id: string } | null> {
  const linked = await db.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  if (linked) return linked;
  // The customer was created but storing its id failed: it names its user.
  const customer = await stripe.customers.retrieve(customerId);
  const userId = customer.deleted ? undefined : customer.metadata.userId;
  if (!userId) return null;
  const updated = await db.user.updateMany({
    where: { id: userId, stripeCustomerId: null },
    data: { stripeCustomerId: customerId },
  });
  return updated.count === 1 ? { id: userId } : null;
}

function toRow(
  subscription: Stripe.Subscription,
  userId: string,
  previous: { status: string; pastDueSince: Date | null } | undefined,
  now: Date,
) {
  const item = subscription.items.data[0];
  const interval = item?.price.recurring?.interval;
  if (!item || (interval !== "month" && interval !== "year")) return null;
  const status = subscription.status as SubscriptionStatus;
  return {
    id: subscription.id,
    userId,
    status,
    priceId: item.price.id,
    planId: planIdOf(item.price),
    interval: interval as BillingInterval,
    // At this API version the billing period lives on the items.
    currentPeriodEnd: new Date(item.current_period_end * 1000),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    trialEnd: subscription.trial_end ? new Date(subscription.trial_end * 1000) : null,
    pastDueSince:
      status === "past_due" ? ((previous?.status === "past_due" ? previous.pastDueSince : null) ?? now) : null,
  };
}

/** Lookup key first (the catalog's name for the price); then the metadata stripe:setup stamps on every price it creates, which outlives a moved key. */
function planIdOf(price: Stripe.Price): string {
  const byKey = plans.find((plan) =>
    Object.values(plan.prices ?? {}).some((candidate) => candidate.lookupKey === price.lookup_key),
  );
  return byKey?.id ?? price.metadata?.[PLAN_METADATA_KEY] ?? "unknown";
}
