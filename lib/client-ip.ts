import "server-only";

/**
 * The client's IP as the nearest proxy reports it. Next.js sets
 * x-forwarded-for when it faces clients directly; behind a load balancer,
 * make sure it overwrites (not appends to) what the client sent.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
