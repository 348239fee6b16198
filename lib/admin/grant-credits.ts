// An admin's grant of report credits (a goodwill gesture, or what a purchase
// that went wrong should have given). The balance and the action's one
// `credits.grant` audit row change in one transaction, with the user's row
// locked, and the form's submission id makes a double submit grant once.
import "server-only";
import { recordAudit } from "@/lib/audit";
import { operatorErrorMessage, type ActionResult, type OperatorContext } from "./operator-actions";
import { operatorActor } from "./role-names";

/** More than any pack sells: a larger grant is more likely a typo than a gesture. */
export const MAX_CREDIT_GRANT = 1000;

export type CreditGrant = {
  userId: string;
  credits: number;
  /** One per rendered form: a resubmit of the same form grants nothing more. */
  submissionId: string;
};

/** "5" → 5; a message naming the problem otherwise. */
export function parseCreditCount(text: string): { ok: true; credits: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed))
    return { ok: false, error: `"${trimmed.slice(0, 20)}" is not a whole number of credits.` };
  const credits = Number(trimmed);
  if (credits < 1 || credits > MAX_CREDIT_GRANT) {
    return { ok: false, error: `Grant between 1 and ${MAX_CREDIT_GRANT} credits (${credits} asked).` };
  }
  return { ok: true, credits };
}

export async function grantCredits(context: OperatorContext, grant: CreditGrant): Promise<ActionResult> {
  const { deps, operator, request, reason } = context;
  try {
    return await deps.db.$transaction(async (tx): Promise<ActionResult> => {
      // Locked: a concurrent resubmit waits here, then finds this grant's row.
      const [user] = await tx.$queryRaw<Array<{ reportCredits: number }>>`
        SELECT "reportCredits" FROM "User" WHERE "id" = ${grant.userId} FOR UPDATE`;
      if (!user) return { ok: false, error: `No user ${grant.userId}.` };
      const earlier = await tx.auditLog.findFirst({
        where: {
          action: "credits.grant",
          targetType: "user",
          targetId: grant.userId,
          after: { path: ["submissionId"], equals: grant.submissionId },
        },
        select: { id: true },
      });
      if (earlier) return { ok: true, message: "These credits were already granted." };
      const after = user.reportCredits + grant.credits;
      await tx.user.update({ where: { id: grant.userId }, data: { reportCredits: after } });
      await recordAudit(tx, {
        actor: operatorActor(operator),
        action: "credits.grant",
        target: { type: "user", id: grant.userId },
        reason,
        change: { before: { reportCredits: user.reportCredits }, after: { reportCredits: after } },
        details: { credits: grant.credits, submissionId: grant.submissionId },
        request,
      });
      return {
        ok: true,
        message: `Granted ${grant.credits} report ${grant.credits === 1 ? "credit" : "credits"}; the balance is now ${after}.`,
      };
    });
  } catch (error) {
    return { ok: false, error: operatorErrorMessage(error, "grant the credits") };
  }
}
