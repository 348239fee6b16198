/**
 * What a server action returns to the form that called it (read with
 * useActionState). `values` echoes what the user typed so a failed submit
 * never loses their input.
 */
export type FormState<Field extends string = string> = {
  error?: string;
  fieldErrors?: Partial<Record<Field, string>>;
  values?: Partial<Record<Field, string>>;
  success?: string;
};

/** The trimmed text value of a form field ("" when absent or a file). */
export function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
}
