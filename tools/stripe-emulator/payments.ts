import {
  AUTHENTICATION_FAILED_MESSAGE,
  attachDecline,
  chargeDecline,
  requiresAuthentication,
  type Decline,
} from "./cards";
import type { EmulatorContext } from "./context";
import { invalidRequest, StripeApiError, type StripeErrorBody } from "./errors";
import { newId, randomToken } from "./ids";
import {
  snapshot,
  type Charge,
  type Invoice,
  type InvoicePayment,
  type PaymentIntent,
  type PaymentMethod,
  type SetupIntent,
} from "./store";
import { attachPaymentMethod } from "./resources/payment-methods";

/**
 * The payment engine behind PaymentIntents, SetupIntents and Charges: one
 * confirmation decides, from the test card, whether the attempt succeeds,
 * declines or needs 3-D Secure, records the charge and emits Stripe's events
 * in Stripe's order.
 */

const DOC_URL = "https://docs.stripe.com/error-codes";

export function clientSecretOf(id: string): string {
  return `${id}_secret_${randomToken(24)}`;
}

/** Where a browser authenticates a 3-D Secure card for an intent (the emulator's ACS page). */
export function authenticationUrl(context: EmulatorContext, intentId: string): string {
  return `${context.baseUrl()}/_emulator/authenticate/${intentId}`;
}

export interface NewPaymentIntent {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  setupFutureUsage: "off_session" | "on_session" | null;
  automaticPaymentMethods: boolean;
  paymentMethod: string | null;
}

export function buildPaymentIntent(context: EmulatorContext, input: NewPaymentIntent): PaymentIntent {
  const id = newId("pi");
  const paymentIntent: PaymentIntent = {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: input.automaticPaymentMethods ? { allow_redirects: "always", enabled: true } : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: clientSecretOf(id),
    confirmation_method: "automatic",
    created: context.clock.now(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: {
        installments: null,
        mandate_options: null,
        network: null,
        request_three_d_secure: "automatic",
      },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: input.setupFutureUsage,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: input.paymentMethod ? "requires_confirmation" : "requires_payment_method",
    transfer_group: null,
  };
  context.store.state.paymentIntents[id] = paymentIntent;
  context.store.changed();
  context.emit("payment_intent.created", snapshot(paymentIntent));
  return paymentIntent;
}

function cardOf(context: EmulatorContext, paymentMethodId: string): string {
  return context.store.state.paymentMethodCards[paymentMethodId] ?? "";
}

interface ChargeInput {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  paymentIntent: string;
  paymentMethod: PaymentMethod;
  receiptEmail: string | null;
  metadata: Record<string, string>;
  authenticated: boolean;
}

function buildCharge(context: EmulatorContext, input: ChargeInput, decline: Decline | undefined): Charge {
  const id = newId("ch");
  const card = input.paymentMethod.card;
  const paid = decline === undefined;
  const charge: Charge = {
    id,
    object: "charge",
    amount: input.amount,
    amount_captured: paid ? input.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: paid ? newId("txn") : null,
    billing_details: snapshot(input.paymentMethod.billing_details),
    calculated_statement_descriptor: "TOLLGATE",
    captured: paid,
    created: context.clock.now(),
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: snapshot(input.metadata),
    on_behalf_of: null,
    outcome: {
      advice_code: decline ? "try_again_later" : null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: paid ? "approved_by_network" : "declined_by_network",
      reason: decline?.declineCode ?? null,
      risk_level: "normal",
      seller_message: paid ? "Payment complete." : "The bank did not return any further details with this decline.",
      type: paid ? "authorized" : "issuer_declined",
    },
    paid,
    payment_intent: input.paymentIntent,
    payment_method: input.paymentMethod.id,
    payment_method_details: {
      card: {
        amount_authorized: paid ? input.amount : null,
        authorization_code: paid ? randomToken(6).toUpperCase() : null,
        brand: card?.brand ?? null,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: card?.country ?? null,
        electronic_commerce_indicator: input.authenticated ? "05" : null,
        exp_month: card?.exp_month ?? 12,
        exp_year: card?.exp_year ?? 2030,
        extended_authorization: { status: "disabled" },
        fingerprint: card?.fingerprint ?? null,
        funding: card?.funding ?? null,
        incremental_authorization: { status: "unavailable" },
        installments: null,
        last4: card?.last4 ?? null,
        mandate: null,
        multicapture: { status: "unavailable" },
        network: card?.brand ?? null,
        network_token: { used: false },
        network_transaction_id: paid ? randomToken(15) : null,
        overcapture: { maximum_amount_capturable: input.amount, status: "unavailable" },
        regulated_status: "unregulated",
        transaction_link_id: null,
        three_d_secure: input.authenticated
          ? {
              authentication_flow: "challenge",
              electronic_commerce_indicator: "05",
              exemption_indicator: null,
              result: "authenticated",
              result_reason: null,
              transaction_id: randomToken(16),
              version: "2.2.0",
            }
          : null,
        wallet: null,
      },
      type: "card",
    },
    receipt_email: input.receiptEmail,
    receipt_number: null,
    receipt_url: paid ? `${context.baseUrl()}/_emulator/receipts/${id}` : null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: paid ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: null,
  };
  context.store.state.charges[id] = charge;
  context.store.changed();
  return charge;
}

/** Stripe's `last_payment_error` / `last_setup_error` for a decline or a failed authentication. */
function paymentError(
  decline: Decline,
  paymentMethod: PaymentMethod,
  charge: string | undefined,
): NonNullable<PaymentIntent["last_payment_error"]> {
  return {
    type: "card_error",
    code: decline.code,
    ...(decline.declineCode ? { decline_code: decline.declineCode } : {}),
    doc_url: `${DOC_URL}#${decline.code.replace(/_/g, "-")}`,
    message: decline.message,
    ...(charge ? { charge } : {}),
    payment_method: snapshot(paymentMethod),
    payment_method_type: "card",
  };
}

const AUTHENTICATION_FAILED: Decline = {
  code: "payment_intent_authentication_failure",
  message: AUTHENTICATION_FAILED_MESSAGE,
};
const SETUP_AUTHENTICATION_FAILED: Decline = {
  code: "setup_intent_authentication_failure",
  message: AUTHENTICATION_FAILED_MESSAGE,
};

/** The 402 a server-side confirm answers with when the card declines; Stripe puts the intent in the error. */
export function declinedError(decline: Decline, intent: PaymentIntent | SetupIntent): StripeApiError {
  const body: StripeErrorBody & { payment_intent?: object; setup_intent?: object } = {
    type: "card_error",
    code: decline.code,
    ...(decline.declineCode ? { decline_code: decline.declineCode } : {}),
    doc_url: `${DOC_URL}#${decline.code.replace(/_/g, "-")}`,
    message: decline.message,
    ...(intent.object === "payment_intent" ? { payment_intent: snapshot(intent) } : { setup_intent: snapshot(intent) }),
  };
  return new StripeApiError(402, body);
}

function emitIntentUpdate(
  context: EmulatorContext,
  intent: PaymentIntent,
  type:
    | "payment_intent.succeeded"
    | "payment_intent.payment_failed"
    | "payment_intent.requires_action"
    | "payment_intent.canceled",
): void {
  context.store.changed();
  context.emit(type, snapshot(intent));
}

export type ConfirmOutcome = { ok: true } | { ok: false; decline: Decline };

/**
 * Charges the intent's payment method. A 3-D Secure card on-session stops at
 * `requires_action` (the browser then passes or fails the challenge at
 * `authenticationUrl`); off-session, as for renewals of a card set up
 * before, 4000 0025 0000 3155 needs no further authentication.
 */
export function confirmPaymentIntent(
  context: EmulatorContext,
  paymentIntent: PaymentIntent,
  paymentMethod: PaymentMethod,
  options: { returnUrl?: string; offSession?: boolean },
): ConfirmOutcome {
  paymentIntent.payment_method = paymentMethod.id;
  paymentIntent.last_payment_error = null;
  const card = cardOf(context, paymentMethod.id);
  if (requiresAuthentication(card) && !options.offSession) {
    paymentIntent.status = "requires_action";
    paymentIntent.next_action = {
      type: "redirect_to_url",
      redirect_to_url: { return_url: options.returnUrl ?? null, url: authenticationUrl(context, paymentIntent.id) },
    };
    emitIntentUpdate(context, paymentIntent, "payment_intent.requires_action");
    return { ok: true };
  }
  return settle(context, paymentIntent, paymentMethod, false);
}

/** The outcome of the 3-D Secure challenge for a payment intent in `requires_action`. */
export function completeAuthentication(
  context: EmulatorContext,
  paymentIntent: PaymentIntent,
  passed: boolean,
): ConfirmOutcome {
  if (paymentIntent.status !== "requires_action") {
    throw invalidRequest(
      `This PaymentIntent's status is ${paymentIntent.status}; it is not waiting for authentication.`,
      undefined,
      "payment_intent_unexpected_state",
    );
  }
  const paymentMethod =
    typeof paymentIntent.payment_method === "string"
      ? context.store.state.paymentMethods[paymentIntent.payment_method]
      : undefined;
  if (!paymentMethod) throw invalidRequest("The PaymentIntent has no payment method.");
  paymentIntent.next_action = null;
  if (!passed) {
    paymentIntent.status = "requires_payment_method";
    paymentIntent.last_payment_error = paymentError(AUTHENTICATION_FAILED, paymentMethod, undefined);
    emitIntentUpdate(context, paymentIntent, "payment_intent.payment_failed");
    return { ok: false, decline: AUTHENTICATION_FAILED };
  }
  return settle(context, paymentIntent, paymentMethod, true);
}

function decline(
  context: EmulatorContext,
  paymentIntent: PaymentIntent,
  paymentMethod: PaymentMethod,
  reason: Decline,
): ConfirmOutcome {
  const charge = buildCharge(context, chargeInput(paymentIntent, paymentMethod, false), reason);
  paymentIntent.latest_charge = charge.id;
  paymentIntent.status = "requires_payment_method";
  paymentIntent.next_action = null;
  paymentIntent.last_payment_error = paymentError(reason, paymentMethod, charge.id);
  context.store.changed();
  context.emit("charge.failed", snapshot(charge));
  emitIntentUpdate(context, paymentIntent, "payment_intent.payment_failed");
  return { ok: false, decline: reason };
}

function chargeInput(paymentIntent: PaymentIntent, paymentMethod: PaymentMethod, authenticated: boolean): ChargeInput {
  return {
    amount: paymentIntent.amount,
    currency: paymentIntent.currency,
    customer: typeof paymentIntent.customer === "string" ? paymentIntent.customer : null,
    description: paymentIntent.description,
    paymentIntent: paymentIntent.id,
    paymentMethod,
    receiptEmail: paymentIntent.receipt_email,
    metadata: paymentIntent.metadata,
    authenticated,
  };
}

function settle(
  context: EmulatorContext,
  paymentIntent: PaymentIntent,
  paymentMethod: PaymentMethod,
  authenticated: boolean,
): ConfirmOutcome {
  const reason = chargeDecline(cardOf(context, paymentMethod.id));
  if (reason) return decline(context, paymentIntent, paymentMethod, reason);
  const charge = buildCharge(context, chargeInput(paymentIntent, paymentMethod, authenticated), undefined);
  paymentIntent.latest_charge = charge.id;
  paymentIntent.status = "succeeded";
  paymentIntent.amount_received = paymentIntent.amount;
  paymentIntent.next_action = null;
  paymentIntent.last_payment_error = null;
  const customer = typeof paymentIntent.customer === "string" ? paymentIntent.customer : null;
  // `setup_future_usage` saves the card on the customer once the payment succeeds, as Stripe does.
  if (customer && paymentIntent.setup_future_usage && paymentMethod.customer !== customer) {
    attachPaymentMethod(context, paymentMethod, customer);
  }
  context.store.changed();
  context.emit("charge.succeeded", snapshot(charge));
  emitIntentUpdate(context, paymentIntent, "payment_intent.succeeded");
  return { ok: true };
}

export function cancelPaymentIntent(
  context: EmulatorContext,
  paymentIntent: PaymentIntent,
  reason: PaymentIntent["cancellation_reason"],
): void {
  const cancelable = ["requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"];
  if (!cancelable.includes(paymentIntent.status)) {
    throw invalidRequest(
      `You cannot cancel this PaymentIntent because it has a status of ${paymentIntent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancelable.join(", ")}, processing.`,
      undefined,
      "payment_intent_unexpected_state",
    );
  }
  paymentIntent.status = "canceled";
  paymentIntent.canceled_at = context.clock.now();
  paymentIntent.cancellation_reason = reason;
  paymentIntent.next_action = null;
  emitIntentUpdate(context, paymentIntent, "payment_intent.canceled");
}

export interface NewSetupIntent {
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  usage: "off_session" | "on_session";
  automaticPaymentMethods: boolean;
}

export function buildSetupIntent(context: EmulatorContext, input: NewSetupIntent): SetupIntent {
  const id = newId("seti");
  const setupIntent: SetupIntent = {
    id,
    object: "setup_intent",
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: input.automaticPaymentMethods ? { allow_redirects: "always", enabled: true } : null,
    cancellation_reason: null,
    client_secret: clientSecretOf(id),
    created: context.clock.now(),
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    single_use_mandate: null,
    status: "requires_payment_method",
    usage: input.usage,
  };
  context.store.state.setupIntents[id] = setupIntent;
  context.store.changed();
  context.emit("setup_intent.created", snapshot(setupIntent));
  return setupIntent;
}

/**
 * Saves the card: a declining card fails with `last_setup_error`, a 3-D
 * Secure card waits at `requires_action`, any other attaches to the
 * customer and the intent succeeds.
 */
export function confirmSetupIntent(
  context: EmulatorContext,
  setupIntent: SetupIntent,
  paymentMethod: PaymentMethod,
  options: { returnUrl?: string },
): ConfirmOutcome {
  setupIntent.payment_method = paymentMethod.id;
  setupIntent.last_setup_error = null;
  const card = cardOf(context, paymentMethod.id);
  const refused = attachDecline(card);
  if (refused) return failSetup(context, setupIntent, paymentMethod, refused);
  if (requiresAuthentication(card)) {
    setupIntent.status = "requires_action";
    setupIntent.next_action = {
      type: "redirect_to_url",
      redirect_to_url: { return_url: options.returnUrl ?? null, url: authenticationUrl(context, setupIntent.id) },
    };
    context.store.changed();
    context.emit("setup_intent.requires_action", snapshot(setupIntent));
    return { ok: true };
  }
  return succeedSetup(context, setupIntent, paymentMethod);
}

export function completeSetupAuthentication(
  context: EmulatorContext,
  setupIntent: SetupIntent,
  passed: boolean,
): ConfirmOutcome {
  if (setupIntent.status !== "requires_action") {
    throw invalidRequest(
      `This SetupIntent's status is ${setupIntent.status}; it is not waiting for authentication.`,
      undefined,
      "setup_intent_unexpected_state",
    );
  }
  const paymentMethod =
    typeof setupIntent.payment_method === "string"
      ? context.store.state.paymentMethods[setupIntent.payment_method]
      : undefined;
  if (!paymentMethod) throw invalidRequest("The SetupIntent has no payment method.");
  setupIntent.next_action = null;
  if (!passed) return failSetup(context, setupIntent, paymentMethod, SETUP_AUTHENTICATION_FAILED);
  return succeedSetup(context, setupIntent, paymentMethod);
}

function failSetup(
  context: EmulatorContext,
  setupIntent: SetupIntent,
  paymentMethod: PaymentMethod,
  reason: Decline,
): ConfirmOutcome {
  setupIntent.status = "requires_payment_method";
  setupIntent.next_action = null;
  setupIntent.last_setup_error = paymentError(reason, paymentMethod, undefined);
  context.store.changed();
  context.emit("setup_intent.setup_failed", snapshot(setupIntent));
  return { ok: false, decline: reason };
}

function succeedSetup(
  context: EmulatorContext,
  setupIntent: SetupIntent,
  paymentMethod: PaymentMethod,
): ConfirmOutcome {
  const customer = typeof setupIntent.customer === "string" ? setupIntent.customer : null;
  if (customer && paymentMethod.customer !== customer) attachPaymentMethod(context, paymentMethod, customer);
  setupIntent.status = "succeeded";
  setupIntent.next_action = null;
  context.store.changed();
  context.emit("setup_intent.succeeded", snapshot(setupIntent));
  return { ok: true };
}

/**
 * The PaymentIntent that collects an invoice, behind its default InvoicePayment
 * (how this API version links invoices to payments). Retries confirm the same
 * intent again, as Stripe's automatic collection does.
 */
export function invoicePaymentIntent(context: EmulatorContext, invoice: Invoice): PaymentIntent {
  const state = context.store.state;
  const existing = Object.values(state.invoicePayments).find(
    (payment) => payment.invoice === invoice.id && payment.is_default,
  )?.payment.payment_intent;
  const current = typeof existing === "string" ? state.paymentIntents[existing] : undefined;
  if (current) return current;
  const paymentIntent = buildPaymentIntent(context, {
    amount: invoice.amount_due,
    currency: invoice.currency,
    customer: typeof invoice.customer === "string" ? invoice.customer : null,
    description: invoice.billing_reason === "subscription_create" ? "Subscription creation" : "Subscription update",
    metadata: {},
    receiptEmail: null,
    setupFutureUsage: null,
    automaticPaymentMethods: false,
    paymentMethod: null,
  });
  const invoicePayment: InvoicePayment = {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: context.clock.now(),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { payment_intent: paymentIntent.id, type: "payment_intent" },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
  state.invoicePayments[invoicePayment.id] = invoicePayment;
  context.store.changed();
  return paymentIntent;
}

/** Marks the invoice's default payment paid once its PaymentIntent succeeded. */
export function recordInvoicePaid(context: EmulatorContext, invoice: Invoice): void {
  const now = context.clock.now();
  for (const payment of Object.values(context.store.state.invoicePayments)) {
    if (payment.invoice !== invoice.id || !payment.is_default) continue;
    payment.status = "paid";
    payment.amount_paid = invoice.amount_due;
    payment.status_transitions.paid_at = now;
    context.store.changed();
    context.emit("invoice_payment.paid", snapshot(payment));
  }
}
