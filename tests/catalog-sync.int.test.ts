// `npm run stripe:setup` against the emulator: idempotent, and a changed
// amount moves the lookup key to a new price and archives the old one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncCatalogToStripe } from "@/lib/billing/catalog-sync";
import { oneTimeProducts, plans, type Plan } from "@/lib/billing/plans";
import { createStripeClient } from "@/lib/billing/stripe";
import { startStripeEmulator, type StripeEmulator } from "@/tools/stripe-emulator/server";

describe("stripe:setup", () => {
  let emulator: StripeEmulator;
  beforeAll(async () => {
    emulator = await startStripeEmulator({ tickIntervalMs: 0 });
  });
  afterAll(() => emulator?.stop());
  const stripe = () => createStripeClient({ emulatorUrl: emulator.url });

  it("creates the catalog once; a second run changes nothing", async () => {
    const first = await syncCatalogToStripe(stripe());
    // Plan products and prices, one-time products and prices, the portal configuration.
    expect(first.changes).toHaveLength(2 + 4 + 2 + 2 + 1);
    const second = await syncCatalogToStripe(stripe());
    expect(second.changes).toEqual([]);
    expect(second.portalConfigurationId).toBe(first.portalConfigurationId);

    const { data } = await stripe().prices.list({ lookup_keys: ["tollgate_pro_monthly"], expand: ["data.product"] });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ unit_amount: 1200, currency: "usd", recurring: { interval: "month" } });

    // A credit pack is a one-time price: bought with a PaymentIntent, never a subscription.
    const pack = oneTimeProducts[0]!;
    const [packPrice] = (await stripe().prices.list({ lookup_keys: [pack.price.lookupKey] })).data;
    expect(packPrice).toMatchObject({ unit_amount: pack.price.amount, currency: pack.price.currency, recurring: null });
  });

  it("moves the lookup key to a new price when an amount changes, and archives the old one", async () => {
    const [old] = (await stripe().prices.list({ lookup_keys: ["tollgate_pro_monthly"] })).data;
    const repriced: Plan[] = plans.map((plan) =>
      plan.id === "pro" && plan.prices
        ? { ...plan, prices: { ...plan.prices, month: { ...plan.prices.month, amount: 1500 } } }
        : plan,
    );
    const result = await syncCatalogToStripe(stripe(), repriced);
    expect(result.changes).toHaveLength(2); // the new price, and the portal now offering it
    expect(result.changes[0]).toContain(`${old!.id} archived`);
    const [current] = (await stripe().prices.list({ lookup_keys: ["tollgate_pro_monthly"] })).data;
    expect(current).toMatchObject({ unit_amount: 1500, active: true });
    expect((await stripe().prices.retrieve(old!.id)).active).toBe(false);
    expect((await syncCatalogToStripe(stripe(), repriced)).changes).toEqual([]);
  });
});
