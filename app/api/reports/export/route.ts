import { recordReportExport } from "@/lib/account/usage";
import { entitlementForApi } from "@/lib/billing/entitlements";
import { spendingByMonth, toCsv } from "@/lib/billing/reports";
import { productSlug } from "@/product.config";
import { db } from "@/lib/db";

/** Premium CSV export: 401/403 JSON with a machine-readable reason when refused. */
export async function GET(): Promise<Response> {
  const check = await entitlementForApi("exports");
  if (!check.ok) return check.response;
  const rows = await spendingByMonth(db, check.user.id);
  await recordReportExport(db, check.user.id);
  return new Response(toCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${productSlug}-report.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
