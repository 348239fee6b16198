// The webhook rules, on a real database with the Stripe emulator: signatures,
// duplicates, ordering, unknown types, failures and retries. Deliveries are
// acknowledged by recording them; `bed.drain()` then processes the inbox as
// the app's worker does after the response.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileAllCustomers } from "@/lib/billing/reconcile";
import { syncCustomer } from "@/lib/billing/sync";
import { startBillingTestBed, type BillingTestBed } from "./helpers/billing";
import { testDatabaseKind } from "./helpers/test-database";

describe(`Stripe webhooks (${testDatabaseKind})`, () => {
  let bed: BillingTestBed;
  beforeAll(async () => {
    bed = await startBillingTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  const stateOf = async (userId: string) => {
    const user = await bed.db.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        tier: true,
        subscriptions: {
          select: { id: true, status: true, planId: true, cancelAtPeriodEnd: true, pastDueSince: true },
        },
      },
    });
    return user;
  };
  const stripeTruth = async (customer: string) =>
    (await bed.stripe.subscriptions.list({ customer, status: "all" })).data.map((subscription) => ({
      id: subscription.id,
      status: subscription.status,
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
    }));
  const eventRows = (id: string) => bed.db.stripeEvent.findMany({ where: { id } });
  const first = async (customer: string, type: string) => {
    const event = (await bed.eventsFor(customer)).find((candidate) => candidate.type === type);
    if (!event) throw new Error(`no ${type} event for ${customer}`);
    return event;
  };

  describe("signatures", () => {
    let event: Stripe.Event;
    let userId: string;
    beforeAll(async () => {
      const user = await bed.createUser("sig");
      userId = user.id;
      event = await first(await bed.subscribe(user), "customer.subscription.created");
    });
    const now = () => Math.floor(Date.now() / 1000);

    it.each([
      ["wrong secret", { secret: "someone-elses-signing-secret" }],
      ["tampered payload", { tamper: true }],
      ["stale timestamp (301 s old)", { timestamp: now() - 301 }],
      ["far-future timestamp", { timestamp: now() + 3600 }],
    ])("refuses a %s with 400 and writes nothing", async (_case, signing) => {
      const result = await bed.deliver(event, signing);
      expect(result.status).toBe(400);
      expect(await eventRows(event.id)).toHaveLength(0);
      expect((await stateOf(userId)).subscriptions).toHaveLength(0);
    });

    it("refuses a missing signature header", async () => {
      const { handleStripeWebhook } = await import("@/lib/billing/webhooks");
      const result = await handleStripeWebhook(bed, JSON.stringify(event), null);
      expect(result).toEqual({ status: 400, body: { error: "Missing Stripe-Signature header" } });
      expect(await eventRows(event.id)).toHaveLength(0);
    });

    it("accepts the same event correctly signed", async () => {
      expect((await bed.deliver(event)).status).toBe(200);
      await bed.drain();
      expect((await stateOf(userId)).tier).toBe("pro");
    });
  });

  it("answers an unknown event type 200 and writes nothing", async () => {
    const before = await bed.db.stripeEvent.count();
    const event = {
      id: "evt_unknown_type_1",
      object: "event",
      type: "product.created",
      data: { object: { id: "prod_x", object: "product" } },
    };
    const result = await bed.deliver(JSON.stringify(event));
    expect(result).toEqual({ status: 200, body: { received: true, ignored: "product.created" } });
    expect(await bed.db.stripeEvent.count()).toBe(before);
  });

  it("applies the same event delivered 3 times in parallel exactly once", async () => {
    const user = await bed.createUser("dup");
    const event = await first(await bed.subscribe(user), "checkout.session.completed");
    const results = await Promise.all([bed.deliver(event), bed.deliver(event), bed.deliver(event)]);
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    const outcomes = results.map((result) => result.body.outcome).sort();
    expect(outcomes).toEqual(["duplicate", "duplicate", "recorded"]);
    expect((await bed.drain()).processed).toBe(1);
    const rows = await eventRows(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "processed", attempts: 1 });
    expect(rows[0]!.processedAt).toBeInstanceOf(Date);
    const state = await stateOf(user.id);
    expect(state.tier).toBe("pro");
    expect(state.subscriptions).toHaveLength(1);
  });

  it("ends in Stripe's state when updated arrives before created", async () => {
    const user = await bed.createUser("order");
    const customer = await bed.subscribe(user);
    const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;
    await bed.stripe.subscriptions.update(subscription!.id, { cancel_at_period_end: true });
    const events = await bed.eventsFor(customer);
    const updated = events.findLast((event) => event.type === "customer.subscription.updated")!;
    const created = events.find((event) => event.type === "customer.subscription.created")!;
    await bed.deliver(updated);
    await bed.drain();
    await bed.deliver(created); // late, with the older payload
    await bed.drain();
    const state = await stateOf(user.id);
    expect(state.subscriptions.map(({ id, status, cancelAtPeriodEnd }) => ({ id, status, cancelAtPeriodEnd }))).toEqual(
      await stripeTruth(customer),
    );
    expect(state.subscriptions[0]!.cancelAtPeriodEnd).toBe(true);
  });

  it("stays cancelled when a late updated arrives after deleted", async () => {
    const user = await bed.createUser("late");
    const customer = await bed.subscribe(user, "business");
    const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;
    await bed.stripe.subscriptions.update(subscription!.id, { metadata: { note: "touched" } });
    await bed.stripe.subscriptions.cancel(subscription!.id);
    const events = await bed.eventsFor(customer);
    await bed.deliver(events.find((event) => event.type === "customer.subscription.deleted")!);
    await bed.drain();
    await bed.deliver(events.findLast((event) => event.type === "customer.subscription.updated")!);
    await bed.drain();
    const state = await stateOf(user.id);
    expect(state.tier).toBe("free");
    expect(state.subscriptions.map((row) => row.status)).toEqual(["canceled"]);
  });

  it("acknowledges at once although Stripe is down, then retries processing with backoff until it succeeds", async () => {
    const user = await bed.createUser("retry");
    const event = await first(await bed.subscribe(user), "customer.subscription.created");
    // More failures than the SDK's own network retries.
    bed.emulator.setFaults({ failRequests: 5, failMode: "500" });
    expect((await bed.deliver(event)).status).toBe(200);
    expect(await bed.drain()).toMatchObject({ claimed: 1, processed: 0, retrying: 1 });
    bed.emulator.setFaults({ failRequests: 0 });
    const [row] = await eventRows(event.id);
    expect(row).toMatchObject({ state: "pending", attempts: 1, processedAt: null });
    expect(row!.lastError).toMatch(/\S/);
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect((await stateOf(user.id)).tier).toBe("free");

    // Not due yet: a drain leaves it alone.
    expect((await bed.drain()).claimed).toBe(0);
    // The backoff has passed.
    await bed.db.stripeEvent.update({ where: { id: event.id }, data: { nextAttemptAt: new Date(0) } });
    expect(await bed.drain()).toMatchObject({ claimed: 1, processed: 1 });
    expect((await eventRows(event.id))[0]).toMatchObject({ state: "processed", attempts: 2, lastError: null });
    expect((await stateOf(user.id)).tier).toBe("pro");
  });

  it("acknowledges events of customers that are not ours without writing a user", async () => {
    const stranger = await bed.stripe.customers.create({ email: "stranger@example.com" });
    const event = {
      id: "evt_stranger_1",
      object: "event",
      type: "invoice.paid",
      data: { object: { id: "in_x", object: "invoice", customer: stranger.id } },
    };
    const users = await bed.db.user.count();
    const result = await bed.deliver(JSON.stringify(event));
    expect(result.body.outcome).toBe("recorded");
    expect((await bed.drain()).processed).toBe(1);
    expect((await eventRows(event.id))[0]!.state).toBe("processed");
    expect(await bed.db.user.count()).toBe(users);
  });

  it("syncCustomer racing itself never leaves an older read on top", async () => {
    const user = await bed.createUser("race");
    const customer = await bed.subscribe(user);
    const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;
    await Promise.all([
      syncCustomer(bed, customer),
      syncCustomer(bed, customer),
      bed.stripe.subscriptions
        .update(subscription!.id, { cancel_at_period_end: true })
        .then(() => syncCustomer(bed, customer)),
      syncCustomer(bed, customer),
    ]);
    expect((await stateOf(user.id)).subscriptions[0]!.cancelAtPeriodEnd).toBe(true);
  });

  it("a sync that read Stripe before a newer sync wrote cannot overwrite it", async () => {
    const user = await bed.createUser("stale");
    const customer = await bed.subscribe(user);
    await syncCustomer(bed, customer);
    const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;

    // The slow sync's read completes before the change, but it reaches the
    // database only after a newer sync has stored the change.
    let markReadDone!: () => void;
    let releaseSlowSync!: () => void;
    const readDone = new Promise<void>((resolve) => (markReadDone = resolve));
    const release = new Promise<void>((resolve) => (releaseSlowSync = resolve));
    const slowStripe = Object.create(bed.stripe, {
      subscriptions: {
        value: {
          async *list(params: Stripe.SubscriptionListParams) {
            const read = (await bed.stripe.subscriptions.list(params)).data;
            markReadDone();
            await release;
            yield* read;
          },
        },
      },
    }) as Stripe;
    const slowSync = syncCustomer({ ...bed, stripe: slowStripe }, customer);
    await readDone;
    await bed.stripe.subscriptions.update(subscription!.id, { cancel_at_period_end: true });
    expect((await syncCustomer(bed, customer)).kind).toBe("synced");
    releaseSlowSync();

    expect(await slowSync).toEqual({ kind: "superseded", userId: user.id });
    expect((await stateOf(user.id)).subscriptions[0]!.cancelAtPeriodEnd).toBe(true);
  });

  it("runs the past-due grace period from the failed renewal, however late we sync", async () => {
    const user = await bed.createUser("pastdue");
    const customer = await bed.subscribe(user, "business");
    const renewal = await bed.failRenewal(customer, 3 * 24 * 60 * 60); // we hear of it three days late

    await syncCustomer(bed, customer);
    const [row] = (await stateOf(user.id)).subscriptions;
    expect(row!.status).toBe("past_due");
    expect(row!.pastDueSince!.getTime() / 1000).toBeGreaterThanOrEqual(renewal);
    expect(row!.pastDueSince!.getTime() / 1000).toBeLessThan(renewal + 60 * 60);
  });

  it("reconciliation repairs the state when every webhook of a change was lost", async () => {
    const user = await bed.createUser("lost");
    const customer = await bed.subscribe(user);
    await syncCustomer(bed, customer);
    expect((await stateOf(user.id)).tier).toBe("pro");
    const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;
    await bed.stripe.subscriptions.cancel(subscription!.id); // its events are never delivered

    const report = await reconcileAllCustomers(bed, 2);
    expect(report.failed).toEqual([]);
    expect(report.customers).toBeGreaterThanOrEqual(1);
    expect(await stateOf(user.id)).toMatchObject({ tier: "free", subscriptions: [{ status: "canceled" }] });
  });
});
