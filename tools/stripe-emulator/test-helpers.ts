import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "./server";

/** Shared by the emulator's own test files; not part of its public entry. */

export interface Harness {
  emulator: StripeEmulator;
  stripe: Stripe;
}

export async function startHarness(options: StripeEmulatorOptions = {}): Promise<Harness> {
  // Ordered delivery: these tests assert on the sequence of events received.
  const emulator = await startStripeEmulator({
    tickIntervalMs: 0,
    webhookRetryScheduleMs: [50, 100, 200],
    webhookDelivery: "ordered",
    ...options,
  });
  const stripe = new Stripe("sk_test_emulator", {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  return { emulator, stripe };
}

/**
 * Registers the hooks a test file of webhook flows needs: one emulator posting
 * to one local receiver, both fresh before each test, and every delivery
 * settled after it (one still in flight would reach the next test's receiver).
 * The returned object is filled in by the time the file's own hooks run.
 */
export function setUpHarnessWithReceiver(secret: string, options: StripeEmulatorOptions = {}) {
  const bed = {} as { harness: Harness; receiver: WebhookReceiver };
  beforeAll(async () => {
    bed.receiver = await WebhookReceiver.start();
    bed.harness = await startHarness({ ...options, webhookUrl: bed.receiver.url, webhookSecret: secret });
  });
  afterAll(async () => {
    await bed.harness.emulator.stop();
    await bed.receiver.stop();
  });
  beforeEach(() => {
    bed.harness.emulator.reset();
    bed.harness.emulator.setWebhookEndpoint(bed.receiver.url, secret);
    bed.receiver.received.length = 0;
    bed.receiver.respond = () => 200;
  });
  afterEach(async () => {
    bed.harness.emulator.setFaults({ deliveryDelayMs: 0 });
    expect(await bed.harness.emulator.flushDeliveries(10_000)).toBe(true);
  });
  // The same object the hooks fill in, with the two things clock tests do.
  return Object.assign(bed, {
    /** The events delivered since the first `count`, once every delivery has settled. */
    async eventsSince(count: number): Promise<Stripe.Event[]> {
      expect(await bed.harness.emulator.flushDeliveries(10_000)).toBe(true);
      return bed.receiver.events(bed.harness.stripe, secret).slice(count);
    },
    /** Moves the test clock by seconds, or to a time, through the control API, as a test harness would. */
    async advance(by: number | { to: number }): Promise<void> {
      const response = await fetch(`${bed.harness.emulator.url}/_emulator/clock/advance`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(typeof by === "number" ? { seconds: by } : by),
      });
      expect(response.status).toBe(200);
    },
  });
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
}

/** A local endpoint that records what the emulator POSTs; `respond` decides the status per request. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (index: number) => number = () => 200;
  url = "";
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const index = this.received.length;
      this.received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(request.headers["stripe-signature"] ?? ""),
      });
      response.writeHead(this.respond(index));
      response.end();
    });
  });

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/webhook`;
    return receiver;
  }

  /** Every received payload verified as the app verifies it; throws on a bad signature. */
  events(stripe: Stripe, secret: string): Stripe.Event[] {
    return this.received.map((webhook) => stripe.webhooks.constructEvent(webhook.body, webhook.signature, secret));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

const fixtures = (
  JSON.parse(readFileSync(new URL("./fixtures.json", import.meta.url), "utf8")) as {
    resources: Record<string, Record<string, unknown>>;
  }
).resources;

/**
 * Fields the SDK types of stripe@23 declare but the fixture snapshot
 * (2026-08-21) predates; the emulator follows the types.
 */
const NEWER_THAN_FIXTURES: Record<string, string[]> = {
  product: ["tax_details"],
  "checkout.session": ["allowed_payment_method_types"],
  subscription_item: ["current_trial"],
  subscription_schedule: ["pause_schedules"],
  payment_intent: ["allowed_payment_method_types", "payment_record"],
};

/**
 * Fields the fixture snapshot still shows but API version 2026-10-28.endive
 * no longer returns (the SDK types, which the conformance test checks every
 * answer against, are the reference): the invoice's subscription moved to
 * `parent.subscription_details.subscription`; Connect-only fields are left out.
 */
const REMOVED_SINCE_FIXTURES: Record<string, string[]> = {
  invoice: ["subscription"],
  // Optional in the SDK types and only present on Connect payments.
  payment_intent: ["transfer_data"],
  // Only included when expanded since API version 2022-11-15.
  charge: ["refunds"],
};

/** Asserts `object` has exactly the top-level fields of Stripe's fixture for `resource`. */
export function expectFixtureShape(object: object, resource: string): void {
  const fixture = fixtures[resource];
  if (!fixture) throw new Error(`No fixture for ${resource}`);
  const removed = REMOVED_SINCE_FIXTURES[resource] ?? [];
  const expected = [...Object.keys(fixture), ...(NEWER_THAN_FIXTURES[resource] ?? [])]
    .filter((key) => !removed.includes(key))
    .sort();
  // Expandable-only fields (e.g. a session's `line_items`) appear only when asked for.
  const actual = Object.keys(object)
    .filter((key) => !(resource === "checkout.session" && key === "line_items"))
    .sort();
  expect(actual, `fields of ${resource}`).toEqual(expected);
  expect((object as { object?: unknown }).object, `object of ${resource}`).toBe(fixture.object);
}

/** An event and its `data.object` against their fixtures (`invoice.paid` -> `invoice`). */
export function expectEventShape(event: Stripe.Event): void {
  expectFixtureShape(event, "event");
  expect(event.api_version).toBe("2026-10-28.endive");
  const type = event.type;
  const resource = type.startsWith("customer.subscription.")
    ? "subscription"
    : type.startsWith("checkout.session.")
      ? "checkout.session"
      : type.slice(0, type.lastIndexOf("."));
  expectFixtureShape(event.data.object, resource);
}

export interface CardFields {
  cardNumber: string;
  cardExpiry?: string;
  cardCvc?: string;
  email?: string;
  name?: string;
}

/** A hosted page's HTML with runs of whitespace collapsed, so assertions read like the rendered text. */
export async function pageText(response: Response): Promise<string> {
  return (await response.text()).replace(/\s+/g, " ");
}

/** Submits a hosted form the way a browser without JavaScript does. */
export async function submitForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

export function payCheckout(url: string, card: CardFields): Promise<Response> {
  return submitForm(url, {
    email: card.email ?? "buyer@example.com",
    name: card.name ?? "Test Buyer",
    cardNumber: card.cardNumber,
    cardExpiry: card.cardExpiry ?? "12 / 34",
    cardCvc: card.cardCvc ?? "123",
  });
}

/** A product with a monthly and a yearly price, the shape of Tollgate's plans. */
export async function createPlan(
  stripe: Stripe,
  name = "Pro",
): Promise<{ product: Stripe.Product; monthly: Stripe.Price; yearly: Stripe.Price }> {
  const product = await stripe.products.create({ name });
  const monthly = await stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount: 2000,
    recurring: { interval: "month" },
  });
  const yearly = await stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount: 20000,
    recurring: { interval: "year" },
  });
  return { product, monthly, yearly };
}

/** Creates a subscription the way users do: a checkout session paid on the hosted page. */
export async function subscribe(
  stripe: Stripe,
  price: Stripe.Price,
  options: { email?: string; cardNumber?: string; trialDays?: number; customer?: string } = {},
): Promise<{ session: Stripe.Checkout.Session; subscription: Stripe.Subscription }> {
  const created = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "http://127.0.0.1:9/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://127.0.0.1:9/cancel",
    ...(options.customer ? { customer: options.customer } : { customer_email: options.email ?? "buyer@example.com" }),
    ...(options.trialDays ? { subscription_data: { trial_period_days: options.trialDays } } : {}),
  });
  const response = await payCheckout(created.url ?? "", { cardNumber: options.cardNumber ?? "4242424242424242" });
  expect(response.status).toBe(303);
  const session = await stripe.checkout.sessions.retrieve(created.id, { expand: ["subscription"] });
  const subscription = session.subscription;
  if (!subscription || typeof subscription === "string") throw new Error("checkout did not create a subscription");
  return { session, subscription };
}
