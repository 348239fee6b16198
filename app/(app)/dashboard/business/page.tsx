import type { Metadata } from "next";
import { formatDate } from "@/components/format-date";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { UpgradePrompt } from "@/components/upgrade-prompt";
import { db } from "@/lib/db";
import { requireEntitlement } from "@/lib/billing/entitlements";
import { findPlan } from "@/lib/billing/plans";

export const metadata: Metadata = { title: "Team insights" };

export default async function BusinessInsightsPage() {
  const { user, billing, granted } = await requireEntitlement("team-insights", "/dashboard/business");
  if (!granted) {
    return (
      <div className="px-4 py-12">
        <UpgradePrompt
          feature="Team insights"
          planName={findPlan("business")!.name}
          currentPlanName={billing.access.plan.name}
        />
      </div>
    );
  }
  const account = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { createdAt: true, _count: { select: { sessions: true, accounts: true } } },
  });
  const current = billing.subscriptions.find((subscription) => subscription.planId === billing.access.plan.id);
  const stats = [
    { label: "Member since", value: formatDate(account.createdAt) },
    { label: "Active sessions", value: String(account._count.sessions) },
    { label: "Linked sign-in providers", value: String(account._count.accounts) },
    {
      label: current?.cancelAtPeriodEnd ? "Plan ends on" : "Renews on",
      value: current ? formatDate(current.currentPeriodEnd) : "—",
    },
  ];
  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 px-4 py-10 sm:px-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Team insights</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">A {billing.access.plan.name} feature.</p>
      </div>
      <Card>
        <CardTitle>Your workspace at a glance</CardTitle>
        <CardDescription>Priority support answers within one business day.</CardDescription>
        <dl className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {stats.map((stat) => (
            <div key={stat.label} className="rounded-xl bg-slate-50 p-4 dark:bg-slate-950">
              <dt className="text-xs text-slate-600 uppercase dark:text-slate-400">{stat.label}</dt>
              <dd className="mt-1 text-xl font-semibold">{stat.value}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}
