import type Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createPlan,
  expectEventShape,
  expectFixtureShape,
  pageText,
  submitForm,
  subscribe,
  type Harness,
  type WebhookReceiver,
  setUpHarnessWithReceiver,
} from "./test-helpers";

/**
 * Plan switches in the hosted portal under `schedule_at_period_end` (a
 * downgrade or a shorter interval waits for the period end on a schedule) and
 * `trial_update_behavior` (a trialing switch ends the trial or keeps it).
 */
let harness: Harness;
let stripe: Stripe;
let receiver: WebhookReceiver;
const secret = "portal-plan-changes-secret";
const DAY = 86_400;

const bed = setUpHarnessWithReceiver(secret);
const { eventsSince, advance } = bed;
beforeAll(() => {
  ({ harness, receiver } = bed);
  stripe = harness.stripe;
});

async function mark(): Promise<number> {
  expect(await harness.emulator.flushDeliveries(10_000)).toBe(true);
  return receiver.received.length;
}

type Condition =
  Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate.ScheduleAtPeriodEnd.Condition;

/** Tollgate's tiers, monthly: Basic $10, Pro $20 and Business $50, plus Pro yearly at $200. */
async function tiers() {
  const { monthly: pro, yearly: proYearly } = await createPlan(stripe, "Pro");
  const { monthly: business } = await createPlan(stripe, "Business");
  await stripe.prices.update(business.id, { active: false });
  const businessMonthly = await stripe.prices.create({
    product: business.product as string,
    currency: "usd",
    unit_amount: 5000,
    recurring: { interval: "month" },
  });
  const basicProduct = await stripe.products.create({ name: "Basic" });
  const basic = await stripe.prices.create({
    product: basicProduct.id,
    currency: "usd",
    unit_amount: 1000,
    recurring: { interval: "month" },
  });
  return { basic, pro, proYearly, business: businessMonthly };
}

async function openPortal(
  subscription: Stripe.Subscription,
  prices: Stripe.Price[],
  subscriptionUpdate: Partial<Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate> = {},
): Promise<string> {
  const products = new Map<string, string[]>();
  for (const price of prices) {
    const product = price.product as string;
    products.set(product, [...(products.get(product) ?? []), price.id]);
  }
  const configuration = await stripe.billingPortal.configurations.create({
    features: {
      invoice_history: { enabled: true },
      subscription_cancel: { enabled: true, mode: "at_period_end" },
      subscription_update: {
        enabled: true,
        default_allowed_updates: ["price"],
        proration_behavior: "always_invoice",
        products: [...products].map(([product, ids]) => ({ product, prices: ids })),
        ...subscriptionUpdate,
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

async function switchTo(url: string, subscription: Stripe.Subscription, price: Stripe.Price): Promise<string> {
  const response = await submitForm(url, { action: "switch_plan", subscription: subscription.id, price: price.id });
  expect(response.status, await pageText(response.clone())).toBe(303);
  return pageText(await fetch(new URL(response.headers.get("location") ?? "", url)));
}

const downgrades: Condition[] = [{ type: "decreasing_item_amount" }];

describe("portal configuration", () => {
  it("echoes schedule_at_period_end and trial_update_behavior, with Stripe's defaults", async () => {
    const { pro, business } = await tiers();
    const plain = await stripe.billingPortal.configurations.create({
      features: { subscription_update: { enabled: true, default_allowed_updates: ["price"] } },
    });
    expectFixtureShape(plain, "billing_portal.configuration");
    expect(plain.features.subscription_update).toMatchObject({
      schedule_at_period_end: { conditions: [] },
      trial_update_behavior: "end_trial",
    });

    const configuration = await stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          products: [
            { product: pro.product as string, prices: [pro.id] },
            { product: business.product as string, prices: [business.id] },
          ],
          schedule_at_period_end: { conditions: [{ type: "decreasing_item_amount" }, { type: "shortening_interval" }] },
          trial_update_behavior: "continue_trial",
        },
      },
    });
    expectFixtureShape(configuration, "billing_portal.configuration");
    expect(configuration.features.subscription_update).toMatchObject({
      schedule_at_period_end: { conditions: [{ type: "decreasing_item_amount" }, { type: "shortening_interval" }] },
      trial_update_behavior: "continue_trial",
    });
    expect(await stripe.billingPortal.configurations.retrieve(configuration.id)).toEqual(configuration);

    const trialOnly = await stripe.billingPortal.configurations.update(configuration.id, {
      features: { subscription_update: { trial_update_behavior: "end_trial" } },
    });
    expect(trialOnly.features.subscription_update.schedule_at_period_end.conditions).toHaveLength(2);
    expect(trialOnly.features.subscription_update.trial_update_behavior).toBe("end_trial");
    const cleared = await stripe.billingPortal.configurations.update(configuration.id, {
      features: { subscription_update: { schedule_at_period_end: { conditions: "" } } },
    });
    expect(cleared.features.subscription_update.schedule_at_period_end).toEqual({ conditions: [] });
    expect(cleared.features.subscription_update.products?.map((entry) => entry.product)).toEqual([
      pro.product,
      business.product,
    ]);

    await expect(
      stripe.billingPortal.configurations.update(configuration.id, {
        features: {
          subscription_update: {
            schedule_at_period_end: { conditions: [{ type: "increasing_item_amount" as Condition["type"] }] },
          },
        },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: "features[subscription_update][schedule_at_period_end][conditions][0][type]",
    });
    await expect(
      stripe.billingPortal.configurations.update(configuration.id, {
        features: { subscription_update: { trial_update_behavior: "pause_trial" } },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "features[subscription_update][trial_update_behavior]" });
  });
});

describe("schedule_at_period_end in the portal", () => {
  it("schedules a Business to Pro downgrade for the period end; the clock then bills Pro and releases", async () => {
    const { pro, proYearly, business } = await tiers();
    const { subscription } = await subscribe(stripe, business);
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;
    const url = await openPortal(subscription, [pro, proYearly, business], {
      schedule_at_period_end: { conditions: downgrades },
    });
    const before = await mark();

    const page = await switchTo(url, subscription, pro);
    const day = new Date(periodEnd * 1000).toLocaleDateString("en-US", {
      month: "long",
      day: "numeric",
      year: "numeric",
      timeZone: "UTC",
    });
    expect(page).toContain(`Your plan changes to Pro · $20.00 per month on ${day}.`);
    expect(page).toContain('data-testid="scheduled-change"');
    expect(page).toContain('id="cancel-scheduled-change"');
    // Another plan can still be chosen; the pending one and the current one are not offered.
    expect(page).toContain('id="switch-plan"');
    expect(page).toContain(`value="${proYearly.id}"`);
    expect(page).not.toContain(`<option value="${pro.id}"`);

    const waiting = await stripe.subscriptions.retrieve(subscription.id);
    expect(waiting.items.data[0]?.price.id).toBe(business.id);
    const schedule = await stripe.subscriptionSchedules.retrieve(waiting.schedule as string);
    expectFixtureShape(schedule, "subscription_schedule");
    expect(schedule).toMatchObject({ status: "active", end_behavior: "release", subscription: subscription.id });
    expect(schedule.phases.map((phase) => [phase.start_date, phase.end_date, phase.items[0]?.price])).toEqual([
      [subscription.items.data[0]?.current_period_start, periodEnd, business.id],
      [periodEnd, schedule.phases[1]?.end_date, pro.id],
    ]);
    expect(schedule.phases[1]?.end_date).toBeGreaterThan(periodEnd + 27 * DAY);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
    // The same events as schedules.create(from_subscription) + schedules.update(phases) through the API.
    const scheduled = await eventsSince(before);
    expect(scheduled.map((event) => event.type)).toEqual([
      "subscription_schedule.created",
      "customer.subscription.updated",
      "subscription_schedule.updated",
    ]);
    scheduled.forEach(expectEventShape);
    expect(scheduled[1]?.data.previous_attributes).toEqual({ schedule: null });
    expect(scheduled[2]?.data.previous_attributes).toHaveProperty("phases");

    await advance({ to: periodEnd - 60 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(business.id);
    const boundary = await mark();
    await advance({ to: periodEnd + 60 });
    const downgraded = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(downgraded.items.data[0]).toMatchObject({ price: { id: pro.id }, current_period_start: periodEnd });
    expect(downgraded.schedule).toBeNull();
    expect(downgraded.latest_invoice).toMatchObject({
      billing_reason: "subscription_cycle",
      status: "paid",
      amount_paid: 2000,
      created: periodEnd,
    });
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({
      status: "released",
      released_at: periodEnd,
      released_subscription: subscription.id,
    });
    const switched = await eventsSince(boundary);
    expect(switched.map((event) => event.type)).toEqual([
      "customer.subscription.updated",
      "invoice.created",
      "invoice.finalized",
      "payment_intent.created",
      "charge.succeeded",
      "payment_intent.succeeded",
      "invoice_payment.paid",
      "invoice.paid",
      "invoice.payment_succeeded",
      "customer.subscription.updated",
      "subscription_schedule.released",
    ]);
    switched.forEach(expectEventShape);
    expect((switched[0]?.data.object as Stripe.Subscription).items.data[0]?.price.id).toBe(pro.id);
    expect(switched[9]?.data.previous_attributes).toEqual({ schedule: schedule.id });

    const after = await pageText(await fetch(url));
    expect(after).toContain("Pro · $20.00 per month");
    expect(after).not.toContain("Your plan changes to");
  });

  it("leaves a portal schedule whose phases the API changed to run its phases", async () => {
    const { basic, pro, business } = await tiers();
    const { subscription } = await subscribe(stripe, business);
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;
    const url = await openPortal(subscription, [basic, pro, business], {
      schedule_at_period_end: { conditions: downgrades },
    });
    await switchTo(url, subscription, pro);
    const scheduleId = (await stripe.subscriptions.retrieve(subscription.id)).schedule as string;
    await stripe.subscriptionSchedules.update(scheduleId, { metadata: { note: "kept" } });
    const portalMade = await stripe.subscriptionSchedules.retrieve(scheduleId);
    const updated = await stripe.subscriptionSchedules.update(scheduleId, {
      phases: [
        ...portalMade.phases.map((phase) => ({
          items: [{ price: phase.items[0]?.price as string }],
          start_date: phase.start_date,
          end_date: phase.end_date,
        })),
        { items: [{ price: basic.id }] },
      ],
    });
    const secondEnd = updated.phases[1]?.end_date ?? 0;

    await advance({ to: periodEnd + 60 });
    expect(await stripe.subscriptionSchedules.retrieve(scheduleId)).toMatchObject({
      status: "active",
      current_phase: { start_date: periodEnd, end_date: secondEnd },
    });
    await advance({ to: secondEnd + 60 });
    const basicNow = await stripe.subscriptions.retrieve(subscription.id);
    expect(basicNow).toMatchObject({ schedule: scheduleId, items: { data: [{ price: { id: basic.id } }] } });
  });

  it("replaces a pending downgrade with another and cancels it from the page", async () => {
    const { basic, pro, business } = await tiers();
    const { subscription } = await subscribe(stripe, business);
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;
    const url = await openPortal(subscription, [basic, pro, business], {
      schedule_at_period_end: { conditions: downgrades },
    });
    await switchTo(url, subscription, basic);
    const scheduleId = (await stripe.subscriptions.retrieve(subscription.id)).schedule as string;

    const before = await mark();
    expect(await switchTo(url, subscription, pro)).toContain("Your plan changes to Pro · $20.00 per month");
    const replaced = await stripe.subscriptionSchedules.retrieve(scheduleId);
    expect(replaced.phases.map((phase) => phase.items[0]?.price)).toEqual([business.id, pro.id]);
    expect((await eventsSince(before)).map((event) => event.type)).toEqual(["subscription_schedule.updated"]);

    const cancel = await submitForm(url, { action: "cancel_scheduled_change", subscription: subscription.id });
    expect(cancel.status).toBe(303);
    const page = await pageText(await fetch(new URL(cancel.headers.get("location") ?? "", url)));
    expect(page).toContain("Your scheduled plan change was canceled.");
    expect(page).not.toContain("Your plan changes to");
    expect(await stripe.subscriptionSchedules.retrieve(scheduleId)).toMatchObject({ status: "released" });
    const kept = await stripe.subscriptions.retrieve(subscription.id);
    expect(kept).toMatchObject({ schedule: null, items: { data: [{ price: { id: business.id } }] } });

    await advance({ to: periodEnd + 60 });
    const renewed = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(renewed.items.data[0]?.price.id).toBe(business.id);
    expect(renewed.latest_invoice).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: 5000 });
  });

  it("applies an upgrade at once, releasing a pending downgrade first", async () => {
    const { basic, pro, business } = await tiers();
    const { subscription } = await subscribe(stripe, pro);
    const url = await openPortal(subscription, [basic, pro, business], {
      schedule_at_period_end: { conditions: [{ type: "decreasing_item_amount" }, { type: "shortening_interval" }] },
    });
    harness.emulator.advanceClock({ seconds: 10 * DAY });
    await switchTo(url, subscription, basic);
    const scheduleId = (await stripe.subscriptions.retrieve(subscription.id)).schedule as string;
    const before = await mark();

    expect(await switchTo(url, subscription, business)).toContain("Your plan was updated.");
    const upgraded = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(upgraded).toMatchObject({ schedule: null, items: { data: [{ price: { id: business.id } }] } });
    expect(await stripe.subscriptionSchedules.retrieve(scheduleId)).toMatchObject({ status: "released" });
    // always_invoice: the prorated difference is charged now.
    const invoice = upgraded.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid" });
    expect(invoice.amount_paid).toBeGreaterThan(0);
    expect(invoice.amount_paid).toBeLessThan(3000);
    const events = await eventsSince(before);
    expect(events.map((event) => event.type)).toEqual([
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
    events.forEach(expectEventShape);
    expect(events[2]?.data.previous_attributes).toHaveProperty("items");
  });

  it("applies an upgrade at once when nothing is pending", async () => {
    const { pro, business } = await tiers();
    const { subscription } = await subscribe(stripe, pro);
    const url = await openPortal(subscription, [pro, business], {
      schedule_at_period_end: { conditions: downgrades },
    });
    expect(await switchTo(url, subscription, business)).toContain("Your plan was updated.");
    const upgraded = await stripe.subscriptions.retrieve(subscription.id);
    expect(upgraded).toMatchObject({ schedule: null, items: { data: [{ price: { id: business.id } }] } });
    expect((await stripe.subscriptionSchedules.list({ customer: subscription.customer as string })).data).toEqual([]);
  });

  it("offers Renew, not a plan change, while a cancellation is pending, and refuses a switch until renewed", async () => {
    const { pro, business } = await tiers();
    const { subscription } = await subscribe(stripe, pro);
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const url = await openPortal(subscription, [pro, business], {
      schedule_at_period_end: { conditions: downgrades },
    });
    const portal = await pageText(await fetch(url));
    expect(portal).toContain(">Renew<");
    expect(portal).not.toContain('id="switch-plan"');
    const refused = await submitForm(url, { action: "switch_plan", subscription: subscription.id, price: business.id });
    expect(refused.status).toBe(402);
    expect(await pageText(refused)).toContain("Renew your plan before changing it.");
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(pro.id);

    expect((await submitForm(url, { action: "renew", subscription: subscription.id })).status).toBe(303);
    expect(await switchTo(url, subscription, business)).toContain("Your plan was updated.");
  });

  it("schedules yearly to monthly under shortening_interval; a same-interval downgrade then applies at once", async () => {
    const { pro, proYearly, business } = await tiers();
    const { subscription } = await subscribe(stripe, proYearly);
    const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;
    expect(periodEnd - (subscription.items.data[0]?.current_period_start ?? 0)).toBeGreaterThan(364 * DAY);
    const url = await openPortal(subscription, [pro, proYearly, business], {
      schedule_at_period_end: { conditions: [{ type: "shortening_interval" }] },
    });

    expect(await switchTo(url, subscription, pro)).toContain("Your plan changes to Pro · $20.00 per month");
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(proYearly.id);
    await advance({ to: periodEnd + 60 });
    const monthly = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(monthly).toMatchObject({ schedule: null, status: "active" });
    expect(monthly.items.data[0]).toMatchObject({ price: { id: pro.id }, current_period_start: periodEnd });
    expect((monthly.items.data[0]?.current_period_end ?? 0) - periodEnd).toBeLessThan(32 * DAY);
    expect(monthly.latest_invoice).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: 2000 });

    // Monthly Business to monthly Pro costs less but keeps the interval: not a condition here.
    const other = await subscribe(stripe, business, { email: "other@example.com" });
    const otherUrl = await openPortal(other.subscription, [pro, business], {
      schedule_at_period_end: { conditions: [{ type: "shortening_interval" }] },
    });
    expect(await switchTo(otherUrl, other.subscription, pro)).toContain("Your plan was updated.");
    const moved = await stripe.subscriptions.retrieve(other.subscription.id);
    expect(moved).toMatchObject({ schedule: null, items: { data: [{ price: { id: pro.id } }] } });
  });

  it("keeps other schedules locked, and every schedule locked with the feature off", async () => {
    const { basic, pro, business } = await tiers();
    const { subscription } = await subscribe(stripe, business);
    const created = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    const first = created.phases[0];
    await stripe.subscriptionSchedules.update(created.id, {
      end_behavior: "release",
      phases: [
        { items: [{ price: business.id }], start_date: first?.start_date, end_date: first?.end_date },
        { items: [{ price: pro.id }], duration: { interval: "month", interval_count: 1 } },
        { items: [{ price: basic.id }], duration: { interval: "month", interval_count: 1 } },
      ],
    });
    const url = await openPortal(subscription, [basic, pro, business], {
      schedule_at_period_end: { conditions: downgrades },
    });
    const page = await pageText(await fetch(url));
    expect(page).not.toContain('id="switch-plan"');
    expect(page).not.toContain("Your plan changes to");
    const refused = await submitForm(url, { action: "switch_plan", subscription: subscription.id, price: basic.id });
    expect(refused.status).toBe(402);
    expect(await pageText(refused)).toContain("This plan has a scheduled change and cannot be updated here.");

    // An API downgrade of the portal's own shape shows as pending with the feature on, and stays locked without it.
    const second = await subscribe(stripe, business, { email: "second@example.com" });
    const own = await stripe.subscriptionSchedules.create({ from_subscription: second.subscription.id });
    await stripe.subscriptionSchedules.update(own.id, {
      end_behavior: "release",
      phases: [
        { items: [{ price: business.id }], start_date: own.phases[0]?.start_date, end_date: own.phases[0]?.end_date },
        { items: [{ price: pro.id }] },
      ],
    });
    const onUrl = await openPortal(second.subscription, [basic, pro, business], {
      schedule_at_period_end: { conditions: downgrades },
    });
    const on = await pageText(await fetch(onUrl));
    expect(on.replace(/<[^>]+>/g, "")).toContain("Your plan changes to Pro · $20.00 per month");
    const offUrl = await openPortal(second.subscription, [basic, pro, business]);
    const off = await pageText(await fetch(offUrl));
    expect(off).not.toContain('id="switch-plan"');
    expect(off).not.toContain("Your plan changes to");
  });
});

describe("trial_update_behavior in the portal", () => {
  async function trialingOnBusiness() {
    const prices = await tiers();
    const { subscription } = await subscribe(stripe, prices.business, { trialDays: 14 });
    harness.emulator.advanceClock({ seconds: 2 * DAY });
    return { ...prices, subscription };
  }

  it("end_trial (the default): a switch ends the trial and charges the new price now, even a downgrade", async () => {
    const { pro, business, subscription } = await trialingOnBusiness();
    expect(subscription.status).toBe("trialing");
    const url = await openPortal(subscription, [pro, business], {
      schedule_at_period_end: { conditions: downgrades },
    });
    const before = await mark();

    // The switch's moment, bracketed: the emulator's clock runs, so a second can pass during it.
    const earliest = harness.emulator.now();
    expect(await switchTo(url, subscription, pro)).toContain("Your plan was updated and your trial has ended.");
    const latest = harness.emulator.now();
    const switched = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    const switchedAt = switched.trial_end!;
    expect(switchedAt).toBeGreaterThanOrEqual(earliest);
    expect(switchedAt).toBeLessThanOrEqual(latest);
    expect(switched).toMatchObject({ status: "active", billing_cycle_anchor: switchedAt, schedule: null });
    expect(switched.items.data[0]).toMatchObject({ price: { id: pro.id }, current_period_start: switchedAt });
    expect(switched.latest_invoice).toMatchObject({
      billing_reason: "subscription_update",
      status: "paid",
      amount_paid: 2000,
    });
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

  it("continue_trial: the switch keeps the trial and charges nothing yet", async () => {
    const { pro, business, subscription } = await trialingOnBusiness();
    const url = await openPortal(subscription, [pro, business], {
      schedule_at_period_end: { conditions: downgrades },
      trial_update_behavior: "continue_trial",
    });
    const invoicesBefore = (await stripe.invoices.list({ subscription: subscription.id })).data.length;

    expect(await switchTo(url, subscription, pro)).toContain("Your plan was updated.");
    const switched = await stripe.subscriptions.retrieve(subscription.id);
    expect(switched).toMatchObject({ status: "trialing", trial_end: subscription.trial_end, schedule: null });
    expect(switched.items.data[0]?.price.id).toBe(pro.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(invoicesBefore);

    await advance({ to: (subscription.trial_end ?? 0) + 60 });
    const converted = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice"] });
    expect(converted.status).toBe("active");
    expect(converted.latest_invoice).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: 2000 });
  });
});
