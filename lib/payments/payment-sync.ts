// The payments sync: our copy of one payment (a PaymentIntent) and its
// refunds, re-read from Stripe after each payment or refund event, after an
// admin's refund, or from the dashboard's refunds through their webhooks.
// Like syncCustomer it trusts only what it reads from Stripe, so duplicate,
// late or out-of-order events all end in Stripe's current state.
//
// A payment is ours when its customer is one of our users and it paid either
// a subscription invoice (found through the invoice's payments: this API
// version has no charge or payment_intent on an invoice) or a one-time
// purchase. Refunding a purchase takes back its credits in proportion to the
// refunded amount, only those still unused: the balance never goes below zero;
// a refund that fails afterwards gives back the credits it took.
import "server-only";
import type Stripe from "stripe";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { findOneTimeProduct } from "@/lib/billing/plans";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { customerOf } from "./purchases";

export type PaymentSyncDeps = { db: PrismaClient; stripe: Stripe };

export type PaymentSyncOutcome =
  | { kind: "synced"; userId: string; amount: number; amountRefunded: number; creditsRemoved: number }
  | { kind: "not-paid" }
  | { kind: "not-ours" };

type PaymentTransaction = Prisma.TransactionClient;

/** The PaymentIntent an event's charge or refund belongs to. */
export function paymentIntentOf(object: Record<string, unknown>): string | null {
  const value = object.payment_intent;
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { id?: unknown }).id === "string") {
    return (value as { id: string }).id;
  }
  return null;
}

/**
 * Stores payment `paymentIntentId` and its refunds as Stripe has them now.
 * `inTransaction` runs in the same transaction, after the writes (an admin's
 * refund writes its audit row there); `auditedByCaller` leaves the credit
 * change to that row instead of a row of its own.
 */
export async function syncPayment(
  deps: PaymentSyncDeps,
  paymentIntentId: string,
  options: {
    actor: AuditActor;
    auditedByCaller?: boolean;
    inTransaction?: (tx: PaymentTransaction, outcome: { creditsRemoved: number }) => Promise<void>;
  },
): Promise<PaymentSyncOutcome> {
  const { db, stripe } = deps;
  const paymentIntent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  const charge = typeof paymentIntent.latest_charge === "object" ? paymentIntent.latest_charge : null;
  if (paymentIntent.status !== "succeeded" || !charge) return { kind: "not-paid" };
  const customerId = customerOf(paymentIntent);
  const user = customerId
    ? await db.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } })
    : null;
  if (!user) return { kind: "not-ours" };
  const paid = await describePayment(stripe, paymentIntent, user.id);
  if (!paid) return { kind: "not-ours" };
  const refunds = await stripe.refunds.list({ payment_intent: paymentIntent.id, limit: 100 });

  return db.$transaction(async (tx) => {
    const row = {
      userId: user.id,
      chargeId: charge.id,
      invoiceId: paid.invoiceId,
      description: paid.description,
      amount: charge.amount_captured,
      amountRefunded: charge.amount_refunded,
      currency: charge.currency,
      paidAt: new Date(charge.created * 1000),
    };
    await tx.payment.upsert({ where: { id: paymentIntent.id }, create: { id: paymentIntent.id, ...row }, update: row });
    for (const refund of refunds.data) {
      const stored = {
        paymentId: paymentIntent.id,
        amount: refund.amount,
        currency: refund.currency,
        status: refund.status ?? "pending",
        reason: refund.reason,
        createdAt: new Date(refund.created * 1000),
      };
      await tx.refund.upsert({ where: { id: refund.id }, create: { id: refund.id, ...stored }, update: stored });
    }
    const creditsRemoved = paid.isPurchase
      ? await reconcileRefundedCredits(tx, paymentIntent.id, row, options.auditedByCaller ? null : options.actor)
      : 0;
    await options.inTransaction?.(tx, { creditsRemoved });
    return { kind: "synced", userId: user.id, amount: row.amount, amountRefunded: row.amountRefunded, creditsRemoved };
  });
}

/** What the payment paid for: a catalog purchase of this user, or a subscription invoice; null when neither. */
async function describePayment(
  stripe: Stripe,
  paymentIntent: Stripe.PaymentIntent,
  userId: string,
): Promise<{ description: string; invoiceId: string | null; isPurchase: boolean } | null> {
  const product = findOneTimeProduct(paymentIntent.metadata.product ?? "");
  if (product && paymentIntent.metadata.userId === userId) {
    return { description: product.name, invoiceId: null, isPurchase: true };
  }
  const { data } = await stripe.invoicePayments.list({
    payment: { type: "payment_intent", payment_intent: paymentIntent.id },
    limit: 1,
    expand: ["data.invoice"],
  });
  const invoice = data[0]?.invoice;
  if (!invoice || typeof invoice === "string" || "deleted" in invoice) return null;
  const line = invoice.lines.data[0]?.description;
  return {
    description: line ?? `Invoice ${invoice.number ?? invoice.id}`,
    invoiceId: invoice.id ?? null,
    isPurchase: false,
  };
}

/**
 * Brings a purchase's credits in line with its refunds: takes back the share
 * of its credits that its refunds now cover, less what earlier syncs took, and
 * gives back what was taken for a refund that then failed. The purchase and
 * the balance are read locked, and the balance stops at zero. Credits already
 * spent are counted as accounted for, so a later top-up is never charged for
 * them; only credits actually taken are ever given back. Returns the credits
 * removed (negative when given back).
 */
async function reconcileRefundedCredits(
  tx: PaymentTransaction,
  paymentIntentId: string,
  payment: { userId: string; amount: number; amountRefunded: number },
  actor: AuditActor | null,
): Promise<number> {
  const [purchase] = await tx.$queryRaw<Array<{ credits: number; creditsRevoked: number; creditsTakenBack: number }>>`
    SELECT "credits", "creditsRevoked", "creditsTakenBack" FROM "Purchase" WHERE "id" = ${paymentIntentId} FOR UPDATE`;
  if (!purchase || payment.amount <= 0) return 0;
  const covered = Math.floor((purchase.credits * Math.min(payment.amountRefunded, payment.amount)) / payment.amount);
  if (covered === purchase.creditsRevoked) return 0;
  const [locked] = await tx.$queryRaw<Array<{ reportCredits: number }>>`
    SELECT "reportCredits" FROM "User" WHERE "id" = ${payment.userId} FOR UPDATE`;
  const before = locked?.reportCredits ?? 0;
  const after =
    covered > purchase.creditsRevoked
      ? Math.max(0, before - (covered - purchase.creditsRevoked))
      : before + Math.min(purchase.creditsTakenBack, purchase.creditsRevoked - covered);
  await tx.user.update({ where: { id: payment.userId }, data: { reportCredits: after } });
  await tx.purchase.update({
    where: { id: paymentIntentId },
    data: { creditsRevoked: covered, creditsTakenBack: purchase.creditsTakenBack + (before - after) },
  });
  if (actor) {
    await recordAudit(tx, {
      actor,
      // By what the refunds now cover, so a failed refund whose credits were all spent still reads as a restore.
      action: covered > purchase.creditsRevoked ? "credits.revoke" : "credits.restore",
      target: { type: "user", id: payment.userId },
      change: { before: { reportCredits: before }, after: { reportCredits: after } },
      details: { paymentIntent: paymentIntentId, amountRefunded: payment.amountRefunded },
    });
  }
  return before - after;
}
