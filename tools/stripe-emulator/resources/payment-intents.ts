import type { EmulatorContext } from "../context";
import { invalidRequest, parameterMissing, resourceMissing } from "../errors";
import { present } from "../expand";
import { newestFirst, paginate } from "../lists";
import {
  bool,
  expandable,
  int,
  metadata,
  mergeMetadata,
  object,
  oneOf,
  pagination,
  parseParams,
  requireParam,
  str,
  url,
} from "../params";
import {
  buildPaymentIntent,
  cancelPaymentIntent,
  confirmPaymentIntent,
  declinedError,
  type ConfirmOutcome,
} from "../payments";
import type { ApiRequest, Router } from "../router";
import type { PaymentIntent, PaymentMethod, SetupIntent } from "../store";
import { getCustomer } from "./customers";
import { paymentMethodForIntent } from "./payment-methods";

const automaticPaymentMethods = object({ enabled: bool, allow_redirects: oneOf("always", "never") });
const setupFutureUsage = oneOf("off_session", "on_session");

export const createFields = {
  ...expandable,
  amount: int,
  currency: str,
  customer: str,
  automatic_payment_methods: automaticPaymentMethods,
  metadata,
  description: str,
  receipt_email: str,
  setup_future_usage: setupFutureUsage,
  payment_method: str,
  confirm: bool,
  return_url: url,
  off_session: bool,
} as const;

export const updateFields = {
  ...expandable,
  amount: int,
  currency: str,
  customer: str,
  metadata,
  description: str,
  receipt_email: str,
  setup_future_usage: setupFutureUsage,
  payment_method: str,
} as const;

export const confirmFields = {
  ...expandable,
  payment_method: str,
  return_url: url,
  off_session: bool,
  receipt_email: str,
} as const;

export const cancelFields = {
  ...expandable,
  cancellation_reason: oneOf("abandoned", "duplicate", "fraudulent", "requested_by_customer"),
} as const;

/** Sent by Stripe.js with a publishable key, which the server SDK's params types leave out. */
export const stripeJsFields = { client_secret: str } as const;

/** Stripe's smallest charge in USD and most currencies: 50 cents. */
const MINIMUM_AMOUNT = 50;

export function getPaymentIntent(context: EmulatorContext, id: string, param = "intent"): PaymentIntent {
  const paymentIntent = context.store.state.paymentIntents[id];
  if (!paymentIntent) throw resourceMissing("payment_intent", id, param);
  return paymentIntent;
}

/**
 * With a publishable key (Stripe.js) a PaymentIntent or SetupIntent is only
 * reachable with its client secret, and Stripe answers a wrong one as if the
 * object did not exist.
 */
export function checkClientSecret(
  request: ApiRequest,
  intent: { id: string; object: string; client_secret: string | null },
  clientSecret: string | undefined,
): void {
  if (!request.publishableKey) return;
  if (clientSecret === undefined) throw parameterMissing("client_secret");
  if (clientSecret !== intent.client_secret) {
    throw invalidRequest(
      `The client_secret provided does not match the client_secret associated with the ${intent.object === "payment_intent" ? "PaymentIntent" : "SetupIntent"}.`,
      "client_secret",
      "resource_missing",
    );
  }
}

/**
 * `GET <path>/:id` for a PaymentIntent or SetupIntent: the secret key reads
 * any, Stripe.js (the publishable key) only with the intent's client secret.
 */
export function registerIntentRetrieve<Intent extends { id: string; object: string; client_secret: string | null }>(
  router: Router,
  context: EmulatorContext,
  path: "/v1/payment_intents/:id" | "/v1/setup_intents/:id",
  find: (context: EmulatorContext, id: string) => Intent,
): void {
  router.on(
    "GET",
    path,
    (request) => {
      const input = parseParams({ ...expandable, client_secret: str }, request.params);
      const intent = find(context, request.pathParams.id ?? "");
      checkClientSecret(request, intent, input.client_secret);
      return present(context, intent, input.expand);
    },
    { publishable: true },
  );
}

/**
 * The payment method a confirmation uses (the one passed, else the intent's),
 * refusing an intent that is already settled or has none.
 */
export function confirmingPaymentMethod(
  context: EmulatorContext,
  intent: PaymentIntent | SetupIntent,
  requested: string | undefined,
): PaymentMethod {
  const label = intent.object === "payment_intent" ? "PaymentIntent" : "SetupIntent";
  const code = `${intent.object}_unexpected_state`;
  if (intent.status === "succeeded" || intent.status === "canceled") {
    throw invalidRequest(
      `You cannot confirm this ${label} because it has a status of ${intent.status}.`,
      undefined,
      code,
    );
  }
  const paymentMethodId = requested ?? (typeof intent.payment_method === "string" ? intent.payment_method : null);
  if (!paymentMethodId) {
    throw invalidRequest(
      `You cannot confirm this ${label} because it's missing a payment method. To confirm the ${label} with a payment method, pass \`payment_method\`.`,
      "payment_method",
      code,
    );
  }
  const customer = typeof intent.customer === "string" ? intent.customer : null;
  return paymentMethodForIntent(context, paymentMethodId, customer);
}

function checkAmount(amount: number): void {
  if (amount < MINIMUM_AMOUNT) {
    throw invalidRequest("Amount must be at least $0.50 usd", "amount", "amount_too_small");
  }
}

function answerConfirm(
  context: EmulatorContext,
  paymentIntent: PaymentIntent,
  outcome: ConfirmOutcome,
  expand: string[] | undefined,
): object {
  if (!outcome.ok) throw declinedError(outcome.decline, paymentIntent);
  return present(context, paymentIntent, expand);
}

export function registerPaymentIntents(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;

  router.on("POST", "/v1/payment_intents", ({ params }) => {
    const input = parseParams(createFields, params);
    const amount = requireParam(input.amount, "amount");
    const currency = requireParam(input.currency, "currency").toLowerCase();
    checkAmount(amount);
    const customer = input.customer ? getCustomer(context, input.customer, "customer").id : null;
    if (input.setup_future_usage && !customer) {
      throw invalidRequest("`setup_future_usage` requires a `customer`.", "setup_future_usage");
    }
    if (input.confirm !== true && (input.return_url !== undefined || input.off_session !== undefined)) {
      const param = input.return_url !== undefined ? "return_url" : "off_session";
      throw invalidRequest(`\`${param}\` can only be passed along with \`confirm=true\`.`, param);
    }
    const paymentMethod = input.payment_method
      ? paymentMethodForIntent(context, input.payment_method, customer)
      : undefined;
    const paymentIntent = buildPaymentIntent(context, {
      amount,
      currency,
      customer,
      description: input.description ?? null,
      metadata: mergeMetadata({}, input.metadata),
      receiptEmail: input.receipt_email ?? null,
      setupFutureUsage: input.setup_future_usage ?? null,
      automaticPaymentMethods: input.automatic_payment_methods?.enabled ?? true,
      paymentMethod: paymentMethod?.id ?? null,
    });
    if (input.confirm !== true) return present(context, paymentIntent, input.expand);
    if (!paymentMethod) throw parameterMissing("payment_method");
    const outcome = confirmPaymentIntent(context, paymentIntent, paymentMethod, {
      ...(input.return_url !== undefined ? { returnUrl: input.return_url } : {}),
      offSession: input.off_session ?? false,
    });
    return answerConfirm(context, paymentIntent, outcome, input.expand);
  });

  registerIntentRetrieve(router, context, "/v1/payment_intents/:id", getPaymentIntent);

  router.on("POST", "/v1/payment_intents/:id", ({ params, pathParams }) => {
    const input = parseParams(updateFields, params);
    const paymentIntent = getPaymentIntent(context, pathParams.id ?? "");
    const settled = paymentIntent.status === "succeeded" || paymentIntent.status === "canceled";
    const changesPayment = ["amount", "currency", "customer", "payment_method", "setup_future_usage"].find(
      (key) => key in input,
    );
    if (settled && changesPayment) {
      throw invalidRequest(
        `You cannot update \`${changesPayment}\` on a PaymentIntent with a status of ${paymentIntent.status}.`,
        changesPayment,
        "payment_intent_unexpected_state",
      );
    }
    if (input.amount !== undefined) {
      checkAmount(input.amount);
      paymentIntent.amount = input.amount;
    }
    if (input.currency !== undefined) paymentIntent.currency = input.currency.toLowerCase();
    if (input.customer !== undefined) paymentIntent.customer = getCustomer(context, input.customer, "customer").id;
    if (input.description !== undefined) paymentIntent.description = input.description || null;
    if (input.receipt_email !== undefined) paymentIntent.receipt_email = input.receipt_email || null;
    if (input.setup_future_usage !== undefined) paymentIntent.setup_future_usage = input.setup_future_usage;
    if (input.payment_method !== undefined) {
      const customer = typeof paymentIntent.customer === "string" ? paymentIntent.customer : null;
      paymentIntent.payment_method = paymentMethodForIntent(context, input.payment_method, customer).id;
      paymentIntent.status = "requires_confirmation";
      paymentIntent.next_action = null;
    }
    paymentIntent.metadata = mergeMetadata(paymentIntent.metadata, input.metadata);
    context.store.changed();
    // Stripe has no `payment_intent.updated` event; an update emits nothing.
    return present(context, paymentIntent, input.expand);
  });

  router.on(
    "POST",
    "/v1/payment_intents/:id/confirm",
    (request) => {
      const input = parseParams({ ...confirmFields, ...stripeJsFields }, request.params);
      const paymentIntent = getPaymentIntent(context, request.pathParams.id ?? "");
      checkClientSecret(request, paymentIntent, input.client_secret);
      const paymentMethod = confirmingPaymentMethod(context, paymentIntent, input.payment_method);
      if (input.receipt_email !== undefined) paymentIntent.receipt_email = input.receipt_email || null;
      const outcome = confirmPaymentIntent(context, paymentIntent, paymentMethod, {
        ...(input.return_url !== undefined ? { returnUrl: input.return_url } : {}),
        offSession: input.off_session ?? false,
      });
      return answerConfirm(context, paymentIntent, outcome, input.expand);
    },
    { publishable: true },
  );

  router.on("POST", "/v1/payment_intents/:id/cancel", ({ params, pathParams }) => {
    const input = parseParams(cancelFields, params);
    const paymentIntent = getPaymentIntent(context, pathParams.id ?? "");
    cancelPaymentIntent(context, paymentIntent, input.cancellation_reason ?? null);
    return present(context, paymentIntent, input.expand);
  });

  router.on("GET", "/v1/payment_intents", ({ params }) => {
    const input = parseParams({ ...pagination, customer: str }, params);
    const paymentIntents = newestFirst(state().paymentIntents).filter(
      (paymentIntent) => input.customer === undefined || paymentIntent.customer === input.customer,
    );
    return paginate(context, paymentIntents, input, "/v1/payment_intents");
  });
}
