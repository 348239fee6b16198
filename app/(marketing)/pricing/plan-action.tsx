"use client";

import { useActionState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { useViewer } from "@/components/viewer";
import type { FormState } from "@/lib/form-state";
import { manageBillingAction } from "@/app/(app)/account/billing/actions";
import { startCheckoutAction } from "./actions";
import { useInterval } from "./use-interval";

// The page is static and the same for everyone; who is looking comes after
// load (components/viewer.ts) to mark the current plan. Until then, and
// without JavaScript, every paid card posts to the checkout action, which
// sends signed-out visitors to sign-in and subscribers to the plan change page.
export function PlanAction({
  planId,
  planName,
  paid,
  featured,
}: {
  planId: string;
  planName: string;
  paid: boolean;
  featured: boolean;
}) {
  const viewer = useViewer();
  const interval = useInterval();
  const variant = featured ? "primary" : "secondary";
  const signedIn = viewer?.signedIn === true;

  if (signedIn && viewer.planId === planId && (!paid || viewer.interval === interval)) {
    return (
      <div className="mt-8 space-y-2">
        <Button variant="secondary" className="w-full" disabled aria-label={`${planName} is your current plan`}>
          Current plan
        </Button>
        {paid ? (
          <ButtonLink href="/account/billing" variant="ghost" className="w-full">
            Manage plan
          </ButtonLink>
        ) : null}
      </div>
    );
  }
  if (!paid) {
    if (signedIn && viewer.subscribed) return <SwitchToFree planName={planName} ending={viewer.cancelAtPeriodEnd} />;
    return signedIn ? (
      <ButtonLink href="/dashboard" variant={variant} className="mt-8 w-full">
        Go to dashboard
      </ButtonLink>
    ) : (
      <ButtonLink href="/sign-in?callbackUrl=%2Fdashboard" variant={variant} className="mt-8 w-full">
        Sign up free
      </ButtonLink>
    );
  }
  const label = !signedIn
    ? `Sign up for ${planName}`
    : viewer.subscribed
      ? `Change to ${planName}`
      : `Subscribe to ${planName}`;
  return <CheckoutForm planId={planId} interval={interval} label={label} variant={variant} />;
}

function CheckoutForm({
  planId,
  interval,
  label,
  variant,
}: {
  planId: string;
  interval: "month" | "year";
  label: string;
  variant: "primary" | "secondary";
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(startCheckoutAction, {});
  return (
    <form action={formAction} className="mt-8">
      <input type="hidden" name="plan" value={planId} />
      <input type="hidden" name="interval" value={interval} />
      {state.error ? (
        <p role="alert" className="mb-2 text-sm text-red-600 dark:text-red-400">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" variant={variant} className="w-full" disabled={pending}>
        {pending ? "Opening checkout…" : label}
      </Button>
    </form>
  );
}

/** A subscriber goes back to Free by canceling at the period end, in the Customer Portal (configured that way). */
function SwitchToFree({ planName, ending }: { planName: string; ending: boolean }) {
  const [state, formAction, pending] = useActionState<FormState>(manageBillingAction, {});
  if (ending) {
    return (
      <p className="mt-8 text-center text-sm text-slate-600 dark:text-slate-400">
        Your subscription is canceled and moves to {planName} at the end of the period.
      </p>
    );
  }
  return (
    <form action={formAction} className="mt-8 space-y-2">
      {state.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
        {pending ? "Opening…" : `Switch to ${planName}`}
      </Button>
      <p className="text-center text-xs text-slate-600 dark:text-slate-400">
        Cancels at the end of the billing period; you keep your plan until then.
      </p>
    </form>
  );
}
