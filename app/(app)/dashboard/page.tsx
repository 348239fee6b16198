import type { Metadata } from "next";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { ButtonLink, buttonClasses } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { getBillingState } from "@/lib/billing/entitlements";
import { db } from "@/lib/db";
import { reportCreditsOf } from "@/lib/payments/credits";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const [{ access }, credits] = await Promise.all([
    getBillingState(user.id, user.stripeCustomerId),
    reportCreditsOf(db, user.id),
  ]);
  const unlimited = access.entitlements.has("exports");
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Welcome{user.name ? `, ${user.name}` : ""}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Signed in as {user.email}</p>
      <div className="mt-8 grid gap-4 sm:grid-cols-2">
        <Card>
          <CardTitle>Your account</CardTitle>
          <CardDescription>Change your display name, sign out everywhere, or delete your account.</CardDescription>
          <ButtonLink href="/account" variant="secondary" size="sm" className="mt-4">
            Account settings
          </ButtonLink>
        </Card>
        <Card>
          <CardTitle>Plans</CardTitle>
          <CardDescription>Compare what Pro and Business unlock.</CardDescription>
          <ButtonLink href="/pricing" variant="secondary" size="sm" className="mt-4">
            See pricing
          </ButtonLink>
        </Card>
        <Card>
          <CardTitle>Report exports</CardTitle>
          <CardDescription>
            {unlimited
              ? `CSV exports are unlimited on ${access.plan.name}.`
              : `You have ${credits} report ${credits === 1 ? "credit" : "credits"}; each CSV export uses one.`}
          </CardDescription>
          <div className="mt-4 flex flex-wrap gap-3">
            {unlimited || credits > 0 ? (
              // A file download, not a page: a plain link, never prefetched.
              <a href="/api/reports/export" className={buttonClasses({ variant: "secondary", size: "sm" })}>
                Download CSV
              </a>
            ) : null}
            {unlimited ? null : (
              <ButtonLink href="/checkout/credits" variant="secondary" size="sm">
                Buy report credits
              </ButtonLink>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
