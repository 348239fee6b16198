// The lists /admin pages through: the user search and the audit log. Every
// query is index-backed (see the User and AuditLog indexes) and pages by
// keyset (page-cursor.ts), so a page costs the same with hundreds of thousands
// of users and millions of audit rows however deep it is; bench/admin-console.ts
// measures them. Callers have passed requireRole() first.
import "server-only";
import { decodeCursor, toPage, type Page, type RowPosition } from "@/lib/admin/page-cursor";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditLog, PrismaClient, UserRole } from "@/lib/generated/prisma/client";

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

// The columns a search matches, in the order that breaks ties between them.
// Each is compared under the "C" collation, the one its (column, id) index is
// built with: byte order, which makes `LIKE 'prefix%'` an index range on any
// database collation and keeps ORDER BY, the cursor and the index in step.
const SEARCH_COLUMNS = [
  { column: Prisma.raw(`u."email" COLLATE "C"`), lowercase: true },
  { column: Prisma.raw(`u."name" COLLATE "C"`), lowercase: false },
  { column: Prisma.raw(`u."stripeCustomerId" COLLATE "C"`), lowercase: false },
];

/**
 * Users whose email, name or Stripe customer id starts with `query`, one page
 * at a time from `cursor` (see page-cursor.ts); an empty query lists everyone
 * by email. Rows are ordered by the text that matched (the smallest, when
 * several columns match) and then id. Each column is its own index range scan
 * that starts at the cursor and reads one page: a user belongs only to the
 * scan of the column that gives their sort key, so the scans never overlap
 * and PostgreSQL merges them in order. Throws InvalidCursorError.
 */
export async function searchUsers(db: PrismaClient, query: string, cursorText?: string): Promise<Page<UserSummary>> {
  const cursor = decodeCursor(cursorText);
  const text = query.trim();
  const columns = text ? SEARCH_COLUMNS : SEARCH_COLUMNS.slice(0, 1);
  const matches = ({ column, lowercase }: (typeof SEARCH_COLUMNS)[number]) =>
    text ? Prisma.sql`${column} LIKE ${startsWith(lowercase ? text.toLowerCase() : text)}` : Prisma.sql`TRUE`;
  const forward = cursor?.direction !== "previous";
  const order = Prisma.raw(forward ? "ASC" : "DESC");
  const take = USERS_PER_PAGE + 1;
  const scans = columns.map((own, index) => {
    const others = columns.flatMap((other, otherIndex) => {
      if (otherIndex === index) return [];
      // A column earlier in SEARCH_COLUMNS wins a tie.
      const smaller = Prisma.raw(otherIndex < index ? "<=" : "<");
      return [Prisma.sql`AND (${matches(other)} AND ${other.column} ${smaller} ${own.column}) IS NOT TRUE`];
    });
    const from = cursor
      ? Prisma.sql`AND (${own.column}, u."id") ${Prisma.raw(forward ? ">" : "<")} (${cursor.key}, ${cursor.id})`
      : Prisma.empty;
    return Prisma.sql`(SELECT u."id", u."email", u."name", u."stripeCustomerId", u."tier", u."role", ${own.column} AS "key"
      FROM "User" u
      WHERE ${matches(own)} ${others.length > 0 ? Prisma.join(others, " ") : Prisma.empty} ${from}
      ORDER BY ${own.column} ${order}, u."id" ${order} LIMIT ${take})`;
  });
  const rows = await db.$queryRaw<(UserSummary & { key: string })[]>`
    SELECT * FROM (${Prisma.join(scans, " UNION ALL ")}) matched
    ORDER BY "key" ${order}, "id" ${order} LIMIT ${take}`;
  const page = toPage(rows, USERS_PER_PAGE, cursor, (row) => ({ key: row.key, id: row.id }));
  return { ...page, rows: page.rows.map(({ key: _key, ...user }) => user) };
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

/** An audit cursor's key is the row's time as an ISO string, its id the row's bigint id. */
function isAuditPosition({ key, id }: RowPosition): boolean {
  // Years 0001 to 9999 only: PostgreSQL has no year 0 and does not reach JavaScript's extremes.
  const at = new Date(key);
  const time =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(key) &&
    !key.startsWith("0000") &&
    !Number.isNaN(at.getTime()) &&
    at.toISOString() === key;
  return time && /^\d{1,19}$/.test(id) && BigInt(id) <= 2n ** 63n - 1n;
}

/**
 * Audit rows matching `filter`, newest first (ties by id), one page at a time
 * from `cursor`: "next" pages are older. The (column, at, id) indexes serve
 * each filter in this order. Throws InvalidCursorError.
 */
export async function listAudit(
  db: PrismaClient,
  filter: AuditFilter,
  cursorText?: string,
  take = AUDIT_ROWS_PER_PAGE,
): Promise<Page<AuditLog>> {
  const cursor = decodeCursor(cursorText, isAuditPosition);
  const older = cursor?.direction !== "previous";
  const order = older ? "desc" : "asc";
  // (at, id) < (cursor) going older, > going newer; the redundant bound on
  // `at` alone is what the index range starts from.
  const from = cursor
    ? older
      ? {
          at: { lte: new Date(cursor.key) },
          OR: [{ at: { lt: new Date(cursor.key) } }, { id: { lt: BigInt(cursor.id) } }],
        }
      : {
          at: { gte: new Date(cursor.key) },
          OR: [{ at: { gt: new Date(cursor.key) } }, { id: { gt: BigInt(cursor.id) } }],
        }
    : {};
  const rows = await db.auditLog.findMany({
    where: { AND: [auditWhere(filter), from] },
    orderBy: [{ at: order }, { id: order }],
    take: take + 1,
  });
  return toPage(rows, take, cursor, (row) => ({ key: row.at.toISOString(), id: row.id.toString() }));
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
