// Where the current request came from, for the audit log: a request id (the
// proxy's x-request-id when it sets one, else a fresh one), the client IP and
// the user agent.
import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import type { AuditRequest } from "@/lib/audit";
import { clientIp } from "@/lib/client-ip";

const MAX_HEADER_LENGTH = 512;

export function auditRequestFrom(requestHeaders: Headers): AuditRequest {
  const clip = (value: string | null) => (value ? value.slice(0, MAX_HEADER_LENGTH) : null);
  return {
    requestId: clip(requestHeaders.get("x-request-id")) ?? randomUUID(),
    ip: clip(clientIp(requestHeaders)),
    userAgent: clip(requestHeaders.get("user-agent")),
  };
}

/** The audit context of the request being served (pages, route handlers, actions). */
export async function currentAuditRequest(): Promise<AuditRequest> {
  return auditRequestFrom(await headers());
}
