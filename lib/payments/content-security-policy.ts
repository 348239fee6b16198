// The Content Security Policy of the pages that load Stripe.js and of every
// signed-in page that can lead to them by a client-side navigation (proxy.ts
// sets it per request). Scripts, frames and connections are limited to our own
// origin and Stripe's documented hosts (https://docs.stripe.com/security/guide#content-security-policy),
// or the local emulator's origin when billing runs on it. Inline scripts
// need the request's nonce (Next.js puts it on its own scripts) or are the
// theme script, allowed by its hash. These pages are rendered per request
// anyway; public pages get no nonce and stay static.
import "server-only";
import { THEME_SCRIPT } from "@/components/theme-script";
import { env } from "@/lib/env";

const STRIPE_SCRIPTS = ["https://js.stripe.com", "https://*.js.stripe.com"];
const STRIPE_FRAMES = [...STRIPE_SCRIPTS, "https://hooks.stripe.com", "https://checkout.stripe.com"];
const STRIPE_CONNECT = ["https://api.stripe.com", "https://checkout.stripe.com"];

export type PolicySettings = {
  /** Set while billing runs on the emulator (no STRIPE_SECRET_KEY). */
  emulatorUrl?: string;
  development: boolean;
};

const serverSettings = (): PolicySettings => ({
  emulatorUrl: env.STRIPE_SECRET_KEY === undefined ? env.STRIPE_EMULATOR_URL : undefined,
  development: env.NODE_ENV === "development",
});

let themeScriptHash: Promise<string> | undefined;
async function hashOfThemeScript(): Promise<string> {
  themeScriptHash ??= crypto.subtle
    .digest("SHA-256", new TextEncoder().encode(THEME_SCRIPT))
    .then((digest) => `'sha256-${Buffer.from(digest).toString("base64")}'`);
  return themeScriptHash;
}

export async function signedInPagePolicy(nonce: string, settings = serverSettings()): Promise<string> {
  const emulator = settings.emulatorUrl ? new URL(settings.emulatorUrl).origin : null;
  const stripe = (hosts: string[]) => (emulator ? [emulator] : hosts);
  const directives = [
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      await hashOfThemeScript(),
      ...stripe(STRIPE_SCRIPTS),
      // React's development build evaluates code for its error overlays.
      ...(settings.development ? ["'unsafe-eval'"] : []),
    ],
    ["frame-src", ...stripe(STRIPE_FRAMES)],
    ["connect-src", "'self'", ...stripe(STRIPE_CONNECT)],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}
