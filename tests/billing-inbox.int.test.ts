// The webhook inbox on a real database with the Stripe emulator: claiming,
// coalescing per customer, backoff and failure, and the billing emails a
// customer receives, each exactly once.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInboxEvents, retryInboxEvent } from "@/lib/billing/inbox";
import { MAX_ATTEMPTS } from "@/lib/billing/retry";
import type { Mailer } from "@/lib/email/mailer";
import { startBillingTestBed, APP_URL, type BillingTestBed } from "./helpers/billing";
import { testDatabaseKind } from "./helpers/test-database";

const DAY = 24 * 60 * 60;

describe(`webhook inbox (${testDatabaseKind})`, () => {
  let bed: BillingTestBed;
  beforeAll(async () => {
    bed = await startBillingTestBed();
  }, 120_000);
  afterAll(() => bed?.close());

  /** Delivers every event the emulator emitted about the customer (again): already recorded ones are duplicates. */
  const deliverAll = async (customer: string) => {
    const results = [];
    for (const event of await bed.eventsFor(customer)) results.push(await bed.deliver(event));
    return results;
  };
  const inboxRows = (customer: string) =>
    bed.db.stripeEvent.findMany({ where: { customerId: customer }, orderBy: { stripeCreatedAt: "asc" } });
  const outbox = (to: string) => bed.db.outboxEmail.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
  /** A Stripe client that counts the reads of customers' subscriptions (what a sync does once). */
  const countingStripe = () => {
    const counter = { subscriptionReads: 0 };
    const stripe = Object.create(bed.stripe, {
      subscriptions: {
        value: Object.create(bed.stripe.subscriptions, {
          list: {
            value: (...args: Parameters<Stripe["subscriptions"]["list"]>) => {
              counter.subscriptionReads += 1;
              return bed.stripe.subscriptions.list(...args);
            },
          },
        }),
      },
    }) as Stripe;
    return { stripe, counter };
  };

  it("records every event of a checkout and syncs the customer once for all of them", async () => {
    const user = await bed.createUser("coalesce");
    const customer = await bed.subscribe(user);
    const results = await deliverAll(customer);
    expect(results.length).toBeGreaterThanOrEqual(3);
    expect(results.every((result) => result.status === 200)).toBe(true);
    const recorded = await inboxRows(customer);
    expect(recorded.map((row) => row.state)).toEqual(recorded.map(() => "pending"));

    const { stripe, counter } = countingStripe();
    const report = await bed.drain({ stripe });
    expect(report.processed).toBe(recorded.length);
    expect(counter.subscriptionReads).toBe(1);
    expect((await inboxRows(customer)).every((row) => row.state === "processed" && row.processedAt)).toBe(true);
    expect((await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).tier).toBe("pro");
  });

  it("shares due events between concurrent drains without processing any twice", async () => {
    const customers = [];
    for (let index = 0; index < 4; index++) {
      const customer = await bed.subscribe(await bed.createUser(`claim${index}`));
      await deliverAll(customer);
      customers.push(customer);
    }
    const due = await bed.db.stripeEvent.count({ where: { state: "pending" } });
    const reports = await Promise.all([1, 2, 3].map(() => bed.drain({}, { limit: 3 })));
    expect(reports.reduce((sum, report) => sum + report.claimed, 0)).toBe(due);
    expect(reports.reduce((sum, report) => sum + report.processed, 0)).toBe(due);
    for (const customer of customers) {
      expect((await inboxRows(customer)).map((row) => [row.state, row.attempts])).toEqual(
        (await inboxRows(customer)).map(() => ["processed", 1]),
      );
    }
  });

  it("marks an event failed after its last attempt, lists it for operators, and processes it when retried", async () => {
    const user = await bed.createUser("failed");
    const customer = await bed.subscribe(user);
    const event = (await bed.eventsFor(customer)).find(
      (candidate) => candidate.type === "customer.subscription.created",
    )!;
    await bed.deliver(event);
    // Every earlier attempt failed already.
    await bed.db.stripeEvent.update({ where: { id: event.id }, data: { attempts: MAX_ATTEMPTS - 1 } });
    const others = await bed.db.stripeEvent.findMany({ where: { customerId: customer, id: { not: event.id } } });
    expect(others).toHaveLength(0);

    bed.emulator.setFaults({ failRequests: 5, failMode: "500" });
    const report = await bed.drain();
    bed.emulator.setFaults({ failRequests: 0 });
    expect(report).toMatchObject({ claimed: 1, processed: 0, failed: 1, retrying: 0 });
    const failed = await listInboxEvents(bed, "failed");
    expect(failed.map((row) => row.id)).toContain(event.id);
    expect(failed.find((row) => row.id === event.id)).toMatchObject({ attempts: MAX_ATTEMPTS, customerId: customer });
    expect(failed.find((row) => row.id === event.id)!.lastError).toMatch(/\S/);
    // Failed is final: the worker does not pick it up again.
    await bed.db.stripeEvent.update({ where: { id: event.id }, data: { nextAttemptAt: new Date(0) } });
    expect((await bed.drain()).claimed).toBe(0);

    expect(await retryInboxEvent(bed, event.id)).toBe(true);
    expect(await bed.drain()).toMatchObject({ claimed: 1, processed: 1 });
    expect((await bed.db.user.findUniqueOrThrow({ where: { id: user.id } })).tier).toBe("pro");
    expect(await retryInboxEvent(bed, event.id)).toBe(false);
  });

  describe("billing emails", () => {
    it("sends a trial user the started, trial-ending, payment-failed and ended emails, each once", async () => {
      const user = await bed.createUser("trial");
      const customer = await bed.subscribe(user, "pro");
      // Duplicates and concurrent deliveries of the same events, then two drains at once.
      await Promise.all([deliverAll(customer), deliverAll(customer)]);
      await Promise.all([bed.drain(), bed.drain()]);
      const [subscription] = (await bed.stripe.subscriptions.list({ customer })).data;
      const trialEnd = subscription!.trial_end!;
      expect(subscription!.status).toBe("trialing");

      bed.emulator.advanceClock({ to: trialEnd - 3 * DAY + 60 });
      await deliverAll(customer);
      await bed.drain();

      // The card declines at the end of the trial.
      await fetch(`${bed.emulator.url}/_emulator/customers/${customer}/default-card`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ cardNumber: "4000000000000341" }),
      });
      bed.emulator.advanceClock({ to: trialEnd + 60 });
      await deliverAll(customer);
      await bed.drain();
      expect((await bed.stripe.subscriptions.retrieve(subscription!.id)).status).toBe("past_due");

      await bed.stripe.subscriptions.cancel(subscription!.id);
      await deliverAll(customer);
      await bed.drain();
      // A redelivery of everything, and a replay of every event, send nothing new.
      await deliverAll(customer);
      await bed.db.stripeEvent.updateMany({
        where: { customerId: customer },
        data: { state: "pending", nextAttemptAt: new Date(0) },
      });
      await bed.drain();

      const emails = await outbox(user.email);
      expect(emails.map((email) => email.subject)).toEqual([
        "Your Pro trial has started",
        `Your Pro trial ends on ${longDate(trialEnd)}`,
        "Your Tollgate payment failed",
        "Your Pro subscription has ended",
      ]);
      const [started, ending, failed, ended] = emails;
      expect(started!.text).toContain(`It ends on ${longDate(trialEnd)}`);
      expect(started!.text).toContain("$12.00 a month");
      expect(ending!.text).toContain("we charge $12.00 a month on that day");
      // The grace period runs 7 days from the failed payment.
      expect(failed!.text).toContain(`until ${longDate(trialEnd + 7 * DAY)}`);
      expect(failed!.text).toContain(`Update your card: ${APP_URL}/account/billing`);
      expect(failed!.html).toContain(`href="${APP_URL}/account/billing"`);
      expect(ended!.text).toContain(`${APP_URL}/pricing`);
      for (const email of emails) {
        expect(email.html).toContain("<html");
        expect(email.html).not.toMatch(/<img|utm_|pixel/i);
        expect(email.text).not.toContain("<");
      }
      const keys = await bed.db.billingEmail.findMany({ where: { userId: user.id } });
      expect(keys.map((key) => key.state)).toEqual(keys.map(() => "sent"));
    });

    it("retries a send that failed, and sends it once", async () => {
      const user = await bed.createUser("smtpdown");
      const customer = await bed.subscribe(user, "pro");
      await deliverAll(customer);
      const down: Mailer = {
        send: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:587")),
      };
      const report = await bed.drain({ mailer: down });
      expect(report.emailsSent).toBe(0);
      const [due] = await bed.db.billingEmail.findMany({ where: { userId: user.id } });
      expect(due).toMatchObject({ state: "due", attempts: 1, template: "subscription-started" });
      expect(due!.lastError).toContain("ECONNREFUSED");
      expect(due!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
      expect(await outbox(user.email)).toHaveLength(0);

      // Not due again before its backoff; then the server is back.
      expect((await bed.drain()).emailsSent).toBe(0);
      await bed.db.billingEmail.updateMany({ where: { userId: user.id }, data: { nextAttemptAt: new Date(0) } });
      expect((await bed.drain()).emailsSent).toBe(1);
      expect((await bed.drain()).emailsSent).toBe(0);
      expect((await outbox(user.email)).map((email) => email.subject)).toEqual(["Your Pro trial has started"]);
      expect((await bed.db.billingEmail.findMany({ where: { userId: user.id } }))[0]).toMatchObject({
        state: "sent",
        attempts: 2,
        lastError: null,
      });
    });
  });
});

function longDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  });
}
