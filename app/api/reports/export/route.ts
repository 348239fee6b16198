import { getStripe } from "@/lib/billing/stripe";
import { entitlementForApi } from "@/lib/billing/entitlements";
import { spendingByMonth, toCsv } from "@/lib/billing/reports";
import { productSlug } from "@/product.config";

/** Premium CSV export: 401/403 JSON with a machine-readable reason when refused. */
export async function GET(): Promise<Response> {
  const check = await entitlementForApi("exports");
  if (!check.ok) return check.response;
  const rows = await spendingByMonth(getStripe(), check.user);
  return new Response(toCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${productSlug}-report.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
