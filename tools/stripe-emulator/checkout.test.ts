import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  expectEventShape,
  payCheckout,
  submitForm,
  type WebhookReceiver,
  type Harness,
  pageText,
  setUpHarnessWithReceiver,
} from "./test-helpers";

/** The hosted checkout page, paid by posting its form as a browser would, and the webhooks it causes. */
let harness: Harness;
let stripe: Stripe;
let receiver: WebhookReceiver;
const secret = "checkout-test-secret";

const bed = setUpHarnessWithReceiver(secret);
beforeAll(() => {
  ({ harness, receiver } = bed);
  stripe = harness.stripe;
});

async function openSession(
  options: { trialDays?: number } = {},
): Promise<{ session: Stripe.Checkout.Session; price: Stripe.Price }> {
  const { monthly } = await createPlan(stripe, "Pro");
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: monthly.id, quantity: 1 }],
    client_reference_id: "user_1",
    success_url: "https://app.example/billing?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://app.example/pricing",
    ...(options.trialDays
      ? { subscription_data: { trial_period_days: options.trialDays, metadata: { userId: "user_1" } } }
      : {}),
  });
  return { session, price: monthly };
}

async function deliveredEvents(): Promise<Stripe.Event[]> {
  expect(await harness.emulator.flushDeliveries(10_000)).toBe(true);
  return receiver.events(stripe, secret);
}

describe("hosted checkout page", () => {
  it("shows the plan, price, interval, email and card fields, and a way back", async () => {
    const { session } = await openSession();
    const response = await fetch(session.url ?? "");
    expect(response.status).toBe(200);
    const page = await pageText(response);
    for (const text of [
      "Pro",
      "$20.00",
      "per month",
      'name="email"',
      'name="cardNumber"',
      'name="cardExpiry"',
      'name="cardCvc"',
      ">Pay<",
      "https://app.example/pricing",
    ]) {
      expect(page).toContain(text);
    }
  });

  it("summarises a trial and labels the button Start trial", async () => {
    const { session } = await openSession({ trialDays: 14 });
    const page = await pageText(await fetch(session.url ?? ""));
    expect(page).toContain("14 days free");
    expect(page).toContain("Then $20.00 per month");
    expect(page).toContain("Start trial");
  });

  it("pays with 4242, redirects to the success URL and sends Stripe's events in order, signed", async () => {
    const { session, price } = await openSession();
    const response = await payCheckout(session.url ?? "", {
      cardNumber: "4242 4242 4242 4242",
      email: "ada@example.com",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`https://app.example/billing?session_id=${session.id}`);

    const completed = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["subscription", "invoice", "customer"],
    });
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", client_reference_id: "user_1" });
    const subscription = completed.subscription as Stripe.Subscription;
    expect(subscription.status).toBe("active");
    expect(subscription.items.data[0]?.price.id).toBe(price.id);
    expect((completed.customer as Stripe.Customer).email).toBe("ada@example.com");
    expect((completed.invoice as Stripe.Invoice).status).toBe("paid");

    const events = await deliveredEvents();
    expect(events.map((event) => event.type)).toEqual([
      "product.created",
      "price.created",
      "price.created",
      "customer.created",
      "payment_method.attached",
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice_payment.paid",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
    for (const event of events) {
      expectEventShape(event);
      // Only the product and prices come from API requests; the rest were caused by the hosted page.
      if (!event.type.startsWith("product.") && !event.type.startsWith("price.")) {
        expect(event.request).toEqual({ id: null, idempotency_key: null });
      }
    }
    const completedEvent = events.find((event) => event.type === "checkout.session.completed");
    expect((completedEvent?.data.object as Stripe.Checkout.Session).subscription).toBe(subscription.id);
    const invoiceCreated = events.find((event) => event.type === "invoice.created");
    expect((invoiceCreated?.data.object as Stripe.Invoice).status).toBe("draft");
    const stored = await stripe.events.retrieve(completedEvent?.id ?? "");
    expect(stored.pending_webhooks).toBe(0);
  });

  it("starts a trial with a $0 invoice and no charge", async () => {
    const { session } = await openSession({ trialDays: 14 });
    expect((await payCheckout(session.url ?? "", { cardNumber: "4242424242424242" })).status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "invoice"] });
    expect(completed.payment_status).toBe("no_payment_required");
    const subscription = completed.subscription as Stripe.Subscription;
    expect(subscription.status).toBe("trialing");
    expect(subscription.metadata).toEqual({ userId: "user_1" });
    expect((subscription.trial_end ?? 0) - (subscription.trial_start ?? 0)).toBe(14 * 86_400);
    expect(subscription.items.data[0]?.current_period_end).toBe(subscription.trial_end);
    expect(completed.invoice).toMatchObject({ status: "paid", amount_due: 0, amount_paid: 0, total: 0 });
  });

  it.each([
    ["4000000000000002", "Your card was declined."],
    ["4000000000009995", "Your card has insufficient funds."],
    ["4000000000000341", "Your card was declined."],
  ])("re-renders the form with the decline for %s and keeps the email", async (cardNumber, message) => {
    const { session } = await openSession();
    const response = await payCheckout(session.url ?? "", { cardNumber, email: "kept@example.com" });
    expect(response.status).toBe(200);
    const page = await pageText(response);
    expect(page).toContain(message);
    expect(page).toContain('value="kept@example.com"');
    const after = await stripe.checkout.sessions.retrieve(session.id);
    expect(after).toMatchObject({ status: "open", payment_status: "unpaid", subscription: null });
    expect((await stripe.subscriptions.list({ status: "all" })).data).toEqual([]);
  });

  it("accepts 4000 0000 0000 0341 for a trial, since nothing is charged yet", async () => {
    const { session } = await openSession({ trialDays: 7 });
    expect((await payCheckout(session.url ?? "", { cardNumber: "4000000000000341" })).status).toBe(303);
  });

  it("validates card fields with Stripe's messages", async () => {
    const { session } = await openSession();
    const cases: [Record<string, string>, string][] = [
      [{ cardNumber: "4242" }, "Your card number is incomplete."],
      [{ cardNumber: "4242424242424241" }, "Your card number is invalid."],
      [{ cardNumber: "4242424242424242", cardExpiry: "01 / 20" }, "Your card's expiration year is in the past."],
      [{ cardNumber: "4242424242424242", cardCvc: "1" }, "Your card's security code is incomplete."],
      [{ cardNumber: "4242424242424242", email: "not-an-email" }, "Your email address is invalid."],
    ];
    for (const [fields, message] of cases) {
      const page = await (
        await payCheckout(session.url ?? "", { cardNumber: fields.cardNumber ?? "", ...fields })
      ).text();
      expect(page).toContain(message.replace(/'/g, "&#39;"));
    }
  });

  it("asks for 3-D Secure with 4000 0025 0000 3155; failing lets the buyer retry, completing pays", async () => {
    const { session } = await openSession();
    const first = await payCheckout(session.url ?? "", { cardNumber: "4000002500003155", email: "secure@example.com" });
    expect(first.status).toBe(303);
    const challengeUrl = new URL(first.headers.get("location") ?? "", session.url ?? "").toString();
    const challenge = await pageText(await fetch(challengeUrl));
    expect(challenge).toContain("Complete authentication");
    expect(challenge).toContain("Fail authentication");

    const failed = await submitForm(challengeUrl, { action: "fail" });
    expect(failed.status).toBe(200);
    const failedPage = await pageText(failed);
    expect(failedPage).toContain("We are unable to authenticate your payment method");
    expect(failedPage).toContain('value="secure@example.com"');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

    const retry = await payCheckout(session.url ?? "", { cardNumber: "4000002500003155", email: "secure@example.com" });
    const approved = await submitForm(new URL(retry.headers.get("location") ?? "", session.url ?? "").toString(), {
      action: "complete",
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toContain(session.id);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("complete");
  });

  it("pays a payment-mode session with a payment intent", async () => {
    const product = await stripe.products.create({ name: "Credits" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1500 });
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: "https://app.example/done?session_id={CHECKOUT_SESSION_ID}",
    });
    expect(
      (await payCheckout(session.url ?? "", { cardNumber: "4242424242424242", email: "pay@example.com" })).status,
    ).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", amount_total: 3000, customer: null });
    expect(completed.payment_intent).toMatchObject({ status: "succeeded", amount: 3000 });
    const types = (await deliveredEvents()).map((event) => event.type);
    expect(types.slice(-2)).toEqual(["payment_intent.succeeded", "checkout.session.completed"]);
  });

  it("refuses to pay an expired session", async () => {
    const { session } = await openSession();
    await stripe.checkout.sessions.expire(session.id);
    const response = await payCheckout(session.url ?? "", { cardNumber: "4242424242424242" });
    expect(response.status).toBe(303);
    expect(await pageText(await fetch(session.url ?? ""))).toContain("expired");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
  });
});
