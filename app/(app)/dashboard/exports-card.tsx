import Link from "next/link";
import { ButtonLink, buttonClasses } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";

type ExportsUsage =
  // The plan includes exports: they are unlimited, so what is worth showing is how many were made.
  | { kind: "unlimited"; planName: string; exportsThisMonth: number }
  // No exports on the plan: each export spends a report credit.
  | { kind: "credits"; credits: number };

/** CSV exports on the dashboard: the month's count where they are unlimited, the credit balance where they are not. */
export function ExportsCard({ usage }: { usage: ExportsUsage }) {
  const canDownload = usage.kind === "unlimited" || usage.credits > 0;
  return (
    <Card>
      <CardTitle>Report exports</CardTitle>
      {usage.kind === "unlimited" ? (
        <>
          <dl className="mt-4">
            <dt className="text-sm text-slate-600 dark:text-slate-400">CSV exports this month</dt>
            <dd className="mt-1 text-3xl font-semibold">{usage.exportsThisMonth}</dd>
          </dl>
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            Unlimited on {usage.planName}.{" "}
            <Link href="/dashboard/pro" className="underline">
              Export from Reports
            </Link>
            .
          </p>
        </>
      ) : (
        <CardDescription>
          You have {usage.credits} report {usage.credits === 1 ? "credit" : "credits"}; each CSV export uses one.
        </CardDescription>
      )}
      <div className="mt-4 flex flex-wrap gap-3">
        {canDownload ? (
          // A file download, not a page: a plain link, never prefetched.
          <a href="/api/reports/export" className={buttonClasses({ variant: "secondary", size: "sm" })}>
            Download CSV
          </a>
        ) : null}
        {usage.kind === "credits" ? (
          <ButtonLink href="/checkout/credits" variant="secondary" size="sm">
            Buy report credits
          </ButtonLink>
        ) : null}
      </div>
    </Card>
  );
}
