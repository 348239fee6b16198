"use client";

import { useSearchParams } from "next/navigation";
import type { ReactNode } from "react";

/**
 * Shows its children (the notice, rendered on the server) only on the return
 * from a canceled Checkout. Read in the browser so the pricing page stays
 * static; the notice's markup stays out of the page's JavaScript.
 */
export function WhenCheckoutCanceled({ children }: { children: ReactNode }) {
  return useSearchParams().get("checkout") === "canceled" ? children : null;
}
