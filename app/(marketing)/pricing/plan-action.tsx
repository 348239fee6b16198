"use client";

import { useActionState, useEffect, useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import type { FormState } from "@/lib/form-state";
import { startCheckoutAction } from "./actions";

type Viewer = { signedIn: boolean; planId: string; interval: "month" | "year" | null; subscribed: boolean };

// The page is static and the same for everyone; who is looking is fetched
// after load to mark the current plan. Without JavaScript every paid card
// still posts to the checkout action, which sends signed-out visitors to
// sign-in and subscribers to the plan change page. The cards of one visit
// share one request; a later visit (after a plan change) asks again.
let viewerRequest: { at: number; promise: Promise<Viewer | null> } | undefined;
function loadViewer() {
  if (!viewerRequest || Date.now() - viewerRequest.at > 2_000) {
    viewerRequest = {
      at: Date.now(),
      promise: fetch("/api/billing/status", { credentials: "same-origin", cache: "no-store" })
        .then((response) => (response.ok ? (response.json() as Promise<Viewer>) : null))
        .catch(() => null),
    };
  }
  return viewerRequest.promise;
}

export function PlanAction({
  planId,
  planName,
  interval,
  paid,
  featured,
}: {
  planId: string;
  planName: string;
  interval: "month" | "year";
  paid: boolean;
  featured: boolean;
}) {
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [state, formAction, pending] = useActionState<FormState, FormData>(startCheckoutAction, {});
  useEffect(() => {
    void loadViewer().then(setViewer);
  }, []);
  const variant = featured ? "primary" : "secondary";

  const isCurrent = viewer?.signedIn && viewer.planId === planId && (!paid || viewer.interval === interval);
  if (isCurrent) {
    return (
      <Button variant="secondary" className="mt-8 w-full" disabled aria-label={`${planName} is your current plan`}>
        Current plan
      </Button>
    );
  }
  if (!paid) {
    return viewer?.signedIn ? (
      <ButtonLink href="/dashboard" variant={variant} className="mt-8 w-full">
        Go to dashboard
      </ButtonLink>
    ) : (
      <ButtonLink href="/sign-in?callbackUrl=%2Fdashboard" variant={variant} className="mt-8 w-full">
        Sign up free
      </ButtonLink>
    );
  }
  const label = !viewer?.signedIn
    ? `Sign up for ${planName}`
    : viewer.subscribed
      ? `Change to ${planName}`
      : `Subscribe to ${planName}`;
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
