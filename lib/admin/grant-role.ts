// Changing a user's role: the one code path that writes User.role, used only
// by `npm run admin:grant`. The change and its audit row share a transaction.
import "server-only";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { PrismaClient, UserRole } from "@/lib/generated/prisma/client";

export class UnknownUserError extends Error {
  override readonly name = "UnknownUserError";
}

export type RoleChange = { userId: string; from: UserRole; to: UserRole };

export async function grantRole(
  db: PrismaClient,
  email: string,
  role: UserRole,
  actor: AuditActor = { kind: "cli" },
): Promise<RoleChange> {
  const address = email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<Array<{ id: string; role: UserRole }>>`
      SELECT "id", "role" FROM "User" WHERE "email" = ${address} FOR UPDATE`;
    if (!user) {
      throw new UnknownUserError(
        `No user with the email address ${address}: they must sign in once before they can be given a role.`,
      );
    }
    if (user.role !== role) {
      await tx.user.update({ where: { id: user.id }, data: { role } });
      await recordAudit(tx, {
        actor,
        action: "role.change",
        target: { type: "user", id: user.id },
        change: { before: { role: user.role }, after: { role } },
      });
    }
    return { userId: user.id, from: user.role, to: role };
  });
}
