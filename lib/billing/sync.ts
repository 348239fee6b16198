// syncCustomer(): the only writer of billing state. Whatever happened (a
// webhook, a return from Checkout, a plan change), it re-reads the customer's
// subscriptions and invoices from Stripe and rewrites our copy and the user's
// tier in one transaction. So duplicates, retries and events arriving out of order or late
// cannot leave a stale state: the last sync always reflects Stripe now.
//
// Stripe is read before the transaction, so no database connection waits on
// Stripe. Ordering comes from a ticket taken before the read: a sync may only
// write over an older ticket's result, so of two racing syncs the one that
// started reading later (and so saw the later Stripe) always ends on top.
import "server-only";
import type Stripe from "stripe";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { accessFor, type SubscriptionStatus } from "./access";
import { readInvoiceRows, storeInvoices } from "./invoices";
import { plans, type BillingInterval } from "./plans";
import type { AuditActor } from "@/lib/audit";
import { readBillingSnapshot, recordBillingChanges } from "./sync-audit";

export type SyncDeps = { db: PrismaClient; stripe: Stripe; graceDays: number; now?: () => Date };

export type SyncOutcome =
  | { kind: "synced"; userId: string; tier: string; subscriptions: number }
  /** A sync that read Stripe later already stored its result. */
  | { kind: "superseded"; userId: string }
  | { kind: "unknown-customer" };

export type SyncTransaction = Prisma.TransactionClient;
export type SubscriptionRow = NonNullable<Awaited<ReturnType<typeof toRow>>>;
/** What a sync read: the customer's user (null when not one of ours) and its subscriptions as stored. */
export type SyncedCustomer = { customerId: string; user: { id: string } | null; subscriptions: SubscriptionRow[] };

const PLAN_METADATA_KEY = "tollgate_plan";

/**
 * Re-reads `customerId` from Stripe and stores it. `inTransaction` runs in the
 * same transaction as the writes, after them (the webhook inbox marks the
 * events this sync covers as processed there, and records the emails they
 * make due), so either all of it commits or none does.
 */
export async function syncCustomer(
  deps: SyncDeps,
  customerId: string,
  options: {
    inTransaction?: (tx: SyncTransaction, synced: SyncedCustomer) => Promise<void>;
    /** Who caused the sync, for the audit rows of what it changes: the Stripe event, else the system. */
    actor?: AuditActor;
    /** An operator's action records the change in its own single audit row, in `inTransaction`. */
    auditedByCaller?: boolean;
  } = {},
): Promise<SyncOutcome> {
  const { db, stripe } = deps;
  const now = deps.now?.() ?? new Date();

  const [taken] = await db.$queryRaw<Array<{ ticket: bigint }>>`SELECT nextval('"BillingSyncTicket"') AS "ticket"`;
  const ticket = taken!.ticket;
  const user = await findOwner(db, stripe, customerId);
  // Two independent list reads, side by side.
  const [rows, invoices] = user
    ? await Promise.all([
        readSubscriptionRows(stripe, customerId, user.id),
        readInvoiceRows(stripe, customerId, user.id),
      ])
    : [[], []];
  const tier = accessFor(rows, now, deps.graceDays).plan.id;

  return db.$transaction(
    async (tx) => {
      const finish = () => options.inTransaction?.(tx, { customerId, user, subscriptions: rows });
      // Not one of ours (another app on the same Stripe account): acknowledge.
      if (!user) {
        await finish();
        return { kind: "unknown-customer" } as const;
      }

      // The upsert also locks the user's ticket row: writers of one customer
      // go one at a time, and only a later reader may write.
      const claimed = await tx.$executeRaw`
        INSERT INTO "BillingSync" ("userId", "ticket") VALUES (${user.id}, ${ticket})
        ON CONFLICT ("userId") DO UPDATE SET "ticket" = EXCLUDED."ticket" WHERE "BillingSync"."ticket" < EXCLUDED."ticket"`;
      if (claimed === 1) {
        const before = await readBillingSnapshot(tx, user.id);
        await tx.user.update({ where: { id: user.id }, data: { tier } });
        for (const row of rows) {
          await tx.subscription.upsert({ where: { id: row.id }, create: row, update: row });
        }
        await tx.subscription.deleteMany({ where: { userId: user.id, id: { notIn: rows.map((row) => row.id) } } });
        await storeInvoices(tx, user.id, invoices);
        if (!options.auditedByCaller) {
          await recordBillingChanges(tx, options.actor ?? { kind: "system" }, user.id, before, {
            tier,
            subscriptions: rows,
          });
        }
      }
      await finish();
      return claimed === 1
        ? ({ kind: "synced", userId: user.id, tier, subscriptions: rows.length } as const)
        : ({ kind: "superseded", userId: user.id } as const);
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

async function readSubscriptionRows(stripe: Stripe, customerId: string, userId: string): Promise<SubscriptionRow[]> {
  const rows: SubscriptionRow[] = [];
  // The card comes along in the same read: the subscription's own default
  // payment method, or the customer's that Stripe charges when it has none.
  const list = stripe.subscriptions.list({
    customer: customerId,
    status: "all",
    limit: 100,
    expand: ["data.default_payment_method", "data.customer.invoice_settings.default_payment_method"],
  });
  for await (const subscription of list) {
    const row = await toRow(stripe, subscription, userId);
    // One subscription we cannot represent (no item, a weekly price made in
    // the dashboard) must not block every later sync of this customer.
    if (row) rows.push(row);
    else console.error(`Skipping subscription ${subscription.id}: not a monthly or yearly catalog price`);
  }
  return rows;
}

async function toRow(stripe: Stripe, subscription: Stripe.Subscription, userId: string) {
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
    pastDueSince: status === "past_due" ? await paymentFailedAt(stripe, subscription) : null,
    ...cardOf(subscription),
    ...(await scheduledChange(stripe, subscription)),
  };
}

/** Brand, last four and expiry of the card the subscription charges (expanded by the list read). */
function cardOf(subscription: Stripe.Subscription) {
  const customer = subscription.customer;
  const customerDefault =
    typeof customer === "object" && !customer.deleted ? customer.invoice_settings.default_payment_method : null;
  const method = subscription.default_payment_method ?? customerDefault;
  const card = typeof method === "object" ? method?.card : undefined;
  return {
    cardBrand: card?.brand ?? null,
    cardLast4: card?.last4 ?? null,
    cardExpMonth: card?.exp_month ?? null,
    cardExpYear: card?.exp_year ?? null,
  };
}

/**
 * The change a subscription schedule will make next (a downgrade at the period
 * end), so the billing page can say so. Only scheduled subscriptions pay for
 * this extra read, which brings the phases' prices along.
 */
async function scheduledChange(stripe: Stripe, subscription: Stripe.Subscription) {
  const none = { scheduledPlanId: null, scheduledInterval: null, scheduledChangeAt: null };
  const scheduleId = typeof subscription.schedule === "string" ? subscription.schedule : subscription.schedule?.id;
  if (!scheduleId) return none;
  const schedule = await stripe.subscriptionSchedules.retrieve(scheduleId, { expand: ["phases.items.price"] });
  const currentEnd = schedule.current_phase?.end_date;
  const next = schedule.phases.find((phase) => currentEnd !== undefined && phase.start_date >= currentEnd);
  const price = next?.items[0]?.price;
  if (!next || !price || typeof price === "string" || "deleted" in price) return none;
  const interval = price.recurring?.interval;
  if (interval !== "month" && interval !== "year") return none;
  return {
    scheduledPlanId: planIdOf(price),
    scheduledInterval: interval as BillingInterval,
    scheduledChangeAt: new Date(next.start_date * 1000),
  };
}

/**
 * When the payment that made the subscription past_due was asked for: the
 * unpaid latest invoice's creation. The grace period runs from it, however
 * late we hear of it. Only past_due subscriptions pay for this extra read.
 */
async function paymentFailedAt(stripe: Stripe, subscription: Stripe.Subscription): Promise<Date> {
  const latest = subscription.latest_invoice;
  if (!latest) return new Date(subscription.created * 1000);
  const invoice = typeof latest === "string" ? await stripe.invoices.retrieve(latest) : latest;
  return new Date(invoice.created * 1000);
}

/** Lookup key first (the catalog's name for the price); then the metadata stripe:setup stamps on every price it creates, which outlives a moved key. */
function planIdOf(price: Stripe.Price): string {
  const byKey = plans.find((plan) =>
    Object.values(plan.prices ?? {}).some((candidate) => candidate.lookupKey === price.lookup_key),
  );
  return byKey?.id ?? price.metadata?.[PLAN_METADATA_KEY] ?? "unknown";
}
