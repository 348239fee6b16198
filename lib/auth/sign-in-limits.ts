// How many sign-in emails may be asked for: enough for a person who mistypes
// or loses an email, too few to mail-bomb someone, and shaped so a stranger
// cannot easily lock a person out of their own account.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { consumeRateLimit, peekRateLimit, type RateLimitResult, type RateLimitRule } from "@/lib/rate-limit";

export const SIGN_IN_EMAIL_RULES = {
  /** One address from one network: the person's own retries. */
  addressFromNetwork: { limit: 5, windowSeconds: 10 * 60 },
  /** One network across addresses: scripted sign-ups. */
  network: { limit: 20, windowSeconds: 10 * 60 },
  /**
   * One inbox from anywhere: caps mail-bombing. Higher than the per-network
   * limit, so requests from one stranger's network never lock the owner out;
   * it takes several networks to, and then only for the hour.
   */
  address: { limit: 20, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;

type Requester = { email: string; ip: string | null };

function keysFor({ email, ip }: Requester): Array<[string, RateLimitRule]> {
  const address = email.toLowerCase();
  // Without a client IP (no proxy header) every request is one network.
  const network = ip ?? "unknown";
  return [
    [`sign-in-email:address-network:${address}|${network}`, SIGN_IN_EMAIL_RULES.addressFromNetwork],
    [`sign-in-email:address:${address}`, SIGN_IN_EMAIL_RULES.address],
    ...(ip ? [[`sign-in-email:ip:${ip}`, SIGN_IN_EMAIL_RULES.network] as [string, RateLimitRule]] : []),
  ];
}

function strictest(results: RateLimitResult[]): RateLimitResult {
  const refused = results.filter((result) => !result.allowed);
  if (refused.length === 0) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(...refused.map((result) => result.retryAfterSeconds)) };
}

/** Counts a sign-in email request against every rule. */
export async function consumeSignInEmail(db: PrismaClient, requester: Requester): Promise<RateLimitResult> {
  const results: RateLimitResult[] = [];
  for (const [key, rule] of keysFor(requester)) results.push(await consumeRateLimit(db, key, rule));
  return strictest(results);
}

/** Whether a sign-in email request would be allowed now, without counting it. */
export async function peekSignInEmail(db: PrismaClient, requester: Requester): Promise<RateLimitResult> {
  const results: RateLimitResult[] = [];
  for (const [key, rule] of keysFor(requester)) results.push(await peekRateLimit(db, key, rule));
  return strictest(results);
}

/** "Try again in 7 minutes." */
export function describeRetryAfter(seconds: number): string {
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
