"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import type { Stripe, StripeElements } from "@stripe/stripe-js";
import { useState, type FormEvent } from "react";
import { stripeJs, type StripeJsConfig } from "@/components/stripe-js";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Confirms the intent behind the Payment Element; resolves with Stripe's error, or nothing when it went on. */
export type Confirm = (stripe: Stripe, elements: StripeElements) => Promise<{ message?: string } | undefined>;

/**
 * The Payment Element on a PaymentIntent or SetupIntent (its client secret),
 * with one submit button. Card details live in Stripe's iframe; an error
 * from Stripe (a decline, a failed authentication) is shown above the
 * button and the form stays as the user filled it.
 */
export function PaymentElementForm({
  stripe,
  clientSecret,
  submitLabel,
  confirm,
}: {
  stripe: StripeJsConfig;
  clientSecret: string;
  submitLabel: string;
  confirm: Confirm;
}) {
  const [stripePromise] = useState(() => stripeJs(stripe));
  return (
    // A new intent needs a new Elements instance: its clientSecret cannot change.
    <Elements key={clientSecret} stripe={stripePromise} options={{ clientSecret }}>
      <ConfirmForm submitLabel={submitLabel} confirm={confirm} />
    </Elements>
  );
}

function ConfirmForm({ submitLabel, confirm }: { submitLabel: string; confirm: Confirm }) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    const failure = await confirm(stripe, elements);
    if (failure) setError(failure.message ?? "Your card could not be used. Please try another one.");
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <PaymentElement onReady={() => setReady(true)} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" disabled={!stripe || !ready || busy}>
        {busy ? "Processing…" : submitLabel}
      </Button>
    </form>
  );
}
