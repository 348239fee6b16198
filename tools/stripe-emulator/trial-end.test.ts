import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  expectEventShape,
  subscribe,
  type Harness,
  type WebhookReceiver,
  setUpHarnessWithReceiver,
} from "./test-helpers";

/** `trial_end` on subscription updates and in invoice previews: ending a trial now, with or without a plan change, and extending it. */
let harness: Harness;
let stripe: Stripe;
let receiver: WebhookReceiver;
const secret = "trial-end-test-secret";
const DAY = 86_400;

const bed = setUpHarnessWithReceiver(secret);
const { eventsSince, advance } = bed;
beforeAll(() => {
  ({ harness, receiver } = bed);
  stripe = harness.stripe;
});

/** A subscriber two days into a 14-day trial of Pro ($20/month), and Pro's $50 Team price. */
async function trialing(cardNumber = "4242424242424242") {
  const { product, monthly } = await createPlan(stripe);
  const team = await stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount: 5000,
    recurring: { interval: "month" },
  });
  const { subscription } = await subscribe(stripe, monthly, { trialDays: 14, cardNumber });
  await advance(2 * DAY);
  return { subscription, monthly, team, item: subscription.items.data[0] as Stripe.SubscriptionItem };
}

describe("trial_end on subscriptions.update", () => {
  it('"now" ends the trial, restarts the billing cycle and invoices the full price at once, as previewed', async () => {
    const { subscription } = await trialing();
    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { trial_end: "now" },
    });
    expect(preview.amount_due).toBe(2000);
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;

    const now = harness.emulator.now();
    const ended = await stripe.subscriptions.update(subscription.id, { trial_end: "now" });
    expect(ended.status).toBe("active");
    expect(ended.trial_end).toBeGreaterThanOrEqual(now);
    expect(ended.billing_cycle_anchor).toBe(ended.trial_end);
    const item = ended.items.data[0];
    expect(item?.current_period_start).toBe(ended.trial_end);
    expect(item?.current_period_end).toBeGreaterThan((ended.trial_end ?? 0) + 27 * DAY);
    const invoice = (await stripe.invoices.list({ subscription: subscription.id })).data[0];
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid", amount_paid: 2000 });
    expect(invoice?.lines.data.map((line) => line.period)).toEqual([
      { start: item?.current_period_start, end: item?.current_period_end },
    ]);

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
    expect(events[0]?.data.previous_attributes).toMatchObject({ status: "trialing" });
  });

  it('"now" with a price change bills the new price in one invoice and one update event', async () => {
    const { subscription, team, item } = await trialing();
    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { items: [{ id: item.id, price: team.id }], trial_end: "now" },
    });
    expect(preview.amount_due).toBe(5000);
    expect(preview.lines.data.map((line) => line.pricing?.price_details?.price)).toEqual([team.id]);
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;

    const changed = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item.id, price: team.id }],
      trial_end: "now",
      proration_behavior: "create_prorations",
      payment_behavior: "error_if_incomplete",
    });
    expect(changed.status).toBe("active");
    expect(changed.items.data[0]?.price.id).toBe(team.id);
    const invoices = await stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((each) => each.amount_paid)).toEqual([5000, 0]);
    const types = (await eventsSince(before)).map((event) => event.type);
    expect(types.filter((type) => type === "customer.subscription.updated")).toHaveLength(1);
  });

  it("refuses with the card error under error_if_incomplete and changes nothing", async () => {
    const { subscription, team, item } = await trialing("4000000000000341");
    const refused = stripe.subscriptions.update(subscription.id, {
      items: [{ id: item.id, price: team.id }],
      trial_end: "now",
      metadata: { plan: "team" },
      payment_behavior: "error_if_incomplete",
    });
    await expect(refused).rejects.toMatchObject({ statusCode: 402, type: "StripeCardError", code: "card_declined" });
    const unchanged = await stripe.subscriptions.retrieve(subscription.id);
    expect(unchanged).toMatchObject({ status: "trialing", trial_end: subscription.trial_end, metadata: {} });
    expect(unchanged.items.data[0]?.price.id).toBe(subscription.items.data[0]?.price.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);

    const pastDue = await stripe.subscriptions.update(subscription.id, { trial_end: "now" });
    expect(pastDue.status).toBe("past_due");
    expect((await stripe.invoices.list({ subscription: subscription.id })).data[0]?.status).toBe("open");
  });

  it("moves a trial's end to a later time, and with it the first charge", async () => {
    const { subscription } = await trialing();
    const later = (subscription.trial_end ?? 0) + 7 * DAY;
    const extended = await stripe.subscriptions.update(subscription.id, { trial_end: later });
    expect(extended).toMatchObject({ status: "trialing", trial_end: later, billing_cycle_anchor: later });
    expect(extended.items.data[0]?.current_period_end).toBe(later);
    const preview = await stripe.invoices.createPreview({ subscription: subscription.id });
    expect(preview).toMatchObject({ amount_due: 2000, next_payment_attempt: later });

    await advance((subscription.trial_end ?? 0) - harness.emulator.now() + 60);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("trialing");
    await advance(later - harness.emulator.now() + 60);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    const invoice = (await stripe.invoices.list({ subscription: subscription.id })).data[0];
    expect(invoice).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: 2000, created: later });

    await expect(stripe.subscriptions.update(subscription.id, { trial_end: later - DAY })).rejects.toMatchObject({
      statusCode: 400,
      param: "trial_end",
    });
  });
});
