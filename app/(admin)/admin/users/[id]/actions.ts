"use server";

import { cancelSubscription, resyncCustomer } from "@/lib/admin/operator-actions";
import { runAdminAction, type AdminActionState } from "@/lib/admin/run-admin-action";
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
