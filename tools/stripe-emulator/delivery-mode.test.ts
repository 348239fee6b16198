import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./test-helpers";

/** How webhooks go out: concurrently and unordered by default, as Stripe does; one at a time in order on request. */

/** An endpoint that takes 150 ms per delivery and records how many were in flight at once. */
async function slowEndpoint() {
  const seen = { ids: [] as string[], inFlight: 0, maxInFlight: 0 };
  const server: Server = createServer((request, response) => {
    seen.inFlight += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.ids.push((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string }).id);
      setTimeout(() => {
        seen.inFlight -= 1;
        response.writeHead(200);
        response.end();
      }, 150);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { seen, url, close };
}

describe("webhook delivery mode", () => {
  let cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup) await step();
    cleanup = [];
  });

  async function run(webhookDelivery?: "ordered") {
    const endpoint = await slowEndpoint();
    const harness: Harness = await startHarness({ webhookUrl: endpoint.url, webhookDelivery });
    cleanup.push(() => harness.emulator.stop(), endpoint.close);
    const created: string[] = [];
    // A burst: events are queued faster than the endpoint answers.
    await Promise.all(
      Array.from({ length: 24 }, (_, index) => harness.stripe.customers.create({ email: `c${index}@example.com` })),
    );
    expect(await harness.emulator.flushDeliveries(20_000)).toBe(true);
    for await (const event of harness.stripe.events.list({ limit: 100 })) created.unshift(event.id);
    return { seen: endpoint.seen, created };
  }

  it("by default sends several deliveries at once, in no guaranteed order", async () => {
    // startHarness asks for ordered delivery; this passes the default back.
    const { seen, created } = await run(undefined);
    expect(seen.ids).not.toEqual(created);
    expect([...seen.ids].sort()).toEqual([...created].sort());
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect(seen.maxInFlight).toBeLessThanOrEqual(8);
  });

  it("sends one at a time in the order events happened when ordered", async () => {
    const { seen, created } = await run("ordered");
    expect(seen.maxInFlight).toBe(1);
    expect(seen.ids).toEqual(created);
  });
});
