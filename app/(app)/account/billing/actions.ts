"use server";

import type { Route } from "next";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import { BillingInputError } from "@/lib/billing/checkout";
import { createPortalSession } from "@/lib/billing/portal";
import type { FormState } from "@/lib/form-state";
import { applyNewCard, cardUpdateMessage, startCardUpdate } from "@/lib/payments/card-update";

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

export type CardUpdateState = { clientSecret?: string; error?: string };

/** "Update card": a SetupIntent on the user's own customer for the Payment Element. */
export async function startCardUpdateAction(_previous: CardUpdateState): Promise<CardUpdateState> {
  const user = await requireUser("/account/billing");
  try {
    return await startCardUpdate(billingDeps(), user);
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Starting a card update failed", error);
    return { error: "We could not open the card form. Nothing was changed; please try again." };
  }
}

/** After confirmSetup: the new card becomes the default and pays what is overdue. */
export async function applyNewCardAction(setupIntentId: string): Promise<{ message: string; ok: boolean }> {
  const user = await requireUser("/account/billing");
  const outcome = await applyNewCard(billingDeps(), user, setupIntentId);
  revalidatePath("/account/billing");
  return cardUpdateMessage(outcome);
}
