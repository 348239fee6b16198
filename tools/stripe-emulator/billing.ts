import { chargeDecline, type Decline } from "./cards";
import { confirmPaymentIntent, invoicePaymentIntent, recordInvoicePaid } from "./payments";
import { addInterval, SECONDS_PER_DAY } from "./clock";
import type { EmulatorContext } from "./context";
import { cardError, invalidRequest } from "./errors";
import { newId } from "./ids";
import { planFromPrice } from "./plans";
import {
  changedAttributes,
  snapshot,
  type Customer,
  type Invoice,
  type InvoiceLineItem,
  type Price,
  type ProrationLine,
  type Subscription,
  type SubscriptionInternals,
  type SubscriptionItem,
  type SubscriptionSchedule,
} from "./store";

export type ProrationBehavior = "create_prorations" | "always_invoice" | "none";
export type BillingReason = "subscription_create" | "subscription_cycle" | "subscription_update" | "manual";

function requirePrice(context: EmulatorContext, id: string): Price {
  const price = context.store.state.prices[id];
  if (!price) throw invalidRequest(`No such price: '${id}'`, "price", "resource_missing");
  return price;
}

function recurringOf(price: Price): { interval: string; count: number } {
  if (!price.recurring) throw invalidRequest(`The price specified (${price.id}) is not recurring.`, "price");
  return { interval: price.recurring.interval, count: price.recurring.interval_count };
}

export function internalsOf(context: EmulatorContext, subscriptionId: string): SubscriptionInternals {
  const internals = (context.store.state.subscriptionInternals[subscriptionId] ??= {
    trialWillEndSent: false,
    pendingProrations: [],
  });
  return internals;
}

/** The schedule that manages the subscription, if one does. */
export function scheduleOf(context: EmulatorContext, subscription: Subscription): SubscriptionSchedule | undefined {
  return subscription.schedule ? context.store.state.subscriptionSchedules[subscription.schedule as string] : undefined;
}

export function firstItem(subscription: Subscription): SubscriptionItem {
  const item = subscription.items.data[0];
  if (!item) throw invalidRequest(`Subscription ${subscription.id} has no items.`);
  return item;
}

/** The end of the billing period after `start`, counted from the anchor so month ends do not drift. */
function periodEndAfter(anchor: number, start: number, price: Price): number {
  const { interval, count } = recurringOf(price);
  for (let periods = 1; ; periods++) {
    const end = addInterval(anchor, interval, count * periods);
    if (end > start) return end;
  }
}

function buildItem(
  context: EmulatorContext,
  subscriptionId: string,
  price: Price,
  quantity: number,
  periodStart: number,
  periodEnd: number,
): SubscriptionItem {
  return {
    id: newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: context.clock.now(),
    current_trial: null,
    current_period_end: periodEnd,
    current_period_start: periodStart,
    discounts: [],
    metadata: {},
    plan: planFromPrice(price),
    price: snapshot(price),
    quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

export interface NewSubscription {
  customer: string;
  items: { price: string; quantity: number }[];
  trialEnd: number | null;
  metadata: Record<string, string>;
  defaultPaymentMethod: string | null;
  description?: string | null;
}

/** Creates and stores a subscription (events are left to the flow that creates it, which decides their order). */
export function buildSubscription(context: EmulatorContext, input: NewSubscription): Subscription {
  const now = context.clock.now();
  const id = newId("sub");
  const prices = input.items.map((item) => requirePrice(context, item.price));
  const firstPrice = prices[0];
  if (!firstPrice) throw invalidRequest("Missing required param: items.", "items", "parameter_missing");
  const anchor = input.trialEnd ?? now;
  const periodEnd = input.trialEnd ?? periodEndAfter(anchor, now, firstPrice);
  const items = input.items.map((item, index) =>
    buildItem(context, id, prices[index] ?? firstPrice, item.quantity, now, periodEnd),
  );
  const subscription: Subscription = {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: firstPrice.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: input.trialEnd ? "trialing" : "active",
    test_clock: null,
    transfer_data: null,
    trial_end: input.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: input.trialEnd ? now : null,
    billing_schedules: [],
    managed_payments: null,
  };
  context.store.state.subscriptions[id] = subscription;
  internalsOf(context, id);
  context.store.changed();
  return subscription;
}

function productName(context: EmulatorContext, price: Price): string {
  const productId = typeof price.product === "string" ? price.product : price.product.id;
  return context.store.state.products[productId]?.name ?? productId;
}

interface LineSpec {
  amount: number;
  description: string;
  price: Price;
  quantity: number;
  subscriptionItem: string;
  proration: boolean;
  periodStart: number;
  periodEnd: number;
}

function buildLine(invoiceId: string, subscriptionId: string | null, spec: LineSpec): InvoiceLineItem {
  return {
    id: newId("il"),
    object: "line_item",
    amount: spec.amount,
    currency: spec.price.currency,
    description: spec.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: spec.proration,
        proration_details: { credited_items: null },
        subscription: subscriptionId ?? "",
        subscription_item: spec.subscriptionItem,
      },
    },
    period: { start: spec.periodStart, end: spec.periodEnd },
    pretax_credit_amounts: [],
    pricing: {
      type: "price_details",
      price_details: {
        price: spec.price.id,
        product: typeof spec.price.product === "string" ? spec.price.product : spec.price.product.id,
      },
      unit_amount_decimal: spec.price.unit_amount_decimal,
    },
    quantity: spec.quantity,
    quantity_decimal: String(spec.quantity),
    subscription: subscriptionId,
    subtotal: spec.amount,
    taxes: [],
  };
}

/** A full-period line for every item of the subscription. */
function periodLines(
  context: EmulatorContext,
  subscription: Subscription,
  start: number,
  end: number,
  free: boolean,
): LineSpec[] {
  return subscription.items.data.map((item) => {
    const price = context.store.state.prices[item.price.id] ?? item.price;
    const quantity = item.quantity ?? 1;
    const description = free
      ? `Trial period for ${productName(context, price)}`
      : `${quantity} × ${productName(context, price)} (at ${formatAmount(price.unit_amount ?? 0, price.currency)} / ${price.recurring?.interval ?? "once"})`;
    return {
      amount: free ? 0 : (price.unit_amount ?? 0) * quantity,
      description,
      price,
      quantity,
      subscriptionItem: item.id,
      proration: false,
      periodStart: start,
      periodEnd: end,
    };
  });
}

function prorationSpecs(context: EmulatorContext, lines: ProrationLine[]): LineSpec[] {
  return lines.map((line) => ({
    amount: line.amount,
    description: line.description,
    price: requirePrice(context, line.priceId),
    quantity: 1,
    subscriptionItem: line.subscriptionItemId,
    proration: true,
    periodStart: line.periodStart,
    periodEnd: line.periodEnd,
  }));
}

export function formatAmount(amount: number, currency: string): string {
  const formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  return formatter.format(amount / 100);
}

function formatDate(time: number): string {
  return new Date(time * 1000).toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
}

interface InvoiceDraft {
  customer: Customer;
  subscription: Subscription | null;
  billingReason: BillingReason;
  lines: LineSpec[];
  periodStart: number;
  periodEnd: number;
}

function invoiceShell(context: EmulatorContext, id: string, draft: InvoiceDraft): Invoice {
  const now = context.clock.now();
  const subscriptionId = draft.subscription?.id ?? null;
  const lines = draft.lines.map((line) => buildLine(id, subscriptionId, line));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const amountDue = Math.max(0, total);
  const invoice: Invoice = {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Tollgate (Stripe emulator)",
    account_tax_ids: null,
    amount_due: amountDue,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amountDue,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: draft.billingReason,
    collection_method: "charge_automatically",
    created: now,
    currency: draft.lines[0]?.price.currency ?? "usd",
    custom_fields: null,
    customer: draft.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: draft.customer.email ?? null,
    customer_name: draft.customer.name ?? null,
    customer_phone: draft.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: draft.subscription
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: {
            metadata: snapshot(draft.subscription.metadata),
            subscription: draft.subscription.id,
          },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: draft.periodEnd,
    period_start: draft.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  return invoice;
}

/** Creates and stores a draft invoice; callers then run it through `collectInvoice`. */
function buildInvoice(context: EmulatorContext, draft: InvoiceDraft): Invoice {
  const invoice = invoiceShell(context, newId("in"), draft);
  context.store.state.invoices[invoice.id] = invoice;
  if (draft.subscription) draft.subscription.latest_invoice = invoice.id;
  context.store.changed();
  return invoice;
}

/** The card Stripe charges: the subscription's default payment method, else the customer's. */
function defaultPaymentMethod(
  context: EmulatorContext,
  subscription: Subscription | undefined,
  customerId: string | null,
): string | null {
  const fromSubscription = subscription?.default_payment_method;
  if (typeof fromSubscription === "string") return fromSubscription;
  const fromCustomer = customerId
    ? context.store.state.customers[customerId]?.invoice_settings.default_payment_method
    : null;
  return typeof fromCustomer === "string" ? fromCustomer : null;
}

function paymentMethodFor(context: EmulatorContext, invoice: Invoice): string | null {
  const subscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscription =
    typeof subscriptionId === "string" ? context.store.state.subscriptions[subscriptionId] : undefined;
  return defaultPaymentMethod(context, subscription, typeof invoice.customer === "string" ? invoice.customer : null);
}

const NO_PAYMENT_METHOD: Decline = {
  code: "invoice_no_customer_payment_method",
  message: "The customer has no default payment method.",
};

function declineFor(context: EmulatorContext, paymentMethod: string | null): Decline | undefined {
  const card = paymentMethod ? context.store.state.paymentMethodCards[paymentMethod] : undefined;
  return card ? chargeDecline(card) : NO_PAYMENT_METHOD;
}

/** Collects the invoice through its PaymentIntent off-session; without a card nothing is charged. */
function chargeInvoice(
  context: EmulatorContext,
  invoice: Invoice,
  paymentMethodId: string | null,
): Decline | undefined {
  const paymentMethod = paymentMethodId ? context.store.state.paymentMethods[paymentMethodId] : undefined;
  if (!paymentMethod) return NO_PAYMENT_METHOD;
  const outcome = confirmPaymentIntent(context, invoicePaymentIntent(context, invoice), paymentMethod, {
    offSession: true,
  });
  if (!outcome.ok) return outcome.decline;
  recordInvoicePaid(context, invoice);
  return undefined;
}

function finalize(context: EmulatorContext, invoice: Invoice): void {
  const now = context.clock.now();
  const customer = typeof invoice.customer === "string" ? context.store.state.customers[invoice.customer] : undefined;
  if (customer) {
    invoice.number = `${customer.invoice_prefix ?? "INV"}-${String(customer.next_invoice_sequence ?? 1).padStart(4, "0")}`;
    customer.next_invoice_sequence = (customer.next_invoice_sequence ?? 1) + 1;
  }
  invoice.status = "open";
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = `${context.baseUrl()}/i/${invoice.id}`;
  context.store.changed();
  context.emit("invoice.finalized", snapshot(invoice));
}

function markPaid(context: EmulatorContext, invoice: Invoice): void {
  const now = context.clock.now();
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  invoice.ending_balance = 0;
  context.store.changed();
  context.emit("invoice.paid", snapshot(invoice));
  context.emit("invoice.payment_succeeded", snapshot(invoice));
}

/**
 * Charges an open invoice with the default card. A failure schedules the
 * next automatic attempt from the retry schedule (none after the last).
 */
export function attemptPayment(
  context: EmulatorContext,
  invoice: Invoice,
  paymentMethodOverride?: string,
): Decline | undefined {
  const now = context.clock.now();
  if (invoice.amount_due > 0) {
    invoice.attempted = true;
    invoice.attempt_count += 1;
    const paymentMethod = paymentMethodOverride ?? paymentMethodFor(context, invoice);
    const decline = chargeInvoice(context, invoice, paymentMethod);
    if (decline) {
      const retryDays = context.billing.paymentRetryDays[invoice.attempt_count - 1];
      invoice.next_payment_attempt = retryDays === undefined ? null : now + retryDays * SECONDS_PER_DAY;
      invoice.ending_balance = 0;
      context.store.changed();
      context.emit("invoice.payment_failed", snapshot(invoice));
      return decline;
    }
    invoice.default_payment_method = paymentMethod;
  }
  markPaid(context, invoice);
  return undefined;
}

/** Stripe's sequence for an automatically collected invoice: created, finalized, then paid or failed. */
export function collectInvoice(context: EmulatorContext, invoice: Invoice): Decline | undefined {
  context.emit("invoice.created", snapshot(invoice));
  finalize(context, invoice);
  return attemptPayment(context, invoice);
}

function customerOf(context: EmulatorContext, subscription: Subscription): Customer {
  const customerId = typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id;
  const customer = context.store.state.customers[customerId];
  if (!customer) throw invalidRequest(`No such customer: '${customerId}'`, "customer", "resource_missing");
  return customer;
}

/** The first invoice of a new subscription: full price, or $0 for a trial, as Stripe issues it. */
export function firstInvoice(context: EmulatorContext, subscription: Subscription): Invoice {
  const item = firstItem(subscription);
  return buildInvoice(context, {
    customer: customerOf(context, subscription),
    subscription,
    billingReason: "subscription_create",
    lines: periodLines(
      context,
      subscription,
      item.current_period_start,
      item.current_period_end,
      subscription.status === "trialing",
    ),
    periodStart: item.current_period_start,
    periodEnd: item.current_period_start,
  });
}

/** Emits `customer.subscription.updated` with the old values of what changed since `before`, if anything did. */
export function emitUpdated(context: EmulatorContext, before: Subscription, subscription: Subscription): void {
  const previous = changedAttributes(before, subscription);
  context.store.changed();
  if (Object.keys(previous).length > 0) context.emit("customer.subscription.updated", snapshot(subscription), previous);
}

/**
 * `POST /v1/subscriptions`: the first invoice is charged at once. With
 * `allow_incomplete` a failed charge leaves the subscription `incomplete`
 * with an open invoice; `error_if_incomplete` refuses it with a 402 and creates nothing.
 */
export function createSubscription(
  context: EmulatorContext,
  input: NewSubscription,
  paymentBehavior: "allow_incomplete" | "error_if_incomplete",
): Subscription {
  const firstCharge = input.trialEnd
    ? 0
    : input.items.reduce((sum, item) => sum + (requirePrice(context, item.price).unit_amount ?? 0) * item.quantity, 0);
  const paymentMethod = input.defaultPaymentMethod ?? defaultPaymentMethod(context, undefined, input.customer);
  const decline = firstCharge > 0 ? declineFor(context, paymentMethod) : undefined;
  if (decline && paymentBehavior === "error_if_incomplete") throw cardError(decline);
  const subscription = buildSubscription(context, input);
  if (decline) subscription.status = "incomplete";
  const invoice = firstInvoice(context, subscription);
  context.emit("customer.subscription.created", snapshot(subscription));
  collectInvoice(context, invoice);
  return subscription;
}

/** Marks the subscription past due (or back to active) after a payment outcome on its invoice. */
export function applyPaymentOutcome(context: EmulatorContext, subscription: Subscription, paid: boolean): void {
  const before = snapshot(subscription);
  if (
    paid &&
    (subscription.status === "past_due" || subscription.status === "unpaid" || subscription.status === "incomplete")
  ) {
    subscription.status = "active";
  }
  if (!paid && (subscription.status === "active" || subscription.status === "trialing"))
    subscription.status = "past_due";
  emitUpdated(context, before, subscription);
}

/**
 * A period end: the next period starts, a trial converts, and the new period's invoice is collected.
 * `before` lets a schedule phase that switches the price at this moment report both changes in one event.
 */
export function renew(
  context: EmulatorContext,
  subscription: Subscription,
  before: Subscription = snapshot(subscription),
): void {
  const item = firstItem(subscription);
  const start = item.current_period_end;
  const price = context.store.state.prices[item.price.id] ?? item.price;
  const end = periodEndAfter(subscription.billing_cycle_anchor, start, price);
  for (const each of subscription.items.data) {
    each.current_period_start = start;
    each.current_period_end = end;
  }
  if (subscription.status === "trialing") subscription.status = "active";
  const internals = internalsOf(context, subscription.id);
  const prorations = internals.pendingProrations;
  internals.pendingProrations = [];
  const invoice = buildInvoice(context, {
    customer: customerOf(context, subscription),
    subscription,
    billingReason: "subscription_cycle",
    lines: [...prorationSpecs(context, prorations), ...periodLines(context, subscription, start, end, false)],
    periodStart: before.items.data[0]?.current_period_start ?? start,
    periodEnd: start,
  });
  emitUpdated(context, before, subscription);
  const decline = collectInvoice(context, invoice);
  applyPaymentOutcome(context, subscription, decline === undefined);
}

/** Another automatic attempt on an open invoice; after the last one the subscription is canceled or left unpaid. */
export function retryInvoice(context: EmulatorContext, invoice: Invoice): void {
  const decline = attemptPayment(context, invoice);
  const subscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscription =
    typeof subscriptionId === "string" ? context.store.state.subscriptions[subscriptionId] : undefined;
  if (!subscription || subscription.status === "canceled") return;
  if (!decline) {
    applyPaymentOutcome(context, subscription, true);
    return;
  }
  if (invoice.next_payment_attempt !== null) return;
  if (context.billing.afterRetriesExhausted === "cancel") {
    cancelNow(context, subscription, "payment_failed");
  } else {
    const before = snapshot(subscription);
    subscription.status = "unpaid";
    emitUpdated(context, before, subscription);
  }
}

export function cancelNow(
  context: EmulatorContext,
  subscription: Subscription,
  reason: "cancellation_requested" | "payment_failed" | "payment_disputed",
): void {
  const now = context.clock.now();
  subscription.status = "canceled";
  subscription.canceled_at = subscription.canceled_at ?? now;
  subscription.ended_at = now;
  subscription.cancellation_details = {
    comment: subscription.cancellation_details?.comment ?? null,
    feedback: subscription.cancellation_details?.feedback ?? null,
    feedback_option: null,
    reason,
  };
  internalsOf(context, subscription.id).pendingProrations = [];
  for (const invoice of Object.values(context.store.state.invoices)) {
    if (invoice.parent?.subscription_details?.subscription === subscription.id && invoice.status === "open") {
      invoice.next_payment_attempt = null;
    }
  }
  context.store.changed();
  context.emit("customer.subscription.deleted", snapshot(subscription));
  // Canceling a subscription directly also cancels the schedule that manages it.
  const schedule = scheduleOf(context, subscription);
  if (schedule?.status === "active") {
    delete context.store.state.portalSchedules[schedule.id];
    schedule.status = "canceled";
    schedule.canceled_at = now;
    schedule.current_phase = null;
    context.emit("subscription_schedule.canceled", snapshot(schedule));
  }
}

/** Sets or clears a pending cancellation without emitting (callers batch it with other changes). */
export function applyCancelAtPeriodEnd(context: EmulatorContext, subscription: Subscription, cancel: boolean): void {
  if (subscription.status === "canceled") {
    throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.");
  }
  if (subscription.schedule) {
    throw invalidRequest(
      `The subscription is managed by the subscription schedule \`${subscription.schedule as string}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
    );
  }
  subscription.cancel_at_period_end = cancel;
  subscription.cancel_at = cancel ? firstItem(subscription).current_period_end : null;
  subscription.canceled_at = cancel ? context.clock.now() : null;
  subscription.cancellation_details = {
    comment: null,
    feedback: null,
    feedback_option: null,
    reason: cancel ? "cancellation_requested" : null,
  };
}

export function setCancelAtPeriodEnd(context: EmulatorContext, subscription: Subscription, cancel: boolean): void {
  const before = snapshot(subscription);
  applyCancelAtPeriodEnd(context, subscription, cancel);
  emitUpdated(context, before, subscription);
}

/** Puts an item on another price without invoicing; callers decide what the switch bills. */
export function applyItemPrice(item: SubscriptionItem, price: Price, quantity: number): void {
  item.price = snapshot(price);
  item.plan = planFromPrice(price);
  item.quantity = quantity;
}

export interface PriceChange {
  itemId?: string;
  price: string;
  quantity?: number;
  prorationBehavior: ProrationBehavior;
  prorationDate?: number;
  /** `error_if_incomplete` refuses a change whose immediate charge would fail, leaving the subscription as it was. */
  paymentBehavior?: "allow_incomplete" | "error_if_incomplete";
}

interface ChangePlan {
  item: SubscriptionItem;
  newPrice: Price;
  quantity: number;
  /** The switch changes the billing interval, which restarts the billing cycle now. */
  resetsCycle: boolean;
  prorations: ProrationLine[];
}

function planChange(context: EmulatorContext, subscription: Subscription, change: PriceChange): ChangePlan {
  const item = change.itemId
    ? subscription.items.data.find((candidate) => candidate.id === change.itemId)
    : firstItem(subscription);
  if (!item)
    throw invalidRequest(`No such subscription item: '${change.itemId ?? ""}'`, "items[0][id]", "resource_missing");
  const newPrice = requirePrice(context, change.price);
  if (!newPrice.active)
    throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, "items[0][price]");
  const oldPrice = context.store.state.prices[item.price.id] ?? item.price;
  const quantity = change.quantity ?? item.quantity ?? 1;
  const oldRecurring = recurringOf(oldPrice);
  const newRecurring = recurringOf(newPrice);
  const resetsCycle = oldRecurring.interval !== newRecurring.interval || oldRecurring.count !== newRecurring.count;
  const prorations: ProrationLine[] = [];
  const at = change.prorationDate ?? context.clock.now();
  const start = item.current_period_start;
  const end = item.current_period_end;
  if (subscription.status !== "trialing" && change.prorationBehavior !== "none" && at < end) {
    const unused = (end - at) / Math.max(1, end - start);
    const oldQuantity = item.quantity ?? 1;
    prorations.push({
      description: `Unused time on ${oldQuantity} × ${productName(context, oldPrice)} after ${formatDate(at)}`,
      amount: -Math.round((oldPrice.unit_amount ?? 0) * oldQuantity * unused),
      priceId: oldPrice.id,
      subscriptionItemId: item.id,
      periodStart: at,
      periodEnd: end,
    });
    if (!resetsCycle) {
      prorations.push({
        description: `Remaining time on ${quantity} × ${productName(context, newPrice)} after ${formatDate(at)}`,
        amount: Math.round((newPrice.unit_amount ?? 0) * quantity * unused),
        priceId: newPrice.id,
        subscriptionItemId: item.id,
        periodStart: at,
        periodEnd: end,
      });
    }
  }
  return { item, newPrice, quantity, resetsCycle: resetsCycle && subscription.status !== "trialing", prorations };
}

/** What a price change invoices right away: prorations (always_invoice) or a whole new cycle (interval change). */
function amountChargedNow(
  context: EmulatorContext,
  subscription: Subscription,
  plan: ChangePlan,
  change: PriceChange,
): number {
  const prorated = plan.prorations.reduce((sum, line) => sum + line.amount, 0);
  if (plan.resetsCycle) {
    const period = subscription.items.data.reduce((sum, item) => {
      if (item.id === plan.item.id) return sum + (plan.newPrice.unit_amount ?? 0) * plan.quantity;
      const price = context.store.state.prices[item.price.id] ?? item.price;
      return sum + (price.unit_amount ?? 0) * (item.quantity ?? 1);
    }, 0);
    return prorated + period;
  }
  return change.prorationBehavior === "always_invoice" ? prorated : 0;
}

/** `error_if_incomplete` refuses, with the card's 402, a change whose immediate charge of `amount` would fail. */
function refuseIfDeclined(
  context: EmulatorContext,
  subscription: Subscription,
  amount: number,
  paymentBehavior: PriceChange["paymentBehavior"],
): void {
  if (paymentBehavior !== "error_if_incomplete" || amount <= 0) return;
  const customerId = typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id;
  const decline = declineFor(context, defaultPaymentMethod(context, subscription, customerId));
  if (decline) throw cardError(decline);
}

/** A copy of the subscription with `change` applied, for previews and for pricing a change before making it. */
function withChange(
  context: EmulatorContext,
  subscription: Subscription,
  change: PriceChange | undefined,
): Subscription {
  const changed = snapshot(subscription);
  if (!change) return changed;
  const plan = planChange(context, subscription, change);
  const changedItem = changed.items.data.find((candidate) => candidate.id === plan.item.id);
  if (changedItem) applyItemPrice(changedItem, plan.newPrice, plan.quantity);
  return changed;
}

/** A billing period starting at `start` (which becomes the anchor) and its full-price lines. */
function freshPeriod(context: EmulatorContext, subscription: Subscription, start: number) {
  const item = firstItem(subscription);
  const end = periodEndAfter(start, start, context.store.state.prices[item.price.id] ?? item.price);
  return { end, lines: periodLines(context, subscription, start, end, false) };
}

/**
 * `trial_end: "now"` on a trialing subscription: the trial stops, a new billing
 * period starts now (the billing cycle anchor moves with it) and its full price,
 * after a price change made in the same call, is invoiced at once.
 */
export function endTrialNow(
  context: EmulatorContext,
  subscription: Subscription,
  change: PriceChange | undefined,
  paymentBehavior: PriceChange["paymentBehavior"],
  before: Subscription,
): void {
  const now = context.clock.now();
  const { end, lines } = freshPeriod(context, withChange(context, subscription, change), now);
  refuseIfDeclined(
    context,
    subscription,
    lines.reduce((sum, line) => sum + line.amount, 0),
    paymentBehavior,
  );
  if (change) {
    const plan = planChange(context, subscription, change);
    applyItemPrice(plan.item, plan.newPrice, plan.quantity);
  }
  subscription.status = "active";
  subscription.trial_end = now;
  subscription.billing_cycle_anchor = now;
  for (const each of subscription.items.data) {
    each.current_period_start = now;
    each.current_period_end = end;
  }
  if (subscription.cancel_at_period_end) subscription.cancel_at = end;
  emitUpdated(context, before, subscription);
  const invoice = buildInvoice(context, {
    customer: customerOf(context, subscription),
    subscription,
    billingReason: "subscription_update",
    lines,
    periodStart: now,
    periodEnd: now,
  });
  const decline = collectInvoice(context, invoice);
  applyPaymentOutcome(context, subscription, decline === undefined);
}

/** A later `trial_end` moves the end of a running trial, and with it the first billing date. */
export function extendTrial(context: EmulatorContext, subscription: Subscription, trialEnd: number): void {
  if (subscription.status !== "trialing") {
    throw invalidRequest("The emulator moves trial_end only on trialing subscriptions.", "trial_end");
  }
  if (trialEnd <= context.clock.now()) {
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end");
  }
  subscription.trial_end = trialEnd;
  subscription.billing_cycle_anchor = trialEnd;
  for (const each of subscription.items.data) each.current_period_end = trialEnd;
  if (subscription.cancel_at_period_end) subscription.cancel_at = trialEnd;
  // The notice goes out again three days before the new end.
  internalsOf(context, subscription.id).trialWillEndSent = false;
}

/** Switches an item to another price, with Stripe's proration behaviours. */
export function changePrice(
  context: EmulatorContext,
  subscription: Subscription,
  change: PriceChange,
  before: Subscription = snapshot(subscription),
): void {
  if (subscription.status === "canceled") {
    throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.");
  }
  const plan = planChange(context, subscription, change);
  refuseIfDeclined(
    context,
    subscription,
    amountChargedNow(context, subscription, plan, change),
    change.paymentBehavior,
  );
  const now = context.clock.now();
  applyItemPrice(plan.item, plan.newPrice, plan.quantity);
  let immediateLines: LineSpec[] | undefined;
  if (plan.resetsCycle) {
    const end = periodEndAfter(now, now, plan.newPrice);
    subscription.billing_cycle_anchor = now;
    for (const each of subscription.items.data) {
      each.current_period_start = now;
      each.current_period_end = end;
    }
    if (subscription.cancel_at_period_end) subscription.cancel_at = end;
    immediateLines = [
      ...prorationSpecs(context, plan.prorations),
      ...periodLines(context, subscription, now, end, false),
    ];
  } else if (change.prorationBehavior === "always_invoice") {
    immediateLines = prorationSpecs(context, plan.prorations);
  } else {
    internalsOf(context, subscription.id).pendingProrations.push(...plan.prorations);
  }
  emitUpdated(context, before, subscription);
  if (immediateLines && immediateLines.length > 0) {
    const invoice = buildInvoice(context, {
      customer: customerOf(context, subscription),
      subscription,
      billingReason: "subscription_update",
      lines: immediateLines,
      periodStart: now,
      periodEnd: now,
    });
    const decline = collectInvoice(context, invoice);
    applyPaymentOutcome(context, subscription, decline === undefined);
  }
}

/**
 * What `POST /v1/invoices/create_preview` returns for a subscription, optionally
 * with a price change: the prorations now (always_invoice, or an interval
 * change) or the next renewal with pending prorations. `trialEndNow` previews
 * `endTrialNow`: a full new period invoiced at once.
 */
export function previewInvoice(
  context: EmulatorContext,
  subscription: Subscription,
  change: PriceChange | undefined,
  trialEndNow = false,
): Invoice {
  const customer = customerOf(context, subscription);
  const now = context.clock.now();
  const pending = prorationSpecs(context, internalsOf(context, subscription.id).pendingProrations);
  const item = firstItem(subscription);
  const id = `upcoming_${newId("in")}`;
  if (trialEndNow && subscription.status === "trialing") {
    return invoiceShell(context, id, {
      customer,
      subscription,
      billingReason: "subscription_update",
      lines: freshPeriod(context, withChange(context, subscription, change), now).lines,
      periodStart: now,
      periodEnd: now,
    });
  }
  if (!change) {
    const start = item.current_period_end;
    const price = context.store.state.prices[item.price.id] ?? item.price;
    const end = periodEndAfter(subscription.billing_cycle_anchor, start, price);
    const preview = invoiceShell(context, id, {
      customer,
      subscription,
      billingReason: "subscription_cycle",
      lines: [...pending, ...periodLines(context, subscription, start, end, false)],
      periodStart: item.current_period_start,
      periodEnd: start,
    });
    preview.next_payment_attempt = start;
    return preview;
  }
  const plan = planChange(context, subscription, change);
  const changed = withChange(context, subscription, change);
  const prorations = prorationSpecs(context, plan.prorations);
  if (plan.resetsCycle) {
    const end = periodEndAfter(now, now, plan.newPrice);
    return invoiceShell(context, id, {
      customer,
      subscription,
      billingReason: "subscription_update",
      lines: [...prorations, ...periodLines(context, changed, now, end, false)],
      periodStart: now,
      periodEnd: now,
    });
  }
  if (change.prorationBehavior === "always_invoice") {
    return invoiceShell(context, id, {
      customer,
      subscription,
      billingReason: "subscription_update",
      lines: prorations,
      periodStart: now,
      periodEnd: now,
    });
  }
  const start = item.current_period_end;
  const end = periodEndAfter(subscription.billing_cycle_anchor, start, plan.newPrice);
  const preview = invoiceShell(context, id, {
    customer,
    subscription,
    billingReason: "subscription_cycle",
    lines: [...pending, ...prorations, ...periodLines(context, changed, start, end, false)],
    periodStart: item.current_period_start,
    periodEnd: start,
  });
  preview.next_payment_attempt = start;
  return preview;
}

export function trialWillEnd(context: EmulatorContext, subscription: Subscription): void {
  internalsOf(context, subscription.id).trialWillEndSent = true;
  context.store.changed();
  context.emit("customer.subscription.trial_will_end", snapshot(subscription));
}
