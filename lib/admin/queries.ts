// What a user's page in /admin reads. Every query is index-backed (see the
// User and AuditLog indexes) so the page stays fast with hundreds of thousands
// of users and millions of audit rows; bench/admin-console.ts measures it. The
// search and the audit log are in paged-lists.ts. Callers have passed
// requireRole() first.
import "server-only";
import { subscriptionFields } from "@/lib/billing/subscription-rows";
import type { AuditLog, PrismaClient } from "@/lib/generated/prisma/client";

/** A user's billing picture as stored: tier, role and subscriptions. */
export function readUser(db: PrismaClient, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      tier: true,
      role: true,
      stripeCustomerId: true,
      reportCredits: true,
      createdAt: true,
      subscriptions: {
        orderBy: { createdAt: "desc" },
        select: subscriptionFields,
      },
    },
  });
}

/** The latest Stripe events recorded for a customer (the webhook inbox's customer index). */
export function recentStripeEvents(db: PrismaClient, customerId: string, take = 20) {
  return db.stripeEvent.findMany({
    where: { customerId },
    orderBy: { receivedAt: "desc" },
    take,
    select: { id: true, type: true, state: true, attempts: true, lastError: true, receivedAt: true },
  });
}

/** What happened to and by a user: rows about them, their subscriptions or their payments, and rows they caused. */
export async function userAuditTrail(
  db: PrismaClient,
  userId: string,
  owned: { subscriptionIds: string[]; paymentIds: string[] },
  take = 30,
): Promise<AuditLog[]> {
  const [asTarget, asActor] = await Promise.all([
    db.auditLog.findMany({
      where: {
        OR: [
          { targetType: "user", targetId: userId },
          { targetType: "subscription", targetId: { in: owned.subscriptionIds } },
          // Refunds are recorded on the payment they refund.
          { targetType: "payment", targetId: { in: owned.paymentIds } },
        ],
      },
      orderBy: { at: "desc" },
      take,
    }),
    db.auditLog.findMany({ where: { actor: userId }, orderBy: { at: "desc" }, take }),
  ]);
  const byId = new Map([...asTarget, ...asActor].map((row) => [row.id, row]));
  return [...byId.values()].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, take);
}
