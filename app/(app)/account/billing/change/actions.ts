"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { billingNoticeUrl } from "@/lib/billing/notices";
import { billingDeps } from "@/lib/billing/app-deps";
import { BillingInputError, parsePlanChoice } from "@/lib/billing/checkout";
import { cancelPendingChange, changePlan } from "@/lib/billing/plan-change";
import type { FormState } from "@/lib/form-state";

export async function changePlanAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser("/account/billing");
  try {
    await changePlan(billingDeps(), user.id, parsePlanChoice(formData.get("plan"), formData.get("interval")));
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Plan change failed", error);
    return { error: "Stripe could not change your plan; nothing was changed. Please try again." };
  }
  redirect(billingNoticeUrl("plan-changed"));
}

/** "Keep my current plan": drops a downgrade scheduled for the period end. */
export async function cancelPendingChangeAction(_previous: FormState): Promise<FormState> {
  const user = await requireUser("/account/billing");
  try {
    await cancelPendingChange(billingDeps(), user.id);
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Canceling a pending plan change failed", error);
    return { error: "Stripe could not cancel the pending change; nothing was changed. Please try again." };
  }
  redirect(billingNoticeUrl("change-canceled"));
}
