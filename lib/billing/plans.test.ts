import { describe, expect, it } from "vitest";
import { isDowngrade, type BillingInterval } from "./plans";

describe("isDowngrade: what waits for the period end", () => {
  it.each<[string, BillingInterval, string, BillingInterval, boolean]>([
    ["pro", "month", "business", "month", false],
    ["business", "month", "pro", "month", true],
    ["pro", "month", "pro", "year", false],
    ["pro", "year", "pro", "month", true],
    // A shorter interval waits even to a dearer plan; a longer one to a
    // cheaper plan costs more per invoice, so it is not a downgrade.
    ["pro", "year", "business", "month", true],
    ["business", "month", "pro", "year", false],
    ["business", "year", "pro", "year", true],
  ])("%s/%s -> %s/%s: %s", (fromPlan, fromInterval, toPlan, toInterval, expected) => {
    expect(isDowngrade({ planId: fromPlan, interval: fromInterval }, { planId: toPlan, interval: toInterval })).toBe(
      expected,
    );
  });
});
