// The webhook part of `npm run bench`:
// - acknowledgement: signed deliveries at concurrency 1, 20 and 50, while the
//   server processes what it acknowledged (the inbox drains in the same
//   process); targets at concurrency 20: >= 700 events/s, p99 <= 60 ms, 0 errors;
// - burst: 2,000 deliveries for 200 customers (20% duplicates, shuffled) at
//   concurrency 20, then the time until every user equals Stripe (target
//   <= 10 s after the last acknowledgement) and the Stripe reads per delivery
//   (target <= 0.25), counted by the emulator.
// The machine's load average is recorded next to each figure: on a shared
// machine it explains most of the spread between runs.
import { loadavg } from "node:os";
import type Stripe from "stripe";
import { compareWithStripe, prepareBurst, sendDeliveries, waitForInbox } from "@/tests/helpers/webhook-burst";
import { load, type LoadResult } from "./load";

export type WebhookTarget = { baseUrl: string; secret: string; path?: string };

const loadAverage = () => +loadavg()[0]!.toFixed(1);

/**
 * Acknowledgement latency of any server's Stripe webhook endpoint (another
 * starter's too): signed customer.subscription.updated events for `customers`.
 */
export async function measureAcknowledgements(
  stripe: Stripe,
  target: WebhookTarget,
  customers: string[],
): Promise<Array<LoadResult & { concurrency: number; loadAverage: number }>> {
  let eventNumber = 0;
  const runId = Date.now();
  const send = () => {
    const customer = customers[eventNumber % Math.max(1, customers.length)] ?? "cus_bench";
    const payload = JSON.stringify({
      id: `evt_bench_${runId}_${eventNumber++}`,
      object: "event",
      type: "customer.subscription.updated",
      created: Math.floor(Date.now() / 1000),
      data: { object: { object: "subscription", customer } },
    });
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: target.secret });
    return fetch(`${target.baseUrl}${target.path ?? "/api/webhooks/stripe"}`, {
      method: "POST",
      body: payload,
      headers: { "content-type": "application/json", "stripe-signature": signature },
    });
  };
  await load(100, 10, send); // warm-up
  const rows = [];
  for (const concurrency of [1, 20, 50]) {
    const result = await load(concurrency === 1 ? 300 : 2000, concurrency, send);
    rows.push({ concurrency, ...result, loadAverage: loadAverage() });
  }
  return rows;
}

/** The burst on our app: acknowledgement, convergence with Stripe and Stripe reads. */
export async function measureBurst(
  stripe: Stripe,
  target: WebhookTarget & { databaseUrl: string; emulatorUrl: string },
) {
  const sent = await prepareBurst(stripe, target.databaseUrl, {
    label: `bench-burst-${Date.now()}`,
    customers: 200,
    perCustomer: 8,
    duplicates: 400,
  });
  const apiRequests = async () =>
    (await (await fetch(`${target.emulatorUrl}/_emulator/requests`)).json()) as { reads: number; writes: number };
  const before = await apiRequests();
  const started = performance.now();
  const report = await sendDeliveries(stripe, target.secret, sent.deliveries, {
    concurrency: 20,
    urlFor: () => target.baseUrl,
  });
  const ackSeconds = (performance.now() - started) / 1000;
  const loadDuringAck = loadAverage();
  const convergedMs = await waitForInbox(target.databaseUrl, 120_000);
  const after = await apiRequests();
  const comparison = await compareWithStripe(stripe, target.databaseUrl, sent.customers);
  const reads = after.reads - before.reads;
  return {
    deliveries: sent.deliveries.length,
    uniqueEvents: sent.unique.length,
    customers: sent.customers.length,
    ackSeconds: +ackSeconds.toFixed(2),
    ackPerSecond: Math.round(sent.deliveries.length / ackSeconds),
    errors: report.failed.length,
    convergedSecondsAfterLastAck: +(convergedMs / 1000).toFixed(2),
    mismatchedUsers: comparison.mismatches.length,
    stripeReads: reads,
    stripeReadsPerDelivery: +(reads / sent.deliveries.length).toFixed(3),
    stripeWrites: after.writes - before.writes,
    loadAverage: loadDuringAck,
  };
}
