import { buildSubscription, collectInvoice, firstInvoice } from "../billing";
import type { CardInput } from "../cards";
import { SECONDS_PER_DAY } from "../clock";
import type { EmulatorContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
import { present } from "../expand";
import { newId, randomToken } from "../ids";
import { newestFirst, paginate } from "../lists";
import {
  arrayOf,
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
import type { Router } from "../router";
import { snapshot, type CheckoutLineItem, type CheckoutSession, type Price } from "../store";
import { buildPaymentIntent, confirmPaymentIntent } from "../payments";
import { createCustomer, getCustomer } from "./customers";
import { attachPaymentMethod, createCardPaymentMethod } from "./payment-methods";
import { getPrice } from "./prices";

export const createFields = {
  ...expandable,
  mode: oneOf("payment", "subscription"),
  line_items: arrayOf(object({ price: str, quantity: int })),
  customer: str,
  customer_email: str,
  customer_creation: oneOf("always", "if_required"),
  client_reference_id: str,
  metadata,
  subscription_data: object({ trial_period_days: int, metadata }),
  payment_intent_data: object({ metadata }),
  allow_promotion_codes: bool,
  success_url: url,
  cancel_url: url,
  expires_at: int,
  // `elements` (Checkout's own Elements integration) is not emulated and is refused below by the enum.
  ui_mode: oneOf("hosted_page", "embedded_page"),
  return_url: url,
  redirect_on_completion: oneOf("always", "if_required", "never"),
  locale: str,
  billing_address_collection: oneOf("auto", "required"),
  automatic_tax: object({ enabled: bool }),
  payment_method_collection: oneOf("always", "if_required"),
  // Accepted because Stripe requires them alongside automatic tax; they only shape what Stripe's page asks for.
  customer_update: object({
    address: oneOf("auto", "never"),
    name: oneOf("auto", "never"),
    shipping: oneOf("auto", "never"),
  }),
  tax_id_collection: object({ enabled: bool }),
} as const;

/**
 * Stripe's rules for where an embedded or hosted session sends the customer:
 * hosted pages use success_url/cancel_url, embedded forms a return_url
 * (required unless redirects are turned off with `never`).
 */
function checkRedirectParams(
  uiMode: "hosted_page" | "embedded_page",
  input: { success_url?: string; cancel_url?: string; return_url?: string; redirect_on_completion?: string },
): void {
  if (uiMode === "hosted_page") {
    if (input.return_url !== undefined)
      throw invalidRequest(
        "`return_url` can only be used with `ui_mode: embedded_page` or `ui_mode: elements`. Use `success_url` with `ui_mode: hosted_page`.",
        "return_url",
      );
    if (input.redirect_on_completion !== undefined)
      throw invalidRequest(
        "`redirect_on_completion` can only be used with `ui_mode: embedded_page` or `ui_mode: elements`.",
        "redirect_on_completion",
      );
    return;
  }
  for (const param of ["success_url", "cancel_url"] as const) {
    if (input[param] !== undefined)
      throw invalidRequest(`\`${param}\` is not allowed when \`ui_mode\` is \`embedded_page\`.`, param);
  }
  const redirect = input.redirect_on_completion ?? "always";
  if (redirect === "never" && input.return_url !== undefined)
    throw invalidRequest("`return_url` cannot be passed when `redirect_on_completion` is `never`.", "return_url");
  if (redirect !== "never" && input.return_url === undefined)
    throw invalidRequest(
      `\`return_url\` is required when \`redirect_on_completion\` is \`${redirect}\`.`,
      "return_url",
      "parameter_missing",
    );
}

function getSession(context: EmulatorContext, id: string): CheckoutSession {
  const session = context.store.state.checkoutSessions[id];
  if (!session) throw resourceMissing("checkout.session", id);
  return session;
}

/** What the first charge of the session comes to (zero for a trial). */
export function amountDueNow(session: CheckoutSession): number {
  return session.amount_total ?? 0;
}

export function sessionTrialDays(context: EmulatorContext, session: CheckoutSession): number | null {
  return context.store.state.checkoutTrials[session.id] ?? null;
}

function buildLineItem(context: EmulatorContext, price: Price, quantity: number, trial: boolean): CheckoutLineItem {
  const productId = typeof price.product === "string" ? price.product : price.product.id;
  const amount = trial && price.recurring ? 0 : (price.unit_amount ?? 0) * quantity;
  return {
    id: newId("li"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: context.store.state.products[productId]?.name ?? null,
    metadata: {},
    price: snapshot(price),
    quantity,
  };
}

function expireSession(context: EmulatorContext, session: CheckoutSession): void {
  session.status = "expired";
  delete context.store.state.pendingAuthentications[session.id];
  context.store.changed();
  context.emit("checkout.session.expired", snapshot(session));
}

/** Expires open sessions whose `expires_at` has passed (called as the clock moves). */
export function expireDueSessions(context: EmulatorContext): void {
  const now = context.clock.now();
  for (const session of Object.values(context.store.state.checkoutSessions)) {
    if (session.status === "open" && session.expires_at <= now) expireSession(context, session);
  }
}

export interface CheckoutPayment {
  email: string;
  name: string;
  card: CardInput;
}

/**
 * What paying on the hosted page does, in Stripe's order of events: the
 * customer and card, the completed session, then the subscription and its
 * first invoice (or the one-off payment).
 */
export function completeCheckout(context: EmulatorContext, session: CheckoutSession, payment: CheckoutPayment): void {
  const state = context.store.state;
  const now = context.clock.now();
  const existing = typeof session.customer === "string" ? state.customers[session.customer] : undefined;
  const needsCustomer = session.mode === "subscription" || session.customer_creation === "always";
  const customer =
    existing ??
    (needsCustomer ? createCustomer(context, { email: payment.email, name: payment.name || null }) : undefined);
  const paymentMethod = createCardPaymentMethod(context, payment.card, {
    email: payment.email,
    name: payment.name || null,
  });
  if (customer) attachPaymentMethod(context, paymentMethod, customer.id);
  session.customer = customer?.id ?? null;
  session.customer_details = {
    address: null,
    business_name: null,
    email: payment.email,
    individual_name: null,
    name: payment.name || null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
  session.status = "complete";
  delete state.pendingAuthentications[session.id];
  const lineItems = state.checkoutLineItems[session.id] ?? [];

  if (session.mode === "subscription") {
    if (!customer) throw invalidRequest("A customer is required for subscription mode.");
    const trialDays = sessionTrialDays(context, session);
    const subscription = buildSubscription(context, {
      customer: customer.id,
      items: lineItems.map((item) => ({ price: item.price?.id ?? "", quantity: item.quantity ?? 1 })),
      trialEnd: trialDays ? now + trialDays * SECONDS_PER_DAY : null,
      metadata: snapshot(state.checkoutSubscriptionMetadata[session.id] ?? {}),
      defaultPaymentMethod: paymentMethod.id,
    });
    const invoice = firstInvoice(context, subscription);
    session.subscription = subscription.id;
    session.invoice = invoice.id;
    session.payment_status = invoice.amount_due > 0 ? "paid" : "no_payment_required";
    context.store.changed();
    context.emit("checkout.session.completed", snapshot(session));
    context.emit("customer.subscription.created", snapshot(subscription));
    collectInvoice(context, invoice);
    return;
  }

  const paymentIntent = buildPaymentIntent(context, {
    amount: session.amount_total ?? 0,
    currency: session.currency ?? "usd",
    customer: customer?.id ?? null,
    description: null,
    metadata: snapshot(state.checkoutPaymentMetadata[session.id] ?? {}),
    receiptEmail: payment.email,
    setupFutureUsage: null,
    automaticPaymentMethods: false,
    paymentMethod: paymentMethod.id,
  });
  // The page has already checked the card and run its 3-D Secure step.
  confirmPaymentIntent(context, paymentIntent, paymentMethod, { offSession: true });
  session.payment_intent = paymentIntent.id;
  session.payment_status = "paid";
  context.store.changed();
  context.emit("checkout.session.completed", snapshot(session));
}

export function registerCheckoutSessions(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;

  router.on("POST", "/v1/checkout/sessions", ({ params }) => {
    const input = parseParams(createFields, params);
    const mode = requireParam(input.mode, "mode");
    const lines = requireParam(input.line_items, "line_items");
    if (lines.length === 0) throw invalidRequest("line_items must contain at least one item.", "line_items");
    if (input.customer && input.customer_email) {
      throw invalidRequest("You may only specify one of these parameters: customer, customer_email.", "customer_email");
    }
    const uiMode = input.ui_mode ?? "hosted_page";
    checkRedirectParams(uiMode, input);
    const customer = input.customer ? getCustomer(context, input.customer, "customer") : undefined;
    const trialDays = mode === "subscription" ? (input.subscription_data?.trial_period_days ?? null) : null;
    if (trialDays !== null && trialDays < 1) {
      throw invalidRequest("The trial period must be at least 1 day.", "subscription_data[trial_period_days]");
    }
    if (mode === "payment" && input.subscription_data) {
      throw invalidRequest("You can not pass `subscription_data` in `payment` mode.", "subscription_data");
    }
    const prices = lines.map((line, index) => {
      const price = getPrice(
        context,
        requireParam(line.price, `line_items[${index}][price]`),
        `line_items[${index}][price]`,
      );
      if (!price.active)
        throw invalidRequest(`The price \`${price.id}\` is not active.`, `line_items[${index}][price]`);
      if (mode === "payment" && price.recurring) {
        throw invalidRequest(
          "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
          `line_items[${index}][price]`,
        );
      }
      return price;
    });
    if (mode === "subscription" && !prices.some((price) => price.recurring)) {
      throw invalidRequest(
        "You must provide at least one recurring price in `subscription` mode when using prices.",
        "line_items",
      );
    }
    const id = newId("cs_test");
    const now = context.clock.now();
    const items = prices.map((price, index) =>
      buildLineItem(context, price, lines[index]?.quantity ?? 1, trialDays !== null),
    );
    const subtotal = items.reduce((sum, item) => sum + item.amount_subtotal, 0);
    const session: CheckoutSession = {
      id,
      object: "checkout.session",
      adaptive_pricing: null,
      after_expiration: null,
      allow_promotion_codes: input.allow_promotion_codes ?? null,
      allowed_payment_method_types: null,
      amount_subtotal: subtotal,
      amount_total: subtotal,
      automatic_tax: { enabled: input.automatic_tax?.enabled ?? false, liability: null, provider: null, status: null },
      billing_address_collection: input.billing_address_collection ?? null,
      cancel_url: input.cancel_url ?? null,
      client_reference_id: input.client_reference_id ?? null,
      client_secret: uiMode === "embedded_page" ? `${id}_secret_${randomToken(24)}` : null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created: now,
      currency: prices[0]?.currency ?? "usd",
      currency_conversion: null,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: customer?.id ?? null,
      customer_account: null,
      customer_creation: mode === "payment" && !customer ? (input.customer_creation ?? "if_required") : null,
      customer_details: customer
        ? {
            address: null,
            business_name: null,
            email: customer.email ?? null,
            individual_name: null,
            name: customer.name ?? null,
            phone: null,
            tax_exempt: "none",
            tax_ids: null,
          }
        : null,
      customer_email: input.customer_email ?? null,
      discounts: [],
      expires_at: input.expires_at ?? now + SECONDS_PER_DAY,
      integration_identifier: null,
      invoice: null,
      invoice_creation:
        mode === "payment"
          ? {
              enabled: false,
              invoice_data: {
                account_tax_ids: null,
                custom_fields: null,
                description: null,
                footer: null,
                issuer: null,
                metadata: {},
                rendering_options: null,
              },
            }
          : null,
      livemode: false,
      locale: input.locale ?? null,
      managed_payments: null,
      metadata: mergeMetadata({}, input.metadata),
      mode,
      origin_context: null,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: mode === "subscription" ? (input.payment_method_collection ?? "always") : null,
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: ["card"],
      payment_status: "unpaid",
      permissions: null,
      phone_number_collection: { enabled: false },
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: "open",
      submit_type: null,
      subscription: null,
      success_url: input.success_url ?? null,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: uiMode,
      url: uiMode === "hosted_page" ? `${context.baseUrl()}/c/pay/${id}` : null,
      wallet_options: null,
      // Stripe includes these two only on embedded sessions.
      ...(uiMode === "embedded_page"
        ? {
            redirect_on_completion: input.redirect_on_completion ?? "always",
            ...(input.return_url !== undefined ? { return_url: input.return_url } : {}),
          }
        : {}),
    };
    state().checkoutSessions[id] = session;
    state().checkoutLineItems[id] = items;
    if (trialDays !== null) state().checkoutTrials[id] = trialDays;
    if (input.subscription_data?.metadata)
      state().checkoutSubscriptionMetadata[id] = mergeMetadata({}, input.subscription_data.metadata);
    if (input.payment_intent_data?.metadata)
      state().checkoutPaymentMetadata[id] = mergeMetadata({}, input.payment_intent_data.metadata);
    context.store.changed();
    return present(context, session, input.expand);
  });

  router.on("GET", "/v1/checkout/sessions/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getSession(context, pathParams.id ?? ""), input.expand);
  });

  router.on("GET", "/v1/checkout/sessions/:id/line_items", ({ params, pathParams }) => {
    const input = parseParams(pagination, params);
    const session = getSession(context, pathParams.id ?? "");
    return paginate(
      context,
      state().checkoutLineItems[session.id] ?? [],
      input,
      `/v1/checkout/sessions/${session.id}/line_items`,
    );
  });

  router.on("POST", "/v1/checkout/sessions/:id/expire", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    const session = getSession(context, pathParams.id ?? "");
    if (session.status !== "open") {
      throw invalidRequest(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status ?? "unknown"}".`,
      );
    }
    expireSession(context, session);
    return present(context, session, input.expand);
  });

  router.on("GET", "/v1/checkout/sessions", ({ params }) => {
    const input = parseParams(
      {
        ...pagination,
        customer: str,
        subscription: str,
        payment_intent: str,
        status: oneOf("open", "complete", "expired"),
      },
      params,
    );
    const sessions = newestFirst(state().checkoutSessions).filter(
      (session) =>
        (input.customer === undefined || session.customer === input.customer) &&
        (input.subscription === undefined || session.subscription === input.subscription) &&
        (input.payment_intent === undefined || session.payment_intent === input.payment_intent) &&
        (input.status === undefined || session.status === input.status),
    );
    return paginate(context, sessions, input, "/v1/checkout/sessions");
  });
}
