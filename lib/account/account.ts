// Account changes a signed-in user makes about themselves. Callers pass the id
// from requireUser(), never one taken from a form.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const MAX_NAME_LENGTH = 80;

export async function updateDisplayName(db: PrismaClient, userId: string, name: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { name: name === "" ? null : name } });
}

/**
 * Removes the user and everything that belongs to them in one transaction:
 * sessions, linked accounts and subscription rows go with the user row
 * (ON DELETE CASCADE), pending sign-in tokens and outbox copies by address.
 */
export async function deleteAccount(db: PrismaClient, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { email } = await tx.user.delete({ where: { id: userId }, select: { email: true } });
    await tx.verificationToken.deleteMany({ where: { identifier: email } });
    await tx.outboxEmail.deleteMany({ where: { to: email } });
  });
}
