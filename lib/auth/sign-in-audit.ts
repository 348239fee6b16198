// Sign-ins and sign-outs in the audit log, from Auth.js's events. Each is a
// lone insert: the session write it follows is Auth.js's own. A failure to
// record is logged, never turned into a failed sign-in or sign-out.
import "server-only";
import type { AuthConfig } from "@auth/core";
import { recordAudit } from "@/lib/audit";
import type { PrismaClient, UserRole } from "@/lib/generated/prisma/client";
import { currentAuditRequest } from "@/lib/request-context";

export function signInAuditEvents(db: PrismaClient): Pick<NonNullable<AuthConfig["events"]>, "signIn" | "signOut"> {
  const record = async (action: "auth.sign_in" | "auth.sign_out", userId: string, provider?: string) => {
    try {
      const user = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
      if (!user) return;
      await recordAudit(db, {
        actor: { kind: "user", id: userId, role: user.role as UserRole },
        action,
        target: { type: "user", id: userId },
        details: provider ? { provider } : undefined,
        request: await currentAuditRequest().catch(() => null),
      });
    } catch (error) {
      console.error(`Could not record ${action} for user ${userId} in the audit log`, error);
    }
  };
  return {
    async signIn({ user, account }) {
      if (user.id) await record("auth.sign_in", user.id, account?.provider);
    },
    async signOut(message) {
      const userId = "session" in message ? message.session?.userId : undefined;
      if (userId) await record("auth.sign_out", userId);
    },
  };
}
