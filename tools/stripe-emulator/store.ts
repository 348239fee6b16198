import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type Stripe from "stripe";

export type EventType = Stripe.EventBase["type"];

/**
 * The JSON form of an SDK type: the SDK turns decimal strings into
 * `Stripe.Decimal` objects when it parses a response, the wire carries strings.
 */
export type Wire<T> = T extends Stripe.Decimal
  ? string
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

export type Customer = Wire<Stripe.Customer>;
export type Product = Wire<Stripe.Product>;
export type Price = Wire<Stripe.Price>;
export type CheckoutSession = Wire<Stripe.Checkout.Session>;
export type CheckoutLineItem = Wire<Stripe.LineItem>;
export type Subscription = Wire<Stripe.Subscription>;
export type SubscriptionItem = Wire<Stripe.SubscriptionItem>;
export type SubscriptionSchedule = Wire<Stripe.SubscriptionSchedule>;
export type SchedulePhase = Wire<Stripe.SubscriptionSchedule.Phase>;
export type Invoice = Wire<Stripe.Invoice>;
export type InvoiceLineItem = Wire<Stripe.InvoiceLineItem>;
export type PaymentMethod = Wire<Stripe.PaymentMethod>;
export type PaymentIntent = Wire<Stripe.PaymentIntent>;
export type SetupIntent = Wire<Stripe.SetupIntent>;
export type Charge = Wire<Stripe.Charge>;
export type InvoicePayment = Wire<Stripe.InvoicePayment>;
export type Refund = Wire<Stripe.Refund>;
export type PortalConfiguration = Wire<Stripe.BillingPortal.Configuration>;
export type PortalSession = Wire<Stripe.BillingPortal.Session>;

/** Events as stored and delivered: `data.object` is a snapshot of the object at the time of the event. */
export type EmulatorEvent = Omit<Stripe.EventBase, "data" | "type"> & {
  type: EventType;
  data: { object: object; previous_attributes?: Record<string, unknown> };
};

/** A pending proration line waiting for the subscription's next invoice (Stripe's `create_prorations`). */
export interface ProrationLine {
  description: string;
  amount: number;
  priceId: string;
  subscriptionItemId: string;
  periodStart: number;
  periodEnd: number;
}

/** Book-keeping Stripe keeps server-side but does not expose on the subscription object. */
export interface SubscriptionInternals {
  trialWillEndSent: boolean;
  pendingProrations: ProrationLine[];
}

/** A card waiting on the 3-D Secure step of the hosted checkout page. */
export interface PendingAuthentication {
  email: string;
  name: string;
  cardNumber: string;
  expMonth: number;
  expYear: number;
}

export interface IdempotentResult {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  /** Wall-clock milliseconds; Stripe forgets keys after 24 hours. */
  savedAt: number;
}

export interface EmulatorState {
  clockOffsetSeconds: number;
  customers: Record<string, Customer>;
  deletedCustomers: Record<string, true>;
  products: Record<string, Product>;
  prices: Record<string, Price>;
  checkoutSessions: Record<string, CheckoutSession>;
  checkoutLineItems: Record<string, CheckoutLineItem[]>;
  /** `subscription_data` of subscription-mode sessions, which the session object does not show. */
  checkoutTrials: Record<string, number>;
  checkoutSubscriptionMetadata: Record<string, Record<string, string>>;
  checkoutPaymentMetadata: Record<string, Record<string, string>>;
  pendingAuthentications: Record<string, PendingAuthentication>;
  subscriptions: Record<string, Subscription>;
  subscriptionInternals: Record<string, SubscriptionInternals>;
  subscriptionSchedules: Record<string, SubscriptionSchedule>;
  /**
   * Schedules the hosted portal made to switch a plan at the period end. Stripe
   * releases those once the switch has happened; an API update of the schedule
   * takes it out of this set, leaving it to run its phases like any other.
   */
  portalSchedules: Record<string, true>;
  invoices: Record<string, Invoice>;
  paymentMethods: Record<string, PaymentMethod>;
  /** Test card number behind each payment method, which decides how its charges go. */
  paymentMethodCards: Record<string, string>;
  paymentIntents: Record<string, PaymentIntent>;
  setupIntents: Record<string, SetupIntent>;
  charges: Record<string, Charge>;
  invoicePayments: Record<string, InvoicePayment>;
  refunds: Record<string, Refund>;
  portalConfigurations: Record<string, PortalConfiguration>;
  portalSessions: Record<string, PortalSession>;
  events: Record<string, EmulatorEvent>;
  idempotency: Record<string, IdempotentResult>;
}

function emptyState(): EmulatorState {
  return {
    clockOffsetSeconds: 0,
    customers: {},
    deletedCustomers: {},
    products: {},
    prices: {},
    checkoutSessions: {},
    checkoutLineItems: {},
    checkoutTrials: {},
    checkoutSubscriptionMetadata: {},
    checkoutPaymentMetadata: {},
    pendingAuthentications: {},
    subscriptions: {},
    subscriptionInternals: {},
    subscriptionSchedules: {},
    portalSchedules: {},
    invoices: {},
    paymentMethods: {},
    paymentMethodCards: {},
    paymentIntents: {},
    setupIntents: {},
    charges: {},
    invoicePayments: {},
    refunds: {},
    portalConfigurations: {},
    portalSessions: {},
    events: {},
    idempotency: {},
  };
}

/** Deep copy through JSON, which is also what goes over the wire, so snapshots never alias live state. */
export function snapshot<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Stripe's `previous_attributes`: the old value of every top-level field that changed. */
export function changedAttributes(before: object, after: object): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const old = before as Record<string, unknown>;
  const current = after as Record<string, unknown>;
  for (const key of Object.keys(current)) {
    if (JSON.stringify(old[key]) !== JSON.stringify(current[key])) previous[key] = old[key] ?? null;
  }
  return previous;
}

/**
 * Holds the state and, when given a path, writes it back shortly after each
 * change so that restarting the dev emulator keeps customers and subscriptions.
 */
export class Store {
  state: EmulatorState;
  private readonly path: string | undefined;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(path?: string) {
    this.path = path;
    this.state = path ? loadState(path) : emptyState();
  }

  changed(): void {
    if (!this.path || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, 50);
  }

  reset(): void {
    this.state = emptyState();
    this.changed();
  }

  save(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.path);
  }
}

function loadState(path: string): EmulatorState {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch {
    return emptyState();
  }
  // Fields added in later versions of the emulator start empty in older files.
  return { ...emptyState(), ...(JSON.parse(raw) as Partial<EmulatorState>) };
}
