import type { Metadata, Route } from "next";
import { AuditRows } from "@/components/admin/audit-rows";
import { PageLinks } from "@/components/admin/page-links";
import { Button, ButtonLink } from "@/components/ui/button";
import { pageOrInvalidCursor } from "@/lib/admin/page-cursor";
import { listAudit, parseAuditFilter } from "@/lib/admin/paged-lists";
import { requireRole } from "@/lib/admin/roles";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS = [
  { name: "actor", label: "Actor (user id, stripe:evt_…, system, cli)" },
  { name: "action", label: "Action (e.g. subscription.cancel)" },
  { name: "targetType", label: "Target type (user, subscription, …)" },
  { name: "targetId", label: "Target id" },
  { name: "from", label: "From (YYYY-MM-DD)" },
  { name: "to", label: "To (YYYY-MM-DD, inclusive)" },
] as const;

export default async function AdminAuditPage({ searchParams }: Props) {
  const params = await searchParams;
  const query = new URLSearchParams();
  for (const { name } of FILTERS) {
    const value = params[name];
    if (typeof value === "string" && value !== "") query.set(name, value);
  }
  const cursor = typeof params.cursor === "string" ? params.cursor : "";
  // The filters stay in every page link; the cursor says where the page starts.
  const linkTo = (to: string | null) =>
    `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(query), ...(to ? { cursor: to } : {}) })}` as Route;
  await requireRole("support", linkTo(cursor));
  const page = await pageOrInvalidCursor(listAudit(db, parseAuditFilter(params), cursor));
  const rows = "rows" in page ? page.rows : [];

  return (
    <>
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold tracking-tight">Audit log</h1>
        <ButtonLink href={`/admin/audit/export?${query}` as Route} variant="secondary" size="sm" prefetch={false}>
          Export CSV
        </ButtonLink>
      </div>
      <form className="grid gap-3 sm:grid-cols-3">
        {FILTERS.map((filter) => (
          <label key={filter.name} className="space-y-1.5 text-sm font-medium">
            <span className="block">{filter.label}</span>
            <input
              name={filter.name}
              defaultValue={query.get(filter.name) ?? ""}
              className="block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
        ))}
        <div>
          <Button type="submit">Filter</Button>
        </div>
      </form>
      <AuditRows rows={rows} caption="Audit log" />
      {"rows" in page && rows.length === 0 ? <p className="text-sm">No rows match.</p> : null}
      <PageLinks page={page} linkTo={linkTo} labels={{ previous: "← Newer", next: "Older →" }} />
    </>
  );
}
