// Who may see and do what in /admin. Every admin page, route handler and
// server action calls requireRole() where it reads or changes data; proxy.ts
// only redirects signed-out visitors early. The role comes from the User row
// read with the session on each request, never from anything the browser
// sends, and only `npm run admin:grant` changes it.
import "server-only";
import type { Route } from "next";
import { notFound, redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { hasRole, type Operator, type OperatorRole } from "./role-names";

/**
 * The signed-in operator holding at least `minimum`. Signed out: a redirect to
 * sign-in that comes back to `returnTo`. Signed in without the role: a 404, so
 * a member learns nothing about what exists under /admin.
 */
export async function requireRole(minimum: OperatorRole, returnTo: string): Promise<Operator> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: returnTo })}` as Route);
  if (!hasRole(user.role, minimum)) notFound();
  return user as Operator;
}
