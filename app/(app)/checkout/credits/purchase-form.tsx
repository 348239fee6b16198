"use client";

import { useActionState, useState } from "react";
import { formatMoney } from "@/components/format";
import { PaymentElementForm } from "@/components/payment-element-form";
import type { StripeJsConfig } from "@/components/stripe-js";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { OneTimeProduct } from "@/lib/billing/plans";
import { startPurchaseAction, type PurchaseState } from "../actions";

/** Choose a pack, then pay for it with the Payment Element; Stripe returns to `returnUrl` once paid. */
export function PurchaseForm({
  stripe,
  products,
  initialProduct,
  returnUrl,
}: {
  stripe: StripeJsConfig;
  products: readonly OneTimeProduct[];
  initialProduct: string;
  returnUrl: string;
}) {
  const [state, formAction, pending] = useActionState<PurchaseState, FormData>(startPurchaseAction, {});
  const [choosing, setChoosing] = useState(true);
  const chosen = state.values?.product ?? initialProduct;
  const product = products.find((candidate) => candidate.id === state.payment?.productId);

  if (state.payment && product && !choosing && !pending) {
    return (
      <div className="space-y-4">
        <div className="flex items-center justify-between gap-4 text-sm">
          <p>
            <span className="font-medium">{product.name}</span> —{" "}
            {formatMoney(product.price.amount, product.price.currency)}
          </p>
          <Button variant="secondary" size="sm" onClick={() => setChoosing(true)}>
            Change pack
          </Button>
        </div>
        <PaymentElementForm
          stripe={stripe}
          clientSecret={state.payment.clientSecret}
          submitLabel={`Pay ${formatMoney(product.price.amount, product.price.currency)}`}
          confirm={async (stripeJs, elements) => {
            // Resolves only on an error: a confirmed payment goes on to returnUrl.
            const { error } = await stripeJs.confirmPayment({ elements, confirmParams: { return_url: returnUrl } });
            return error;
          }}
        />
      </div>
    );
  }

  return (
    <form
      action={(formData) => {
        setChoosing(false);
        formAction(formData);
      }}
      className="space-y-4"
    >
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Choose a pack</legend>
        {products.map((candidate) => (
          <label
            key={candidate.id}
            className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-4 has-[:checked]:border-brand-500 dark:border-slate-800"
          >
            <input
              type="radio"
              name="product"
              value={candidate.id}
              defaultChecked={candidate.id === chosen}
              className="mt-1"
            />
            <span>
              <span className="block font-medium">
                {candidate.name} — {formatMoney(candidate.price.amount, candidate.price.currency)}
              </span>
              <span className="block text-sm text-slate-600 dark:text-slate-400">{candidate.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {state.fieldErrors?.product ? <Alert tone="error">{state.fieldErrors.product}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Preparing payment…" : "Continue to payment"}
      </Button>
    </form>
  );
}
