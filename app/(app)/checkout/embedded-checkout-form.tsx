"use client";

import { EmbeddedCheckout, EmbeddedCheckoutProvider } from "@stripe/react-stripe-js";
import { useCallback, useState } from "react";
import { stripeJs, type StripeJsConfig } from "@/components/stripe-js";
import { Alert } from "@/components/ui/alert";
import { createEmbeddedCheckoutAction } from "./actions";

/** Stripe's Embedded Checkout for one plan; Stripe returns to the success page when it completes. */
export function EmbeddedCheckoutForm({
  stripe,
  planId,
  interval,
}: {
  stripe: StripeJsConfig;
  planId: string;
  interval: string;
}) {
  // The provider must keep the same Stripe promise for its whole life.
  const [stripePromise] = useState(() => stripeJs(stripe));
  const [error, setError] = useState<string | null>(null);
  const fetchClientSecret = useCallback(async () => {
    const state = await createEmbeddedCheckoutAction(planId, interval);
    if ("error" in state) {
      setError(state.error);
      throw new Error(state.error);
    }
    return state.clientSecret;
  }, [planId, interval]);

  if (error) return <Alert tone="error">{error}</Alert>;
  return (
    <div id="checkout" className="min-h-[32rem]">
      <EmbeddedCheckoutProvider stripe={stripePromise} options={{ fetchClientSecret }}>
        <EmbeddedCheckout />
      </EmbeddedCheckoutProvider>
    </div>
  );
}
