import type { Metadata, Route } from "next";
import Link from "next/link";
import { AuditRows } from "@/components/admin/audit-rows";
import { Button, ButtonLink } from "@/components/ui/button";
import { listAudit, parseAuditFilter } from "@/lib/admin/queries";
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
  await requireRole("support", `/admin/audit?${query}`);
  const before = typeof params.before === "string" && /^\d+$/.test(params.before) ? BigInt(params.before) : undefined;
  const { rows, nextBefore } = await listAudit(db, parseAuditFilter(params), { before });

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
      {rows.length === 0 ? <p className="text-sm">No rows match.</p> : null}
      {nextBefore ? (
        <Link
          href={
            `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(query), before: nextBefore.toString() })}` as Route
          }
        >
          Older →
        </Link>
      ) : null}
    </>
  );
}
