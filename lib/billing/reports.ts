// The premium content: reports built from the user's own billing history.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { listInvoices, type InvoiceSummary } from "./invoices";

export type MonthlyTotal = { month: string; total: number; currency: string };

/** Paid totals per calendar month (UTC), oldest first. */
export function monthlyTotals(invoices: InvoiceSummary[]): MonthlyTotal[] {
  const totals = new Map<string, MonthlyTotal>();
  for (const invoice of invoices) {
    // A trial's $0 invoice is "paid" too, but it is not spending.
    if (invoice.status !== "paid" || invoice.total === 0) continue;
    const month = invoice.created.toISOString().slice(0, 7);
    const entry = totals.get(month) ?? { month, total: 0, currency: invoice.currency };
    entry.total += invoice.total;
    totals.set(month, entry);
  }
  return [...totals.values()].sort((a, b) => a.month.localeCompare(b.month));
}

export function toCsv(rows: MonthlyTotal[]): string {
  return [
    "month,total,currency",
    ...rows.map((row) => `${row.month},${(row.total / 100).toFixed(2)},${row.currency}`),
  ].join("\n");
}

/** The user's own paid totals per month, from the invoices syncCustomer() stored: no Stripe call. */
export async function spendingByMonth(db: PrismaClient, userId: string): Promise<MonthlyTotal[]> {
  return monthlyTotals(await listInvoices(db, userId, 100));
}
