// An admin's refund of a payment, fully or partly. The amount is checked
// against what Stripe says is still refundable before anything is sent; the
// refund is created with an idempotency key from the form submission, so a
// double submit refunds once; then the payments sync stores it and, in the
// same transaction, the action's one `refund.create` audit row.
import "server-only";
import type Stripe from "stripe";
import { recordAudit } from "@/lib/audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import { syncPayment } from "@/lib/payments/payment-sync";
import { formatMoney } from "@/components/format";
import { operatorErrorMessage, type ActionResult, type OperatorContext } from "./operator-actions";
import { operatorActor } from "./role-names";

/** Stripe's refund reasons, as the form offers them. */
export const REFUND_REASONS = ["requested_by_customer", "duplicate", "fraudulent"] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export type RefundRequest = {
  paymentId: string;
  /** Smallest currency unit; null refunds all that is still refundable. */
  amount: number | null;
  stripeReason: RefundReason;
  /** One per rendered form: a resubmit of the same form reuses it, so Stripe refunds once. */
  submissionId: string;
};

/** "12.50" → 1250; null for an empty field; a message naming the problem otherwise. */
export function parseRefundAmount(text: string): { ok: true; amount: number | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, amount: null };
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(trimmed);
  if (!match) return { ok: false, error: `"${trimmed.slice(0, 20)}" is not an amount: write it like 12.50.` };
  const amount = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (amount <= 0) return { ok: false, error: "The amount must be more than zero." };
  return { ok: true, amount };
}

/** The Stripe refund id of the `refund.create` row of this payment whose `after[field]` is `value`, if any. */
async function findRecordedRefund(
  db: Pick<Prisma.TransactionClient, "auditLog">,
  paymentId: string,
  field: [string],
  value: string,
): Promise<string | null> {
  const row = await db.auditLog.findFirst({
    where: {
      action: "refund.create",
      targetType: "payment",
      targetId: paymentId,
      after: { path: field, equals: value },
    },
    select: { after: true },
  });
  const after = row?.after as { refundId?: unknown } | null | undefined;
  return row ? `Stripe refund ${typeof after?.refundId === "string" ? after.refundId : "recorded"}` : null;
}

export async function refundPayment(context: OperatorContext, request: RefundRequest): Promise<ActionResult> {
  const { deps, operator, reason } = context;
  const payment = await deps.db.payment.findUnique({
    where: { id: request.paymentId },
    select: { userId: true, amountRefunded: true },
  });
  if (!payment) return { ok: false, error: `No payment ${request.paymentId} is stored for any user.` };
  // The same form submitted again after its refund went through: nothing more to do.
  const earlier = await findRecordedRefund(deps.db, request.paymentId, ["submissionId"], request.submissionId);
  if (earlier) return { ok: true, message: `This refund was already made (${earlier}).` };

  let charge: Stripe.Charge;
  try {
    const paymentIntent = await deps.stripe.paymentIntents.retrieve(request.paymentId, { expand: ["latest_charge"] });
    if (typeof paymentIntent.latest_charge !== "object" || !paymentIntent.latest_charge) {
      return { ok: false, error: `Payment ${request.paymentId} has no charge to refund.` };
    }
    charge = paymentIntent.latest_charge;
  } catch (error) {
    return { ok: false, error: operatorErrorMessage(error, "read the payment") };
  }
  const refundable = charge.amount_captured - charge.amount_refunded;
  const amount = request.amount ?? refundable;
  if (refundable <= 0) return { ok: false, error: "This payment has already been refunded in full." };
  if (amount > refundable) {
    return {
      ok: false,
      error: `You can refund at most ${formatMoney(refundable, charge.currency)} of this payment (${formatMoney(charge.amount_refunded, charge.currency)} of ${formatMoney(charge.amount_captured, charge.currency)} is already refunded); ${formatMoney(amount, charge.currency)} is too much.`,
    };
  }

  let refund: Stripe.Refund;
  try {
    refund = await deps.stripe.refunds.create(
      {
        payment_intent: request.paymentId,
        amount,
        reason: request.stripeReason,
        metadata: { operator: operator.id },
      },
      { idempotencyKey: `tollgate-refund-${request.paymentId}-${request.submissionId}` },
    );
  } catch (error) {
    return { ok: false, error: operatorErrorMessage(error, "refund the payment") };
  }

  try {
    await syncPayment(deps, request.paymentId, {
      actor: operatorActor(operator),
      auditedByCaller: true,
      inTransaction: async (tx, { creditsRemoved }) => {
        // A resubmitted form got the same refund back from Stripe: it is already recorded.
        if (await findRecordedRefund(tx, request.paymentId, ["refundId"], refund.id)) return;
        const stored = await tx.payment.findUniqueOrThrow({
          where: { id: request.paymentId },
          select: { amountRefunded: true },
        });
        await recordAudit(tx, {
          actor: operatorActor(operator),
          action: "refund.create",
          target: { type: "payment", id: request.paymentId },
          reason,
          change: {
            before: { amountRefunded: payment.amountRefunded },
            after: { amountRefunded: stored.amountRefunded },
          },
          details: {
            refundId: refund.id,
            amount: refund.amount,
            currency: refund.currency,
            stripeReason: request.stripeReason,
            userId: payment.userId,
            creditsRemoved,
            submissionId: request.submissionId,
          },
          request: context.request,
        });
      },
    });
  } catch (error) {
    // Stripe has the refund; its webhook will bring it here.
    return {
      ok: false,
      error: `Stripe made refund ${refund.id}, but storing it here failed: ${operatorErrorMessage(error, "store it")} It will appear when Stripe's event arrives.`,
    };
  }
  return { ok: true, message: `Refunded ${formatMoney(refund.amount, refund.currency)} (Stripe refund ${refund.id}).` };
}
