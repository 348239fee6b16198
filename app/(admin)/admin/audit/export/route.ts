import { listAudit, parseAuditFilter } from "@/lib/admin/queries";
import { auditCsvHeader, auditCsvLine } from "@/lib/admin/audit-csv";
import { requireRole } from "@/lib/admin/roles";
import { db } from "@/lib/db";

const PAGE = 1_000;

/** The filtered audit log as CSV, streamed page by page (newest first). */
export async function GET(request: Request) {
  const url = new URL(request.url);
  await requireRole("support", `/admin/audit${url.search}`);
  const filter = parseAuditFilter(Object.fromEntries(url.searchParams));
  const encoder = new TextEncoder();
  let before: bigint | undefined;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(auditCsvHeader()));
      }
      const { rows, nextBefore } = await listAudit(db, filter, { before, take: PAGE });
      controller.enqueue(encoder.encode(rows.map(auditCsvLine).join("")));
      if (nextBefore === null) controller.close();
      else before = nextBefore;
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
