import { usesStripeEmulator } from "@/lib/billing/stripe";

/** Visible whenever payments go to the local emulator, so nobody mistakes it for real billing. */
export function TestModeBadge() {
  if (!usesStripeEmulator) return null;
  return (
    <div className="bg-amber-100 px-4 py-1.5 text-center text-xs font-medium text-amber-950 dark:bg-amber-900/60 dark:text-amber-100">
      Test mode — local Stripe emulator. Pay with card 4242 4242 4242 4242.
    </div>
  );
}
