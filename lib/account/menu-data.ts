// What the account menu shows, as plain serializable data: the signed-in
// layout passes it straight to <AccountMenu>, and public pages can fetch the
// same shape for their client island without rendering per user on the server.
import { LIVE_STATUSES } from "@/lib/billing/access";
import type { BillingState } from "@/lib/billing/entitlements";
import type { BillingSubscription } from "@/lib/billing/subscription-rows";
import { premiumPages } from "@/lib/billing/premium-pages";
import { statusWords, type StatusWords } from "@/lib/billing/status-words";

export type AccountMenuData = {
  name: string | null;
  email: string;
  planName: string;
  /** One word: "Active", "Trial", "Canceling", "Payment failed", "Free", ... */
  status: string;
  premiumPages: Array<{ href: string; label: string; locked: boolean }>;
};

/** The subscription the customer thinks of as "my plan": the newest one Stripe still bills. */
export function currentSubscription(billing: BillingState): BillingSubscription | null {
  return billing.subscriptions.find((subscription) => LIVE_STATUSES.includes(subscription.status)) ?? null;
}

/**
 * The state words for the customer's plan (lib/billing/status-words.ts): of
 * the subscription Stripe still bills, else of the last one, which has ended.
 */
export function billingStatusWords(billing: BillingState): StatusWords {
  const shown = currentSubscription(billing) ?? billing.subscriptions[0] ?? null;
  return statusWords(shown, billing.access.graceEndsAt);
}

export function accountMenuData(user: { name: string | null; email: string }, billing: BillingState): AccountMenuData {
  return {
    name: user.name,
    email: user.email,
    planName: billing.access.plan.name,
    status: billingStatusWords(billing).short,
    premiumPages: premiumPages.map((page) => ({
      href: page.href,
      label: page.label,
      locked: !billing.access.entitlements.has(page.entitlement),
    })),
  };
}
