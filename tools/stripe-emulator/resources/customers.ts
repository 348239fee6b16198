import type { EmulatorContext } from "../context";
import { resourceMissing } from "../errors";
import { present } from "../expand";
import { newId, newInvoicePrefix } from "../ids";
import { newestFirst, paginate, search } from "../lists";
import { arrayOf, expandable, metadata, mergeMetadata, object, pagination, parseParams, str, int } from "../params";
import type { Router } from "../router";
import { changedAttributes, snapshot, type Customer } from "../store";

export const createFields = {
  ...expandable,
  email: str,
  name: str,
  description: str,
  phone: str,
  metadata,
  preferred_locales: arrayOf(str),
} as const;

export const updateFields = { ...createFields, invoice_settings: object({ default_payment_method: str }) } as const;

export function createCustomer(
  context: EmulatorContext,
  fields: {
    email?: string | null;
    name?: string | null;
    description?: string | null;
    phone?: string | null;
    metadata?: Record<string, string>;
    preferredLocales?: string[];
  },
): Customer {
  const customer: Customer = {
    id: newId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: context.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email ?? null,
    invoice_prefix: newInvoicePrefix(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name ?? null,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: fields.preferredLocales ?? [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  context.store.state.customers[customer.id] = customer;
  context.store.changed();
  context.emit("customer.created", snapshot(customer));
  return customer;
}

export function getCustomer(context: EmulatorContext, id: string, param = "id"): Customer {
  const customer = context.store.state.customers[id];
  if (!customer) throw resourceMissing("customer", id, param);
  return customer;
}

/** Sets the customer's default card, emitting `customer.updated` with what changed. */
export function setDefaultPaymentMethod(context: EmulatorContext, customer: Customer, paymentMethodId: string): void {
  const previous = snapshot(customer.invoice_settings);
  customer.invoice_settings.default_payment_method = paymentMethodId;
  context.store.changed();
  context.emit("customer.updated", snapshot(customer), { invoice_settings: previous });
}

export function registerCustomers(router: Router, context: EmulatorContext): void {
  const state = () => context.store.state;

  router.on("POST", "/v1/customers", ({ params }) => {
    const input = parseParams(createFields, params);
    const customer = createCustomer(context, {
      email: input.email ?? null,
      name: input.name ?? null,
      description: input.description ?? null,
      phone: input.phone ?? null,
      metadata: mergeMetadata({}, input.metadata),
      preferredLocales: input.preferred_locales ?? [],
    });
    return present(context, customer, input.expand);
  });

  router.on("GET", "/v1/customers/search", ({ params }) => {
    const input = parseParams({ query: str, limit: int, page: str, ...expandable }, params);
    return search(context, newestFirst(state().customers), input, "/v1/customers/search");
  });

  router.on("GET", "/v1/customers/:id", ({ params, pathParams }) => {
    const input = parseParams(expandable, params);
    const id = pathParams.id ?? "";
    if (state().deletedCustomers[id]) return { id, object: "customer", deleted: true };
    return present(context, getCustomer(context, id), input.expand);
  });

  router.on("POST", "/v1/customers/:id", ({ params, pathParams }) => {
    const input = parseParams(updateFields, params);
    const customer = getCustomer(context, pathParams.id ?? "");
    const before = snapshot(customer);
    if (input.email !== undefined) customer.email = input.email || null;
    if (input.name !== undefined) customer.name = input.name || null;
    if (input.description !== undefined) customer.description = input.description || null;
    if (input.phone !== undefined) customer.phone = input.phone || null;
    if (input.preferred_locales !== undefined) customer.preferred_locales = input.preferred_locales;
    customer.metadata = mergeMetadata(customer.metadata, input.metadata);
    const defaultPaymentMethod = input.invoice_settings?.default_payment_method;
    if (defaultPaymentMethod !== undefined) {
      if (defaultPaymentMethod && !state().paymentMethods[defaultPaymentMethod]) {
        throw resourceMissing("PaymentMethod", defaultPaymentMethod, "invoice_settings[default_payment_method]");
      }
      customer.invoice_settings.default_payment_method = defaultPaymentMethod || null;
    }
    context.store.changed();
    const previous = changedAttributes(before, customer);
    if (Object.keys(previous).length > 0) context.emit("customer.updated", snapshot(customer), previous);
    return present(context, customer, input.expand);
  });

  router.on("GET", "/v1/customers", ({ params }) => {
    const input = parseParams({ ...pagination, email: str }, params);
    const customers = newestFirst(state().customers).filter(
      (customer) => input.email === undefined || customer.email === input.email,
    );
    return paginate(context, customers, input, "/v1/customers");
  });

  router.on("DELETE", "/v1/customers/:id", ({ pathParams }) => {
    const customer = getCustomer(context, pathParams.id ?? "");
    for (const subscription of Object.values(state().subscriptions)) {
      if (subscription.customer === customer.id && subscription.status !== "canceled") {
        subscription.status = "canceled";
        subscription.canceled_at = context.clock.now();
        subscription.ended_at = context.clock.now();
        context.emit("customer.subscription.deleted", snapshot(subscription));
      }
    }
    delete state().customers[customer.id];
    state().deletedCustomers[customer.id] = true;
    context.store.changed();
    context.emit("customer.deleted", snapshot(customer));
    return { id: customer.id, object: "customer", deleted: true };
  });
}
