"use client";

import { billingIntervals, type BillingInterval } from "@/lib/billing/plans";
import { selectInterval, useInterval } from "./use-interval";

const intervalLabel: Record<BillingInterval, string> = { month: "Monthly", year: "Yearly" };

export function IntervalSwitch() {
  const selected = useInterval();
  return (
    <fieldset className="mx-auto flex w-fit rounded-full border border-slate-200 p-1 dark:border-slate-800">
      <legend className="sr-only">Billing interval</legend>
      {billingIntervals.map((interval) => (
        <label
          key={interval}
          className="cursor-pointer rounded-full px-4 py-1.5 text-sm font-medium has-[:checked]:bg-brand-600 has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500"
        >
          <input
            type="radio"
            name="interval"
            value={interval}
            checked={interval === selected}
            onChange={() => selectInterval(interval)}
            className="peer sr-only"
          />
          {intervalLabel[interval]}
          {/* The space keeps the accessible name "Yearly (2 months free)". */}
          {interval === "year" ? (
            <>
              {" "}
              <span className="text-xs opacity-80">(2 months free)</span>
            </>
          ) : null}
        </label>
      ))}
    </fieldset>
  );
}
