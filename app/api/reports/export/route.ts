import { getStripe } from "@/lib/billing/stripe";
import { entitlementForApi } from "@/lib/billing/entitlements";
import { spendingByMonth, toCsv } from "@/lib/billing/reports";
import { db } from "@/lib/db";
import { spendReportCredit } from "@/lib/payments/credits";

/**
 * CSV export: unlimited on plans with "exports", otherwise one report credit
 * each (bought at /checkout/credits). 401/403 JSON with a machine-readable
 * reason when refused.
 */
export async function GET(): Promise<Response> {
  const check = await entitlementForApi("exports");
  if (check.ok) return csv(toCsv(await spendingByMonth(getStripe(), check.user)));
  if (check.reason !== "entitlement_required") return check.response;
  // Built before the credit is spent, so a failure here costs nothing.
  const body = toCsv(await spendingByMonth(getStripe(), check.user));
  if (await spendReportCredit(db, check.user.id)) return csv(body);
  return Response.json(
    {
      error: "entitlement_required",
      entitlement: "exports",
      plan: check.billing.access.plan.id,
      message: `Your ${check.billing.access.plan.name} plan does not include exports and you have no report credits. Buy credits at /checkout/credits or upgrade at /pricing.`,
    },
    { status: 403 },
  );
}

function csv(body: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="tollgate-report.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
