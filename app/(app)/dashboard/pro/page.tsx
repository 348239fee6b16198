import type { Metadata } from "next";
import { formatMoney } from "@/components/format";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { UpgradePrompt } from "@/components/upgrade-prompt";
import { requireEntitlement } from "@/lib/billing/entitlements";
import { findPlan } from "@/lib/billing/plans";
import { spendingByMonth } from "@/lib/billing/reports";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Reports" };

export default async function ProReportsPage() {
  const { user, billing, granted } = await requireEntitlement("reports", "/dashboard/pro");
  if (!granted) {
    return (
      <div className="px-4 py-12">
        <UpgradePrompt feature="Reports" planName={findPlan("pro")!.name} currentPlanName={billing.access.plan.name} />
      </div>
    );
  }
  const totals = await spendingByMonth(db, user.id);
  const max = Math.max(1, ...totals.map((row) => row.total));

  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 px-4 py-10 sm:px-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Reports</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">A {billing.access.plan.name} feature.</p>
      </div>
      <Card>
        <CardTitle>Spending by month</CardTitle>
        <CardDescription>What you paid us, from your invoices.</CardDescription>
        {totals.length === 0 ? (
          <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">
            No paid invoices yet (a free trial has none).
          </p>
        ) : (
          <figure className="mt-6">
            <svg
              role="img"
              aria-label="Bar chart of paid totals per month"
              viewBox={`0 0 ${totals.length * 60} 160`}
              className="h-48 w-full"
            >
              {totals.map((row, index) => {
                const height = (row.total / max) * 120;
                return (
                  <g key={row.month}>
                    <rect
                      x={index * 60 + 10}
                      y={130 - height}
                      width="40"
                      height={height}
                      rx="4"
                      className="fill-brand-500"
                    />
                    <text x={index * 60 + 30} y="150" textAnchor="middle" className="fill-slate-500 text-[10px]">
                      {row.month}
                    </text>
                  </g>
                );
              })}
            </svg>
            <figcaption className="sr-only">
              {totals.map((row) => `${row.month}: ${formatMoney(row.total, row.currency)}`).join("; ")}
            </figcaption>
          </figure>
        )}
        <a
          href="/api/reports/export"
          className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline dark:text-brand-400"
        >
          Download as CSV
        </a>
      </Card>
    </div>
  );
}
