"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/form-state";
import { cancelPendingChangeAction } from "./actions";

export function KeepPlanButton({ planName }: { planName: string }) {
  const [state, formAction, pending] = useActionState<FormState>(cancelPendingChangeAction, {});
  return (
    <form action={formAction} className="mt-3 space-y-3">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Keeping…" : `Keep ${planName}`}
      </Button>
    </form>
  );
}
