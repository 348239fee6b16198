"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/form-state";
import { manageBillingAction } from "./actions";

export function ManageBillingButton({ label = "Manage billing" }: { label?: string }) {
  const [state, formAction, pending] = useActionState<FormState>(manageBillingAction, {});
  return (
    <form action={formAction} className="space-y-3">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Opening…" : label}
      </Button>
    </form>
  );
}
