// The confirmations the billing page shows after something changed: the
// action (or the portal's return route) redirects with `?notice=<key>`, and the
// page looks the key up here. Unknown keys show nothing, so a crafted link can
// only pick one of these fixed messages.
import type { Route } from "next";

const notices = {
  "plan-changed": "Your plan change is confirmed. The details below show what you have now and what comes next.",
  "change-canceled": "The scheduled plan change was canceled: you stay on your current plan.",
  "portal-return": "Welcome back. Any changes you made in the billing portal are shown below.",
  "card-updated": "Your card was updated. Future invoices are charged to it.",
} as const;

export type BillingNotice = keyof typeof notices;

export function billingNoticeUrl(notice: BillingNotice): Route {
  return `/account/billing?notice=${notice}` as Route;
}

export function billingNoticeText(value: string | string[] | undefined): string | null {
  return typeof value === "string" && Object.hasOwn(notices, value) ? notices[value as BillingNotice] : null;
}
