import { describe, expect, it } from "vitest";
import { accessFor } from "@/lib/billing/access";
import type { BillingState } from "@/lib/billing/entitlements";
import type { BillingSubscription } from "@/lib/billing/subscription-rows";
import { accountMenuData } from "./menu-data";

const now = new Date("2026-12-01T00:00:00Z");
const subscription = (overrides: Partial<BillingSubscription>): BillingSubscription => ({
  id: "sub_1",
  status: "active",
  planId: "pro",
  interval: "month",
  currentPeriodEnd: new Date("2026-12-14T00:00:00Z"),
  cancelAtPeriodEnd: false,
  trialEnd: null,
  pastDueSince: null,
  scheduledPlanId: null,
  scheduledInterval: null,
  scheduledChangeAt: null,
  cardBrand: null,
  cardLast4: null,
  cardExpMonth: null,
  cardExpYear: null,
  updatedAt: now,
  ...overrides,
});
const stateOf = (subscriptions: BillingSubscription[]): BillingState => ({
  access: accessFor(subscriptions, now, 7),
  subscriptions,
});
const user = { name: null, email: "ada@example.com" };

describe("accountMenuData", () => {
  it("marks the premium pages a Pro plan lacks as locked, and those it grants as open", () => {
    const data = accountMenuData(user, stateOf([subscription({})]));
    expect(data).toMatchObject({ planName: "Pro", status: "Active" });
    expect(data.premiumPages).toEqual([
      { href: "/dashboard/pro", label: "Reports", locked: false },
      { href: "/dashboard/business", label: "Team insights", locked: true },
    ]);
  });

  it("says Free for someone who never subscribed, and Ended once a subscription has ended", () => {
    expect(accountMenuData(user, stateOf([])).status).toBe("Free");
    const ended = accountMenuData(user, stateOf([subscription({ status: "canceled" })]));
    expect(ended).toMatchObject({ planName: "Free", status: "Ended" });
    expect(ended.premiumPages.every((page) => page.locked)).toBe(true);
  });

  it("is plain data a client component can receive", () => {
    const data = accountMenuData(user, stateOf([subscription({ status: "trialing" })]));
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
