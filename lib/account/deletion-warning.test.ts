import { describe, expect, it } from "vitest";
import { deletionWarning } from "./deletion-warning";

const periodEnd = new Date("2026-12-14T00:00:00Z");
const active = {
  status: "active" as const,
  interval: "month" as const,
  currentPeriodEnd: periodEnd,
  cancelAtPeriodEnd: false,
  trialEnd: null,
};

describe("deletionWarning", () => {
  it("says nothing without a live subscription", () => {
    expect(deletionWarning(null, "Free")).toBeNull();
  });

  it("names the paid plan, says access ends now rather than at the period end, and that nothing is refunded", () => {
    const warning = deletionWarning(active, "Business")!;
    expect(warning.title).toBe("This also ends your Business subscription (monthly) immediately");
    expect(warning.body.join(" ")).toContain("You lose Business features at once, not on Dec 14, 2026");
    expect(warning.body.join(" ")).toContain("is not refunded");
    expect(warning.confirmLabel).toBe("Delete my account and end Business");
  });

  it("tells a trialing customer that no charge was or will be made", () => {
    const warning = deletionWarning({ ...active, status: "trialing", trialEnd: periodEnd }, "Pro")!;
    expect(warning.body.join(" ")).toContain("instead of on Dec 14, 2026");
    expect(warning.body.join(" ")).toContain("have not been charged for the trial and will not be");
  });
});
