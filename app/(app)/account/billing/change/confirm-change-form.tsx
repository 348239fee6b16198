"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import type { FormState } from "@/lib/form-state";
import { changePlanAction } from "./actions";

export function ConfirmChangeForm({
  plan,
  interval,
  label,
  backLabel = "Keep my plan",
}: {
  plan: string;
  interval: string;
  label: string;
  backLabel?: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(changePlanAction, {});
  return (
    <form action={formAction} className="mt-6 space-y-3">
      <input type="hidden" name="plan" value={plan} />
      <input type="hidden" name="interval" value={interval} />
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Changing…" : label}
        </Button>
        <ButtonLink href="/account/billing" variant="secondary">
          {backLabel}
        </ButtonLink>
      </div>
    </form>
  );
}
