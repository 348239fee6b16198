// The operator roles and their order, free of Next.js and Auth.js imports so
// the `admin:grant` command and the admin actions' tests can use them.
import type { AuditActor } from "@/lib/audit";
import type { CurrentUser } from "@/lib/auth/session";
import type { UserRole } from "@/lib/generated/prisma/enums";

const ROLES = ["member", "support", "admin"] as const satisfies readonly UserRole[];

/** support reads everything in /admin and changes nothing; admin also acts. */
const RANK: Record<UserRole, number> = { member: 0, support: 1, admin: 2 };

export type OperatorRole = Exclude<UserRole, "member">;

/** A signed-in user holding support or admin, as requireRole() returns them. */
export type Operator = CurrentUser & { role: OperatorRole };

/** How an operator appears in the audit log: their id and the role they hold now. */
export function operatorActor(operator: Operator): AuditActor {
  return { kind: "user", id: operator.id, role: operator.role };
}

export function hasRole(role: UserRole, minimum: OperatorRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export function isRole(value: string): value is UserRole {
  return (ROLES as readonly string[]).includes(value);
}
