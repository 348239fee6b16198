"use server";

import type { Route } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { BillingInputError, instead, parsePlanChoice, startCheckout } from "@/lib/billing/checkout";
import { billingDeps } from "@/lib/billing/app-deps";
import { subscriptionCheckout } from "@/lib/billing/plans";
import type { FormState } from "@/lib/form-state";

export async function startCheckoutAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: "/pricing" })}` as Route);

  let target: string;
  try {
    const choice = parsePlanChoice(formData.get("plan"), formData.get("interval"));
    // The catalog's setting, unless the visitor asked for Stripe's own page
    // (the link under Embedded Checkout).
    const ui = formData.get("ui") === "hosted" ? "hosted" : subscriptionCheckout;
    if (ui === "embedded") {
      // /checkout applies the same rules when its Embedded Checkout asks for a session.
      target = `/checkout?${new URLSearchParams({ plan: choice.plan.id, interval: choice.interval })}`;
    } else {
      const result = await startCheckout(billingDeps(), user, choice, "hosted");
      target = result.kind === "checkout" ? result.url : result.kind === "embedded" ? "/checkout" : instead(result);
    }
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Starting checkout failed", error);
    return { error: "We could not start the checkout. Nothing was charged; please try again." };
  }
  redirect(target as Route);
}
