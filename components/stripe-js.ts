"use client";
// The one module that loads Stripe.js; payment components get it from here.
//
// `@stripe/stripe-js/pure` loads nothing until loadStripe() is called (the
// package's main entry injects Stripe's script on import). On the local
// emulator the server passes the stand-in's URL: it is loaded first, so
// loadStripe() finds `window.Stripe` and never contacts Stripe. With a real
// key there is no stand-in URL and Stripe's own script loads.
import { loadStripe } from "@stripe/stripe-js/pure";
import type { Stripe } from "@stripe/stripe-js";

export type StripeJsConfig = { publishableKey: string; standInUrl: string | null };

let loading: Promise<Stripe | null> | undefined;

/** The page's Stripe.js instance, loaded once (again after a failed load). */
export function stripeJs(config: StripeJsConfig): Promise<Stripe | null> {
  // Server rendering of a payment component: Stripe.js only runs in browsers.
  if (typeof window === "undefined") return Promise.resolve(null);
  loading ??= (config.standInUrl ? loadStandIn(config.standInUrl) : Promise.resolve())
    .then(() => loadStripe(config.publishableKey))
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

function loadStandIn(src: string): Promise<void> {
  if (window.Stripe) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.addEventListener("load", () => resolve());
    script.addEventListener("error", () => reject(new Error(`Could not load the emulator's Stripe.js from ${src}`)));
    document.head.appendChild(script);
  });
}
