"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import type { FormState } from "@/lib/form-state";
import { startCheckoutAction } from "../../(marketing)/pricing/actions";

/** The same plan on Stripe's hosted Checkout page, for visitors who prefer it (or whose browser blocks the frame). */
export function HostedCheckoutLink({ planId, interval }: { planId: string; interval: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(startCheckoutAction, {});
  return (
    <form action={formAction} className="mt-6 space-y-2 text-sm">
      <input type="hidden" name="plan" value={planId} />
      <input type="hidden" name="interval" value={interval} />
      <input type="hidden" name="ui" value="hosted" />
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <button
        type="submit"
        disabled={pending}
        className="text-brand-600 hover:underline disabled:opacity-60 dark:text-brand-400"
      >
        {pending ? "Opening Stripe's page…" : "Pay on Stripe's checkout page instead"}
      </button>
    </form>
  );
}
