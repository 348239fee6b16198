import "server-only";

/**
 * The client's IP as the nearest proxy saw it: the right-most
 * x-forwarded-for entry. Proxies append the address they received the
 * request from, so entries to its left may be forged by the client. Next.js
 * fills the header from the socket only when the request has none, so run
 * the app behind a proxy or load balancer that sets it (most do).
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
