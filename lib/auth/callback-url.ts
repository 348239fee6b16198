// Where to send someone after sign-in. Only paths on our own origin are
// honoured: anything else (other hosts, protocol-relative //evil.example,
// backslash tricks, javascript:) lands on the dashboard.
export const DEFAULT_SIGNED_IN_PATH = "/dashboard";

export function safeCallbackPath(value: unknown, origin: string): string {
  if (typeof value !== "string" || value === "") return DEFAULT_SIGNED_IN_PATH;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return DEFAULT_SIGNED_IN_PATH;
  }
  if (url.origin !== new URL(origin).origin) return DEFAULT_SIGNED_IN_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The same rule as an absolute URL, for Auth.js's redirect callback. */
export function safeCallbackUrl(value: unknown, origin: string): string {
  return new URL(safeCallbackPath(value, origin), origin).toString();
}
