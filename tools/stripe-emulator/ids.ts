import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** Stripe-looking ids: `cus_` + 14 chars, most others `prefix_` + 24 chars (e.g. `sub_1Pgc6r...`). */
export function newId(prefix: string): string {
  if (prefix === "cus" || prefix === "prod" || prefix === "si") return `${prefix}_${randomToken(14)}`;
  if (prefix === "cs_test") return `${prefix}_${randomToken(58)}`;
  return `${prefix}_1${randomToken(23)}`;
}

export function newRequestId(): string {
  return `req_${randomToken(14)}`;
}

/** Customer invoice prefixes look like `7FE1103`. */
export function newInvoicePrefix(): string {
  return randomBytes(4).toString("hex").slice(0, 7).toUpperCase();
}
