// The data-access layer's view of who is signed in. Every protected page,
// route handler and server action calls requireUser() (or getCurrentUser()):
// proxy.ts only redirects early and is never the check that counts.
import "server-only";
import type { Route } from "next";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { UserRole } from "@/lib/generated/prisma/client";
import { auth } from "./auth";

export type CurrentUser = {
  id: string;
  email: string;
  name: string | null;
  stripeCustomerId: string | null;
  role: UserRole;
};

export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  const { id, email, name, stripeCustomerId, role } = session.user;
  return { id, email, name: name ?? null, stripeCustomerId, role };
});

/** The signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: returnTo })}` as Route);
  return user;
}
