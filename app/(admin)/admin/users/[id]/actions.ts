"use server";

import { grantCredits, parseCreditCount } from "@/lib/admin/grant-credits";
import { cancelSubscription, resyncCustomer } from "@/lib/admin/operator-actions";
import { parseRefundAmount, REFUND_REASONS, refundPayment } from "@/lib/admin/refund-payment";
import { requireRole } from "@/lib/admin/roles";
import { isSubmissionId, runAdminAction, type AdminActionState } from "@/lib/admin/run-admin-action";
import { formText } from "@/lib/form-state";

export async function cancelSubscriptionAction(
  _previous: AdminActionState,
  formData: FormData,
): Promise<AdminActionState> {
  const userId = formText(formData, "userId");
  const subscriptionId = formText(formData, "subscriptionId");
  const when = formText(formData, "when") === "now" ? "now" : "period_end";
  return runAdminAction(
    formData,
    `/admin/users/${userId}`,
    { when },
    when === "now"
      ? `Cancel subscription ${subscriptionId} now? Access ends at once and Stripe stops billing.`
      : `Cancel subscription ${subscriptionId} at the end of its period?`,
    (context) => cancelSubscription(context, subscriptionId, when),
  );
}

export async function resyncCustomerAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const userId = formText(formData, "userId");
  return runAdminAction(
    formData,
    `/admin/users/${userId}`,
    {},
    "Re-read this customer's subscriptions from Stripe and store them?",
    (context) => resyncCustomer(context, userId),
  );
}

export async function refundPaymentAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const userId = formText(formData, "userId");
  const paymentId = formText(formData, "paymentId");
  const submissionId = formText(formData, "submissionId");
  const amountText = formText(formData, "amount");
  // A browser always sends the select's value; its first option is the default.
  const stripeReasonText = formText(formData, "stripeReason") || REFUND_REASONS[0];
  const fields = { amount: amountText, stripeReason: stripeReasonText };
  const page = `/admin/users/${userId}`;
  await requireRole("admin", page);
  const amount = parseRefundAmount(amountText);
  if (!amount.ok) return { values: { ...fields, reason: formText(formData, "reason") }, error: amount.error };
  const stripeReason = REFUND_REASONS.find((candidate) => candidate === stripeReasonText);
  if (!stripeReason || !isSubmissionId(submissionId)) {
    return {
      values: { ...fields, reason: formText(formData, "reason") },
      error: "Choose one of Stripe's refund reasons.",
    };
  }
  return runAdminAction(
    formData,
    page,
    fields,
    amount.amount === null
      ? `Refund all that is still refundable of payment ${paymentId}?`
      : `Refund ${amountText} of payment ${paymentId}?`,
    (context) => refundPayment(context, { paymentId, amount: amount.amount, stripeReason, submissionId }),
  );
}

export async function grantCreditsAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const userId = formText(formData, "userId");
  const submissionId = formText(formData, "submissionId");
  const creditsText = formText(formData, "credits");
  const page = `/admin/users/${userId}`;
  await requireRole("admin", page);
  const credits = parseCreditCount(creditsText);
  const values = { credits: creditsText, reason: formText(formData, "reason") };
  if (!credits.ok) return { values, error: credits.error };
  if (!isSubmissionId(submissionId)) return { values, error: "This form is out of date: reload the page." };
  return runAdminAction(
    formData,
    page,
    { credits: creditsText },
    `Grant ${credits.credits} report ${credits.credits === 1 ? "credit" : "credits"} to this user?`,
    (context) => grantCredits(context, { userId, credits: credits.credits, submissionId }),
  );
}
