// The README's list of webhook events to select on the Stripe dashboard must
// be exactly what the handler acts on: `npm run stripe:events` prints it.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { handledEventTypesList } from "@/lib/billing/webhook-event-list";

describe("the README's Stripe webhook events", () => {
  it("equal the handled event types (paste `npm run stripe:events` between the markers after changing them)", async () => {
    const readme = await readFile("README.md", "utf8");
    const block = /<!-- stripe-events:start -->\s*```\n([\s\S]*?)```\s*<!-- stripe-events:end -->/.exec(readme)?.[1];
    expect(block, "README.md has no stripe-events block").toBeDefined();
    const listed = block!
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    expect(listed).toEqual(handledEventTypesList());
  });
});
