// Intl formatters are costly to build (tens of microseconds each), so each
// currency's is built once and kept: a process sees only a handful.
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "$12.00": always with cents, the way Stripe's invoices and hosted pages write amounts. */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  let format = moneyFormats.get(code);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    moneyFormats.set(code, format);
  }
  return format.format(amount / 100);
}

/** "monthly" / "yearly", as plans are described in sentences. */
export function intervalWord(interval: string | null | undefined): string {
  return interval === "year" ? "yearly" : "monthly";
}
