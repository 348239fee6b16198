import { describe, expect, it } from "vitest";
import { signedInPagePolicy } from "./content-security-policy";
import { stripeJsConfigFor } from "./stripe-js-config";

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((entry) => entry.startsWith(`${name} `))
    ?.split(" ")
    .slice(1) ?? [];

describe("the payment pages' Content Security Policy", () => {
  it("limits scripts, frames and connections to our origin and Stripe's hosts against Stripe", async () => {
    const policy = await signedInPagePolicy("abc123", { development: false });
    expect(directive(policy, "script-src")).toEqual([
      "'self'",
      "'nonce-abc123'",
      expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/),
      "https://js.stripe.com",
      "https://*.js.stripe.com",
    ]);
    expect(directive(policy, "frame-src")).toEqual([
      "https://js.stripe.com",
      "https://*.js.stripe.com",
      "https://hooks.stripe.com",
      "https://checkout.stripe.com",
    ]);
    expect(directive(policy, "connect-src")).toEqual([
      "'self'",
      "https://api.stripe.com",
      "https://checkout.stripe.com",
    ]);
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
  });

  it("allows the emulator's origin instead of Stripe's on the emulator, and eval only in development", async () => {
    const policy = await signedInPagePolicy("n", { emulatorUrl: "http://127.0.0.1:12111/", development: true });
    expect(directive(policy, "frame-src")).toEqual(["http://127.0.0.1:12111"]);
    expect(directive(policy, "connect-src")).toEqual(["'self'", "http://127.0.0.1:12111"]);
    expect(directive(policy, "script-src")).toContain("'unsafe-eval'");
    expect(policy).not.toContain("stripe.com");
  });
});

describe("the Stripe.js settings a payment page gets", () => {
  it("with a key: the real Stripe.js, never the emulator's stand-in", () => {
    expect(
      stripeJsConfigFor({ publishableKey: "pk_live_abc", usesEmulator: false, emulatorUrl: "http://127.0.0.1:1/" }),
    ).toEqual({ publishableKey: "pk_live_abc", standInUrl: null });
  });

  it("on the emulator: its stand-in, loaded before Stripe.js is asked for", () => {
    expect(stripeJsConfigFor({ usesEmulator: true, emulatorUrl: "http://127.0.0.1:4501" })).toEqual({
      publishableKey: expect.stringMatching(/^pk_test_/),
      standInUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:4501\//),
    });
  });

  it("names the missing variable when neither is available", () => {
    expect(() => stripeJsConfigFor({ usesEmulator: false })).toThrow(/NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is not set/);
  });
});
