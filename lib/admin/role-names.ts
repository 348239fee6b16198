// The operator roles and their order, free of server imports so the
// `admin:grant` command can use them outside Next.js.
import type { UserRole } from "@/lib/generated/prisma/enums";

export const ROLES = ["member", "support", "admin"] as const satisfies readonly UserRole[];

/** support reads everything in /admin and changes nothing; admin also acts. */
const RANK: Record<UserRole, number> = { member: 0, support: 1, admin: 2 };

export type OperatorRole = Exclude<UserRole, "member">;

export function hasRole(role: UserRole, minimum: OperatorRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export function isRole(value: string): value is UserRole {
  return (ROLES as readonly string[]).includes(value);
}
