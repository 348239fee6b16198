import { formatDate } from "@/components/format-date";
import { formatMoney } from "@/components/format";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import type { PurchaseRow } from "@/lib/payments/payment-history";
import { HistoryTable } from "./history-table";

/** One-time purchases (report credit packs) as our database holds them, with Stripe's receipt. */
export function PurchasesCard({ purchases }: { purchases: PurchaseRow[] }) {
  return (
    <Card>
      <CardTitle>Purchases</CardTitle>
      {purchases.length === 0 ? (
        <CardDescription>No one-time purchases yet.</CardDescription>
      ) : (
        <HistoryTable
          columns={["Date", "Item", "Amount", "Status"]}
          linkColumn="Receipt"
          rows={purchases.map((purchase) => ({
            id: purchase.id,
            cells: [
              formatDate(purchase.boughtAt),
              purchase.productName,
              formatMoney(purchase.amount, purchase.currency),
              purchase.state,
            ],
            link: purchase.receiptUrl ? { href: purchase.receiptUrl, label: "Receipt" } : null,
          }))}
        />
      )}
    </Card>
  );
}
