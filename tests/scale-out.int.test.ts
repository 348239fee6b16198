// `next start` instances behind one PostgreSQL and one Stripe (the emulator),
// the way a team scales out, with webhook bursts: Stripe's events for many
// customers, 20% delivered twice, shuffled and spread over the instances with
// concurrency. Instances acknowledge each delivery by recording it and
// process the inbox themselves; afterwards every user's tier and
// subscriptions equal Stripe's, every event is recorded once and processed,
// and each user's "trial started" email is due exactly once, even when an
// instance is killed (SIGKILL) mid-burst or after acknowledging a burst.
//
// PGlite serves one process only, so this file always runs on PostgreSQL:
// TEST_DATABASE_URL when set (.ci/run), otherwise a throwaway PostgreSQL 15
// cluster of its own; without either it fails naming what it needs.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalogToStripe } from "@/lib/billing/catalog-sync";
import { createStripeClient } from "@/lib/billing/stripe";
import { migrate } from "@/lib/db-migrations";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { startAppServer, TEST_APP_ENV, type AppServer } from "./helpers/app-server";
import { startPostgresServer, type PostgresServer } from "./helpers/postgres-server";
import { createPostgresDatabase, withClient, type TestDatabase } from "./helpers/test-database";
import { compareWithStripe, prepareBurst, sendDeliveries, waitForInbox, type Burst } from "./helpers/webhook-burst";

const CONCURRENCY = 16;
const PER_CUSTOMER = 8;
// Passed to the apps as STRIPE_WEBHOOK_SECRET, which must have Stripe's prefix.
const WEBHOOK_SECRET = "whsec_scaleout";
// Short, so events a killed instance had claimed are taken over quickly.
const LEASE_SECONDS = 5;
const PROCESSING_TIMEOUT_MS = 60_000;

describe("app instances on one PostgreSQL and one Stripe", () => {
  let postgres: PostgresServer;
  let database: TestDatabase;
  let emulator: StripeEmulator;
  let stripe: Stripe;
  const started: AppServer[] = [];
  const startApp = async () => {
    const app = await startAppServer(
      { ...TEST_APP_ENV, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, BILLING_INBOX_LEASE_SECONDS: String(LEASE_SECONDS) },
      database.url,
      { stripeEmulatorUrl: emulator.url },
    );
    started.push(app);
    return app;
  };
  const burst = (label: string, customers: number): Promise<Burst> =>
    prepareBurst(stripe, database.url, {
      label,
      customers,
      perCustomer: PER_CUSTOMER,
      duplicates: (customers * PER_CUSTOMER) / 4, // 20% of the deliveries
    });
  const pendingEvents = () =>
    withClient(database.url, async (client) =>
      Number((await client.query(`SELECT count(*) FROM "StripeEvent" WHERE "state" = 'pending'`)).rows[0].count),
    );
  const expectConverged = async (sent: Burst, label: string) => {
    const result = await compareWithStripe(stripe, database.url, sent.customers);
    console.log(
      `${label}: ${JSON.stringify({ ...result, mismatches: result.mismatches.length, startedEmails: undefined })}`,
    );
    expect(result.recorded).toBe(sent.unique.length);
    expect(result.distinctIds).toBe(sent.unique.length);
    expect(result.processed).toBe(sent.unique.length);
    expect(result.users).toBe(sent.customers.length);
    expect(result.mismatches).toEqual([]);
    expect(Object.keys(result.tiers).sort()).toEqual(["business", "free", "pro"]);
    // Three customers in four keep a live subscription: one email each.
    expect(result.startedEmails).toEqual(sent.customers.filter((_, index) => index % 4 !== 1).map(() => 1));
  };

  beforeAll(async () => {
    postgres = await startPostgresServer();
    database = await createPostgresDatabase(postgres.url);
    await withClient(database.url, (client) => migrate(client));
    // No webhook endpoint: every delivery in this file is one the test sends.
    emulator = await startStripeEmulator({ webhookSecret: WEBHOOK_SECRET, tickIntervalMs: 0 });
    stripe = createStripeClient({ emulatorUrl: emulator.url });
    await syncCatalogToStripe(stripe);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(started.map((app) => app.stop()));
    await emulator?.stop();
    await database?.drop();
    await postgres?.stop();
  });

  it("two instances apply 2,000 shuffled deliveries (400 duplicates) for 200 customers exactly once", async () => {
    const apps = await Promise.all([startApp(), startApp()]);
    const sent = await burst("scale", 200);
    const startedAt = performance.now();
    const report = await sendDeliveries(stripe, WEBHOOK_SECRET, sent.deliveries, {
      concurrency: CONCURRENCY,
      urlFor: (index) => apps[index % apps.length]!.url,
    });
    const ackSeconds = (performance.now() - startedAt) / 1000;
    const convergedMs = await waitForInbox(database.url, PROCESSING_TIMEOUT_MS);
    console.log(
      `scale-out: ${sent.deliveries.length} deliveries acknowledged in ${ackSeconds.toFixed(1)} s ` +
        `(${Math.round(sent.deliveries.length / ackSeconds)}/s), processed ${(convergedMs / 1000).toFixed(1)} s after the last; ` +
        `statuses ${JSON.stringify(Object.fromEntries(report.statuses))}, outcomes ${JSON.stringify(Object.fromEntries(report.outcomes))}`,
    );
    expect(report.failed).toEqual([]);
    expect(report.outcomes.get("recorded")).toBe(sent.unique.length);
    expect(report.outcomes.get("duplicate")).toBe(sent.deliveries.length - sent.unique.length);
    await expectConverged(sent, "scale-out");
  }, 600_000);

  it("loses nothing when one of two instances is killed mid-burst: Stripe's retries go to the other", async () => {
    const apps = await Promise.all([startApp(), startApp()]);
    const sent = await burst("midburst", 100);
    const killAt = Math.floor(sent.deliveries.length / 2);
    let killed: Promise<void> | undefined;
    const report = await sendDeliveries(stripe, WEBHOOK_SECRET, sent.deliveries, {
      concurrency: CONCURRENCY,
      urlFor: (index) => {
        if (index === killAt) killed = apps[1]!.kill();
        return apps[index % apps.length]!.url;
      },
    });
    await killed;
    // The killed instance's unanswered deliveries, retried as Stripe retries them.
    expect(report.failed.length).toBeGreaterThan(0);
    const retried = await sendDeliveries(stripe, WEBHOOK_SECRET, report.failed, {
      concurrency: CONCURRENCY,
      urlFor: () => apps[0]!.url,
    });
    expect(retried.failed).toEqual([]);
    await waitForInbox(database.url, PROCESSING_TIMEOUT_MS);
    await expectConverged(sent, "killed mid-burst");
  }, 600_000);

  it("processes every acknowledged event once after the instance that acknowledged them is killed", async () => {
    const first = await startApp();
    const sent = await burst("crash", 100);
    const report = await sendDeliveries(stripe, WEBHOOK_SECRET, sent.deliveries, {
      concurrency: CONCURRENCY,
      urlFor: () => first.url,
    });
    await first.kill();
    const killedAt = performance.now();
    expect(report.failed).toEqual([]);
    // Acknowledged, not yet processed: only the inbox knows about them now.
    const left = await pendingEvents();
    expect(left).toBeGreaterThan(0);

    const restarted = await startApp();
    await waitForInbox(database.url, PROCESSING_TIMEOUT_MS);
    const seconds = (performance.now() - killedAt) / 1000;
    console.log(
      `crash: ${left} events pending at the kill, all processed ${seconds.toFixed(1)} s after it (restart included)`,
    );
    expect(restarted.logs()).not.toMatch(/failed after/);
    await expectConverged(sent, "crash");
  }, 600_000);
});
