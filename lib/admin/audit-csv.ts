// The audit log as CSV (RFC 4180), for /admin/audit/export. Cells that a
// spreadsheet would run as a formula are prefixed with a quote.
import "server-only";
import type { AuditLog } from "@/lib/generated/prisma/client";

const COLUMNS = [
  "id",
  "at",
  "actor",
  "actorRole",
  "action",
  "targetType",
  "targetId",
  "reason",
  "before",
  "after",
  "requestId",
  "ip",
  "userAgent",
] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text =
    value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsvHeader(): string {
  return `${COLUMNS.join(",")}\r\n`;
}

export function auditCsvLine(row: AuditLog): string {
  return `${COLUMNS.map((column) => cell(row[column])).join(",")}\r\n`;
}
