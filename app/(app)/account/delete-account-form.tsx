"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { FormState } from "@/lib/form-state";
import { deleteAccountAction } from "./actions";

export function DeleteAccountForm({ email, confirmLabel }: { email: string; confirmLabel: string }) {
  const [state, formAction, pending] = useActionState<FormState<"confirmEmail">, FormData>(deleteAccountAction, {});
  return (
    <form action={formAction} className="space-y-4">
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Input
        label={`Type ${email} to confirm`}
        name="confirmEmail"
        type="email"
        autoComplete="off"
        defaultValue={state.values?.confirmEmail}
        error={state.fieldErrors?.confirmEmail}
      />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Deleting…" : confirmLabel}
      </Button>
    </form>
  );
}
