import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  expectEventShape,
  expectFixtureShape,
  submitForm,
  subscribe,
  type Harness,
  type WebhookReceiver,
  setUpHarnessWithReceiver,
} from "./test-helpers";

/** Subscription schedules through the SDK: Tollgate's "downgrade at period end", release, cancel and their errors. */
let harness: Harness;
let stripe: Stripe;
let receiver: WebhookReceiver;
const secret = "schedules-test-secret";
const DAY = 86_400;

const bed = setUpHarnessWithReceiver(secret);
const { eventsSince, advance } = bed;
beforeAll(() => {
  ({ harness, receiver } = bed);
  stripe = harness.stripe;
});

/** A Pro subscriber and a cheaper Basic monthly price to move down to. */
async function proSubscriber(): Promise<{ subscription: Stripe.Subscription; pro: Stripe.Price; basic: Stripe.Price }> {
  const { monthly: pro } = await createPlan(stripe, "Pro");
  const basicProduct = await stripe.products.create({ name: "Basic" });
  const basic = await stripe.prices.create({
    product: basicProduct.id,
    currency: "usd",
    unit_amount: 1000,
    recurring: { interval: "month" },
  });
  const { subscription } = await subscribe(stripe, pro);
  return { subscription, pro, basic };
}

/** Exactly what the app sends to downgrade at the end of the current period. */
async function scheduleDowngrade(
  subscription: Stripe.Subscription,
  current: Stripe.Price,
  next: Stripe.Price,
): Promise<Stripe.SubscriptionSchedule> {
  const created = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
  const phase = created.phases[0];
  if (!phase) throw new Error("no phase");
  return stripe.subscriptionSchedules.update(created.id, {
    end_behavior: "release",
    phases: [
      { items: [{ price: current.id, quantity: 1 }], start_date: phase.start_date, end_date: phase.end_date },
      { items: [{ price: next.id, quantity: 1 }], duration: { interval: "month", interval_count: 1 } },
    ],
  });
}

describe("subscription schedules", () => {
  it("creates from a subscription: one phase on the current price until the period ends", async () => {
    const { subscription, pro } = await proSubscriber();
    const item = subscription.items.data[0];
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;

    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    expectFixtureShape(schedule, "subscription_schedule");
    expect(schedule.id).toMatch(/^sub_sched_/);
    expect(schedule).toMatchObject({
      status: "active",
      subscription: subscription.id,
      customer: subscription.customer,
      end_behavior: "release",
      current_phase: { start_date: item?.current_period_start, end_date: item?.current_period_end },
    });
    expect(schedule.phases).toHaveLength(1);
    expect(schedule.phases[0]).toMatchObject({
      start_date: item?.current_period_start,
      end_date: item?.current_period_end,
      items: [{ price: pro.id, quantity: 1 }],
      proration_behavior: "create_prorations",
    });

    const attached = await stripe.subscriptions.retrieve(subscription.id, { expand: ["schedule"] });
    expectFixtureShape(attached.schedule as Stripe.SubscriptionSchedule, "subscription_schedule");
    expect((attached.schedule as Stripe.SubscriptionSchedule).id).toBe(schedule.id);
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toEqual(schedule);
    const listed = await stripe.subscriptionSchedules.list({ customer: subscription.customer as string });
    expect(listed.data.map((each) => each.id)).toEqual([schedule.id]);

    const events = await eventsSince(before);
    expect(events.map((event) => event.type)).toEqual([
      "subscription_schedule.created",
      "customer.subscription.updated",
    ]);
    events.forEach(expectEventShape);
    expect(events[1]?.data.previous_attributes).toEqual({ schedule: null });
  });

  it("downgrades at the period end: the renewal bills the new price, then the schedule releases", async () => {
    const { subscription, pro, basic } = await proSubscriber();
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;
    const schedule = await scheduleDowngrade(subscription, pro, basic);
    expect(schedule.phases.map((phase) => [phase.start_date, phase.items[0]?.price])).toEqual([
      [subscription.items.data[0]?.current_period_start, pro.id],
      [periodEnd, basic.id],
    ]);
    const secondEnd = schedule.phases[1]?.end_date ?? 0;
    expect(secondEnd).toBeGreaterThan(periodEnd + 27 * DAY);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(pro.id);
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;

    await advance(periodEnd - harness.emulator.now() + 60);
    const downgraded = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(downgraded.items.data[0]?.price.id).toBe(basic.id);
    expect(downgraded.items.data[0]?.current_period_start).toBe(periodEnd);
    expect(downgraded.schedule).toBe(schedule.id);
    expect(downgraded.latest_invoice).toMatchObject({
      billing_reason: "subscription_cycle",
      status: "paid",
      amount_paid: 1000,
      created: periodEnd,
    });
    const invoice = downgraded.latest_invoice as Stripe.Invoice;
    expect(invoice.lines.data.map((line) => line.pricing?.price_details?.price)).toEqual([basic.id]);
    const moved = await stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(moved.current_phase).toEqual({ start_date: periodEnd, end_date: secondEnd });

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
      "subscription_schedule.updated",
    ]);
    events.forEach(expectEventShape);
    expect(events[0]?.created).toBe(periodEnd);
    expect(events[0]?.data.previous_attributes).toHaveProperty("items");
    expect((events[0]?.data.object as Stripe.Subscription).items.data[0]?.price.id).toBe(basic.id);
    expect(events[9]?.data.previous_attributes).toHaveProperty("current_phase");

    await advance(secondEnd - harness.emulator.now() + 60);
    const released = await stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(released).toMatchObject({
      status: "released",
      released_at: secondEnd,
      released_subscription: subscription.id,
      subscription: null,
      current_phase: null,
    });
    const free = await stripe.subscriptions.retrieve(subscription.id);
    expect(free.schedule).toBeNull();
    expect(free.items.data[0]?.price.id).toBe(basic.id);
    const tail = (await eventsSince(before + events.length)).map((event) => event.type);
    expect(tail).toEqual([
      "customer.subscription.updated",
      "subscription_schedule.released",
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
    const renewals = await stripe.invoices.list({ subscription: subscription.id });
    expect(renewals.data.map((each) => each.amount_paid)).toEqual([1000, 1000, 2000]);
  });

  it("cancels a pending downgrade by releasing the schedule", async () => {
    const { subscription, pro, basic } = await proSubscriber();
    const schedule = await scheduleDowngrade(subscription, pro, basic);
    await harness.emulator.flushDeliveries();
    const before = receiver.received.length;

    const released = await stripe.subscriptionSchedules.release(schedule.id);
    expectFixtureShape(released, "subscription_schedule");
    expect(released).toMatchObject({ status: "released", released_subscription: subscription.id, subscription: null });
    const events = await eventsSince(before);
    expect(events.map((event) => event.type)).toEqual([
      "customer.subscription.updated",
      "subscription_schedule.released",
    ]);
    events.forEach(expectEventShape);
    expect(events[0]?.data.previous_attributes).toEqual({ schedule: schedule.id });
    await expect(stripe.subscriptionSchedules.release(schedule.id)).rejects.toMatchObject({
      statusCode: 400,
      message:
        "You cannot release a subscription schedule that is currently in the `released` status. It must be in `not_started` or `active`.",
    });

    await advance((subscription.items.data[0]?.current_period_end ?? 0) - harness.emulator.now() + 60);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.schedule).toBeNull();
    expect(renewed.items.data[0]?.price.id).toBe(pro.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data[0]?.amount_paid).toBe(2000);
  });

  it("refuses cancel_at_period_end on a scheduled subscription, naming the schedule, and other misuse", async () => {
    const { subscription, pro, basic } = await proSubscriber();
    const schedule = await scheduleDowngrade(subscription, pro, basic);
    await expect(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })).rejects.toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      message: `The subscription is managed by the subscription schedule \`${schedule.id}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
    });
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
    await expect(stripe.subscriptionSchedules.create({ from_subscription: subscription.id })).rejects.toMatchObject({
      statusCode: 400,
      param: "from_subscription",
      message: `You cannot migrate a subscription that is already attached to a schedule: \`${schedule.id}\`.`,
    });
    const phase = schedule.phases[0];
    await expect(
      stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ items: [{ price: basic.id }], iterations: 1 } as Stripe.SubscriptionScheduleUpdateParams.Phase],
      }),
    ).rejects.toMatchObject({ code: "parameter_unknown", param: "phases[0][iterations]" });
    await expect(
      stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ items: [{ price: pro.id }], start_date: (phase?.start_date ?? 0) + 1 }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: "You can not modify the start date of the current phase." });
    await expect(stripe.subscriptionSchedules.retrieve("sub_sched_missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such subscription schedule: 'sub_sched_missing'",
    });
  });

  it("cancels the subscription with the schedule, now or at the end of the last phase", async () => {
    const { subscription, pro, basic } = await proSubscriber();
    const schedule = await scheduleDowngrade(subscription, pro, basic);
    const canceled = await stripe.subscriptionSchedules.cancel(schedule.id);
    expect(canceled).toMatchObject({ status: "canceled", current_phase: null });
    expect(canceled.canceled_at).not.toBeNull();
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");

    const other = await proSubscriber();
    const direct = await scheduleDowngrade(other.subscription, other.pro, other.basic);
    await stripe.subscriptions.cancel(other.subscription.id);
    expect((await stripe.subscriptionSchedules.retrieve(direct.id)).status).toBe("canceled");

    const third = await proSubscriber();
    const ending = await scheduleDowngrade(third.subscription, third.pro, third.basic);
    const withCancel = await stripe.subscriptionSchedules.update(ending.id, { end_behavior: "cancel" });
    const lastEnd = withCancel.phases[1]?.end_date ?? 0;
    expect((await stripe.subscriptions.retrieve(third.subscription.id)).cancel_at).toBe(lastEnd);
    await advance(lastEnd - harness.emulator.now() + 60);
    const ended = await stripe.subscriptions.retrieve(third.subscription.id);
    expect(ended).toMatchObject({ status: "canceled", ended_at: lastEnd });
    expect((await stripe.subscriptionSchedules.retrieve(ending.id)).status).toBe("completed");
  });
});

describe("customer portal on a scheduled subscription", () => {
  async function portalFor(subscription: Stripe.Subscription, prices: Stripe.Price[]): Promise<string> {
    const configuration = await stripe.billingPortal.configurations.create({
      features: {
        subscription_cancel: { enabled: true, mode: "at_period_end" },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          products: prices.map((price) => ({ product: price.product as string, prices: [price.id] })),
        },
      },
    });
    const session = await stripe.billingPortal.sessions.create({
      customer: subscription.customer as string,
      return_url: "https://app.example/account",
      configuration: configuration.id,
    });
    return session.url;
  }

  it("refuses a plan switch and releases the schedule when the customer cancels", async () => {
    const { subscription, pro, basic } = await proSubscriber();
    const schedule = await scheduleDowngrade(subscription, pro, basic);
    const url = await portalFor(subscription, [pro, basic]);
    expect(await (await fetch(url)).text()).not.toContain('id="switch-plan"');
    const refused = await submitForm(url, { action: "switch_plan", subscription: subscription.id, price: basic.id });
    expect(refused.status).toBe(402);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(pro.id);

    expect((await submitForm(url, { action: "cancel", subscription: subscription.id })).status).toBe(303);
    const canceling = await stripe.subscriptions.retrieve(subscription.id);
    expect(canceling).toMatchObject({ cancel_at_period_end: true, schedule: null });
    expect((await stripe.subscriptionSchedules.retrieve(schedule.id)).status).toBe("released");
  });
});
