import type { Metadata } from "next";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { deletionWarning } from "@/lib/account/deletion-warning";
import { currentSubscription } from "@/lib/account/menu-data";
import { requireUser } from "@/lib/auth/session";
import { getBillingState } from "@/lib/billing/entitlements";
import { findPlan } from "@/lib/billing/plans";
import { statusWords } from "@/lib/billing/status-words";
import { signOutAction } from "./actions";
import { DeleteAccountForm } from "./delete-account-form";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const billing = await getBillingState(user.id, user.stripeCustomerId);
  const current = currentSubscription(billing);
  const status = statusWords(current, billing.access.graceEndsAt);
  const warning = deletionWarning(current, findPlan(current?.planId ?? "")?.name ?? billing.access.plan.name);
  return (
    <div className="mx-auto w-full max-w-2xl space-y-6 px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Account</h1>
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <CardTitle>Plan and billing</CardTitle>
            <CardDescription>
              You are on the {billing.access.plan.name} plan. Invoices, your card and plan changes are on the billing
              page.
            </CardDescription>
          </div>
          <Badge tone={status.tone}>{status.label}</Badge>
        </div>
        <ButtonLink href="/account/billing" variant="secondary" className="mt-4">
          Billing
        </ButtonLink>
      </Card>
      <Card>
        <CardTitle>Profile</CardTitle>
        <CardDescription>
          Email address: <strong className="font-medium text-slate-900 dark:text-slate-100">{user.email}</strong>
        </CardDescription>
        <div className="mt-6">
          <ProfileForm name={user.name} />
        </div>
      </Card>
      <Card>
        <CardTitle>Sign out</CardTitle>
        <CardDescription>Ends this session. Your next sign-in uses a new email link.</CardDescription>
        <form action={signOutAction} className="mt-4">
          <Button type="submit" variant="secondary">
            Sign out
          </Button>
        </form>
      </Card>
      <Card className="border-red-200 dark:border-red-900">
        <CardTitle>Delete account</CardTitle>
        <CardDescription>
          Permanently removes your account and signs you out everywhere. This cannot be undone.
        </CardDescription>
        {warning ? (
          <Alert tone="warning" title={warning.title} className="mt-6">
            {warning.body.map((line) => (
              <p key={line} className="mt-1 first:mt-0">
                {line}
              </p>
            ))}
          </Alert>
        ) : null}
        <div className="mt-6">
          <DeleteAccountForm email={user.email} confirmLabel={warning?.confirmLabel ?? "Delete my account"} />
        </div>
      </Card>
    </div>
  );
}
