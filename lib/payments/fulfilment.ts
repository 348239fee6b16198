// Fulfilment of one-time purchases: one function, keyed by the PaymentIntent
// id, called by webhook processing (payment_intent.succeeded) and by the
// return page, whichever comes first. The Purchase row's primary key makes
// it happen once: the insert, the credits it grants and the receipt email it
// queues share a transaction, and a second caller's insert finds the row and
// does nothing.
import "server-only";
import type Stripe from "stripe";
import { queueEmail } from "@/lib/billing/billing-emails";
import { findOneTimeProduct } from "@/lib/billing/plans";
import { renderPurchaseReceipt } from "@/lib/email/templates/billing";
import { customerOf, type PurchaseDeps } from "./purchases";

export type FulfilmentOutcome =
  | { kind: "fulfilled"; credits: number }
  | { kind: "already-fulfilled"; credits: number }
  | { kind: "not-paid"; status: Stripe.PaymentIntent.Status; message: string | null }
  | { kind: "not-ours" };

/** Grants what the PaymentIntent paid for, once. Reads the PaymentIntent from Stripe, never from the caller. */
export async function fulfilPurchase(
  deps: PurchaseDeps & { appUrl: string },
  paymentIntentId: string,
): Promise<FulfilmentOutcome> {
  const paymentIntent = await deps.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  if (paymentIntent.status !== "succeeded") {
    return {
      kind: "not-paid",
      status: paymentIntent.status,
      message: paymentIntent.last_payment_error?.message ?? null,
    };
  }
  const product = findOneTimeProduct(paymentIntent.metadata.product ?? "");
  const userId = paymentIntent.metadata.userId;
  const user = userId
    ? await deps.db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true, email: true } })
    : null;
  // Paid, but not a catalog purchase of the customer's own user (an invoice's
  // payment, or a PaymentIntent made elsewhere in the account): not ours to grant.
  if (
    !product ||
    !userId ||
    !user ||
    user.stripeCustomerId !== customerOf(paymentIntent) ||
    paymentIntent.amount_received !== product.price.amount ||
    paymentIntent.currency !== product.price.currency
  ) {
    return { kind: "not-ours" };
  }

  const charge = typeof paymentIntent.latest_charge === "object" ? paymentIntent.latest_charge : null;
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.purchase.createMany({
      data: {
        id: paymentIntent.id,
        userId,
        productId: product.id,
        credits: product.credits,
        amount: paymentIntent.amount_received,
        currency: paymentIntent.currency,
        receiptUrl: charge?.receipt_url ?? null,
      },
      skipDuplicates: true,
    });
    if (count === 0) return { kind: "already-fulfilled" as const, credits: product.credits };
    const { reportCredits } = await tx.user.update({
      where: { id: userId },
      data: { reportCredits: { increment: product.credits } },
      select: { reportCredits: true },
    });
    await queueEmail(tx, {
      eventId: paymentIntent.id,
      template: "purchase-receipt",
      userId,
      to: user.email,
      content: renderPurchaseReceipt({
        productName: product.name,
        amount: paymentIntent.amount_received,
        currency: paymentIntent.currency,
        paidAt: new Date((charge?.created ?? paymentIntent.created) * 1000),
        creditsNow: reportCredits,
        receiptUrl: charge?.receipt_url ?? null,
        links: { dashboardUrl: `${deps.appUrl}/dashboard` },
      }),
    });
    return { kind: "fulfilled" as const, credits: product.credits };
  });
}
