import { billingDeps } from "@/lib/billing/app-deps";
import { entitlementForApi } from "@/lib/billing/entitlements";
import { recentInvoices } from "@/lib/billing/portal";
import { monthlyTotals, toCsv } from "@/lib/billing/reports";

/** Premium CSV export: 401/403 JSON with a machine-readable reason when refused. */
export async function GET(): Promise<Response> {
  const check = await entitlementForApi("exports");
  if (!check.ok) return check.response;
  const { db, stripe } = billingDeps();
  const customer = await db.user.findUnique({ where: { id: check.user.id }, select: { stripeCustomerId: true } });
  const rows = customer?.stripeCustomerId
    ? monthlyTotals(await recentInvoices(stripe, customer.stripeCustomerId, 100))
    : [];
  return new Response(toCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="tollgate-report.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
