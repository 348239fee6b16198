/** "$12.00": always with cents, the way Stripe's invoices and hosted pages write amounts. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
}

/** "monthly" / "yearly", as plans are described in sentences. */
export function intervalWord(interval: string | null | undefined): string {
  return interval === "year" ? "yearly" : "monthly";
}
