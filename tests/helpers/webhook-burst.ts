// A webhook burst as a team sees it in production: customers with
// subscriptions that went different ways, Stripe's events for them topped up
// to a fixed number per customer, some delivered twice, all shuffled. Used by
// the scale-out and crash tests, which send it to real `next start` instances
// and then compare every user with Stripe.
import type Stripe from "stripe";
import { HANDLED_EVENT_TYPES } from "@/lib/billing/webhooks";
import { insertSignedInUser } from "./sessions";
import { withClient } from "./test-database";

export type Burst = {
  customers: string[];
  /** Distinct events, `perCustomer` for each customer. */
  unique: Stripe.Event[];
  /** What is sent: every unique event, plus duplicates, shuffled. */
  deliveries: Stripe.Event[];
};

/** Deterministic shuffle (mulberry32), so a failing order can be replayed. */
export function shuffle<T>(items: T[], seed: number): T[] {
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

export async function inPool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
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

const priceId = async (stripe: Stripe, lookupKey: string) =>
  (await stripe.prices.list({ lookup_keys: [lookupKey] })).data[0]!.id;

/**
 * `customers` customers, each linked to a user of `databaseUrl`, with a
 * trialing Pro subscription that then goes one of four ways (kept,
 * cancelled, upgraded, set to cancel), so Stripe's truth differs between them.
 */
export async function prepareBurst(
  stripe: Stripe,
  databaseUrl: string,
  options: { customers: number; perCustomer: number; duplicates: number; label: string },
): Promise<Burst> {
  const [pro, business] = [
    await priceId(stripe, "tollgate_pro_monthly"),
    await priceId(stripe, "tollgate_business_monthly"),
  ];
  const customers: string[] = [];
  await withClient(databaseUrl, async (client) => {
    for (let index = 0; index < options.customers; index++) {
      const email = `${options.label}-${index}@example.com`;
      const customer = await stripe.customers.create({ email });
      await insertSignedInUser(client, { email, stripeCustomerId: customer.id });
      customers.push(customer.id);
    }
  });
  await inPool(customers, 8, async (customer, index) => {
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
  // customer.subscription.updated events (fresh ids) to perCustomer each.
  const ours = new Set(customers);
  const byCustomer = new Map<string, Stripe.Event[]>(customers.map((customer) => [customer, []]));
  for await (const event of stripe.events.list({ limit: 100 })) {
    const customer = (event.data.object as { customer?: unknown }).customer;
    if (HANDLED_EVENT_TYPES.has(event.type) && typeof customer === "string" && ours.has(customer)) {
      byCustomer.get(customer)!.unshift(event);
    }
  }
  const unique: Stripe.Event[] = [];
  for (const [customer, events] of byCustomer) {
    const picked = events.slice(0, options.perCustomer);
    for (let extra = 0; picked.length < options.perCustomer; extra++) {
      const template = events.find((event) => event.type.startsWith("customer.subscription."))!;
      picked.push({
        ...template,
        id: `evt_${options.label}_${customer}_${extra}`,
        type: "customer.subscription.updated",
      } as Stripe.Event);
    }
    unique.push(...picked);
  }
  const deliveries = shuffle([...unique, ...shuffle(unique, 1).slice(0, options.duplicates)], 2);
  return { customers, unique, deliveries };
}

export type SendReport = { statuses: Map<number, number>; outcomes: Map<string, number>; failed: Stripe.Event[] };

/** Signs and POSTs each delivery to `urlFor(index)`; deliveries that got no 2xx are returned, as Stripe would retry them. */
export async function sendDeliveries(
  stripe: Stripe,
  secret: string,
  deliveries: Stripe.Event[],
  options: { concurrency: number; urlFor: (index: number) => string },
): Promise<SendReport> {
  const report: SendReport = { statuses: new Map(), outcomes: new Map(), failed: [] };
  const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  await inPool(deliveries, options.concurrency, async (event, index) => {
    const payload = JSON.stringify(event);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret });
    let status = 0;
    try {
      const response = await fetch(`${options.urlFor(index)}/api/webhooks/stripe`, {
        method: "POST",
        body: payload,
        headers: { "content-type": "application/json", "stripe-signature": signature },
      });
      status = response.status;
      const body = (await response.json()) as { outcome?: string };
      count(report.outcomes, body.outcome ?? "none");
    } catch {
      // status 0: the request itself failed (the instance is gone).
    }
    count(report.statuses, status);
    if (status < 200 || status > 299) report.failed.push(event);
  });
  return report;
}

/** Waits until the inbox has nothing pending (processing runs in the app instances), or throws after `timeoutMs`. */
export async function waitForInbox(databaseUrl: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const pending = await withClient(databaseUrl, async (client) => {
      const { rows } = await client.query<{ pending: string }>(
        `SELECT count(*) AS pending FROM "StripeEvent" WHERE "state" = 'pending'`,
      );
      return Number(rows[0]!.pending);
    });
    if (pending === 0) return performance.now() - started;
    if (performance.now() - started > timeoutMs)
      throw new Error(`${pending} events still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every user's tier and subscriptions against Stripe's, and the inbox's counts. */
export async function compareWithStripe(stripe: Stripe, databaseUrl: string, customers: string[]) {
  const planOfPrice = new Map([
    [await priceId(stripe, "tollgate_pro_monthly"), "pro"],
    [await priceId(stripe, "tollgate_business_monthly"), "business"],
  ]);
  const truth = new Map<string, { tier: string; subscriptions: string }>();
  await inPool(customers, 8, async (customer) => {
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
  const { users, events, startedEmails } = await withClient(databaseUrl, async (client) => ({
    users: (
      await client.query<{ customer: string; tier: string; subscriptions: string | null }>(
        `SELECT u."stripeCustomerId" AS customer, u.tier,
                string_agg(s.id || ':' || s.status || ':' || s."cancelAtPeriodEnd", ',' ORDER BY s.id || ':' || s.status || ':' || s."cancelAtPeriodEnd") AS subscriptions
           FROM "User" u LEFT JOIN "Subscription" s ON s."userId" = u.id
          WHERE u."stripeCustomerId" = ANY($1) GROUP BY u.id`,
        [customers],
      )
    ).rows,
    events: (
      await client.query<{ recorded: string; processed: string; distinct_ids: string }>(
        `SELECT count(*) AS recorded, count(*) FILTER (WHERE "state" = 'processed' AND "processedAt" IS NOT NULL) AS processed,
                count(DISTINCT id) AS distinct_ids
           FROM "StripeEvent" WHERE "customerId" = ANY($1)`,
        [customers],
      )
    ).rows[0]!,
    // The "trial started" email each user is due, by user: exactly one each.
    startedEmails: (
      await client.query<{ count: string }>(
        `SELECT count(*) FROM "BillingEmail" e JOIN "User" u ON u.id = e."userId"
          WHERE e.template = 'subscription-started' AND u."stripeCustomerId" = ANY($1) GROUP BY u.id`,
        [customers],
      )
    ).rows.map((row) => Number(row.count)),
  }));
  const mismatches = users.filter((user) => {
    const expected = truth.get(user.customer)!;
    return user.tier !== expected.tier || (user.subscriptions ?? "") !== expected.subscriptions;
  });
  const tiers = [...truth.values()].reduce<Record<string, number>>(
    (counts, { tier }) => ({ ...counts, [tier]: (counts[tier] ?? 0) + 1 }),
    {},
  );
  return {
    users: users.length,
    mismatches,
    tiers,
    recorded: Number(events.recorded),
    processed: Number(events.processed),
    distinctIds: Number(events.distinct_ids),
    startedEmails,
  };
}
