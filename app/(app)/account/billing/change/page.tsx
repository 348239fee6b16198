import type { Metadata } from "next";
import { formatDate } from "@/components/format-date";
import { formatMoney, intervalWord } from "@/components/format";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import { BillingInputError, parsePlanChoice } from "@/lib/billing/checkout";
import { previewPlanChange, type PlanChangePreview } from "@/lib/billing/plan-change";
import { findPlan, type Plan, type BillingInterval } from "@/lib/billing/plans";
import { ConfirmChangeForm } from "./confirm-change-form";

export const metadata: Metadata = { title: "Change plan" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type Loaded = { choice: { plan: Plan; interval: BillingInterval }; preview: PlanChangePreview } | { problem: string };

async function load(userId: string, plan: unknown, interval: unknown): Promise<Loaded> {
  try {
    const choice = parsePlanChoice(plan, interval);
    return { choice, preview: await previewPlanChange(billingDeps(), userId, choice) };
  } catch (error) {
    if (error instanceof BillingInputError) return { problem: error.message };
    throw error;
  }
}

export default async function ChangePlanPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const user = await requireUser("/account/billing");
  const loaded = await load(user.id, params.plan, params.interval);

  return (
    <div className="mx-auto w-full max-w-xl px-4 py-12 sm:px-6">
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">Change plan</h1>
        {"problem" in loaded ? (
          <>
            <Alert tone="info" className="mt-4">
              {loaded.problem}
            </Alert>
            <ButtonLink href="/pricing" variant="secondary" className="mt-6">
              Back to plans
            </ButtonLink>
          </>
        ) : (
          <ChangeSummary {...loaded} />
        )}
      </Card>
    </div>
  );
}

function ChangeSummary({
  choice,
  preview,
}: {
  choice: { plan: Plan; interval: BillingInterval };
  preview: PlanChangePreview;
}) {
  const from = findPlan(preview.currentPlanId);
  return (
    <>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        From {from?.name ?? preview.currentPlanId} ({intervalWord(preview.currentInterval)}) to {choice.plan.name} (
        {intervalWord(choice.interval)}).
      </p>
      {preview.pendingCancellationAt ? (
        <Alert
          tone="warning"
          className="mt-4"
          title={`Your subscription is set to end on ${formatDate(preview.pendingCancellationAt)}`}
        >
          Switching to {choice.plan.name} resumes it: instead of ending, it renews on {choice.plan.name} (
          {intervalWord(choice.interval)}) and your card is charged as shown below.
        </Alert>
      ) : null}
      {preview.pendingChange ? (
        <Alert tone="info" className="mt-4" title="A plan change is already scheduled">
          {findPlan(preview.pendingChange.planId)?.name ?? preview.pendingChange.planId} (
          {intervalWord(preview.pendingChange.interval)}) was to start on {formatDate(preview.pendingChange.at)}. This
          choice replaces it.
        </Alert>
      ) : null}
      {preview.timing === "period-end" ? (
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
          Nothing is charged now. You keep {from?.name ?? "your plan"} until {formatDate(preview.nextInvoiceDate)}, when{" "}
          {choice.plan.name} starts at {formatMoney(preview.nextInvoiceAmount, preview.currency)} per {choice.interval}.
        </p>
      ) : (
        <>
          {preview.endsTrial ? (
            <Alert tone="info" className="mt-4">
              Changing plan ends your free trial: {choice.plan.name} is charged now.
            </Alert>
          ) : null}
          <dl className="mt-6 space-y-2 text-sm">
            <div className="flex justify-between">
              <dt className="text-slate-600 dark:text-slate-400">Due now{preview.endsTrial ? "" : " (prorated)"}</dt>
              <dd className="font-semibold">{formatMoney(Math.max(0, preview.amountDueNow), preview.currency)}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-slate-600 dark:text-slate-400">
                Next invoice ({formatDate(preview.nextInvoiceDate)})
              </dt>
              <dd>{formatMoney(preview.nextInvoiceAmount, preview.currency)}</dd>
            </div>
          </dl>
          {preview.amountDueNow < 0 ? (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
              The unused part of your current plan ({formatMoney(-preview.amountDueNow, preview.currency)}) is credited
              to your next invoices.
            </p>
          ) : null}
        </>
      )}
      <ConfirmChangeForm
        plan={choice.plan.id}
        interval={choice.interval}
        label={`${preview.pendingCancellationAt ? "Resume and switch" : "Switch"} to ${choice.plan.name}${
          preview.timing === "period-end" ? ` on ${formatDate(preview.nextInvoiceDate)}` : ""
        }`}
        backLabel={preview.pendingCancellationAt ? "Go back" : undefined}
      />
    </>
  );
}
