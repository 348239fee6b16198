// Two `next start` instances behind one PostgreSQL and one Stripe (the
// emulator), the way a team scales out: 2,000 signed webhook deliveries for
// 200 subscribed customers, 20% of them duplicates, shuffled and spread over
// both instances with concurrency. Afterwards every user's tier and
// subscriptions equal Stripe's, every event is recorded once and processed,
// and no delivery failed.
//
// PGlite serves one process only, so this file always runs on PostgreSQL:
// TEST_DATABASE_URL when set (.ci/run), otherwise a throwaway PostgreSQL 15
// cluster of its own; without either it fails naming what it needs.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalogToStripe } from "@/lib/billing/catalog-sync";
import { HANDLED_EVENT_TYPES } from "@/lib/billing/webhooks";
import { createStripeClient } from "@/lib/billing/stripe";
import { migrate } from "@/lib/db-migrations";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";
import { startAppServer, TEST_APP_ENV, type AppServer } from "./helpers/app-server";
import { startPostgresServer, type PostgresServer } from "./helpers/postgres-server";
import { insertSignedInUser } from "./helpers/sessions";
import { createPostgresDatabase, withClient, type TestDatabase } from "./helpers/test-database";

const CUSTOMERS = 200;
const DELIVERIES = 2000;
const DUPLICATES = DELIVERIES / 5;
const UNIQUE_EVENTS = DELIVERIES - DUPLICATES;
const CONCURRENCY = 16;
// Passed to the apps as STRIPE_WEBHOOK_SECRET, which must have Stripe's prefix.
const WEBHOOK_SECRET = "whsec_scaleout";

/** Deterministic shuffle (mulberry32), so a failing order can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

describe("two app instances on one PostgreSQL and one Stripe", () => {
  let postgres: PostgresServer;
  let database: TestDatabase;
  let emulator: StripeEmulator;
  let stripe: Stripe;
  let apps: AppServer[] = [];

  beforeAll(async () => {
    postgres = await startPostgresServer();
    database = await createPostgresDatabase(postgres.url);
    await withClient(database.url, (client) => migrate(client));
    // No webhook endpoint: every delivery in this file is one the test sends.
    emulator = await startStripeEmulator({ webhookSecret: WEBHOOK_SECRET, tickIntervalMs: 0 });
    stripe = createStripeClient({ emulatorUrl: emulator.url });
    await syncCatalogToStripe(stripe);
    apps = await Promise.all(
      [1, 2].map(() =>
        startAppServer({ ...TEST_APP_ENV, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }, database.url, {
          stripeEmulatorUrl: emulator.url,
        }),
      ),
    );
  }, 180_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await emulator?.stop();
    await database?.drop();
    await postgres?.stop();
  });

  it(`applies ${DELIVERIES} shuffled deliveries (${DUPLICATES} duplicates) for ${CUSTOMERS} customers exactly once`, async () => {
    const price = async (lookupKey: string) => (await stripe.prices.list({ lookup_keys: [lookupKey] })).data[0]!.id;
    const [pro, business] = [await price("tollgate_pro_monthly"), await price("tollgate_business_monthly")];

    // 200 customers, each linked to a user, with a subscription that then
    // goes one of four ways, so Stripe's truth differs between customers.
    const customers: string[] = [];
    await withClient(database.url, async (client) => {
      for (let index = 0; index < CUSTOMERS; index++) {
        const customer = await stripe.customers.create({ email: `scale-${index}@example.com` });
        await insertSignedInUser(client, { email: `scale-${index}@example.com`, stripeCustomerId: customer.id });
        customers.push(customer.id);
      }
    });
    await pool(customers, 8, async (customer, index) => {
      const subscription = await stripe.subscriptions.create({
        customer,
        items: [{ price: pro }],
        trial_period_days: 14,
      });
      if (index % 4 === 1) await stripe.subscriptions.cancel(subscription.id);
      if (index % 4 === 2) {
        await stripe.subscriptions.update(subscription.id, {
          items: [{ id: subscription.items.data[0]!.id, price: business }],
        });
      }
      if (index % 4 === 3) await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    });

    // Stripe's own events for these customers, topped up with further
    // customer.subscription.updated events (fresh ids) to 8 per customer.
    const ours = new Set(customers);
    const byCustomer = new Map<string, Stripe.Event[]>(customers.map((customer) => [customer, []]));
    for await (const event of stripe.events.list({ limit: 100 })) {
      const customer = (event.data.object as { customer?: unknown }).customer;
      if (HANDLED_EVENT_TYPES.has(event.type) && typeof customer === "string" && ours.has(customer)) {
        byCustomer.get(customer)!.push(event);
      }
    }
    const perCustomer = UNIQUE_EVENTS / CUSTOMERS;
    const unique: Stripe.Event[] = [];
    for (const [customer, events] of byCustomer) {
      const picked = events.slice(0, perCustomer);
      for (let extra = 0; picked.length < perCustomer; extra++) {
        const template = events.find((event) => event.type.startsWith("customer.subscription."))!;
        picked.push({
          ...template,
          id: `evt_scale_${customer}_${extra}`,
          type: "customer.subscription.updated",
        } as Stripe.Event);
      }
      unique.push(...picked);
    }
    expect(unique).toHaveLength(UNIQUE_EVENTS);
    const deliveries = shuffle([...unique, ...shuffle(unique, 1).slice(0, DUPLICATES)], 2);

    const statuses = new Map<number, number>();
    const outcomes = new Map<string, number>();
    const started = performance.now();
    await pool(deliveries, CONCURRENCY, async (event, index) => {
      const payload = JSON.stringify(event);
      const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      let status = 0;
      try {
        const response = await fetch(`${apps[index % apps.length]!.url}/api/webhooks/stripe`, {
          method: "POST",
          body: payload,
          headers: { "content-type": "application/json", "stripe-signature": signature },
        });
        status = response.status;
        const body = (await response.json()) as { outcome?: string };
        outcomes.set(body.outcome ?? "none", (outcomes.get(body.outcome ?? "none") ?? 0) + 1);
      } catch {
        // status 0: the request itself failed.
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    const seconds = (performance.now() - started) / 1000;

    // Stripe's truth per customer, and ours.
    const planOfPrice = new Map([
      [pro, "pro"],
      [business, "business"],
    ]);
    const truth = new Map<string, { tier: string; subscriptions: string }>();
    await pool(customers, 8, async (customer) => {
      const { data } = await stripe.subscriptions.list({ customer, status: "all" });
      const live = data.find((subscription) => ["active", "trialing"].includes(subscription.status));
      truth.set(customer, {
        tier: live ? planOfPrice.get(live.items.data[0]!.price.id)! : "free",
        subscriptions: data
          .map((s) => `${s.id}:${s.status}:${s.cancel_at_period_end}`)
          .sort()
          .join(),
      });
    });
    const { users, events } = await withClient(database.url, async (client) => ({
      users: (
        await client.query<{ customer: string; tier: string; subscriptions: string | null }>(
          `SELECT u."stripeCustomerId" AS customer, u.tier,
                  string_agg(s.id || ':' || s.status || ':' || s."cancelAtPeriodEnd", ',' ORDER BY s.id || ':' || s.status || ':' || s."cancelAtPeriodEnd") AS subscriptions
             FROM "User" u LEFT JOIN "Subscription" s ON s."userId" = u.id
            WHERE u."stripeCustomerId" IS NOT NULL GROUP BY u.id`,
        )
      ).rows,
      events: (
        await client.query<{ recorded: string; processed: string; distinct_ids: string }>(
          `SELECT count(*) AS recorded, count("processedAt") AS processed, count(DISTINCT id) AS distinct_ids FROM "StripeEvent"`,
        )
      ).rows[0]!,
    }));
    const mismatches = users.filter((user) => {
      const expected = truth.get(user.customer)!;
      return user.tier !== expected.tier || (user.subscriptions ?? "") !== expected.subscriptions;
    });
    const failures = [...statuses].filter(([status]) => status < 200 || status > 299).reduce((n, [, c]) => n + c, 0);
    const tiers = [...truth.values()].reduce<Record<string, number>>(
      (counts, { tier }) => ({ ...counts, [tier]: (counts[tier] ?? 0) + 1 }),
      {},
    );
    console.log(
      `scale-out: ${deliveries.length} deliveries (${DUPLICATES} duplicates) over ${apps.length} instances at concurrency ${CONCURRENCY} in ${seconds.toFixed(1)} s ` +
        `(${Math.round(deliveries.length / seconds)}/s); statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; events recorded ${events.recorded}, processed ${events.processed}; ` +
        `users ${users.length}, tiers ${JSON.stringify(tiers)}, mismatches ${mismatches.length}, failures ${failures}`,
    );

    expect(failures).toBe(0);
    expect(Number(events.recorded)).toBe(UNIQUE_EVENTS);
    expect(Number(events.distinct_ids)).toBe(UNIQUE_EVENTS);
    expect(Number(events.processed)).toBe(UNIQUE_EVENTS);
    // Each first delivery is applied: written, or found already covered by a
    // sync of the same customer that read Stripe later ("superseded").
    expect((outcomes.get("synced") ?? 0) + (outcomes.get("superseded") ?? 0)).toBe(UNIQUE_EVENTS);
    expect(outcomes.get("duplicate")).toBe(DUPLICATES);
    expect(users).toHaveLength(CUSTOMERS);
    expect(mismatches).toEqual([]);
    expect(Object.keys(tiers).sort()).toEqual(["business", "free", "pro"]);
  }, 600_000);
});
