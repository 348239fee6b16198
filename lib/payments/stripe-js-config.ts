// What a payment page tells the browser about Stripe.js: the publishable key
// and, when billing runs on the local emulator, the URL of the emulator's
// Stripe.js stand-in, which the page loads before Stripe.js is asked for. A
// server with a real key never names the emulator, so a production page
// loads Stripe's own Stripe.js and nothing else.
import "server-only";
import { env } from "@/lib/env";
import { StripeNotConfiguredError, usesStripeEmulator } from "@/lib/billing/stripe";
import type { StripeJsConfig } from "@/components/stripe-js";

/** Where the emulator serves its Stripe.js stand-in (tools/stripe-emulator). */
export const STAND_IN_PATH = "/v3/stripe.js";

// Test mode, so Stripe.js treats it like any test key; the emulator accepts it.
const EMULATOR_PUBLISHABLE_KEY = "pk_test_tollgate_emulator";

export function stripeJsConfig(): StripeJsConfig {
  if (env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY && !usesStripeEmulator) {
    return { publishableKey: env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY, standInUrl: null };
  }
  if (usesStripeEmulator && env.STRIPE_EMULATOR_URL) {
    return { publishableKey: EMULATOR_PUBLISHABLE_KEY, standInUrl: new URL(STAND_IN_PATH, env.STRIPE_EMULATOR_URL).href };
  }
  throw new StripeNotConfiguredError(
    "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is not set: payment pages need it to load Stripe.js (or run `npm run dev` for the local emulator).",
  );
}
