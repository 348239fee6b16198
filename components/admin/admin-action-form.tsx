"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { AdminActionState } from "@/lib/admin/run-admin-action";

type Props = {
  action: (previous: AdminActionState, formData: FormData) => Promise<AdminActionState>;
  submitLabel: string;
  /** Ids and other values the operator does not type. */
  hidden: Record<string, string>;
  /** Extra fields, shown with the last submit's values so none is lost. */
  fields?: ActionField[];
};

/** A field described as data, so server pages can pass it to this client form. */
export type ActionField =
  | { kind: "select"; name: string; label: string; options: Array<[value: string, label: string]> }
  | { kind: "text"; name: string; label: string; hint?: string; defaultValue?: string; inputMode?: "decimal" };

/**
 * An admin action: reason, then a confirmation step that repeats what will
 * happen. On the confirming submit the first submit's values travel along as
 * hidden fields, so what is confirmed is exactly what was asked.
 */
export function AdminActionForm({ action, submitLabel, hidden, fields }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const values: Partial<Record<string, string>> = state.values ?? {};
  return (
    <form action={formAction} className="space-y-3">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      {state.success ? <Alert tone="success">{state.success}</Alert> : null}
      {state.confirm ? (
        <>
          <Alert tone="warning" title="Confirm">
            {state.confirm} Reason: “{values.reason}”.
          </Alert>
          {Object.entries(values).map(([name, value]) =>
            name in hidden ? null : <input key={name} type="hidden" name={name} value={value ?? ""} />,
          )}
          <input type="hidden" name="confirmed" value="yes" />
          <div className="flex gap-2">
            <Button type="submit" variant="danger" size="sm" disabled={pending}>
              {pending ? "Working…" : `Confirm: ${submitLabel.toLowerCase()}`}
            </Button>
          </div>
        </>
      ) : (
        <>
          {fields?.map((field) => (
            <Field key={field.name} field={field} value={values[field.name]} />
          ))}
          <Input
            label="Reason (kept in the audit log)"
            name="reason"
            required
            maxLength={500}
            defaultValue={values.reason}
            error={state.fieldErrors?.reason}
          />
          <Button type="submit" variant="secondary" size="sm" disabled={pending}>
            {submitLabel}
          </Button>
        </>
      )}
    </form>
  );
}

function Field({ field, value }: { field: ActionField; value: string | undefined }) {
  if (field.kind === "text") {
    return (
      <Input
        label={field.label}
        name={field.name}
        hint={field.hint}
        inputMode={field.inputMode}
        defaultValue={value ?? field.defaultValue}
      />
    );
  }
  return (
    <label className="block space-y-1.5 text-sm font-medium">
      <span className="block">{field.label}</span>
      <select
        name={field.name}
        defaultValue={value}
        className="block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {field.options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}
