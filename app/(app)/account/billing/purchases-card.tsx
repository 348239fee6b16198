import { formatDate } from "@/components/format-date";
import { formatMoney } from "@/components/format";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import type { PurchaseSummary } from "@/lib/payments/purchases";

/** One-time purchases (report credit packs) as Stripe holds them, with Stripe's receipt. */
export function PurchasesCard({ purchases }: { purchases: PurchaseSummary[] }) {
  return (
    <Card>
      <CardTitle>Purchases</CardTitle>
      {purchases.length === 0 ? (
        <CardDescription>No one-time purchases yet.</CardDescription>
      ) : (
        <table className="mt-4 w-full text-left text-sm">
          <thead className="text-slate-600 dark:text-slate-400">
            <tr>
              <th className="py-2 font-medium">Date</th>
              <th className="py-2 font-medium">Item</th>
              <th className="py-2 font-medium">Amount</th>
              <th className="py-2 font-medium">Status</th>
              <th className="py-2 font-medium">
                <span className="sr-only">Receipt</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {purchases.map((purchase) => (
              <tr key={purchase.id}>
                <td className="py-2">{formatDate(purchase.created)}</td>
                <td className="py-2">{purchase.productName}</td>
                <td className="py-2">{formatMoney(purchase.amount, purchase.currency)}</td>
                <td className="py-2">{purchase.status}</td>
                <td className="py-2 text-right">
                  {purchase.receiptUrl ? (
                    <a
                      href={purchase.receiptUrl}
                      className="text-brand-600 hover:underline dark:text-brand-400"
                      rel="noreferrer"
                    >
                      Receipt
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
