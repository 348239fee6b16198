import { describe, expect, it } from "vitest";
import { cardWords, statusWords, type StatusSubject } from "./status-words";

const periodEnd = new Date("2026-12-14T00:00:00Z");
const base: StatusSubject = { status: "active", currentPeriodEnd: periodEnd, cancelAtPeriodEnd: false, trialEnd: null };

describe("statusWords", () => {
  it.each<[string, StatusSubject | null, Date | null, string, string]>([
    ["no subscription", null, null, "Free", "neutral"],
    ["active", base, null, "Active", "success"],
    ["trialing", { ...base, status: "trialing", trialEnd: periodEnd }, null, "Trial (ends Dec 14, 2026)", "brand"],
    ["active, canceling", { ...base, cancelAtPeriodEnd: true }, null, "Cancels on Dec 14, 2026", "warning"],
    [
      "trial, canceling: ends with the trial",
      { ...base, status: "trialing", cancelAtPeriodEnd: true, trialEnd: new Date("2026-12-10T00:00:00Z") },
      null,
      "Cancels on Dec 10, 2026",
      "warning",
    ],
    [
      "past due with grace",
      { ...base, status: "past_due" },
      new Date("2026-12-20T00:00:00Z"),
      "Payment failed (access until Dec 20, 2026)",
      "danger",
    ],
    ["canceled", { ...base, status: "canceled" }, null, "Ended", "neutral"],
    ["incomplete_expired", { ...base, status: "incomplete_expired" }, null, "Ended", "neutral"],
  ])("%s", (_name, subscription, graceEndsAt, label, tone) => {
    const words = statusWords(subscription, graceEndsAt);
    expect(words.label).toBe(label);
    expect(words.tone).toBe(tone);
  });

  it("never shows Stripe's raw words", () => {
    for (const status of ["trialing", "past_due", "incomplete", "unpaid", "paused"] as const) {
      expect(statusWords({ ...base, status }).label).not.toMatch(/_|trialing|past due/);
    }
  });
});

describe("cardWords", () => {
  it("names the brand, the last four and a two-digit expiry month", () => {
    expect(cardWords({ cardBrand: "visa", cardLast4: "4242", cardExpMonth: 4, cardExpYear: 2030 })).toBe(
      "Visa •••• 4242, expires 04/2030",
    );
    expect(cardWords({ cardBrand: "amex", cardLast4: "0005", cardExpMonth: 12, cardExpYear: 2031 })).toBe(
      "American Express •••• 0005, expires 12/2031",
    );
  });

  it("is null when no card is on file", () => {
    expect(cardWords({ cardBrand: null, cardLast4: null, cardExpMonth: null, cardExpYear: null })).toBeNull();
  });
});
