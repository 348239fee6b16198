// The app's one Stripe client. With STRIPE_SECRET_KEY it talks to Stripe;
// without it, to the local emulator that `npm run dev` starts (never in
// production unless ALLOW_STRIPE_EMULATOR_IN_PRODUCTION=1, which e2e sets).
// Created on first use so `next build` needs no key.
import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

/** The API version the SDK pins; events and objects are read in its shape. */
export const STRIPE_API_VERSION = "2026-10-28.endive" satisfies Stripe.LatestApiVersion;

/**
 * Signs the emulator's webhooks when STRIPE_WEBHOOK_SECRET is unset. It is
 * public on purpose: it only ever protects a developer's local emulator.
 */
export const DEVELOPMENT_WEBHOOK_SECRET = "tollgate-emulator-public-signing-secret";

export class StripeNotConfiguredError extends Error {
  override readonly name = "StripeNotConfiguredError";
}

/**
 * True when billing runs against the local emulator (shows the test-mode
 * badge). Static pages are rendered at build time, so a production build
 * without a key shows it only when the emulator is explicitly allowed.
 */
export const usesStripeEmulator =
  env.STRIPE_SECRET_KEY === undefined &&
  (env.NODE_ENV !== "production" || env.ALLOW_STRIPE_EMULATOR_IN_PRODUCTION === "1");

let client: Stripe | undefined;

export function getStripe(): Stripe {
  if (!client) {
    if (!env.STRIPE_SECRET_KEY && env.NODE_ENV === "production" && env.ALLOW_STRIPE_EMULATOR_IN_PRODUCTION !== "1") {
      throw new StripeNotConfiguredError(
        "STRIPE_SECRET_KEY is not set; the local Stripe emulator is not used in production.",
      );
    }
    client = createStripeClient({ secretKey: env.STRIPE_SECRET_KEY, emulatorUrl: env.STRIPE_EMULATOR_URL });
  }
  return client;
}

/** A Stripe client for a real account (secretKey) or for the emulator at emulatorUrl. */
export function createStripeClient(target: { secretKey?: string; emulatorUrl?: string }): Stripe {
  const options: Stripe.StripeConfig = { apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 2, timeout: 20_000 };
  if (target.secretKey) return new Stripe(target.secretKey, options);
  if (!target.emulatorUrl) {
    throw new StripeNotConfiguredError(
      "Neither STRIPE_SECRET_KEY nor STRIPE_EMULATOR_URL is set: start the app with `npm run dev` (it starts the local Stripe emulator) or set a Stripe key.",
    );
  }
  const emulator = new URL(target.emulatorUrl);
  return new Stripe("sk_test_tollgate_emulator", {
    ...options,
    host: emulator.hostname,
    port: Number(emulator.port),
    protocol: emulator.protocol === "https:" ? "https" : "http",
  });
}

export function webhookSecret(): string {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  if (usesStripeEmulator) return DEVELOPMENT_WEBHOOK_SECRET;
  throw new StripeNotConfiguredError("STRIPE_WEBHOOK_SECRET is not set.");
}
