import { useId, type ComponentProps } from "react";
import { cx } from "./class-names";

type Props = ComponentProps<"input"> & {
  label: string;
  /** Shown under the field and announced to screen readers. */
  error?: string;
  hint?: string;
};

/** A labelled text field; the label is always rendered for accessibility. */
export function Input({ label, error, hint, className, id, ...props }: Props) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const describedBy = error ? `${inputId}-error` : hint ? `${inputId}-hint` : undefined;
  return (
    <div className={cx("space-y-1.5", className)}>
      <label htmlFor={inputId} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cx(
          "block h-10 w-full rounded-lg border bg-white px-3 text-sm shadow-sm placeholder:text-slate-400 dark:bg-slate-900",
          error ? "border-red-500" : "border-slate-300 dark:border-slate-700",
        )}
        {...props}
      />
      {error ? (
        <p id={`${inputId}-error`} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${inputId}-hint`} className="text-sm text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
