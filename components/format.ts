/** "$12" or "$12.50": whole amounts without cents. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: amount % 100 === 0 ? 0 : 2,
  }).format(amount / 100);
}

/** "monthly" / "yearly", as plans are described in sentences. */
export function intervalWord(interval: string | null | undefined): string {
  return interval === "year" ? "yearly" : "monthly";
}
