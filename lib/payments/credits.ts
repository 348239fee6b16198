// Report credits: one CSV export each for plans without the "exports"
// entitlement. Spending is one conditional UPDATE, so concurrent exports
// cannot spend the same credit twice, and the column's CHECK keeps the
// balance from ever going below zero.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Spends one credit; false when none is left. */
export async function spendReportCredit(db: PrismaClient, userId: string): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, reportCredits: { gt: 0 } },
    data: { reportCredits: { decrement: 1 } },
  });
  return count === 1;
}

export async function reportCreditsOf(db: PrismaClient, userId: string): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { reportCredits: true } });
  return user?.reportCredits ?? 0;
}
