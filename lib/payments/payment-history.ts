// Stored payments with their refunds (written by payment-sync.ts), for the
// user's billing page and the admin user page. Index-backed: (userId, paidAt).
import "server-only";
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
