import { describe, expect, it } from "vitest";
import { accessFor, subscriptionGrants, type SubscriptionSnapshot, type SubscriptionStatus } from "./access";

const now = new Date("2026-11-23T12:00:00Z");
const day = 24 * 60 * 60 * 1000;
const sub = (status: SubscriptionStatus, extra: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot => ({
  planId: "pro",
  status,
  currentPeriodEnd: new Date(now.getTime() + 20 * day),
  pastDueSince: null,
  ...extra,
});

describe("subscriptionGrants: every Stripe status", () => {
  it.each<[SubscriptionStatus, boolean]>([
    ["active", true],
    ["trialing", true],
    ["past_due", true],
    ["incomplete", false],
    ["incomplete_expired", false],
    ["unpaid", false],
    ["canceled", false],
    ["paused", false],
  ])("%s grants access: %s", (status, granted) => {
    expect(subscriptionGrants(sub(status, { pastDueSince: now }), now, 7).granted).toBe(granted);
  });

  it("past_due keeps access only for the grace period", () => {
    const since = new Date(now.getTime() - 6 * day);
    expect(subscriptionGrants(sub("past_due", { pastDueSince: since }), now, 7)).toEqual({
      granted: true,
      graceEndsAt: new Date(since.getTime() + 7 * day),
    });
    expect(
      subscriptionGrants(sub("past_due", { pastDueSince: new Date(now.getTime() - 8 * day) }), now, 7).granted,
    ).toBe(false);
    expect(subscriptionGrants(sub("past_due", { pastDueSince: now }), now, 0).granted).toBe(false);
  });
});

describe("accessFor", () => {
  it("is the free plan without subscriptions", () => {
    const access = accessFor([], now, 7);
    expect(access.plan.id).toBe("free");
    expect([...access.entitlements]).toEqual(["dashboard"]);
  });

  it("grants the plan's entitlements", () => {
    const access = accessFor([sub("active")], now, 7);
    expect(access.plan.id).toBe("pro");
    expect(access.entitlements.has("reports")).toBe(true);
    expect(access.entitlements.has("team-insights")).toBe(false);
  });

  it("takes the best plan among granting subscriptions and ignores the rest", () => {
    const access = accessFor(
      [sub("active"), sub("canceled", { planId: "business" }), sub("trialing", { planId: "business" })],
      now,
      7,
    );
    expect(access.plan.id).toBe("business");
    expect(accessFor([sub("active"), sub("canceled", { planId: "business" })], now, 7).plan.id).toBe("pro");
  });

  it("reports when the grace period of a failed payment ends", () => {
    const access = accessFor([sub("past_due", { pastDueSince: now })], now, 7);
    expect(access.graceEndsAt).toEqual(new Date(now.getTime() + 7 * day));
  });

  it("ignores plans that are no longer in the catalog", () => {
    expect(accessFor([sub("active", { planId: "legacy" })], now, 7).plan.id).toBe("free");
  });
});
