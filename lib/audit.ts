// The one writer of the audit log. It takes the transaction of the change it
// records, so a change and its row commit or roll back together: a failed
// change leaves no row, and no row exists without its change. The table
// refuses UPDATE and DELETE (see its migration); users are named by id only.
import "server-only";
import type { Prisma, UserRole } from "@/lib/generated/prisma/client";

export type AuditActor =
  | { kind: "user"; id: string; role: UserRole }
  | { kind: "stripe"; eventId: string }
  | { kind: "system" }
  | { kind: "cli" };

/** Where a request came from; absent for the CLI and background work. */
export type AuditRequest = { requestId: string | null; ip: string | null; userAgent: string | null };

type JsonObject = Record<string, Prisma.InputJsonValue | null>;

export type AuditEntry = {
  actor: AuditActor;
  /** Dotted name: refund.create, subscription.cancel, role.change, ... */
  action: string;
  target: { type: string; id: string };
  reason?: string | null;
  /** Before and after; only the fields whose values differ are stored. */
  change?: { before: JsonObject; after: JsonObject };
  /** Facts about the action that are not a before/after (e.g. the Stripe refund id). */
  details?: JsonObject;
  request?: AuditRequest | null;
};

/** The transaction (or, for a lone insert, the client) to write through. */
type AuditWriter = Pick<Prisma.TransactionClient, "auditLog">;

export async function recordAudit(tx: AuditWriter, entry: AuditEntry): Promise<void> {
  const { before, after } = entry.change ? changedFields(entry.change.before, entry.change.after) : {};
  await tx.auditLog.create({
    data: {
      actor: actorName(entry.actor),
      actorRole: entry.actor.kind === "user" ? entry.actor.role : null,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      reason: entry.reason ?? null,
      before: before ?? undefined,
      after: entry.details || after ? { ...after, ...entry.details } : undefined,
      requestId: entry.request?.requestId ?? null,
      ip: entry.request?.ip ?? null,
      userAgent: entry.request?.userAgent ?? null,
    },
  });
}

/** How an actor is stored and filtered on: a user id, `stripe:<event id>`, `system` or `cli`. */
function actorName(actor: AuditActor): string {
  switch (actor.kind) {
    case "user":
      return actor.id;
    case "stripe":
      return `stripe:${actor.eventId}`;
    default:
      return actor.kind;
  }
}

/** Keeps only the keys whose values differ between `before` and `after`. */
export function changedFields(before: JsonObject, after: JsonObject): { before?: JsonObject; after?: JsonObject } {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null));
  if (changed.length === 0) return {};
  return {
    before: Object.fromEntries(changed.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(changed.map((key) => [key, after[key] ?? null])),
  };
}
