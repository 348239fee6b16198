"use client";

import { formatMoney } from "@/components/format";
import { useInterval } from "./use-interval";

export type PlanAmounts = { month: number; year: number; currency: string };

/** The price for the interval in the URL; a yearly price also says what it comes to per month. */
export function PlanPrice({ amounts }: { amounts: PlanAmounts | null }) {
  const interval = useInterval();
  const amount = amounts ? amounts[interval] : 0;
  const currency = amounts?.currency ?? "usd";
  return (
    <div className="mt-6">
      <p className="flex items-baseline gap-1">
        <span className="text-4xl font-bold tracking-tight">{formatMoney(amount, currency)}</span>
        <span className="text-sm text-slate-600 dark:text-slate-400">/{interval}</span>
      </p>
      {amounts && interval === "year" ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {formatMoney(Math.round(amounts.year / 12), currency)}/month, billed yearly
        </p>
      ) : null}
    </div>
  );
}
