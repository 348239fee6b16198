import type { Metadata } from "next";
import { formatDate } from "@/components/format-date";
import { formatMoney, intervalWord } from "@/components/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { billingStatusWords } from "@/lib/account/menu-data";
import { requireUser } from "@/lib/auth/session";
import { LIVE_STATUSES } from "@/lib/billing/access";
import { getBillingState } from "@/lib/billing/entitlements";
import { billingNoticeText } from "@/lib/billing/notices";
import { findPlan } from "@/lib/billing/plans";
import { listInvoices } from "@/lib/billing/invoices";
import { cardWords, invoiceStatusWord } from "@/lib/billing/status-words";
import { db } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { paymentsOf, purchasesOf, refundStateOf } from "@/lib/payments/payment-history";
import { stripeJsConfig } from "@/lib/payments/stripe-js-config";
import { KeepPlanButton } from "./change/keep-plan-button";
import { HistoryTable } from "./history-table";
import { ManageBillingButton } from "./manage-billing-button";
import { PurchasesCard } from "./purchases-card";
import { UpdateCard } from "./update-card";

export const metadata: Metadata = { title: "Billing" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/account/billing");
  const notice = billingNoticeText((await searchParams).notice);
  const [billing, invoices, purchases, payments] = await Promise.all([
    getBillingState(user.id, user.stripeCustomerId),
    listInvoices(db, user.id, 10),
    purchasesOf(db, user.id),
    paymentsOf(db, user.id),
  ]);
  const { access, subscriptions } = billing;
  const current = subscriptions.find((subscription) => LIVE_STATUSES.includes(subscription.status));
  const status = billingStatusWords(billing);

  return (
    <div className="mx-auto w-full max-w-2xl space-y-6 px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Billing</h1>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {current?.status === "past_due" ? (
        <Alert tone="warning" title="Your last payment failed">
          Update your card to keep {access.plan.name}
          {access.graceEndsAt ? ` (access continues until ${formatDate(access.graceEndsAt)})` : ""}.
        </Alert>
      ) : null}
      {current?.status === "unpaid" || current?.status === "incomplete" ? (
        <Alert tone="error" title="Payment needed">
          Your subscription is waiting for a successful payment. Update your card in the billing portal.
        </Alert>
      ) : null}
      <Card>
        {/* The badge goes under the description when both do not fit on one line (a phone). */}
        <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
          <div className="min-w-0 grow basis-56">
            <CardTitle>{access.plan.name} plan</CardTitle>
            <CardDescription>{access.plan.description}</CardDescription>
          </div>
          <Badge tone={status.tone} className="shrink-0">
            {status.label}
          </Badge>
        </div>
        {current ? (
          <dl className="mt-6 space-y-2 text-sm">
            <div className="flex justify-between">
              <dt className="text-slate-600 dark:text-slate-400">Billed</dt>
              <dd>{current.interval === "year" ? "Yearly" : "Monthly"}</dd>
            </div>
            {current.trialEnd && current.status === "trialing" ? (
              <div className="flex justify-between">
                <dt className="text-slate-600 dark:text-slate-400">Trial ends</dt>
                <dd>{formatDate(current.trialEnd)}</dd>
              </div>
            ) : null}
            <div className="flex justify-between">
              <dt className="text-slate-600 dark:text-slate-400">
                {current.cancelAtPeriodEnd ? "Access ends" : current.status === "trialing" ? "First charge" : "Renews"}
              </dt>
              <dd>{formatDate(current.currentPeriodEnd)}</dd>
            </div>
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600 dark:text-slate-400">Card</dt>
              <dd className="text-right">{cardWords(current) ?? "None on file: add one in the billing portal"}</dd>
            </div>
          </dl>
        ) : null}
        {!current && subscriptions[0] ? (
          <p className="mt-6 text-sm">
            Your {findPlan(subscriptions[0].planId)?.name ?? "previous"} subscription ended on{" "}
            {formatDate(subscriptions[0].currentPeriodEnd)}. Choose a plan to subscribe again.
          </p>
        ) : null}
        {current?.scheduledPlanId && current.scheduledChangeAt ? (
          <Alert tone="info" className="mt-6">
            Your plan changes to {findPlan(current.scheduledPlanId)?.name ?? current.scheduledPlanId} (
            {intervalWord(current.scheduledInterval)}) on {formatDate(current.scheduledChangeAt)}. Until then you keep{" "}
            {findPlan(current.planId)?.name ?? "your plan"}.
            <KeepPlanButton planName={findPlan(current.planId)?.name ?? "my current plan"} />
          </Alert>
        ) : null}
        {current?.cancelAtPeriodEnd ? (
          <Alert tone="info" className="mt-6">
            Your subscription is canceled and ends on {formatDate(current.currentPeriodEnd)}. You keep{" "}
            {findPlan(current.planId)?.name ?? "your plan"} until then; renew in the billing portal to stay, or choose a
            plan on the pricing page to resume on it.
          </Alert>
        ) : null}
        <div className="mt-6 flex flex-wrap gap-3">
          {user.stripeCustomerId ? <ManageBillingButton /> : null}
          <ButtonLink href="/pricing" variant="secondary">
            {current ? "Compare plans" : "Choose a plan"}
          </ButtonLink>
        </div>
      </Card>
      {user.stripeCustomerId ? (
        <Card>
          <CardTitle>Payment method</CardTitle>
          <CardDescription>
            Replace the card your subscription is charged to; a past-due invoice is paid with the new card. The billing
            portal (Manage billing) can do this too.
          </CardDescription>
          <div className="mt-4">
            <UpdateCard stripe={stripeJsConfig()} returnUrl={`${appUrl}/account/billing/card`} />
          </div>
        </Card>
      ) : null}
      <Card>
        <CardTitle>Invoices</CardTitle>
        {invoices.length === 0 ? (
          <CardDescription>No invoices yet.</CardDescription>
        ) : (
          <HistoryTable
            columns={["Date", "Amount", "Status"]}
            linkColumn="Link"
            rows={invoices.map((invoice) => ({
              id: invoice.id,
              cells: [
                formatDate(invoice.created),
                formatMoney(invoice.total, invoice.currency),
                invoiceStatusWord(invoice.status),
              ],
              link: invoice.url ? { href: invoice.url, label: "View" } : null,
            }))}
          />
        )}
      </Card>
      <PurchasesCard purchases={purchases} />
      {payments.some((payment) => payment.amountRefunded > 0) ? (
        <Card>
          <CardTitle>Refunds</CardTitle>
          <CardDescription>Payments refunded in full or in part. Refunds reach your card in 5–10 days.</CardDescription>
          <HistoryTable
            columns={["Paid", "Payment", "Amount", "Refunded", "Status"]}
            linkColumn="Link"
            rows={payments
              .filter((payment) => payment.amountRefunded > 0)
              .map((payment) => ({
                id: payment.id,
                cells: [
                  formatDate(payment.paidAt),
                  payment.description,
                  formatMoney(payment.amount, payment.currency),
                  formatMoney(payment.amountRefunded, payment.currency),
                  <Badge key="state" tone={refundStateOf(payment) === "refunded" ? "neutral" : "warning"}>
                    {refundStateOf(payment)}
                  </Badge>,
                ],
                link: null,
              }))}
          />
        </Card>
      ) : null}
    </div>
  );
}
