// How many sign-in emails one address and one IP may request: enough for a
// person who mistypes or loses an email, too few to mail-bomb someone.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { consumeRateLimit, peekRateLimit, type RateLimitResult, type RateLimitRule } from "@/lib/rate-limit";

export const SIGN_IN_EMAIL_LIMIT: RateLimitRule = { limit: 5, windowSeconds: 10 * 60 };

type Requester = { email: string; ip: string | null };

const keysFor = ({ email, ip }: Requester) => [
  `sign-in-email:address:${email.toLowerCase()}`,
  ...(ip ? [`sign-in-email:ip:${ip}`] : []),
];

function strictest(results: RateLimitResult[]): RateLimitResult {
  const refused = results.filter((result) => !result.allowed);
  if (refused.length === 0) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(...refused.map((result) => result.retryAfterSeconds)) };
}

/** Counts a sign-in email request against the address and the IP. */
export async function consumeSignInEmail(db: PrismaClient, requester: Requester): Promise<RateLimitResult> {
  const results: RateLimitResult[] = [];
  for (const key of keysFor(requester)) results.push(await consumeRateLimit(db, key, SIGN_IN_EMAIL_LIMIT));
  return strictest(results);
}

/** Whether a sign-in email request would be allowed now, without counting it. */
export async function peekSignInEmail(db: PrismaClient, requester: Requester): Promise<RateLimitResult> {
  const results: RateLimitResult[] = [];
  for (const key of keysFor(requester)) results.push(await peekRateLimit(db, key, SIGN_IN_EMAIL_LIMIT));
  return strictest(results);
}

/** "Try again in 7 minutes." */
export function describeRetryAfter(seconds: number): string {
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
