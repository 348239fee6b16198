// What deleting the account does to a live subscription, in the words the
// confirmation shows. Deletion cancels at once (cancelSubscriptionsForDeletion
// in account.ts: no refund, no proration, customer and cards removed at
// Stripe), so the warning must say access ends now, not at the period end.
import { formatDate } from "@/components/format-date";
import type { StatusSubject } from "@/lib/billing/status-words";

export type DeletionWarning = { title: string; body: string[]; confirmLabel: string };

export function deletionWarning(
  subscription: (StatusSubject & { interval: "month" | "year" }) | null,
  planName: string,
): DeletionWarning | null {
  if (!subscription) return null;
  const { status, cancelAtPeriodEnd, currentPeriodEnd, trialEnd } = subscription;
  const billed = subscription.interval === "year" ? "yearly" : "monthly";
  const title = `This also ends your ${planName} subscription (${billed}) immediately`;
  const confirmLabel = `Delete my account and end ${planName}`;
  if (status === "trialing") {
    return {
      title,
      confirmLabel,
      body: [
        `Your free trial stops now${trialEnd ? ` instead of on ${formatDate(trialEnd)}` : ""}, and you lose ${planName} features at once.`,
        "You have not been charged for the trial and will not be. Your saved card is removed from Stripe.",
      ],
    };
  }
  const accessLine =
    status === "past_due" || status === "unpaid" || status === "incomplete"
      ? `You lose ${planName} features at once, and the failed payment is not retried.`
      : `You lose ${planName} features at once, not on ${formatDate(currentPeriodEnd)} when your paid period ${cancelAtPeriodEnd ? "was going to end" : "ends"}.`;
  return {
    title,
    confirmLabel,
    body: [
      accessLine,
      "What you have already paid is not refunded, including the unused part of this period; nothing more will be charged. Your saved card is removed from Stripe.",
    ],
  };
}
