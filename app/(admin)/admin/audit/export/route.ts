import { listAudit, parseAuditFilter } from "@/lib/admin/paged-lists";
import { auditCsvHeader, auditCsvLine } from "@/lib/admin/audit-csv";
import { requireRole } from "@/lib/admin/roles";
import { db } from "@/lib/db";

const PAGE = 1_000;

/**
 * The filtered audit log as CSV, newest first, streamed a keyset page at a
 * time as the client reads: memory stays one page whatever the log's size.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  await requireRole("support", `/admin/audit${url.search}`);
  const filter = parseAuditFilter(Object.fromEntries(url.searchParams));
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(auditCsvHeader()));
      }
      const { rows, next } = await listAudit(db, filter, cursor, PAGE);
      controller.enqueue(encoder.encode(rows.map(auditCsvLine).join("")));
      if (next === null) controller.close();
      else cursor = next;
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log.csv"`,
      "cache-control": "no-store",
    },
  });
}
