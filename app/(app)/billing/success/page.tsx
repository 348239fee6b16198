import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatDate } from "@/components/format-date";
import { formatMoney, intervalWord } from "@/components/format";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import { retrieveOwnCheckoutSession } from "@/lib/billing/checkout";
import { loadBillingState } from "@/lib/billing/entitlements";
import { findPlan } from "@/lib/billing/plans";
import { syncCustomer } from "@/lib/billing/sync";

export const metadata: Metadata = { title: "Subscription confirmed", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CheckoutSuccessPage({ searchParams }: { searchParams: SearchParams }) {
  const { session_id: sessionId } = await searchParams;
  const user = await requireUser(
    typeof sessionId === "string"
      ? `/billing/success?${new URLSearchParams({ session_id: sessionId })}`
      : "/account/billing",
  );
  const deps = billingDeps();
  const session =
    typeof sessionId === "string" ? await retrieveOwnCheckoutSession(deps.db, deps.stripe, user.id, sessionId) : null;
  // Another user's session, a made-up id, or none: nothing to show.
  if (!session) notFound();

  // The same sync as the webhook: the plan shows now, even if the webhook is late.
  await syncCustomer(deps, typeof session.customer === "string" ? session.customer : session.customer!.id);
  // Not the per-request cache: the layout may have read it before this sync.
  const { access, subscriptions } = await loadBillingState(user.id, user.stripeCustomerId);
  const planId = session.metadata?.planId ?? access.plan.id;
  const plan = findPlan(planId);
  const subscription = subscriptions.find((candidate) => candidate.planId === planId) ?? subscriptions[0];
  const paid = session.payment_status === "paid";

  return (
    <div className="mx-auto w-full max-w-xl px-4 py-12 sm:px-6">
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">Thank you! You are on {plan?.name ?? "your new plan"}.</h1>
        {session.status !== "complete" ? (
          <Alert tone="warning" className="mt-4">
            Stripe has not confirmed this checkout yet. This page updates when it does; you can also check your billing
            page.
          </Alert>
        ) : null}
        <dl className="mt-6 divide-y divide-slate-200 text-sm dark:divide-slate-800">
          <Row label="Plan">
            {plan?.name ?? planId} ({intervalWord(subscription?.interval)})
          </Row>
          {subscription?.trialEnd && subscription.status === "trialing" ? (
            <Row label="Free trial until">{formatDate(subscription.trialEnd)}</Row>
          ) : (
            <Row label="Amount paid">{formatMoney(session.amount_total ?? 0, session.currency ?? "usd")}</Row>
          )}
          {subscription ? <Row label="Next billing date">{formatDate(subscription.currentPeriodEnd)}</Row> : null}
          <Row label="Receipt sent to">{session.customer_details?.email ?? user.email}</Row>
          <Row label="Payment">
            {paid ? "Paid" : session.payment_status === "no_payment_required" ? "No payment due today" : "Pending"}
          </Row>
        </dl>
        <div className="mt-8 flex flex-wrap gap-3">
          <ButtonLink href={planId === "business" ? "/dashboard/business" : "/dashboard/pro"}>
            Open your premium area
          </ButtonLink>
          <ButtonLink href="/account/billing" variant="secondary">
            Billing details
          </ButtonLink>
        </div>
      </Card>
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-3">
      <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="text-right font-medium">{children}</dd>
    </div>
  );
}
