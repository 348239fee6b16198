import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminActionForm } from "@/components/admin/admin-action-form";
import { AuditRows } from "@/components/admin/audit-rows";
import { AdminTable, Cell } from "@/components/admin/table";
import { formatDate } from "@/components/format-date";
import { formatMoney } from "@/components/format";
import { Card, CardTitle } from "@/components/ui/card";
import { readUser, recentStripeEvents, userAuditTrail } from "@/lib/admin/queries";
import { hasRole } from "@/lib/admin/role-names";
import { requireRole } from "@/lib/admin/roles";
import { listInvoices } from "@/lib/billing/invoices";
import { REFUND_REASONS } from "@/lib/admin/refund-payment";
import { db } from "@/lib/db";
import { paymentsOf, refundStateOf } from "@/lib/payments/payment-history";
import { MAX_CREDIT_GRANT } from "@/lib/admin/grant-credits";
import { cancelSubscriptionAction, grantCreditsAction, refundPaymentAction, resyncCustomerAction } from "./actions";

export const metadata: Metadata = { title: "Admin · User" };

const ENDED = ["canceled", "incomplete_expired"];

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const operator = await requireRole("support", `/admin/users/${id}`);
  const user = await readUser(db, id);
  if (!user) notFound();
  const canAct = hasRole(operator.role, "admin");
  const [events, invoices, payments] = await Promise.all([
    user.stripeCustomerId ? recentStripeEvents(db, user.stripeCustomerId) : [],
    // Our copy, written by every sync: the page asks Stripe nothing.
    listInvoices(db, user.id, 20),
    paymentsOf(db, user.id),
  ]);
  const trail = await userAuditTrail(db, user.id, {
    subscriptionIds: user.subscriptions.map((subscription) => subscription.id),
    paymentIds: payments.map((payment) => payment.id),
  });

  return (
    <>
      <div>
        <h1 className="text-2xl font-bold tracking-tight">{user.email}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {user.name ?? "No name"} · user {user.id} · tier <strong>{user.tier}</strong> · role{" "}
          <strong>{user.role}</strong> · Stripe customer {user.stripeCustomerId ?? "none"} · joined{" "}
          {formatDate(user.createdAt)}
        </p>
      </div>

      <Card>
        <CardTitle>Subscriptions</CardTitle>
        {user.subscriptions.length === 0 ? <p className="mt-2 text-sm">None.</p> : null}
        <div className="mt-4 space-y-6">
          {user.subscriptions.map((subscription) => (
            <section key={subscription.id} aria-label={`Subscription ${subscription.id}`} className="space-y-3">
              <p className="text-sm">
                <strong>{subscription.planId}</strong> ({subscription.interval}ly) · {subscription.status} ·{" "}
                {subscription.cancelAtPeriodEnd ? "ends" : "period ends"} {formatDate(subscription.currentPeriodEnd)}
                {subscription.trialEnd ? ` · trial until ${formatDate(subscription.trialEnd)}` : ""} ·{" "}
                <span className="font-mono text-xs">{subscription.id}</span>
              </p>
              {subscription.scheduledPlanId && subscription.scheduledChangeAt ? (
                <p className="text-sm">
                  Scheduled: {subscription.scheduledPlanId} ({subscription.scheduledInterval}ly) from{" "}
                  {formatDate(subscription.scheduledChangeAt)}
                </p>
              ) : null}
              {canAct && !ENDED.includes(subscription.status) ? (
                <AdminActionForm
                  action={cancelSubscriptionAction}
                  submitLabel="Cancel subscription"
                  hidden={{ userId: user.id, subscriptionId: subscription.id }}
                  fields={[
                    {
                      kind: "select",
                      name: "when",
                      label: "When",
                      options: [
                        ["period_end", "At the end of the period"],
                        ["now", "Now"],
                      ],
                    },
                  ]}
                />
              ) : null}
            </section>
          ))}
        </div>
      </Card>

      <Card>
        <CardTitle>Invoices</CardTitle>
        {invoices.length === 0 ? (
          <p className="mt-2 text-sm">None.</p>
        ) : (
          <div className="mt-4">
            <AdminTable caption="Invoices" headers={["Date", "Invoice", "Amount", "Status"]}>
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <Cell>{formatDate(invoice.created)}</Cell>
                  <Cell>{invoice.number ?? invoice.id}</Cell>
                  <Cell>{formatMoney(invoice.total, invoice.currency)}</Cell>
                  <Cell>{invoice.status ?? ""}</Cell>
                </tr>
              ))}
            </AdminTable>
          </div>
        )}
      </Card>

      <Card>
        <CardTitle>Payments and refunds</CardTitle>
        {payments.length === 0 ? <p className="mt-2 text-sm">None stored.</p> : null}
        <div className="mt-4 space-y-6">
          {payments.map((payment) => (
            <section key={payment.id} aria-label={`Payment ${payment.id}`} className="space-y-3">
              <p className="text-sm">
                {formatDate(payment.paidAt)} · <strong>{payment.description}</strong> ·{" "}
                {formatMoney(payment.amount, payment.currency)} · {refundStateOf(payment)}
                {payment.amountRefunded > 0 ? ` (${formatMoney(payment.amountRefunded, payment.currency)})` : ""} ·{" "}
                <span className="font-mono text-xs">{payment.id}</span>
              </p>
              {payment.refunds.length > 0 ? (
                <ul className="ml-4 list-disc text-sm">
                  {payment.refunds.map((refund) => (
                    <li key={refund.id}>
                      {formatDate(refund.createdAt)} · refund {formatMoney(refund.amount, refund.currency)} ·{" "}
                      {refund.status} · {refund.reason ?? "no reason given"} ·{" "}
                      <span className="font-mono text-xs">{refund.id}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {canAct && payment.amountRefunded < payment.amount ? (
                <AdminActionForm
                  action={refundPaymentAction}
                  submitLabel="Refund payment"
                  // A fresh id per rendered form: submitting it twice refunds once.
                  hidden={{ userId: user.id, paymentId: payment.id, submissionId: crypto.randomUUID() }}
                  fields={[
                    {
                      kind: "text",
                      name: "amount",
                      label: `Amount (${payment.currency.toUpperCase()})`,
                      hint: `Up to ${formatMoney(payment.amount - payment.amountRefunded, payment.currency)}; leave empty to refund all of it.`,
                      inputMode: "decimal",
                    },
                    {
                      kind: "select",
                      name: "stripeReason",
                      label: "Stripe reason",
                      options: REFUND_REASONS.map((value) => [value, value.replaceAll("_", " ")]),
                    },
                  ]}
                />
              ) : null}
            </section>
          ))}
        </div>
      </Card>

      <Card>
        <CardTitle>Report credits</CardTitle>
        <p className="mt-2 text-sm">
          Balance: <strong>{user.reportCredits}</strong> (one CSV export each on plans without exports).
        </p>
        {canAct ? (
          <div className="mt-4">
            <AdminActionForm
              action={grantCreditsAction}
              submitLabel="Grant credits"
              // A fresh id per rendered form: submitting it twice grants once.
              hidden={{ userId: user.id, submissionId: crypto.randomUUID() }}
              fields={[
                {
                  kind: "text",
                  name: "credits",
                  label: "Credits to grant",
                  hint: `A whole number from 1 to ${MAX_CREDIT_GRANT}.`,
                  defaultValue: "1",
                },
              ]}
            />
          </div>
        ) : null}
      </Card>

      {canAct && user.stripeCustomerId ? (
        <Card>
          <CardTitle>Re-sync from Stripe</CardTitle>
          <div className="mt-4">
            <AdminActionForm
              action={resyncCustomerAction}
              submitLabel="Re-sync customer"
              hidden={{ userId: user.id }}
            />
          </div>
        </Card>
      ) : null}

      <Card>
        <CardTitle>Recent Stripe events</CardTitle>
        {events.length === 0 ? <p className="mt-2 text-sm">None recorded.</p> : null}
        {events.length > 0 ? (
          <div className="mt-4">
            <AdminTable caption="Stripe events" headers={["Received", "Type", "State", "Attempts", "Last error"]}>
              {events.map((event) => (
                <tr key={event.id}>
                  <Cell>{event.receivedAt.toISOString().slice(0, 19)}</Cell>
                  <Cell>
                    {event.type} <span className="font-mono text-xs">{event.id}</span>
                  </Cell>
                  <Cell>{event.state}</Cell>
                  <Cell>{event.attempts}</Cell>
                  <Cell>{event.lastError ?? ""}</Cell>
                </tr>
              ))}
            </AdminTable>
          </div>
        ) : null}
      </Card>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Audit trail</h2>
        <AuditRows rows={trail} caption="Audit trail" />
      </section>
    </>
  );
}
