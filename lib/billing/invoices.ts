// The user's invoices, copied from Stripe by syncCustomer() and read from our
// database by the pages (billing history, the Pro reports), so no page render
// waits on Stripe. Only invoices that changed since the last sync are written.
import "server-only";
import type Stripe from "stripe";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type InvoiceRow = {
  id: string;
  userId: string;
  subscriptionId: string | null;
  number: string | null;
  status: string;
  total: number;
  amountPaid: number;
  amountRemaining: number;
  currency: string;
  hostedInvoiceUrl: string | null;
  periodStart: Date;
  periodEnd: Date;
  created: Date;
};

/** What pages show of an invoice. */
export type InvoiceSummary = Pick<InvoiceRow, "id" | "number" | "created" | "total" | "currency" | "status"> & {
  url: string | null;
};

// The most recent ones; older invoices stay in our table from earlier syncs.
const READ_LIMIT = 100;

/** The customer's recent invoices as rows (drafts are not shown to anyone, so not kept). */
export async function readInvoiceRows(stripe: Stripe, customerId: string, userId: string): Promise<InvoiceRow[]> {
  const { data } = await stripe.invoices.list({ customer: customerId, limit: READ_LIMIT });
  return data
    .filter((invoice) => invoice.id && invoice.status && invoice.status !== "draft")
    .map((invoice) => ({
      id: invoice.id!,
      userId,
      subscriptionId: subscriptionIdOf(invoice),
      number: invoice.number,
      status: invoice.status!,
      total: invoice.total,
      amountPaid: invoice.amount_paid,
      amountRemaining: invoice.amount_remaining,
      currency: invoice.currency,
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
      periodStart: new Date(invoice.period_start * 1000),
      periodEnd: new Date(invoice.period_end * 1000),
      created: new Date(invoice.created * 1000),
    }));
}

function subscriptionIdOf(invoice: Stripe.Invoice): string | null {
  const subscription = invoice.parent?.subscription_details?.subscription;
  if (!subscription) return null;
  return typeof subscription === "string" ? subscription : subscription.id;
}

/** Writes the rows that are new or differ from what is stored: one read, then usually no write at all. */
export async function storeInvoices(tx: Prisma.TransactionClient, userId: string, rows: InvoiceRow[]): Promise<void> {
  if (rows.length === 0) return;
  const stored = await tx.invoice.findMany({
    where: { userId, id: { in: rows.map((row) => row.id) } },
    select: { id: true, status: true, amountPaid: true, amountRemaining: true, total: true, hostedInvoiceUrl: true },
  });
  const byId = new Map(stored.map((invoice) => [invoice.id, invoice]));
  for (const row of rows) {
    const current = byId.get(row.id);
    const unchanged =
      current &&
      current.status === row.status &&
      current.amountPaid === row.amountPaid &&
      current.amountRemaining === row.amountRemaining &&
      current.total === row.total &&
      current.hostedInvoiceUrl === row.hostedInvoiceUrl;
    if (!unchanged) await tx.invoice.upsert({ where: { id: row.id }, create: row, update: row });
  }
}

/** The user's invoices, newest first, from our copy. */
export async function listInvoices(db: PrismaClient, userId: string, limit: number): Promise<InvoiceSummary[]> {
  const rows = await db.invoice.findMany({
    where: { userId },
    orderBy: { created: "desc" },
    take: limit,
    select: {
      id: true,
      number: true,
      created: true,
      total: true,
      currency: true,
      status: true,
      hostedInvoiceUrl: true,
    },
  });
  return rows.map(({ hostedInvoiceUrl, ...invoice }) => ({ ...invoice, url: hostedInvoiceUrl }));
}
