"use server";

import type { Route } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import { BillingInputError, instead, parsePlanChoice, startCheckout } from "@/lib/billing/checkout";
import { formText, type FormState } from "@/lib/form-state";
import { parseProductChoice, startPurchase } from "@/lib/payments/purchases";

export type EmbeddedCheckoutState = { clientSecret: string } | { error: string };

/**
 * Embedded Checkout's fetchClientSecret: the same rules as the hosted
 * Checkout (startCheckout), on an `embedded_page` session. A subscriber is
 * sent to change their plan or fix a payment instead.
 */
export async function createEmbeddedCheckoutAction(planId: string, interval: string): Promise<EmbeddedCheckoutState> {
  const returnTo = `/checkout?${new URLSearchParams({ plan: planId, interval })}`;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: returnTo })}` as Route);

  let result;
  try {
    result = await startCheckout(billingDeps(), user, parsePlanChoice(planId, interval), "embedded");
  } catch (error) {
    if (error instanceof BillingInputError) return { error: error.message };
    console.error("Starting embedded checkout failed", error);
    return { error: "We could not start the checkout. Nothing was charged; please try again." };
  }
  if (result.kind === "embedded") return { clientSecret: result.clientSecret };
  // An open hosted session was expired above, so "checkout" cannot come back here.
  redirect((result.kind === "checkout" ? result.url : instead(result)) as Route);
}

export type PurchaseState = FormState<"product"> & { payment?: { productId: string; clientSecret: string } };

/** Step one of buying a pack: a PaymentIntent for the chosen catalog product (its price never comes from the form). */
export async function startPurchaseAction(_previous: PurchaseState, formData: FormData): Promise<PurchaseState> {
  const productId = formText(formData, "product");
  const user = await getCurrentUser();
  if (!user) {
    redirect(`/sign-in?${new URLSearchParams({ callbackUrl: `/checkout/credits?product=${productId}` })}` as Route);
  }
  try {
    const product = parseProductChoice(productId);
    const { clientSecret } = await startPurchase(billingDeps(), user, product);
    return { payment: { productId: product.id, clientSecret }, values: { product: product.id } };
  } catch (error) {
    if (error instanceof BillingInputError) return { fieldErrors: { product: error.message }, values: { product: productId } };
    console.error("Starting a purchase failed", error);
    return { error: "We could not start the payment. Nothing was charged; please try again.", values: { product: productId } };
  }
}
