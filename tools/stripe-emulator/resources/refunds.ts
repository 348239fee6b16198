import type { EmulatorContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { present } from "../expand";
import { consume, type FaultSettings } from "../faults";
import { newId } from "../ids";
import { newestFirst, paginate } from "../lists";
import { expandable, int, metadata, mergeMetadata, oneOf, pagination, parseParams, str } from "../params";
import type { Router } from "../router";
import { changedAttributes, snapshot, type Charge, type Refund } from "../store";
import { formatAmount } from "../billing";
import { getCharge } from "./charges";

export const createFields = {
  ...expandable,
  amount: int,
  charge: str,
  payment_intent: str,
  reason: oneOf("duplicate", "fraudulent", "requested_by_customer"),
  metadata,
} as const;

export const updateFields = { ...expandable, metadata } as const;

export const cancelFields = { ...expandable } as const;

function getRefund(context: EmulatorContext, id: string): Refund {
  const refund = context.store.state.refunds[id];
  if (!refund) throw resourceMissing("refund", id);
  return refund;
}

/** The succeeded charge a refund is asked for, by `charge` or by the PaymentIntent's latest charge. */
function chargeToRefund(context: EmulatorContext, input: { charge?: string; payment_intent?: string }): Charge {
  if (input.charge !== undefined && input.payment_intent !== undefined) {
    throw invalidRequest("You can only pass one of `charge` or `payment_intent`.");
  }
  if (input.charge !== undefined) return getCharge(context, input.charge, "charge");
  if (input.payment_intent === undefined) {
    throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.");
  }
  const paymentIntent = context.store.state.paymentIntents[input.payment_intent];
  if (!paymentIntent) throw resourceMissing("payment_intent", input.payment_intent, "payment_intent");
  const chargeId = typeof paymentIntent.latest_charge === "string" ? paymentIntent.latest_charge : null;
  if (paymentIntent.status !== "succeeded" || !chargeId) {
    throw invalidRequest(
      `This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`,
      "payment_intent",
    );
  }
  return getCharge(context, chargeId, "payment_intent");
}

/** Amount still refundable: captured minus refunds that have not failed or been canceled. */
function refundable(charge: Charge): number {
  return charge.amount_captured - charge.amount_refunded;
}

/** Updates the charge's refund totals and emits `charge.refunded` (on a refund) with Stripe's previous_attributes. */
function adjustCharge(context: EmulatorContext, charge: Charge, by: number): void {
  const before = snapshot(charge);
  charge.amount_refunded += by;
  charge.refunded = charge.amount_refunded >= charge.amount_captured;
  context.store.changed();
  if (by > 0) context.emit("charge.refunded", snapshot(charge), changedAttributes(before, charge));
}

/**
 * A card refund succeeds at once. The `failRefunds` fault makes it fail
 * afterwards, as refunds to a closed card do: the money goes back onto the
 * charge and `refund.failed` follows.
 */
export function createRefund(
  context: EmulatorContext,
  input: {
    amount?: number;
    charge?: string;
    payment_intent?: string;
    reason?: Refund["reason"];
    metadata?: Record<string, string> | null;
  },
  failing: boolean,
): Refund {
  const charge = chargeToRefund(context, input);
  if (!charge.paid || charge.status !== "succeeded") {
    throw invalidRequest(`Charge ${charge.id} has not been paid, so it cannot be refunded.`, "charge");
  }
  const remaining = refundable(charge);
  if (remaining <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, undefined, "charge_already_refunded");
  }
  const amount = input.amount ?? remaining;
  if (amount <= 0) throw invalidRequest("Invalid positive integer", "amount");
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      "amount",
      "amount_too_large",
    );
  }
  const refund: Refund = {
    id: newId("re"),
    object: "refund",
    amount,
    balance_transaction: newId("txn"),
    charge: charge.id,
    created: context.clock.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: { card: { type: "refund" }, type: "card" } as Refund["destination_details"],
    metadata: input.metadata ?? {},
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
  context.store.state.refunds[refund.id] = refund;
  context.emit("refund.created", snapshot(refund));
  adjustCharge(context, charge, amount);
  if (!failing) return refund;
  const created = snapshot(refund);
  failRefund(context, refund, charge);
  return created;
}

/**
 * A refund that succeeded fails later, as one to a closed card does days
 * afterwards (the control API's `POST /refunds/:id/fail`).
 */
export function failRefundLater(context: EmulatorContext, refundId: string): Refund {
  const refund = getRefund(context, refundId);
  if (refund.status !== "succeeded" && refund.status !== "pending") {
    throw invalidRequest(
      `Refund ${refund.id} has a status of ${refund.status}; only a succeeded or pending refund can fail.`,
    );
  }
  const charge = chargeToRefund(context, { charge: typeof refund.charge === "string" ? refund.charge : undefined });
  failRefund(context, refund, charge);
  context.store.changed();
  return snapshot(refund);
}

function failRefund(context: EmulatorContext, refund: Refund, charge: Charge): void {
  const before = snapshot(refund);
  refund.status = "failed";
  refund.failure_reason = "expired_or_canceled_card";
  refund.failure_balance_transaction = newId("txn");
  adjustCharge(context, charge, -refund.amount);
  context.emit("refund.failed", snapshot(refund));
  context.emit("refund.updated", snapshot(refund), changedAttributes(before, refund));
}

/** `faults` is the server's live fault settings (`failRefunds`). */
export function registerRefunds(router: Router, context: EmulatorContext, faults: FaultSettings): void {
  router.on("POST", "/v1/refunds", ({ params }) => {
    const input = parseParams(createFields, params);
    const refund = createRefund(context, input, consume(faults, "failRefunds"));
    return present(context, refund, input.expand);
  });

  router.on("GET", "/v1/refunds/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getRefund(context, pathParams.id ?? ""), input.expand);
  });

  router.on("POST", "/v1/refunds/:id", ({ params, pathParams }) => {
    const input = parseParams(updateFields, params);
    const refund = getRefund(context, pathParams.id ?? "");
    const before = snapshot(refund);
    refund.metadata = mergeMetadata(refund.metadata ?? {}, input.metadata);
    const previous = changedAttributes(before, refund);
    if (Object.keys(previous).length > 0) {
      context.store.changed();
      context.emit("refund.updated", snapshot(refund), previous);
    }
    return present(context, refund, input.expand);
  });

  // Only refunds waiting on the customer (`requires_action`, never a card refund) can be canceled.
  router.on("POST", "/v1/refunds/:id/cancel", ({ params, pathParams }) => {
    const input = parseParams(cancelFields, params);
    const refund = getRefund(context, pathParams.id ?? "");
    if (refund.status !== "requires_action") {
      throw invalidRequest(
        `Refund ${refund.id} cannot be canceled because it has a status of ${refund.status}. Only refunds with a status of requires_action can be canceled.`,
        undefined,
        "refund_unexpected_state",
      );
    }
    return present(context, refund, input.expand);
  });

  router.on("GET", "/v1/refunds", ({ params }) => {
    const input = parseParams({ ...pagination, charge: str, payment_intent: str }, params);
    const refunds = newestFirst(context.store.state.refunds).filter(
      (refund) =>
        (input.charge === undefined || refund.charge === input.charge) &&
        (input.payment_intent === undefined || refund.payment_intent === input.payment_intent),
    );
    return paginate(context, refunds, input, "/v1/refunds");
  });
}

/** The refunds of the charges behind an invoice's payments, for the hosted invoice page. */
export function refundsOfInvoice(context: EmulatorContext, invoiceId: string): Refund[] {
  const state = context.store.state;
  const paymentIntents = new Set(
    Object.values(state.invoicePayments)
      .filter((payment) => payment.invoice === invoiceId && typeof payment.payment.payment_intent === "string")
      .map((payment) => payment.payment.payment_intent as string),
  );
  return newestFirst(state.refunds).filter(
    (refund) => typeof refund.payment_intent === "string" && paymentIntents.has(refund.payment_intent),
  );
}
