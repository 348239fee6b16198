// The plan catalog: the one file to edit to change what you sell.
//
// Each paid plan has a monthly and a yearly price. Stripe prices are found by
// their lookup key (never by id), so `npm run stripe:setup` can create them in
// any account — test, live, or the local emulator — and move a key to a new
// price when an amount changes. Entitlements are what pages and actions check
// (`requireEntitlement("reports")`), so renaming or repricing a plan never
// touches the gating code.

export type Entitlement = "dashboard" | "reports" | "exports" | "team-insights" | "priority-support";
export type BillingInterval = "month" | "year";
export type PlanId = "free" | "pro" | "business";

export type PlanPrice = {
  /** Smallest currency unit (cents). */
  amount: number;
  currency: "usd" | "eur" | "gbp";
  /** Stripe price lookup key. */
  lookupKey: string;
};

export type Plan = {
  id: PlanId;
  name: string;
  description: string;
  features: string[];
  entitlements: Entitlement[];
  /** Absent for the free plan: it never touches Stripe. */
  prices?: Record<BillingInterval, PlanPrice>;
  trialDays?: number;
  /** Highlighted on the pricing page. */
  featured?: boolean;
};

export const plans: readonly Plan[] = [
  {
    id: "free",
    name: "Free",
    description: "Everything you need to try the product.",
    features: ["Personal dashboard", "Email sign-in", "Community support"],
    entitlements: ["dashboard"],
  },
  {
    id: "pro",
    name: "Pro",
    description: "For professionals who live in their reports.",
    features: ["Everything in Free", "Monthly reports and charts", "CSV exports", "14-day free trial"],
    entitlements: ["dashboard", "reports", "exports"],
    prices: {
      month: { amount: 1200, currency: "usd", lookupKey: "tollgate_pro_monthly" },
      year: { amount: 12000, currency: "usd", lookupKey: "tollgate_pro_yearly" },
    },
    trialDays: 14,
    featured: true,
  },
  {
    id: "business",
    name: "Business",
    description: "For teams that need the whole picture.",
    features: ["Everything in Pro", "Team insights", "Priority support"],
    entitlements: ["dashboard", "reports", "exports", "team-insights", "priority-support"],
    prices: {
      month: { amount: 4900, currency: "usd", lookupKey: "tollgate_business_monthly" },
      year: { amount: 49000, currency: "usd", lookupKey: "tollgate_business_yearly" },
    },
  },
];

/**
 * Things bought once, paid on our own page with the Payment Element. Each
 * grants report credits: one CSV export per credit for plans without the
 * "exports" entitlement (Pro and Business export without limit).
 */
export type OneTimeProduct = {
  id: string;
  name: string;
  description: string;
  credits: number;
  price: PlanPrice;
};

export const oneTimeProducts: readonly OneTimeProduct[] = [
  {
    id: "report-credits-5",
    name: "5 report credits",
    description: "Five CSV exports of your reports, for any plan. Credits never expire.",
    credits: 5,
    price: { amount: 500, currency: "usd", lookupKey: "tollgate_report_credits_5" },
  },
  {
    id: "report-credits-20",
    name: "20 report credits",
    description: "Twenty CSV exports at a lower price per export. Credits never expire.",
    credits: 20,
    price: { amount: 1500, currency: "usd", lookupKey: "tollgate_report_credits_20" },
  },
];

export function findOneTimeProduct(id: string): OneTimeProduct | undefined {
  return oneTimeProducts.find((product) => product.id === id);
}

/**
 * How "Subscribe" takes payment. "embedded": Stripe's Embedded Checkout on
 * our own /checkout page. "hosted": a redirect to Stripe's hosted Checkout
 * page. Both apply the same rules (lib/billing/checkout.ts).
 */
export const subscriptionCheckout: "embedded" | "hosted" = "embedded";

/**
 * When a downgrade takes effect. "period-end": the current plan runs until the
 * period already paid for ends, then Stripe switches (a subscription
 * schedule; the Customer Portal does the same). "immediately": at once, with
 * the unused time credited. See isDowngrade(). Upgrades are always at once.
 */
export const downgradesTakeEffect: "period-end" | "immediately" = "period-end";

export const billingIntervals: readonly BillingInterval[] = ["month", "year"];

export function findPlan(id: string): Plan | undefined {
  return plans.find((plan) => plan.id === id);
}

/**
 * A downgrade is a shorter billing interval or a smaller amount per invoice:
 * the same two conditions the Customer Portal is given (decreasing item
 * amount, shortening interval), so both paths treat a change alike.
 */
export function isDowngrade(
  from: { planId: string; interval: BillingInterval },
  to: { planId: string; interval: BillingInterval },
): boolean {
  const amount = ({ planId, interval }: typeof from) => findPlan(planId)?.prices?.[interval].amount ?? 0;
  return (from.interval === "year" && to.interval === "month") || amount(to) < amount(from);
}
