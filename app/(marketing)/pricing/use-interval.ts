"use client";

// The pricing page's billing interval lives in the URL (?interval=year), so a
// link can select yearly and a reload keeps the choice. The page is static, so
// the server always renders monthly; the browser reads the URL after hydration.
import { useSyncExternalStore } from "react";
import type { BillingInterval } from "@/lib/billing/plans";

const CHANGE_EVENT = "tollgate:interval";

function subscribe(onChange: () => void) {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function intervalInUrl(): BillingInterval {
  return new URLSearchParams(window.location.search).get("interval") === "year" ? "year" : "month";
}

export function useInterval(): BillingInterval {
  return useSyncExternalStore(subscribe, intervalInUrl, () => "month");
}

/** Puts the interval in the URL without a navigation (the page is the same for both). */
export function selectInterval(interval: BillingInterval) {
  const url = new URL(window.location.href);
  if (interval === "year") url.searchParams.set("interval", "year");
  else url.searchParams.delete("interval");
  window.history.replaceState(window.history.state, "", url);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}
