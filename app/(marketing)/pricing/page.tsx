import type { Metadata } from "next";
import { Suspense } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import { plans, type Plan } from "@/lib/billing/plans";
import { resolveCatalogPrices, type ResolvedPrice } from "@/lib/billing/prices";
import { getStripe } from "@/lib/billing/stripe";
import { WhenCheckoutCanceled } from "./checkout-cancelled-notice";
import { IntervalSwitch } from "./interval-switch";
import { PlanAction } from "./plan-action";
import { PlanPrice, type PlanAmounts } from "./plan-price";

export const metadata: Metadata = { title: "Pricing" };

// Served from cache and re-rendered in the background at most every 5 minutes.
export const revalidate = 300;

// Amounts as Stripe holds them (by lookup key). When Stripe cannot be reached
// (e.g. during `next build`, before the emulator runs) the catalog's amounts
// stand in: `npm run stripe:setup` makes Stripe match them anyway.
async function stripePrices(): Promise<ResolvedPrice[]> {
  try {
    return await resolveCatalogPrices(getStripe());
  } catch {
    return [];
  }
}

// Each card is rendered once: the interval (?interval=year, read in the
// browser) switches only the price and the button, which are small client
// islands, so the HTML and its flight data do not repeat every card per interval.
export default async function PricingPage() {
  const prices = await stripePrices();
  return (
    <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24">
      <div className="text-center">
        <h1 className="text-4xl font-bold tracking-tight">Pricing</h1>
        <p className="mx-auto mt-4 max-w-xl text-slate-600 dark:text-slate-400">
          Start free. Upgrade when you need reports or your team. Cancel any time.
        </p>
      </div>
      <Suspense>
        <WhenCheckoutCanceled>
          <Alert tone="info" className="mx-auto mt-8 max-w-xl">
            Checkout was canceled and nothing was charged. Pick a plan whenever you are ready.
          </Alert>
        </WhenCheckoutCanceled>
      </Suspense>
      <div className="mt-10">
        <IntervalSwitch />
        <ul className="mt-10 grid gap-6 md:grid-cols-3">
          {plans.map((plan) => (
            <li key={plan.id}>
              <PlanCard plan={plan} amounts={amountsOf(plan, prices)} />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Stripe's amounts when known, else the catalog's; null for the free plan. */
function amountsOf(plan: Plan, prices: ResolvedPrice[]): PlanAmounts | null {
  if (!plan.prices) return null;
  const amount = (interval: "month" | "year") => {
    const fromStripe = prices.find((price) => price.planId === plan.id && price.interval === interval);
    return fromStripe ?? plan.prices![interval];
  };
  const month = amount("month");
  const year = amount("year");
  return { month: month.amount, year: year.amount, currency: month.currency };
}

function PlanCard({ plan, amounts }: { plan: Plan; amounts: PlanAmounts | null }) {
  return (
    <Card className={cx("flex h-full flex-col", plan.featured && "ring-2 ring-brand-600")}>
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{plan.name}</h2>
        {plan.featured ? <Badge tone="brand">Most popular</Badge> : null}
      </div>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{plan.description}</p>
      <PlanPrice amounts={amounts} />
      <ul className="mt-6 flex-1 space-y-2 text-sm">
        {plan.features.map((feature) => (
          <li key={feature} className="feature-check flex gap-2">
            {feature}
          </li>
        ))}
      </ul>
      <PlanAction planId={plan.id} planName={plan.name} paid={Boolean(plan.prices)} featured={Boolean(plan.featured)} />
    </Card>
  );
}
