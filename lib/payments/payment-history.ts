// Stored payments with their refunds (written by payment-sync.ts), for the
// user's billing page and the admin user page. Index-backed: (userId, paidAt).
// One-time purchases are listed from the Purchase rows fulfilment writes, so
// the billing page never asks Stripe for them.
import "server-only";
import { findOneTimeProduct } from "@/lib/billing/plans";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type RefundState = "paid" | "partly refunded" | "refunded";

export function paymentsOf(db: PrismaClient, userId: string, take = 20) {
  return db.payment.findMany({
    where: { userId },
    orderBy: { paidAt: "desc" },
    take,
    select: {
      id: true,
      description: true,
      amount: true,
      amountRefunded: true,
      currency: true,
      paidAt: true,
      invoiceId: true,
      refunds: {
        orderBy: { createdAt: "asc" },
        select: { id: true, amount: true, currency: true, status: true, reason: true, createdAt: true },
      },
    },
  });
}

export type StoredPayment = Awaited<ReturnType<typeof paymentsOf>>[number];

export function refundStateOf(payment: { amount: number; amountRefunded: number }): RefundState {
  if (payment.amountRefunded <= 0) return "paid";
  return payment.amountRefunded >= payment.amount ? "refunded" : "partly refunded";
}

export type PurchaseRow = {
  id: string;
  productName: string;
  amount: number;
  currency: string;
  boughtAt: Date;
  state: RefundState;
  receiptUrl: string | null;
};

/**
 * The user's fulfilled one-time purchases, newest first, each with its refund
 * state from the payments sync. A purchase whose payment the sync has not
 * stored yet is shown as paid: fulfilment only writes a purchase once Stripe
 * says it succeeded.
 */
export async function purchasesOf(db: PrismaClient, userId: string, take = 20): Promise<PurchaseRow[]> {
  const purchases = await db.purchase.findMany({
    where: { userId },
    orderBy: { fulfilledAt: "desc" },
    take,
    select: { id: true, productId: true, amount: true, currency: true, fulfilledAt: true, receiptUrl: true },
  });
  if (purchases.length === 0) return [];
  // Both rows are keyed by the PaymentIntent id; userId keeps the read to this user's rows.
  const payments = await db.payment.findMany({
    where: { userId, id: { in: purchases.map((purchase) => purchase.id) } },
    select: { id: true, amount: true, amountRefunded: true },
  });
  const paymentById = new Map(payments.map((payment) => [payment.id, payment]));
  return purchases.map((purchase) => ({
    id: purchase.id,
    // A product later removed from the catalog still shows, by its id.
    productName: findOneTimeProduct(purchase.productId)?.name ?? purchase.productId,
    amount: purchase.amount,
    currency: purchase.currency,
    boughtAt: purchase.fulfilledAt,
    state: refundStateOf(paymentById.get(purchase.id) ?? { amount: purchase.amount, amountRefunded: 0 }),
    receiptUrl: purchase.receiptUrl,
  }));
}
