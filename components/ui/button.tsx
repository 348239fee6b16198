import Link from "next/link";
import type { ComponentProps } from "react";
import { cx } from "./class-names";

type Variant = "primary" | "secondary" | "ghost" | "danger";
type Size = "sm" | "md" | "lg";

// The shape and each look are utilities of app/globals.css (btn, btn-primary, ...),
// written out whole: Tailwind generates only the classes it finds in the source.
const variants: Record<Variant, string> = {
  primary: "btn-primary",
  secondary: "btn-secondary",
  ghost: "btn-ghost",
  danger: "btn-danger",
};
const sizes: Record<Size, string> = {
  sm: "h-8 px-3 text-sm",
  md: "h-10 px-4 text-sm",
  lg: "h-12 px-6 text-base",
};

type Style = { variant?: Variant; size?: Size };

export function buttonClasses({ variant = "primary", size = "md" }: Style = {}, className?: string): string {
  return cx("btn", variants[variant], sizes[size], className);
}

export function Button({ variant, size, className, type = "button", ...props }: ComponentProps<"button"> & Style) {
  return <button type={type} className={buttonClasses({ variant, size }, className)} {...props} />;
}

/** A link that looks like a button, for navigation (never for actions). */
export function ButtonLink({ variant, size, className, ...props }: ComponentProps<typeof Link> & Style) {
  return <Link className={buttonClasses({ variant, size }, className)} {...props} />;
}
