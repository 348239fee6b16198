import type { Metadata } from "next";
import { Suspense } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import { formatMoney } from "@/components/format";
import { billingIntervals, plans, type BillingInterval, type Plan } from "@/lib/billing/plans";
import { resolveCatalogPrices, type ResolvedPrice } from "@/lib/billing/prices";
import { getStripe } from "@/lib/billing/stripe";
import { CheckoutCancelledNotice } from "./checkout-cancelled-notice";
import { PlanAction } from "./plan-action";

export const metadata: Metadata = { title: "Pricing" };

const intervalLabel: Record<BillingInterval, string> = { month: "Monthly", year: "Yearly" };

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

// Both intervals are in the HTML; the radio buttons switch them with CSS
// alone, so the switch works without JavaScript and the page stays static.
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
        <CheckoutCancelledNotice />
      </Suspense>
      <div className="group/pricing mt-10">
        <fieldset className="mx-auto flex w-fit rounded-full border border-slate-200 p-1 dark:border-slate-800">
          <legend className="sr-only">Billing interval</legend>
          {billingIntervals.map((interval) => (
            <label
              key={interval}
              className="cursor-pointer rounded-full px-4 py-1.5 text-sm font-medium has-[:checked]:bg-brand-600 has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500"
            >
              <input
                type="radio"
                name="interval"
                value={interval}
                defaultChecked={interval === "month"}
                className="peer sr-only"
                id={`interval-${interval}`}
              />
              {intervalLabel[interval]}
              {/* The space keeps the accessible name "Yearly (2 months free)". */}
              {interval === "year" ? (
                <>
                  {" "}
                  <span className="text-xs opacity-80">(2 months free)</span>
                </>
              ) : null}
            </label>
          ))}
        </fieldset>
        <ul className="mt-10 grid gap-6 md:grid-cols-3">
          {plans.map((plan) => (
            <li key={plan.id}>
              <PlanCard plan={plan} prices={prices} />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function PlanCard({ plan, prices }: { plan: Plan; prices: ResolvedPrice[] }) {
  const amountFor = (interval: BillingInterval) => {
    const catalog = plan.prices?.[interval];
    if (!catalog) return "$0";
    const fromStripe = prices.find((price) => price.planId === plan.id && price.interval === interval);
    return fromStripe
      ? formatMoney(fromStripe.amount, fromStripe.currency)
      : formatMoney(catalog.amount, catalog.currency);
  };
  return (
    <Card className={cx("flex h-full flex-col", plan.featured && "ring-2 ring-brand-600")}>
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{plan.name}</h2>
        {plan.featured ? <Badge tone="brand">Most popular</Badge> : null}
      </div>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{plan.description}</p>
      {billingIntervals.map((interval) => (
        <p
          key={interval}
          data-interval={interval}
          className={cx(
            "mt-6 items-baseline gap-1",
            interval === "month"
              ? "flex group-has-[#interval-year:checked]/pricing:hidden"
              : "hidden group-has-[#interval-year:checked]/pricing:flex",
          )}
        >
          <span className="text-4xl font-bold tracking-tight">{amountFor(interval)}</span>
          <span className="text-sm text-slate-600 dark:text-slate-400">/{interval}</span>
        </p>
      ))}
      <ul className="mt-6 flex-1 space-y-2 text-sm">
        {plan.features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <svg
              aria-hidden="true"
              viewBox="0 0 20 20"
              className="mt-0.5 h-4 w-4 flex-none text-brand-600"
              fill="currentColor"
            >
              <path d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z" />
            </svg>
            {feature}
          </li>
        ))}
      </ul>
      {billingIntervals.map((interval) => (
        <div
          key={interval}
          className={
            interval === "month"
              ? "group-has-[#interval-year:checked]/pricing:hidden"
              : "hidden group-has-[#interval-year:checked]/pricing:block"
          }
        >
          <PlanAction
            planId={plan.id}
            planName={plan.name}
            interval={interval}
            paid={Boolean(plan.prices)}
            featured={Boolean(plan.featured)}
          />
        </div>
      ))}
    </Card>
  );
}
