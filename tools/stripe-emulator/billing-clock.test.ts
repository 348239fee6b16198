import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  expectEventShape,
  expectFixtureShape,
  submitForm,
  subscribe,
  type WebhookReceiver,
  type Harness,
  pageText,
  setUpHarnessWithReceiver,
  startHarness,
} from "./test-helpers";

/** The test clock: renewals, trial ends, scheduled cancellations and failed renewals, plus the customer portal. */
let harness: Harness;
let stripe: Stripe;
let receiver: WebhookReceiver;
const secret = "clock-test-secret";
const DAY = 86_400;

const bed = setUpHarnessWithReceiver(secret, { paymentRetryDays: [3, 5] });
const { eventsSince, advance } = bed;
beforeAll(() => {
  ({ harness, receiver } = bed);
  stripe = harness.stripe;
});

async function setDefaultCard(customer: string, cardNumber: string): Promise<void> {
  const response = await fetch(`${harness.emulator.url}/_emulator/customers/${customer}/default-card`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ cardNumber }),
  });
  expect(response.status).toBe(200);
}

describe("test clock", () => {
  it("renews at the period end with a new paid invoice and a new period", async () => {
    const { monthly } = await createPlan(stripe);
    const { subscription } = await subscribe(stripe, monthly);
    const firstEnd = subscription.items.data[0]?.current_period_end ?? 0;
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;

    await advance(firstEnd - harness.emulator.now() + 60);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0]?.current_period_start).toBe(firstEnd);
    expect(renewed.items.data[0]?.current_period_end).toBeGreaterThan(firstEnd + 27 * DAY);
    const invoices = await stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data).toHaveLength(2);
    expect(invoices.data[0]).toMatchObject({
      status: "paid",
      billing_reason: "subscription_cycle",
      amount_paid: 2000,
      created: firstEnd,
    });
    expect(renewed.latest_invoice).toBe(invoices.data[0]?.id);

    const events = await eventsSince(before);
    expect(events.map((event) => event.type)).toEqual([
      "customer.subscription.updated",
      "invoice.created",
      "invoice.finalized",
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice_payment.paid",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
    events.forEach(expectEventShape);
    const updated = events[0];
    expect(updated?.created).toBe(firstEnd);
    expect(updated?.data.previous_attributes).toHaveProperty("items");
    expect(updated?.request).toEqual({ id: null, idempotency_key: null });
  });

  it("ends a trial: trial_will_end three days before, then active with a paid invoice", async () => {
    const { monthly } = await createPlan(stripe);
    const { subscription } = await subscribe(stripe, monthly, { trialDays: 14 });
    const trialEnd = subscription.trial_end ?? 0;
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;

    await advance(11 * DAY + 60);
    const warned = await eventsSince(before);
    expect(warned.map((event) => event.type)).toEqual(["customer.subscription.trial_will_end"]);
    expect(warned[0]?.created).toBe(trialEnd - 3 * DAY);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("trialing");

    await advance(3 * DAY);
    const converted = await stripe.subscriptions.retrieve(subscription.id);
    expect(converted.status).toBe("active");
    const events = await eventsSince(before + 1);
    expect(events.map((event) => event.type)).toEqual([
      "customer.subscription.updated",
      "invoice.created",
      "invoice.finalized",
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice_payment.paid",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
    expect(events[0]?.data.previous_attributes).toMatchObject({ status: "trialing" });
    const invoices = await stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((invoice) => invoice.amount_paid)).toEqual([2000, 0]);
  });

  it("cancels a subscription set to cancel at period end when the period ends", async () => {
    const { monthly } = await createPlan(stripe);
    const { subscription } = await subscribe(stripe, monthly);
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;

    await advance(periodEnd - harness.emulator.now() + 1);
    const canceled = await stripe.subscriptions.retrieve(subscription.id);
    expect(canceled).toMatchObject({ status: "canceled", ended_at: periodEnd });
    expect(canceled.cancellation_details?.reason).toBe("cancellation_requested");
    expect((await eventsSince(before)).map((event) => event.type)).toEqual(["customer.subscription.deleted"]);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
  });

  it("fails a renewal on a card that declines later: past_due, retries, then canceled", async () => {
    const { monthly } = await createPlan(stripe);
    const { subscription } = await subscribe(stripe, monthly);
    const customer = subscription.customer as string;
    await setDefaultCard(customer, "4000000000000341");
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;

    await advance(periodEnd - harness.emulator.now() + 60);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    const failing = (await stripe.invoices.list({ subscription: subscription.id })).data[0];
    expect(failing).toMatchObject({
      status: "open",
      attempt_count: 1,
      attempted: true,
      next_payment_attempt: periodEnd + 3 * DAY,
    });
    const failedEvents = await eventsSince(before);
    expect(failedEvents.map((event) => event.type)).toEqual([
      "customer.subscription.updated",
      "invoice.created",
      "invoice.finalized",
      "payment_intent.created",
      "charge.failed",
      "payment_intent.payment_failed",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    expect(failedEvents[7]?.data.previous_attributes).toEqual({ status: "active" });
    failedEvents.forEach(expectEventShape);

    await advance(3 * DAY);
    expect((await stripe.invoices.retrieve(failing?.id ?? "")).attempt_count).toBe(2);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    await advance(5 * DAY);
    const final = await stripe.subscriptions.retrieve(subscription.id);
    expect(final.status).toBe("canceled");
    expect(final.cancellation_details?.reason).toBe("payment_failed");
    const tail = (await eventsSince(before + failedEvents.length)).map((event) => event.type);
    // Each retry confirms the invoice's PaymentIntent again.
    const retry = ["charge.failed", "payment_intent.payment_failed", "invoice.payment_failed"];
    expect(tail).toEqual([...retry, ...retry, "customer.subscription.deleted"]);
  });

  it("dates a past-due subscription by its latest invoice, listed with every status and expanded", async () => {
    const { monthly } = await createPlan(stripe);
    const { subscription } = await subscribe(stripe, monthly);
    const customer = subscription.customer as string;
    await setDefaultCard(customer, "4000000000000341");
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;
    await advance(periodEnd - harness.emulator.now() + 2 * DAY);

    const listed = await stripe.subscriptions.list({ customer, status: "all", expand: ["data.latest_invoice"] });
    expect(listed.data.map((each) => each.id)).toEqual([subscription.id]);
    const pastDue = listed.data[0];
    expect(pastDue?.status).toBe("past_due");
    const invoice = pastDue?.latest_invoice as Stripe.Invoice;
    expectFixtureShape(invoice, "invoice");
    expect(invoice).toMatchObject({
      status: "open",
      billing_reason: "subscription_cycle",
      created: periodEnd,
      attempted: true,
    });
    expect(invoice.attempt_count).toBeGreaterThanOrEqual(1);
  });

  it("recovers a past-due subscription when the invoice is paid with a working card", async () => {
    const { monthly } = await createPlan(stripe);
    const { subscription } = await subscribe(stripe, monthly);
    const customer = subscription.customer as string;
    await setDefaultCard(customer, "4000000000000341");
    await advance((subscription.items.data[0]?.current_period_end ?? 0) - harness.emulator.now() + 60);
    const invoice = (await stripe.invoices.list({ subscription: subscription.id, status: "open" })).data[0];
    if (!invoice) throw new Error("no open invoice");
    await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ statusCode: 402, code: "card_declined" });
    const card = await stripe.paymentMethods.attach("pm_card_visa", { customer });
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: card.id });
    expect(paid.status).toBe("paid");
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("leaves the subscription unpaid after the last retry when configured so", async () => {
    const unpaid = await startHarness({ paymentRetryDays: [1], afterRetriesExhausted: "unpaid" });
    try {
      const { monthly } = await createPlan(unpaid.stripe);
      const { subscription } = await subscribe(unpaid.stripe, monthly);
      const response = await fetch(
        `${unpaid.emulator.url}/_emulator/customers/${subscription.customer as string}/default-card`,
        {
          method: "POST",
          body: JSON.stringify({ cardNumber: "4000 0000 0000 0341" }),
        },
      );
      expect(response.status).toBe(200);
      unpaid.emulator.advanceClock({
        seconds: (subscription.items.data[0]?.current_period_end ?? 0) - unpaid.emulator.now() + 2 * DAY,
      });
      expect((await unpaid.stripe.subscriptions.retrieve(subscription.id)).status).toBe("unpaid");
    } finally {
      await unpaid.emulator.stop();
    }
  });

  it("carries create_prorations into the next renewal invoice, as previewed", async () => {
    const { product, monthly } = await createPlan(stripe);
    const team = await stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 5000,
      recurring: { interval: "month" },
    });
    const { subscription } = await subscribe(stripe, monthly);
    const item = subscription.items.data[0];
    if (!item) throw new Error("no item");
    await advance(10 * DAY);
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item.id, price: team.id }],
      proration_behavior: "create_prorations",
    });
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);

    const upcoming = await stripe.invoices.createPreview({ subscription: subscription.id });
    const prorations = upcoming.lines.data.filter((line) => line.parent?.subscription_item_details?.proration);
    expect(prorations).toHaveLength(2);
    expect(
      upcoming.lines.data
        .filter((line) => !line.parent?.subscription_item_details?.proration)
        .map((line) => line.amount),
    ).toEqual([5000]);

    await advance(item.current_period_end - harness.emulator.now() + 60);
    const renewal = (await stripe.invoices.list({ subscription: subscription.id })).data[0];
    expect(renewal?.billing_reason).toBe("subscription_cycle");
    expect(renewal?.lines.data.map((line) => line.amount)).toEqual(upcoming.lines.data.map((line) => line.amount));
    expect(renewal?.amount_paid).toBe(upcoming.amount_due);
  });

  it("refuses a plan change it cannot charge with error_if_incomplete, and applies it otherwise", async () => {
    const { product, monthly } = await createPlan(stripe);
    const team = await stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 5000,
      recurring: { interval: "month" },
    });
    const { subscription } = await subscribe(stripe, monthly);
    const item = subscription.items.data[0];
    if (!item) throw new Error("no item");
    await setDefaultCard(subscription.customer as string, "4000000000000341");
    const update = { items: [{ id: item.id, price: team.id }], proration_behavior: "always_invoice" as const };

    await expect(
      stripe.subscriptions.update(subscription.id, { ...update, payment_behavior: "error_if_incomplete" }),
    ).rejects.toMatchObject({ statusCode: 402, code: "card_declined" });
    const unchanged = await stripe.subscriptions.retrieve(subscription.id);
    expect(unchanged.items.data[0]?.price.id).toBe(monthly.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);

    const applied = await stripe.subscriptions.update(subscription.id, update);
    expect(applied.items.data[0]?.price.id).toBe(team.id);
    expect(applied.status).toBe("past_due");
    expect((await stripe.invoices.list({ subscription: subscription.id })).data[0]?.status).toBe("open");
  });

  it("never moves backwards", async () => {
    const response = await fetch(`${harness.emulator.url}/_emulator/clock/advance`, {
      method: "POST",
      body: JSON.stringify({ to: harness.emulator.now() - DAY }),
    });
    expect(response.status).toBe(400);
  });
});

describe("customer portal", () => {
  async function openPortal(): Promise<{ url: string; subscription: Stripe.Subscription; yearly: Stripe.Price }> {
    const { product, monthly, yearly } = await createPlan(stripe);
    const configuration = await stripe.billingPortal.configurations.create({
      features: {
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        subscription_cancel: { enabled: true, mode: "at_period_end" },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          proration_behavior: "always_invoice",
          products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
        },
      },
    });
    const { subscription } = await subscribe(stripe, monthly);
    const session = await stripe.billingPortal.sessions.create({
      customer: subscription.customer as string,
      return_url: "https://app.example/account",
      configuration: configuration.id,
    });
    return { url: session.url, subscription, yearly };
  }

  it("shows the plan, status, invoice history with hosted invoice pages and the return link", async () => {
    const { url } = await openPortal();
    const page = await pageText(await fetch(url));
    expect(page).toContain("Pro · $20.00 per month");
    expect(page).toContain("active");
    expect(page).toContain("https://app.example/account");
    expect(page).toContain("VISA •••• 4242");
    const invoiceUrl = /href="(http:\/\/[^"]+\/i\/in_[^"]+)"/.exec(page)?.[1];
    expect(invoiceUrl).toBeDefined();
    const invoicePage = await pageText(await fetch(invoiceUrl ?? ""));
    expect(invoicePage).toContain("$20.00");
    expect(invoicePage).toContain("paid");
  });

  it("cancels at period end and renews, each sending customer.subscription.updated", async () => {
    const { url, subscription } = await openPortal();
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;
    const cancel = await submitForm(url, { action: "cancel", subscription: subscription.id });
    expect(cancel.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
    const notice = await pageText(await fetch(new URL(cancel.headers.get("location") ?? "", url)));
    expect(notice).toContain("will be canceled on");
    expect(notice).toContain(">Renew<");

    expect((await submitForm(url, { action: "renew", subscription: subscription.id })).status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
    const events = await eventsSince(before);
    expect(events.map((event) => event.type)).toEqual([
      "customer.subscription.updated",
      "customer.subscription.updated",
    ]);
    expect(events[0]?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    expect(events[1]?.data.previous_attributes).toMatchObject({ cancel_at_period_end: true });
  });

  it("switches to another allowed price", async () => {
    const { url, subscription, yearly } = await openPortal();
    expect(
      (await submitForm(url, { action: "switch_plan", subscription: subscription.id, price: yearly.id })).status,
    ).toBe(303);
    const switched = await stripe.subscriptions.retrieve(subscription.id);
    expect(switched.items.data[0]?.price.id).toBe(yearly.id);
    const latest = (await stripe.invoices.list({ subscription: subscription.id })).data[0];
    expect(latest).toMatchObject({ billing_reason: "subscription_update", status: "paid" });
  });

  it("pays a past-due invoice as soon as a working card is saved", async () => {
    const { url, subscription } = await openPortal();
    await setDefaultCard(subscription.customer as string, "4000000000000341");
    await advance((subscription.items.data[0]?.current_period_end ?? 0) - harness.emulator.now() + 60);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    expect(await pageText(await fetch(url))).toContain("past due");

    const saved = await submitForm(url, {
      action: "update_card",
      cardNumber: "4242424242424242",
      cardExpiry: "12/34",
      cardCvc: "123",
    });
    expect(saved.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    const latest = (await stripe.invoices.list({ subscription: subscription.id })).data[0];
    expect(latest).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", attempt_count: 2 });
  });

  it("updates the card, showing declines, and makes it the default", async () => {
    const { url, subscription } = await openPortal();
    const declined = await submitForm(url, {
      action: "update_card",
      cardNumber: "4000000000000002",
      cardExpiry: "12/34",
      cardCvc: "123",
    });
    expect(await pageText(declined)).toContain("Your card was declined.");
    const updated = await submitForm(url, {
      action: "update_card",
      cardNumber: "5555555555554444",
      cardExpiry: "12/34",
      cardCvc: "123",
    });
    expect(updated.status).toBe(303);
    const customer = await stripe.customers.retrieve(subscription.customer as string);
    if (customer.deleted) throw new Error("customer deleted");
    const card = await stripe.paymentMethods.retrieve(customer.invoice_settings.default_payment_method as string);
    expect(card.card?.last4).toBe("4444");
    expect((await stripe.subscriptions.retrieve(subscription.id)).default_payment_method).toBe(card.id);
  });
});
