// Catalog prices as Stripe holds them, found by lookup key. Cached briefly:
// the pricing page and checkout read them often and they change rarely.
import "server-only";
import type Stripe from "stripe";
import { plans, type BillingInterval, type PlanId } from "./plans";

export type ResolvedPrice = {
  planId: PlanId;
  interval: BillingInterval;
  priceId: string;
  amount: number;
  currency: string;
};

const CACHE_MS = 60_000;
let cached: { at: number; prices: ResolvedPrice[] } | undefined;

export async function resolveCatalogPrices(stripe: Stripe): Promise<ResolvedPrice[]> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.prices;
  const wanted = plans.flatMap((plan) =>
    Object.entries(plan.prices ?? {}).map(([interval, price]) => ({
      planId: plan.id,
      interval: interval as BillingInterval,
      lookupKey: price.lookupKey,
    })),
  );
  const { data } = await stripe.prices.list({
    lookup_keys: wanted.map((price) => price.lookupKey),
    active: true,
    limit: 100,
  });
  const prices = wanted.flatMap(({ planId, interval, lookupKey }) => {
    const price = data.find((candidate) => candidate.lookup_key === lookupKey);
    return price && price.unit_amount !== null
      ? [{ planId, interval, priceId: price.id, amount: price.unit_amount, currency: price.currency }]
      : [];
  });
  cached = { at: Date.now(), prices };
  return prices;
}

export async function resolvePrice(stripe: Stripe, planId: PlanId, interval: BillingInterval): Promise<ResolvedPrice> {
  const price = (await resolveCatalogPrices(stripe)).find(
    (candidate) => candidate.planId === planId && candidate.interval === interval,
  );
  if (!price) {
    throw new Error(
      `No active Stripe price for ${planId}/${interval}: run \`npm run stripe:setup\` to create the catalog's prices.`,
    );
  }
  return price;
}
