import { createHash, timingSafeEqual } from "node:crypto";
import { inboxDeps } from "@/lib/billing/app-inbox";
import { countPendingEvents, drainInbox } from "@/lib/billing/inbox";
import { env } from "@/lib/env";

// Stops claiming new batches after this, so the call ends within a typical
// platform's function timeout; what is left waits for the next call.
const BUDGET_MS = 50_000;

/**
 * Processes pending Stripe events and due billing emails. For hosts that
 * freeze the server after each response: call it every minute with
 * `Authorization: Bearer $CRON_SECRET`. Answers what it did and how many
 * events are still pending.
 */
export async function POST(request: Request): Promise<Response> {
  if (env.CRON_SECRET === undefined) {
    return Response.json({ error: "Not found: set CRON_SECRET to enable this route" }, { status: 404 });
  }
  if (!sameSecret(request.headers.get("authorization") ?? "", `Bearer ${env.CRON_SECRET}`)) {
    return Response.json({ error: "Authorization must be `Bearer <CRON_SECRET>`" }, { status: 401 });
  }
  const deps = inboxDeps();
  const report = await drainInbox(deps, { deadline: Date.now() + BUDGET_MS });
  // Pending = waiting for a retry, or being processed by an instance right now.
  return Response.json({ ...report, pending: await countPendingEvents(deps) });
}

/** Constant-time comparison; hashing first makes the lengths equal. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
