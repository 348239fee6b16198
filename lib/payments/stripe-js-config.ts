// What a payment page tells the browser about Stripe.js: the publishable key
// and, when billing runs on the local emulator, the URL of the emulator's
// Stripe.js stand-in, which the page loads before Stripe.js is asked for. A
// server with a real key never names the emulator, so its pages load
// Stripe's own Stripe.js and nothing else. (The client bundle never holds
// either: these are props of each payment page, decided per server.)
import "server-only";
import type { StripeJsConfig } from "@/components/stripe-js";
import { env } from "@/lib/env";
import { StripeNotConfiguredError, usesStripeEmulator } from "@/lib/billing/stripe";

/** Where the emulator serves its Stripe.js stand-in (tools/stripe-emulator). */
export const STAND_IN_PATH = "/_emulator/stripe.js";

// Test mode, so Stripe.js treats it like any test key; the emulator accepts it.
const EMULATOR_PUBLISHABLE_KEY = "pk_test_tollgate_emulator";

export type StripeJsSettings = { publishableKey?: string; usesEmulator: boolean; emulatorUrl?: string };

export function stripeJsConfigFor(settings: StripeJsSettings): StripeJsConfig {
  if (!settings.usesEmulator && settings.publishableKey) {
    return { publishableKey: settings.publishableKey, standInUrl: null };
  }
  if (settings.usesEmulator && settings.emulatorUrl) {
    return { publishableKey: EMULATOR_PUBLISHABLE_KEY, standInUrl: new URL(STAND_IN_PATH, settings.emulatorUrl).href };
  }
  throw new StripeNotConfiguredError(
    "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is not set: payment pages need it to load Stripe.js (or run `npm run dev` for the local emulator).",
  );
}

/** This server's Stripe.js settings. */
export function stripeJsConfig(): StripeJsConfig {
  return stripeJsConfigFor({
    publishableKey: env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY,
    usesEmulator: usesStripeEmulator,
    emulatorUrl: env.STRIPE_EMULATOR_URL,
  });
}
