import type { Metadata } from "next";
import { formatMoney } from "@/components/format";
import { formatDate } from "@/components/format-date";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { UpgradePrompt } from "@/components/upgrade-prompt";
import { requireUser } from "@/lib/auth/session";
import { requireEntitlement } from "@/lib/billing/entitlements";
import { findPlan } from "@/lib/billing/plans";
import { spendingByMonth, type MonthlyTotal } from "@/lib/billing/reports";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Reports" };

export default async function ProReportsPage() {
  const user = await requireUser("/dashboard/pro");
  // The totals are the user's own invoices (our copy, no Stripe call), read
  // beside the subscriptions so the page waits on two database round trips in
  // sequence, not three; they are shown only when the plan grants reports.
  const [{ billing, granted }, totals] = await Promise.all([
    requireEntitlement("reports", "/dashboard/pro"),
    spendingByMonth(db, user.id),
  ]);
  if (!granted) {
    return (
      <div className="px-4 py-12">
        <UpgradePrompt feature="Reports" planName={findPlan("pro")!.name} currentPlanName={billing.access.plan.name} />
      </div>
    );
  }
  const trial = billing.subscriptions.find(
    (subscription) => subscription.status === "trialing" && subscription.trialEnd,
  );

  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 px-4 py-10 sm:px-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Reports</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">A {billing.access.plan.name} feature.</p>
      </div>
      <Card>
        <CardTitle>Spending by month</CardTitle>
        <CardDescription>What you paid us each month, from your paid invoices (UTC months).</CardDescription>
        {totals.length === 0 ? (
          <div className="mt-6 rounded-xl border border-dashed border-slate-300 p-6 text-sm dark:border-slate-700">
            <p className="font-medium">No payments yet, so there is nothing to chart.</p>
            <p className="mt-1 text-slate-600 dark:text-slate-400">
              {trial?.trialEnd
                ? `You are on a free trial until ${formatDate(trial.trialEnd)}. Your first payment is taken then and appears here as that month's bar.`
                : "Each month you pay for your plan appears here as a bar."}{" "}
              The CSV export holds the same rows (only its header until then).
            </p>
          </div>
        ) : (
          <>
            <SpendingChart totals={totals} />
            <table className="mt-6 w-full text-left text-sm">
              <caption className="sr-only">Amount paid per month</caption>
              <thead className="text-slate-600 dark:text-slate-400">
                <tr>
                  <th className="py-2 font-medium">Month</th>
                  <th className="py-2 text-right font-medium">Amount paid</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {totals.map((row) => (
                  <tr key={row.month}>
                    <td className="py-2">{monthLabel(row.month)}</td>
                    <td className="py-2 text-right">{formatMoney(row.total, row.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <a
          href="/api/reports/export"
          className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline dark:text-brand-400"
        >
          Download these rows as CSV
        </a>
      </Card>
    </div>
  );
}

const monthFormat = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });

/** "2026-12" -> "Dec 2026" */
function monthLabel(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

const CHART = { width: 640, height: 260, left: 72, right: 16, top: 16, bottom: 56 } as const;

/** Bars per month with a labelled money axis and month axis; the table below carries the same numbers. */
function SpendingChart({ totals }: { totals: MonthlyTotal[] }) {
  const currency = totals[0]!.currency;
  const max = Math.max(...totals.map((row) => row.total));
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = plotWidth / totals.length;
  const barWidth = Math.min(48, slot * 0.6);
  const y = (amount: number) => CHART.top + plotHeight - (amount / max) * plotHeight;
  const ticks = [0, max / 2, max];
  return (
    <figure className="mt-6">
      <svg
        role="img"
        aria-label={`Bar chart of the amount paid per month, ${currency.toUpperCase()}`}
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        className="h-auto w-full text-[11px]"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={CHART.left}
              x2={CHART.width - CHART.right}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-slate-200 dark:stroke-slate-700"
            />
            <text x={CHART.left - 8} y={y(tick) + 4} textAnchor="end" className="fill-slate-600 dark:fill-slate-400">
              {formatMoney(Math.round(tick), currency)}
            </text>
          </g>
        ))}
        {totals.map((row, index) => {
          const x = CHART.left + slot * index + (slot - barWidth) / 2;
          return (
            <g key={row.month}>
              <rect
                x={x}
                y={y(row.total)}
                width={barWidth}
                height={y(0) - y(row.total)}
                rx="3"
                className="fill-brand-500"
              />
              <text
                x={x + barWidth / 2}
                y={y(0) + 16}
                textAnchor="middle"
                className="fill-slate-600 dark:fill-slate-400"
              >
                {monthLabel(row.month)}
              </text>
            </g>
          );
        })}
        <text
          transform={`translate(14 ${CHART.top + plotHeight / 2}) rotate(-90)`}
          textAnchor="middle"
          className="fill-slate-700 font-medium dark:fill-slate-300"
        >
          Amount paid ({currency.toUpperCase()})
        </text>
        <text
          x={CHART.left + plotWidth / 2}
          y={CHART.height - 8}
          textAnchor="middle"
          className="fill-slate-700 font-medium dark:fill-slate-300"
        >
          Month
        </text>
      </svg>
    </figure>
  );
}
