// When a failed inbox event or billing email is tried again: exponential
// backoff from 10 s, capped at 6 hours, with jitter so that many events that
// failed together (Stripe down for a minute) do not all retry in the same
// second. MAX_ATTEMPTS spreads the attempts over about Stripe's own 3 days of
// webhook retries; after that the row is marked failed for an operator.
import "server-only";

const FIRST_DELAY_SECONDS = 10;
const MAX_DELAY_SECONDS = 6 * 60 * 60;
/** 22 gaps between 23 attempts: 2.97 days on average, 2.2 to 3.7 with the jitter. */
export const MAX_ATTEMPTS = 23;

/** Seconds to wait after the `attempt`-th attempt (1-based) failed: the backoff, give or take a quarter. */
export function retryDelaySeconds(attempt: number, random: () => number = Math.random): number {
  const backoff = Math.min(FIRST_DELAY_SECONDS * 2 ** Math.max(0, attempt - 1), MAX_DELAY_SECONDS);
  return backoff * (0.75 + 0.5 * random());
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
