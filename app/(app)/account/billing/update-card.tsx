"use client";

import { useActionState, useState } from "react";
import { PaymentElementForm } from "@/components/payment-element-form";
import type { StripeJsConfig } from "@/components/stripe-js";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { applyNewCardAction, startCardUpdateAction, type CardUpdateState } from "./actions";

/**
 * "Update card" without leaving the app: the Payment Element on a SetupIntent.
 * A card that needs no redirect is applied here at once; one that does comes
 * back through `returnUrl`, which applies it the same way.
 */
export function UpdateCard({ stripe, returnUrl }: { stripe: StripeJsConfig; returnUrl: string }) {
  const [state, open, opening] = useActionState<CardUpdateState>(startCardUpdateAction, {});
  const [result, setResult] = useState<{ message: string; ok: boolean } | null>(null);

  if (result) return <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert>;
  if (state.clientSecret) {
    return (
      <PaymentElementForm
        stripe={stripe}
        clientSecret={state.clientSecret}
        submitLabel="Save card"
        confirm={async (stripeJs, elements) => {
          const { error, setupIntent } = await stripeJs.confirmSetup({
            elements,
            confirmParams: { return_url: returnUrl },
            redirect: "if_required",
          });
          if (error) return error;
          setResult(await applyNewCardAction(setupIntent.id));
          return undefined;
        }}
      />
    );
  }
  return (
    <form action={open} className="space-y-3">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Button type="submit" variant="secondary" disabled={opening}>
        {opening ? "Opening…" : "Update card"}
      </Button>
    </form>
  );
}
