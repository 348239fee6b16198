import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { startStripeEmulator } from "./server";
import { startHarness, setUpHarnessWithReceiver, WebhookReceiver, type Harness, pageText } from "./test-helpers";
import type { Delivery } from "./webhooks";

/** Fault injection, webhook retries and the control API. */
let harness: Harness;
let stripe: Stripe;
let receiver: WebhookReceiver;
const secret = "faults-test-secret";

const bed = setUpHarnessWithReceiver(secret);
beforeAll(() => {
  ({ harness, receiver } = bed);
  stripe = harness.stripe;
});

async function control(path: string, body?: unknown): Promise<Response> {
  return fetch(`${harness.emulator.url}/_emulator/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function flush(): Promise<void> {
  const response = await control("deliveries/flush", { timeoutMs: 10_000 });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ flushed: true, pending: 0 });
}

function receivedIds(): string[] {
  return receiver.events(stripe, secret).map((event) => event.id);
}

describe("webhook faults", () => {
  it("duplicates the next N deliveries", async () => {
    await control("faults", { duplicateDeliveries: 2 });
    await stripe.customers.create({ email: "one@example.com" });
    await stripe.customers.create({ email: "two@example.com" });
    await stripe.customers.create({ email: "three@example.com" });
    await flush();
    const ids = receivedIds();
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(3);
    const deliveries = ((await (await control("deliveries")).json()) as { deliveries: Delivery[] }).deliveries;
    expect(deliveries.filter((delivery) => delivery.duplicate)).toHaveLength(2);
  });

  it("delivers the next N events in reverse order", async () => {
    await control("faults", { reorderDeliveries: 3, reorderMode: "reverse" });
    const created: string[] = [];
    for (const email of ["a@example.com", "b@example.com", "c@example.com"])
      created.push((await stripe.customers.create({ email })).id);
    await flush();
    const customers = receiver.events(stripe, secret).map((event) => (event.data.object as Stripe.Customer).id);
    expect(customers).toEqual([...created].reverse());
  });

  it("delays deliveries without delaying API responses", async () => {
    harness.emulator.setFaults({ deliveryDelayMs: 400 });
    const started = Date.now();
    await stripe.customers.create({ email: "slow@example.com" });
    expect(Date.now() - started).toBeLessThan(400);
    expect(receiver.received).toHaveLength(0);
    await flush();
    expect(receiver.received).toHaveLength(1);
  });

  it("holds every API answer back by apiLatencyMs until the faults are cleared", async () => {
    await control("faults", { apiLatencyMs: 150 });
    const started = Date.now();
    await stripe.customers.list({ limit: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await (await control("faults")).json()).toMatchObject({ apiLatencyMs: 150 });
    await control("faults/clear", {});
    expect(await (await control("faults")).json()).toMatchObject({ apiLatencyMs: 0 });
  });

  it("refuses a latency over 10 s with a message naming the field", async () => {
    const response = await control("faults", { apiLatencyMs: 60_000 });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("apiLatencyMs");
  });

  it("signs with a stale timestamp or a wrong secret when asked, and retries heal it", async () => {
    receiver.respond = (index) => {
      const webhook = receiver.received[index];
      try {
        stripe.webhooks.constructEvent(webhook?.body ?? "", webhook?.signature ?? "", secret);
        return 200;
      } catch {
        return 400;
      }
    };
    await control("faults", { staleSignatures: 1, invalidSignatures: 1 });
    await stripe.customers.create({ email: "signed@example.com" });
    await flush();
    const [stale, invalid, valid] = receiver.received;
    expect(() => stripe.webhooks.constructEvent(stale?.body ?? "", stale?.signature ?? "", secret)).toThrow(
      /tolerance/,
    );
    expect(() => stripe.webhooks.constructEvent(invalid?.body ?? "", invalid?.signature ?? "", secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(stripe.webhooks.constructEvent(valid?.body ?? "", valid?.signature ?? "", secret).type).toBe(
      "customer.created",
    );
    const [delivery] = harness.emulator.deliveries();
    expect(delivery?.attempts.map((attempt) => [attempt.status, attempt.signature])).toEqual([
      [400, "stale"],
      [400, "invalid"],
      [200, "valid"],
    ]);
  });

  it("retries non-2xx answers with backoff and gives up after the schedule", async () => {
    receiver.respond = (index) => (index < 2 ? 500 : 200);
    await stripe.customers.create({ email: "retry@example.com" });
    await flush();
    const [delivery] = harness.emulator.deliveries();
    expect(delivery?.state).toBe("succeeded");
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200]);

    receiver.respond = () => 503;
    const customer = await stripe.customers.create({ email: "never@example.com" });
    await flush();
    const failed = harness.emulator.deliveries().find((each) => each.state === "failed");
    expect(failed?.attempts).toHaveLength(4);
    const event = (await stripe.events.list({ type: "customer.created" })).data.find(
      (each) => (each.data.object as Stripe.Customer).id === customer.id,
    );
    expect(event?.pending_webhooks).toBe(0);
  });

  it("records connection errors for an endpoint that is down", async () => {
    const down = await WebhookReceiver.start();
    await down.stop();
    await control("webhook-endpoint", { url: down.url });
    await stripe.customers.create({ email: "down@example.com" });
    await flush();
    const [delivery] = harness.emulator.deliveries();
    expect(delivery?.state).toBe("failed");
    expect(delivery?.attempts.every((attempt) => attempt.status === null && attempt.error !== null)).toBe(true);
  });

  it("serves the delivery log as a page to browsers", async () => {
    await stripe.customers.create({ email: "log@example.com" });
    await flush();
    const response = await fetch(`${harness.emulator.url}/_emulator/deliveries`, { headers: { Accept: "text/html" } });
    expect(response.headers.get("content-type")).toContain("text/html");
    const page = await pageText(response);
    expect(page).toContain("customer.created");
    expect(page).toContain("succeeded");
  });
});

describe("API faults", () => {
  it("fails the next request with a 500 the SDK reports, creating nothing", async () => {
    await control("faults", { failRequests: 1, failMode: "500", failPhase: "before" });
    await expect(stripe.customers.create({ email: "boom@example.com" })).rejects.toMatchObject({
      statusCode: 500,
      type: "StripeAPIError",
    });
    expect((await stripe.customers.list({ email: "boom@example.com" })).data).toHaveLength(0);
  });

  it("lets the SDK's own retries ride out a 500", async () => {
    const retrying = new Stripe("sk_test_emulator", {
      host: "127.0.0.1",
      port: harness.emulator.port,
      protocol: "http",
      maxNetworkRetries: 2,
    });
    await control("faults", { failRequests: 1, failMode: "500", failPhase: "before" });
    const customer = await retrying.customers.create({ email: "retried@example.com" });
    expect(customer.email).toBe("retried@example.com");
  });

  it("drops the connection after doing the work; the SDK's retry replays it through the idempotency key", async () => {
    await control("faults", { failRequests: 1, failMode: "drop", failPhase: "after" });
    const customer = await stripe.customers.create({ email: "dropped@example.com" });
    expect(customer.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.customers.list({ email: "dropped@example.com" })).data.map((each) => each.id)).toEqual([
      customer.id,
    ]);
    await flush();
    const created = receiver
      .events(stripe, secret)
      .filter((event) => (event.data.object as Stripe.Customer).id === customer.id);
    expect(created.map((event) => event.type)).toEqual(["customer.created"]);
  });

  it("reports a connection error when every attempt is dropped", async () => {
    await control("faults", { failRequests: 2, failMode: "drop", failPhase: "before" });
    await expect(stripe.customers.create({ email: "gone@example.com" })).rejects.toBeInstanceOf(
      Stripe.errors.StripeConnectionError,
    );
  });

  it("rejects unknown fault settings", async () => {
    const response = await control("faults", { explode: true });
    expect(response.status).toBe(400);
  });
});

describe("control API and persistence", () => {
  it("exposes state and resets it", async () => {
    const customer = await stripe.customers.create({ email: "state@example.com" });
    const state = (await (await control("state")).json()) as {
      now: number;
      state: { customers: Record<string, unknown> };
    };
    expect(Object.keys(state.state.customers)).toEqual([customer.id]);
    expect(state.now).toBe(harness.emulator.now());
    expect((await control("reset", {})).status).toBe(200);
    await expect(stripe.customers.retrieve(customer.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("keeps data and the clock across restarts when given a state file", async () => {
    const directory = mkdtempSync(join(tmpdir(), "stripe-emulator-"));
    try {
      const statePath = join(directory, "state.json");
      const first = await startHarness({ statePath });
      const customer = await first.stripe.customers.create({ email: "kept@example.com" });
      first.emulator.advanceClock({ seconds: 10 * 86_400 });
      const later = first.emulator.now();
      await first.emulator.stop();

      const second = await startStripeEmulator({ statePath, tickIntervalMs: 0 });
      try {
        const client = new Stripe("sk_test_emulator", { host: "127.0.0.1", port: second.port, protocol: "http" });
        expect((await client.customers.retrieve(customer.id)).id).toBe(customer.id);
        expect(second.now()).toBeGreaterThanOrEqual(later);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
