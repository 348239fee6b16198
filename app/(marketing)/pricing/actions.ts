"use server";

import type { Route } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { BillingInputError, parsePlanChoice, startCheckout } from "@/lib/billing/checkout";
import { billingDeps } from "@/lib/billing/app-deps";
import type { FormState } from "@/lib/form-state";

export async function startCheckoutAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: "/pricing" })}` as Route);

  let target: string;
  try {
    const choice = parsePlanChoice(formData.get("plan"), formData.get("interval"));
    const result = await startCheckout(billingDeps(), user, choice);
    target =
      result.kind === "checkout"
        ? result.url
        : result.kind === "fix-payment"
          ? "/account/billing"
          : `/account/billing/change?${new URLSearchParams({ plan: result.planId, interval: result.interval })}`;
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Starting checkout failed", error);
    return { error: "We could not start the checkout. Nothing was charged; please try again." };
  }
  redirect(target as Route);
}
