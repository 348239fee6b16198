// Usage the dashboard shows: CSV exports per calendar month (UTC).
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export async function recordReportExport(db: PrismaClient, userId: string): Promise<void> {
  await db.reportExport.create({ data: { userId } });
}

/** Exports since the first of the month (UTC) `now` falls in. */
export async function exportsThisMonth(db: PrismaClient, userId: string, now = new Date()): Promise<number> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return db.reportExport.count({ where: { userId, createdAt: { gte: monthStart } } });
}
