// The words a customer reads for a subscription's state. Stripe's statuses
// ("trialing", "past_due", an "active" subscription that cancels at period end)
// are folded into one word and tone here, so the billing page, the dashboard
// and the account menu never disagree or show Stripe's raw vocabulary.
import { formatDate } from "@/components/format-date";
import type { SubscriptionStatus } from "./access";

export type StatusTone = "neutral" | "brand" | "success" | "warning" | "danger";

export type StatusSubject = {
  status: SubscriptionStatus;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
};

export type StatusWords = {
  /** The badge text: "Active", "Trial (ends Dec 14, 2026)", "Cancels on Dec 14, 2026", ... */
  label: string;
  /** One word for tight places (the account menu). */
  short: string;
  tone: StatusTone;
};

/**
 * `graceEndsAt` is the end of access on a failed payment (lib/billing/access.ts);
 * pass it when known so "Payment failed" says until when access lasts.
 */
export function statusWords(subscription: StatusSubject | null, graceEndsAt: Date | null = null): StatusWords {
  if (!subscription) return { label: "Free", short: "Free", tone: "neutral" };
  const { status, cancelAtPeriodEnd, currentPeriodEnd, trialEnd } = subscription;
  if ((status === "active" || status === "trialing") && cancelAtPeriodEnd) {
    const endsAt = status === "trialing" && trialEnd ? trialEnd : currentPeriodEnd;
    return { label: `Cancels on ${formatDate(endsAt)}`, short: "Canceling", tone: "warning" };
  }
  switch (status) {
    case "active":
      return { label: "Active", short: "Active", tone: "success" };
    case "trialing":
      return {
        label: trialEnd ? `Trial (ends ${formatDate(trialEnd)})` : "Trial",
        short: "Trial",
        tone: "brand",
      };
    case "past_due":
      return {
        label: graceEndsAt ? `Payment failed (access until ${formatDate(graceEndsAt)})` : "Payment failed",
        short: "Payment failed",
        tone: "danger",
      };
    case "unpaid":
      return { label: "Payment failed (no access)", short: "Payment failed", tone: "danger" };
    case "incomplete":
      return { label: "Awaiting first payment", short: "Incomplete", tone: "warning" };
    case "paused":
      return { label: "Paused", short: "Paused", tone: "neutral" };
    case "incomplete_expired":
    case "canceled":
      return { label: "Ended", short: "Ended", tone: "neutral" };
  }
}

/** An invoice's status as a customer reads it. */
export function invoiceStatusWord(status: string | null): string {
  switch (status) {
    case "paid":
      return "Paid";
    case "open":
      return "Due";
    case "draft":
      return "Upcoming";
    case "void":
      return "Void";
    case "uncollectible":
      return "Unpaid";
    default:
      return "—";
  }
}

export type CardOnFile = {
  cardBrand: string | null;
  cardLast4: string | null;
  cardExpMonth: number | null;
  cardExpYear: number | null;
};

/** "Visa •••• 4242, expires 04/2030", or null when no card is on file. */
export function cardWords({ cardBrand, cardLast4, cardExpMonth, cardExpYear }: CardOnFile): string | null {
  if (!cardBrand || !cardLast4 || !cardExpMonth || !cardExpYear) return null;
  const brand = brandNames[cardBrand] ?? cardBrand.charAt(0).toUpperCase() + cardBrand.slice(1);
  return `${brand} •••• ${cardLast4}, expires ${String(cardExpMonth).padStart(2, "0")}/${cardExpYear}`;
}

const brandNames: Record<string, string> = {
  amex: "American Express",
  diners: "Diners Club",
  discover: "Discover",
  jcb: "JCB",
  mastercard: "Mastercard",
  unionpay: "UnionPay",
  visa: "Visa",
};
