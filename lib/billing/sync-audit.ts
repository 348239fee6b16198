// The audit rows of a sync: what it changed in the user's tier and in each
// subscription's status and plan, from -> to, with what caused it (a Stripe
// event, or the system when a page or an operator asked for the sync). A sync
// that changes nothing records nothing, so retries and duplicates stay quiet.
import "server-only";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { Prisma } from "@/lib/generated/prisma/client";

export type BillingSnapshot = {
  tier: string;
  subscriptions: ReadonlyArray<{ id: string; status: string; planId: string }>;
};

/** The user's tier and subscriptions as stored, read inside the sync's transaction. */
export async function readBillingSnapshot(tx: Prisma.TransactionClient, userId: string): Promise<BillingSnapshot> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { tier: true, subscriptions: { select: { id: true, status: true, planId: true } } },
  });
  return user;
}

export async function recordBillingChanges(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  userId: string,
  before: BillingSnapshot,
  after: BillingSnapshot,
): Promise<void> {
  if (before.tier !== after.tier) {
    await recordAudit(tx, {
      actor,
      action: "billing.tier_change",
      target: { type: "user", id: userId },
      change: { before: { tier: before.tier }, after: { tier: after.tier } },
    });
  }
  const ids = new Set([...before.subscriptions, ...after.subscriptions].map((subscription) => subscription.id));
  for (const id of ids) {
    const was = before.subscriptions.find((subscription) => subscription.id === id);
    const now = after.subscriptions.find((subscription) => subscription.id === id);
    const fields = (row: typeof was) => ({ status: row?.status ?? null, planId: row?.planId ?? null, userId });
    if (was?.status === now?.status && was?.planId === now?.planId) continue;
    await recordAudit(tx, {
      actor,
      action: "subscription.status_change",
      target: { type: "subscription", id },
      change: { before: fields(was), after: fields(now) },
    });
  }
}
