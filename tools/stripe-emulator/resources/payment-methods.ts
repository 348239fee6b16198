import { emitUpdated } from "../billing";
import { attachDecline, describeCard, TEST_PAYMENT_METHODS, validateCardForm, type CardInput } from "../cards";
import type { EmulatorContext } from "../context";
import { cardError, invalidRequest, resourceMissing, StripeApiError } from "../errors";
import { present } from "../expand";
import { newId, randomToken } from "../ids";
import { newestFirst, paginate } from "../lists";
import {
  expandable,
  int,
  mergeMetadata,
  metadata,
  object,
  oneOf,
  pagination,
  parseParams,
  requireParam,
  str,
} from "../params";
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

function testCardExpiry(context: EmulatorContext): number {
  return new Date(context.clock.now() * 1000).getUTCFullYear() + 3;
}

/**
 * The payment method an intent is confirmed with: a `pm_card_*` shortcut makes
 * a fresh one as in test mode; one saved to another customer is refused.
 */
export function paymentMethodForIntent(context: EmulatorContext, id: string, customer: string | null): PaymentMethod {
  const testCard = TEST_PAYMENT_METHODS[id];
  const paymentMethod = testCard
    ? createCardPaymentMethod(context, { number: testCard, expMonth: 12, expYear: testCardExpiry(context) })
    : getPaymentMethod(context, id, "payment_method");
  if (typeof paymentMethod.customer === "string" && paymentMethod.customer !== customer) {
    throw invalidRequest(
      `The provided PaymentMethod ${paymentMethod.id} was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.`,
      "payment_method",
    );
  }
  return paymentMethod;
}

export const createFields = {
  ...expandable,
  type: oneOf("card"),
  card: object({ number: str, exp_month: int, exp_year: int, cvc: str }),
  billing_details: object({ email: str, name: str }),
  metadata,
} as const;

export function registerPaymentMethods(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;
  const expiry = () => testCardExpiry(context);

  /**
   * Stripe.js creates the card's payment method from its card iframe with the
   * publishable key; raw card numbers from a server are refused, as Stripe
   * refuses them by default.
   */
  router.on(
    "POST",
    "/v1/payment_methods",
    ({ params, publishableKey }) => {
      const input = parseParams(createFields, params);
      if (requireParam(input.type, "type") !== "card") throw invalidRequest("Invalid type", "type");
      const card = requireParam(input.card, "card");
      if (!publishableKey) {
        throw invalidRequest(
          "Sending credit card numbers directly to the Stripe API is generally unsafe. To continue processing use Stripe.js, the Stripe mobile bindings, or Stripe Elements. For testing, use a test payment method such as pm_card_visa.",
          "card[number]",
        );
      }
      const number = requireParam(card.number, "card[number]").replace(/\s/g, "");
      const expMonth = requireParam(card.exp_month, "card[exp_month]");
      const expYear = requireParam(card.exp_year, "card[exp_year]");
      const validation = validateCardForm(
        number,
        `${expMonth} / ${expYear}`,
        requireParam(card.cvc, "card[cvc]"),
        context.clock.now(),
      );
      if (!validation.ok) {
        const code =
          validation.field === "cardNumber"
            ? "incorrect_number"
            : validation.field === "cardExpiry"
              ? "invalid_expiry_year"
              : "invalid_cvc";
        throw new StripeApiError(402, {
          type: "card_error",
          code,
          message: validation.message,
          param:
            validation.field === "cardNumber"
              ? "card[number]"
              : validation.field === "cardExpiry"
                ? "card[exp_year]"
                : "card[cvc]",
        });
      }
      const paymentMethod = createCardPaymentMethod(context, validation.card, {
        email: input.billing_details?.email ?? null,
        name: input.billing_details?.name ?? null,
      });
      paymentMethod.metadata = mergeMetadata({}, input.metadata);
      return present(context, paymentMethod, input.expand);
    },
    { publishable: true },
  );

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
