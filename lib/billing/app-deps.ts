// The billing functions take their dependencies explicitly (tests pass their
// own); the app's routes get them wired to the app's database, Stripe and env.
import "server-only";
import { db } from "@/lib/db";
import { appUrl, env } from "@/lib/env";
import { getStripe } from "./stripe";

export function billingDeps() {
  return {
    db,
    stripe: getStripe(),
    appUrl,
    graceDays: env.PAST_DUE_GRACE_DAYS,
    // Keys the hashes of former subscribers' addresses (former-subscribers.ts).
    emailHashKey: env.AUTH_SECRET ?? "",
  };
}
