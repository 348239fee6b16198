"use server";

import type { Route } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import {
  BillingInputError,
  checkoutDestination,
  parsePlanChoice,
  startCheckout,
  subscribePath,
} from "@/lib/billing/checkout";
import { billingDeps } from "@/lib/billing/app-deps";
import type { FormState } from "@/lib/form-state";

export async function startCheckoutAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let choice: ReturnType<typeof parsePlanChoice>;
  try {
    choice = parsePlanChoice(formData.get("plan"), formData.get("interval"));
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    throw error;
  }
  const user = await getCurrentUser();
  // Signed out: the choice rides through sign-in and continues to checkout.
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: subscribePath(choice) })}` as Route);

  let target: string;
  try {
    target = checkoutDestination(await startCheckout(billingDeps(), user, choice));
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Starting checkout failed", error);
    return { error: "We could not start the checkout. Nothing was charged; please try again." };
  }
  redirect(target as Route);
}
