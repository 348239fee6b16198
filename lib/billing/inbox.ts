// The webhook inbox: Stripe's deliveries are recorded here in one statement
// and answered at once; processing happens after the response, in any
// instance, from this table ("StripeEvent").
//
//   recordEvent()        the acknowledge path: one INSERT, a known id is a no-op
//   processInboxBatch()  claims due events (FOR UPDATE SKIP LOCKED, so any
//                        number of instances share the work), runs their
//                        handlers (event-handlers.ts), syncs each customer
//                        once for all its events, and marks them processed
//                        in that sync's transaction
//   drainInbox()         batches until nothing is due, then sends due emails
//   listInboxEvents()    the operator's view, by state
//   countPendingEvents() what is left to process
//   retryInboxEvent()    an operator's "try again now"
//
// A claim leases its events: their next attempt moves `leaseSeconds` ahead,
// so if the instance dies mid-batch another one claims them once the lease
// is over. Processing twice is harmless (syncCustomer re-reads Stripe; an
// event is marked processed once; emails are keyed by event and template).
import "server-only";
import type Stripe from "stripe";
import type { Mailer } from "@/lib/email/mailer";
import { Prisma, type StripeEventState } from "@/lib/generated/prisma/client";
import { sendDueEmails } from "./billing-emails";
import { eventHandlers } from "./event-handlers";
import { errorMessage, MAX_ATTEMPTS, retryDelaySeconds } from "./retry";
import { syncCustomer, type SyncDeps, type SyncedCustomer, type SyncTransaction } from "./sync";

/** One statement on the database driver (pg's Pool or Client). */
export type Sql = { query(text: string, values: unknown[]): Promise<{ rowCount: number | null }> };

export type InboxDeps = SyncDeps & {
  mailer: Mailer;
  appUrl: string;
  /** How long a claim holds its events before another instance may take them. Default 60 s. */
  leaseSeconds?: number;
};

/** A recorded event as processing sees it. */
export type InboxEvent = {
  id: string;
  type: string;
  customerId: string | null;
  objectId: string | null;
  stripeCreatedAt: Date | null;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  attempts: number;
};

/** What a handler gets in the transaction of the customer sync that covers its event. */
export type InSyncContext = {
  tx: SyncTransaction;
  event: InboxEvent;
  synced: SyncedCustomer;
  deps: InboxDeps;
};

/**
 * What processing does with one event type (registered in event-handlers.ts).
 * - `syncsCustomer`: re-read the event's customer from Stripe; one sync per
 *   customer per batch covers all its events.
 * - `inSync`: runs in that sync's transaction, once per event it marks
 *   processed (record the emails the event makes due, audit rows).
 * - `run`: runs once per claimed event before the syncs, outside any
 *   transaction; must be idempotent, keyed by a Stripe object id (fulfilment
 *   of a payment). A throw retries the event with backoff. An event with no
 *   customer sync is marked processed when `run` succeeds.
 */
export type EventHandler = {
  syncsCustomer?: boolean;
  inSync?: (context: InSyncContext) => Promise<void>;
  run?: (event: InboxEvent, deps: InboxDeps) => Promise<void>;
};

export type RecordOutcome = "recorded" | "duplicate" | "ignored";

/** Whether processing has anything to do with an event of this type and customer. */
function isHandled(type: string, customerId: string | null): boolean {
  const handler = eventHandlers[type];
  if (!handler) return false;
  return handler.run !== undefined || (handler.syncsCustomer === true && customerId !== null);
}

/**
 * The acknowledge path: records a verified event in one statement, with what
 * processing needs. Events nobody handles are not stored ("ignored").
 */
export async function recordEvent(sql: Sql, event: Stripe.Event): Promise<RecordOutcome> {
  const object = event.data.object as { id?: unknown };
  const customerId = customerOf(event.data.object);
  if (!isHandled(event.type, customerId)) return "ignored";
  const result = await sql.query(
    `INSERT INTO "StripeEvent" ("id", "type", "customerId", "objectId", "stripeCreatedAt", "data")
     VALUES ($1, $2, $3, $4, to_timestamp($5) AT TIME ZONE 'UTC', $6)
     ON CONFLICT ("id") DO NOTHING`,
    [
      event.id,
      event.type,
      customerId,
      typeof object.id === "string" ? object.id : null,
      typeof event.created === "number" ? event.created : null,
      JSON.stringify(event.data),
    ],
  );
  return result.rowCount === 1 ? "recorded" : "duplicate";
}

/** The customer an event's object belongs to (the object itself for customer.* events). */
function customerOf(object: Stripe.Event.Data.Object): string | null {
  if ((object as { object?: unknown }).object === "customer") return (object as { id: string }).id;
  if (!("customer" in object)) return null;
  const customer = object.customer as string | { id: string } | null | undefined;
  if (!customer) return null;
  return typeof customer === "string" ? customer : customer.id;
}

export type BatchReport = { claimed: number; processed: number; retrying: number; failed: number };

/** Syncs of different customers run side by side, within the connection pool. */
const SYNC_CONCURRENCY = 8;

/** Types whose only work is the customer sync: a sync of their customer covers them whenever they were claimed. */
const SYNC_ONLY_TYPES = Object.entries(eventHandlers)
  .filter(([, handler]) => handler.syncsCustomer && !handler.run)
  .map(([type]) => type);

/** Claims up to `limit` due events and processes them. */
export async function processInboxBatch(deps: InboxDeps, limit = 500): Promise<BatchReport> {
  const events = await claimEvents(deps, limit);
  const report: BatchReport = { claimed: events.length, processed: 0, retrying: 0, failed: 0 };
  const fail = async (failed: InboxEvent[], error: unknown) => {
    const outcome = await recordFailure(deps, failed, error);
    report.retrying += outcome.retrying;
    report.failed += outcome.failed;
  };

  // Per-event work first, so a customer's sync sees what fulfilment wrote.
  const byCustomer = new Map<string, InboxEvent[]>();
  await inParallel(events, SYNC_CONCURRENCY, async (event) => {
    const handler = eventHandlers[event.type] ?? {};
    try {
      await handler.run?.(event, deps);
    } catch (error) {
      await fail([event], error);
      return;
    }
    if (handler.syncsCustomer && event.customerId) {
      byCustomer.set(event.customerId, [...(byCustomer.get(event.customerId) ?? []), event]);
    } else {
      report.processed += await deps.db.$executeRaw`
        UPDATE "StripeEvent" SET "state" = 'processed', "processedAt" = CURRENT_TIMESTAMP, "lastError" = NULL
        WHERE "id" = ${event.id} AND "state" = 'pending'`;
    }
  });

  await inParallel([...byCustomer], SYNC_CONCURRENCY, async ([customerId, claimed]) => {
    let covered = claimed;
    try {
      // Events of this customer recorded since the batch was claimed: the
      // sync about to read Stripe covers them too, so they need no sync of
      // their own in the next batch.
      const late = await claimEvents(deps, 100, { customerId, types: SYNC_ONLY_TYPES });
      report.claimed += late.length;
      covered = [...claimed, ...late];
      await syncCustomer(deps, customerId, {
        // The audit log names the latest event as the cause of what changed.
        actor: { kind: "stripe", eventId: covered.at(-1)!.id },
        inTransaction: async (tx, synced) => {
          report.processed += await markProcessed(tx, covered, synced, deps);
        },
      });
    } catch (error) {
      await fail(covered, error);
    }
  });
  return report;
}

export type DrainReport = BatchReport & { emailsSent: number };

/** Processes batches until none is full (nothing more is due now), then sends due emails. */
export async function drainInbox(
  deps: InboxDeps,
  options: { limit?: number; deadline?: number } = {},
): Promise<DrainReport> {
  const limit = options.limit ?? 500;
  const total: DrainReport = { claimed: 0, processed: 0, retrying: 0, failed: 0, emailsSent: 0 };
  for (;;) {
    const batch = await processInboxBatch(deps, limit);
    total.claimed += batch.claimed;
    total.processed += batch.processed;
    total.retrying += batch.retrying;
    total.failed += batch.failed;
    if (batch.claimed < limit || Date.now() > (options.deadline ?? Infinity)) break;
  }
  total.emailsSent = (await sendDueEmails(deps)).sent;
  return total;
}

export type InboxRow = InboxEvent & {
  state: StripeEventState;
  receivedAt: Date;
  processedAt: Date | null;
  nextAttemptAt: Date;
  lastError: string | null;
};

/** Events in `state`, newest first, for an operator's view (`before`: a receivedAt to page from). */
export async function listInboxEvents(
  deps: Pick<SyncDeps, "db">,
  state: StripeEventState,
  options: { limit?: number; before?: Date } = {},
): Promise<InboxRow[]> {
  const rows = await deps.db.stripeEvent.findMany({
    where: { state, ...(options.before ? { receivedAt: { lt: options.before } } : {}) },
    orderBy: { receivedAt: "desc" },
    take: options.limit ?? 50,
  });
  return rows.map((row) => ({ ...row, data: row.data as InboxEvent["data"] }));
}

/** Events not processed yet: due, waiting for a retry, or claimed by an instance right now. */
export function countPendingEvents(deps: Pick<SyncDeps, "db">): Promise<number> {
  return deps.db.stripeEvent.count({ where: { state: "pending" } });
}

/**
 * Puts a failed (or waiting) event back as due now, for an operator's replay.
 * Returns false when the event is unknown or already processed.
 */
export async function retryInboxEvent(deps: Pick<SyncDeps, "db">, eventId: string): Promise<boolean> {
  const updated = await deps.db.$executeRaw`
    UPDATE "StripeEvent" SET "state" = 'pending', "nextAttemptAt" = CURRENT_TIMESTAMP, "attempts" = 0
    WHERE "id" = ${eventId} AND "state" <> 'processed'`;
  return updated === 1;
}

/** Takes due events and leases them: their next attempt moves past the lease. */
async function claimEvents(
  deps: InboxDeps,
  limit: number,
  only?: { customerId: string; types: string[] },
): Promise<InboxEvent[]> {
  const lease = deps.leaseSeconds ?? 60;
  const filter = only
    ? Prisma.sql`AND "customerId" = ${only.customerId} AND "type" = ANY(${only.types})`
    : Prisma.empty;
  const rows = await deps.db.$queryRaw<InboxEvent[]>`
    UPDATE "StripeEvent" SET "attempts" = "attempts" + 1,
           "nextAttemptAt" = CURRENT_TIMESTAMP + make_interval(secs => ${lease}::float8)
    WHERE "id" IN (
      SELECT "id" FROM "StripeEvent"
      WHERE "state" = 'pending' AND "nextAttemptAt" <= CURRENT_TIMESTAMP ${filter}
      ORDER BY "nextAttemptAt" LIMIT ${limit}::int
      FOR UPDATE SKIP LOCKED)
    RETURNING "id", "type", "customerId", "objectId", "stripeCreatedAt", "data", "attempts"`;
  // Oldest first, so handlers that care see Stripe's order.
  return rows.sort((a, b) => (a.stripeCreatedAt?.getTime() ?? 0) - (b.stripeCreatedAt?.getTime() ?? 0));
}

/** Marks the sync's events processed (once: another instance may have been first) and runs their inSync handlers. */
async function markProcessed(
  tx: SyncTransaction,
  covered: InboxEvent[],
  synced: SyncedCustomer,
  deps: InboxDeps,
): Promise<number> {
  const fresh = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "StripeEvent" SET "state" = 'processed', "processedAt" = CURRENT_TIMESTAMP, "lastError" = NULL
    WHERE "id" = ANY(${covered.map((event) => event.id)}) AND "state" = 'pending'
    RETURNING "id"`;
  const freshIds = new Set(fresh.map((row) => row.id));
  for (const event of covered) {
    if (!freshIds.has(event.id)) continue;
    await eventHandlers[event.type]?.inSync?.({ tx, event, synced, deps });
  }
  return freshIds.size;
}

async function recordFailure(
  deps: InboxDeps,
  events: InboxEvent[],
  error: unknown,
): Promise<{ retrying: number; failed: number }> {
  const message = errorMessage(error);
  let failed = 0;
  for (const event of events) {
    const outOfAttempts = event.attempts >= MAX_ATTEMPTS;
    if (outOfAttempts) failed += 1;
    await deps.db.$executeRaw`
      UPDATE "StripeEvent" SET "lastError" = ${message},
             "state" = ${outOfAttempts ? "failed" : "pending"}::"StripeEventState",
             "nextAttemptAt" = CURRENT_TIMESTAMP + make_interval(secs => ${retryDelaySeconds(event.attempts)}::float8)
      WHERE "id" = ${event.id} AND "state" = 'pending'`;
    if (outOfAttempts) {
      console.error(
        `Stripe event ${event.id} (${event.type}) failed after ${event.attempts} attempts (${message}); ` +
          "it is listed as failed in the webhook inbox, and `npm run billing:reconcile` re-syncs every customer.",
      );
    } else {
      console.warn(`Stripe event ${event.id} (${event.type}) attempt ${event.attempts} failed, will retry: ${message}`);
    }
  }
  return { retrying: events.length - failed, failed };
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
