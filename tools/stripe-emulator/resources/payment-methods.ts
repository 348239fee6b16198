import { emitUpdated } from "../billing";
import { attachDecline, describeCard, TEST_PAYMENT_METHODS, type CardInput } from "../cards";
import type { EmulatorContext } from "../context";
import { cardError, resourceMissing } from "../errors";
import { present } from "../expand";
import { newId, randomToken } from "../ids";
import { newestFirst, paginate } from "../lists";
import { expandable, oneOf, pagination, parseParams, requireParam, str } from "../params";
import type { Router } from "../router";
import { snapshot, type PaymentMethod } from "../store";
import { getCustomer, setDefaultPaymentMethod } from "./customers";

export function createCardPaymentMethod(
  context: EmulatorContext,
  card: CardInput,
  billing: { email?: string | null; name?: string | null } = {},
): PaymentMethod {
  const { brand, funding, last4 } = describeCard(card.number);
  const paymentMethod: PaymentMethod = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: billing.email ?? null,
      name: billing.name ?? null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: brand,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      fingerprint: randomToken(16),
      funding,
      generated_from: null,
      last4,
      networks: { available: [brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: context.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
  context.store.state.paymentMethods[paymentMethod.id] = paymentMethod;
  context.store.state.paymentMethodCards[paymentMethod.id] = card.number;
  context.store.changed();
  return paymentMethod;
}

export function attachPaymentMethod(context: EmulatorContext, paymentMethod: PaymentMethod, customerId: string): void {
  paymentMethod.customer = customerId;
  context.store.changed();
  context.emit("payment_method.attached", snapshot(paymentMethod));
}

export function getPaymentMethod(context: EmulatorContext, id: string, param = "id"): PaymentMethod {
  const paymentMethod = context.store.state.paymentMethods[id];
  if (!paymentMethod) throw resourceMissing("PaymentMethod", id, param);
  return paymentMethod;
}

export function registerPaymentMethods(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;
  const expiry = () => new Date(context.clock.now() * 1000).getUTCFullYear() + 3;

  router.on("POST", "/v1/payment_methods/:id/attach", ({ params, pathParams }) => {
    const input = parseParams({ ...expandable, customer: str }, params);
    const customer = getCustomer(context, requireParam(input.customer, "customer"), "customer");
    const id = pathParams.id ?? "";
    const testCard = TEST_PAYMENT_METHODS[id];
    // `pm_card_visa` and friends create a fresh payment method each time, as in Stripe test mode.
    const paymentMethod = testCard
      ? createCardPaymentMethod(context, { number: testCard, expMonth: 12, expYear: expiry() })
      : getPaymentMethod(context, id);
    const decline = attachDecline(state().paymentMethodCards[paymentMethod.id] ?? "");
    if (decline) throw cardError(decline, paymentMethod.id);
    attachPaymentMethod(context, paymentMethod, customer.id);
    return present(context, paymentMethod, input.expand);
  });

  router.on("POST", "/v1/payment_methods/:id/detach", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    const paymentMethod = getPaymentMethod(context, pathParams.id ?? "");
    const customer = paymentMethod.customer;
    paymentMethod.customer = null;
    const owner = typeof customer === "string" ? state().customers[customer] : undefined;
    if (owner?.invoice_settings.default_payment_method === paymentMethod.id)
      owner.invoice_settings.default_payment_method = null;
    context.store.changed();
    context.emit("payment_method.detached", snapshot(paymentMethod), { customer });
    return present(context, paymentMethod, input.expand);
  });

  router.on("GET", "/v1/payment_methods/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    return present(context, getPaymentMethod(context, pathParams.id ?? ""), input.expand);
  });

  const list = (
    customerId: string | undefined,
    input: { limit?: number; starting_after?: string; ending_before?: string; expand?: string[] },
    url: string,
  ) =>
    paginate(
      context,
      newestFirst(state().paymentMethods).filter(
        (paymentMethod) => customerId === undefined || paymentMethod.customer === customerId,
      ),
      input,
      url,
    );

  router.on("GET", "/v1/payment_methods", ({ params }) => {
    const input = parseParams({ ...pagination, customer: str, type: oneOf("card") }, params);
    return list(input.customer, input, "/v1/payment_methods");
  });

  router.on("GET", "/v1/customers/:id/payment_methods", ({ params, pathParams }) => {
    const input = parseParams({ ...pagination, type: oneOf("card") }, params);
    const customer = getCustomer(context, pathParams.id ?? "");
    return list(customer.id, input, `/v1/customers/${customer.id}/payment_methods`);
  });
}

/**
 * Saves a card as the customer's default for invoices and for each of their
 * live subscriptions, as updating the card in the customer portal does.
 * Cards that decline outright are refused, like Stripe refuses to attach them.
 */
export function setDefaultCard(context: EmulatorContext, customerId: string, card: CardInput): PaymentMethod {
  const customer = getCustomer(context, customerId, "customer");
  const decline = attachDecline(card.number);
  if (decline) throw cardError(decline);
  const paymentMethod = createCardPaymentMethod(context, card, {
    email: customer.email ?? null,
    name: customer.name ?? null,
  });
  attachPaymentMethod(context, paymentMethod, customer.id);
  setDefaultPaymentMethod(context, customer, paymentMethod.id);
  for (const subscription of Object.values(context.store.state.subscriptions)) {
    if (subscription.customer !== customer.id || subscription.status === "canceled") continue;
    const before = snapshot(subscription);
    subscription.default_payment_method = paymentMethod.id;
    emitUpdated(context, before, subscription);
  }
  return paymentMethod;
}
