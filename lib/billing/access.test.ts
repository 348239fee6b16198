import { describe, expect, it } from "vitest";
import {
  accessFor,
  needsResync,
  subscriptionGrants,
  type SubscriptionSnapshot,
  type SubscriptionStatus,
} from "./access";

const now = new Date("2026-11-23T12:00:00Z");
const day = 24 * 60 * 60 * 1000;
const sub = (status: SubscriptionStatus, extra: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot => ({
  planId: "pro",
  status,
  currentPeriodEnd: new Date(now.getTime() + 20 * day),
  cancelAtPeriodEnd: false,
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

describe("period ends", () => {
  const ended = { currentPeriodEnd: new Date(now.getTime() - 1000) };

  it("a canceling subscription stops granting at its period end, webhook or not", () => {
    expect(subscriptionGrants(sub("active", { cancelAtPeriodEnd: true }), now, 7).granted).toBe(true);
    expect(subscriptionGrants(sub("active", { ...ended, cancelAtPeriodEnd: true }), now, 7).granted).toBe(false);
    expect(subscriptionGrants(sub("trialing", { ...ended, cancelAtPeriodEnd: true }), now, 7).granted).toBe(false);
    // A renewing subscription past its end is only late news: it keeps access.
    expect(subscriptionGrants(sub("active", ended), now, 7).granted).toBe(true);
  });

  it("asks for a re-read from Stripe when a renewing subscription is over an hour past its period end", () => {
    const lastSync = { updatedAt: new Date(now.getTime() - day) };
    expect(needsResync([{ ...sub("active"), ...lastSync }], now)).toBe(false);
    expect(needsResync([{ ...sub("active", ended), ...lastSync }], now)).toBe(false);
    const overAnHour = { currentPeriodEnd: new Date(now.getTime() - 61 * 60 * 1000) };
    expect(needsResync([{ ...sub("active", overAnHour), ...lastSync }], now)).toBe(true);
    expect(needsResync([{ ...sub("past_due", overAnHour), ...lastSync }], now)).toBe(true);
    expect(needsResync([{ ...sub("canceled", overAnHour), ...lastSync }], now)).toBe(false);
    // Not again within ten minutes of the last sync.
    expect(needsResync([{ ...sub("active", overAnHour), updatedAt: new Date(now.getTime() - 60_000) }], now)).toBe(
      false,
    );
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
