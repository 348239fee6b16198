"use client";

import { useSearchParams } from "next/navigation";
import { Alert } from "@/components/ui/alert";

/** Read in the browser so the pricing page itself stays static. */
export function CheckoutCancelledNotice() {
  const canceled = useSearchParams().get("checkout") === "canceled";
  return canceled ? (
    <Alert tone="info" className="mx-auto mt-8 max-w-xl">
      Checkout was canceled and nothing was charged. Pick a plan whenever you are ready.
    </Alert>
  ) : null;
}
