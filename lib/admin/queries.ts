// What /admin reads. Every query is index-backed (see the User and AuditLog
// indexes) so the pages stay fast with hundreds of thousands of users and
// millions of audit rows; bench/admin-queries.ts measures them. Callers have
// passed requireRole() first.
import "server-only";
import { subscriptionFields } from "@/lib/billing/entitlements";
import type { AuditLog, PrismaClient, Prisma, UserRole } from "@/lib/generated/prisma/client";

const USERS_PER_PAGE = 25;
const AUDIT_ROWS_PER_PAGE = 50;

type UserSummary = {
  id: string;
  email: string;
  name: string | null;
  stripeCustomerId: string | null;
  tier: string;
  role: UserRole;
};

/** `LIKE` pattern for "starts with `text`", with LIKE's own wildcards taken literally. */
function startsWith(text: string): string {
  return `${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Users whose email, name or Stripe customer id starts with `query`, by email,
 * one page at a time. Each of the three prefix matches is its own index range
 * scan; an empty query lists everyone by email.
 */
export async function searchUsers(
  db: PrismaClient,
  query: string,
  page: number,
): Promise<{ users: UserSummary[]; hasMore: boolean }> {
  const text = query.trim();
  const offset = (Math.max(page, 1) - 1) * USERS_PER_PAGE;
  const take = USERS_PER_PAGE + 1;
  const users = text
    ? await db.$queryRaw<UserSummary[]>`
        SELECT u."id", u."email", u."name", u."stripeCustomerId", u."tier", u."role"
        FROM "User" u
        WHERE u."id" IN (
          (SELECT "id" FROM "User" WHERE "email" LIKE ${startsWith(text.toLowerCase())} ORDER BY "email" LIMIT ${offset + take})
          UNION
          (SELECT "id" FROM "User" WHERE "name" LIKE ${startsWith(text)} ORDER BY "name" LIMIT ${offset + take})
          UNION
          (SELECT "id" FROM "User" WHERE "stripeCustomerId" LIKE ${startsWith(text)} ORDER BY "stripeCustomerId" LIMIT ${offset + take}))
        ORDER BY u."email" LIMIT ${take} OFFSET ${offset}`
    : await db.user.findMany({
        select: { id: true, email: true, name: true, stripeCustomerId: true, tier: true, role: true },
        orderBy: { email: "asc" },
        skip: offset,
        take,
      });
  return { users: users.slice(0, USERS_PER_PAGE), hasMore: users.length > USERS_PER_PAGE };
}

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

export type AuditFilter = {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
};

function auditWhere(filter: AuditFilter): Prisma.AuditLogWhereInput {
  return {
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.from || filter.to ? { at: { gte: filter.from, lt: filter.to } } : {}),
  };
}

/** Audit rows matching `filter`, newest first; `before` is the id to page on from. */
export async function listAudit(
  db: PrismaClient,
  filter: AuditFilter,
  options: { before?: bigint; take?: number } = {},
): Promise<{ rows: AuditLog[]; nextBefore: bigint | null }> {
  const take = options.take ?? AUDIT_ROWS_PER_PAGE;
  const rows = await db.auditLog.findMany({
    where: { ...auditWhere(filter), ...(options.before ? { id: { lt: options.before } } : {}) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  return { rows: rows.slice(0, take), nextBefore: rows.length > take ? rows[take - 1]!.id : null };
}

/** What happened to and by a user: rows about them or their subscriptions, and rows they caused. */
export async function userAuditTrail(
  db: PrismaClient,
  userId: string,
  subscriptionIds: string[],
  take = 30,
): Promise<AuditLog[]> {
  const [asTarget, asActor] = await Promise.all([
    db.auditLog.findMany({
      where: {
        OR: [
          { targetType: "user", targetId: userId },
          { targetType: "subscription", targetId: { in: subscriptionIds } },
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

/** Parses /admin/audit's query string into a filter; unparseable dates are ignored. */
export function parseAuditFilter(params: Record<string, string | string[] | undefined>): AuditFilter {
  const text = (name: string) => {
    const value = params[name];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const day = (name: string, endOfDay: boolean) => {
    const value = text(name);
    if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
    const date = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(date.getTime())) return undefined;
    return endOfDay ? new Date(date.getTime() + 86_400_000) : date;
  };
  return {
    actor: text("actor"),
    action: text("action"),
    targetType: text("targetType"),
    targetId: text("targetId"),
    from: day("from", false),
    to: day("to", true),
  };
}
