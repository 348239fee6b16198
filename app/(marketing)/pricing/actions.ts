"use server";

import type { Route } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import {
  BillingInputError,
  checkoutDestination,
  checkoutPagePath,
  parsePlanChoice,
  startCheckout,
  subscribePath,
} from "@/lib/billing/checkout";
import { billingDeps } from "@/lib/billing/app-deps";
import { subscriptionCheckout } from "@/lib/billing/plans";
import type { FormState } from "@/lib/form-state";

export async function startCheckoutAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let choice: ReturnType<typeof parsePlanChoice>;
  try {
    choice = parsePlanChoice(formData.get("plan"), formData.get("interval"));
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    throw error;
  }
  // The catalog's setting, unless the visitor asked for Stripe's own page
  // (the link under Embedded Checkout).
  const ui = formData.get("ui") === "hosted" ? "hosted" : subscriptionCheckout;
  const user = await getCurrentUser();
  // Signed out: the choice rides through sign-in and continues to checkout.
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: subscribePath(choice) })}` as Route);

  let target: string;
  try {
    target =
      ui === "embedded"
        ? // /checkout applies the same rules when its Embedded Checkout asks for a session.
          checkoutPagePath(choice)
        : checkoutDestination(await startCheckout(billingDeps(), user, choice, "hosted"), choice);
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Starting checkout failed", error);
    return { error: "We could not start the checkout. Nothing was charged; please try again." };
  }
  redirect(target as Route);
}
