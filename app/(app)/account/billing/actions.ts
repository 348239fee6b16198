"use server";

import type { Route } from "next";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import { BillingInputError } from "@/lib/billing/checkout";
import { createPortalSession } from "@/lib/billing/portal";
import type { FormState } from "@/lib/form-state";

/** Opens the Stripe Customer Portal for the signed-in user's own customer. */
export async function manageBillingAction(_previous: FormState): Promise<FormState> {
  const user = await requireUser("/account/billing");
  let url: string;
  try {
    url = await createPortalSession(billingDeps(), user.id);
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Opening the Customer Portal failed", error);
    return { error: "We could not open the billing portal. Please try again in a minute." };
  }
  redirect(url as Route);
}
