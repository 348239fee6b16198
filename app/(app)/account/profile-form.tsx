"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { FormState } from "@/lib/form-state";
import { updateProfileAction } from "./actions";

export function ProfileForm({ name }: { name: string | null }) {
  const [state, formAction, pending] = useActionState<FormState<"name">, FormData>(updateProfileAction, {});
  return (
    <form action={formAction} className="space-y-4">
      {state.success ? <Alert tone="success">{state.success}</Alert> : null}
      <Input
        label="Display name"
        name="name"
        autoComplete="name"
        defaultValue={state.values?.name ?? name ?? ""}
        error={state.fieldErrors?.name}
        hint="Shown on your dashboard. Leave empty to remove it."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
