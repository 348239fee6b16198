import type { Metadata, Route } from "next";
import Link from "next/link";
import { PageLinks } from "@/components/admin/page-links";
import { Cell, AdminTable } from "@/components/admin/table";
import { Button } from "@/components/ui/button";
import { pageOrInvalidCursor } from "@/lib/admin/page-cursor";
import { searchUsers } from "@/lib/admin/paged-lists";
import { requireRole } from "@/lib/admin/roles";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Users" };

type Props = { searchParams: Promise<{ q?: string; cursor?: string }> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const { q = "", cursor = "" } = await searchParams;
  const linkTo = (to: string | null) => `/admin?${new URLSearchParams({ q, ...(to ? { cursor: to } : {}) })}` as Route;
  await requireRole("support", linkTo(cursor));
  const page = await pageOrInvalidCursor(searchUsers(db, q, cursor));
  const users = "rows" in page ? page.rows : [];

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Users</h1>
      <form role="search" className="flex items-end gap-2">
        <label className="flex-1 space-y-1.5 text-sm font-medium">
          <span className="block">Email, name or Stripe customer id (starts with)</span>
          <input
            name="q"
            defaultValue={q}
            className="block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        <Button type="submit">Search</Button>
      </form>
      <AdminTable caption="Users" headers={["Email", "Name", "Stripe customer", "Tier", "Role"]}>
        {users.map((user) => (
          <tr key={user.id}>
            <Cell>
              <Link href={`/admin/users/${user.id}` as Route} className="font-medium text-brand-700 hover:underline">
                {user.email}
              </Link>
            </Cell>
            <Cell>{user.name ?? "—"}</Cell>
            <Cell>{user.stripeCustomerId ?? "—"}</Cell>
            <Cell>{user.tier}</Cell>
            <Cell>{user.role}</Cell>
          </tr>
        ))}
      </AdminTable>
      {"rows" in page && users.length === 0 ? <p className="text-sm text-slate-600">No user matches “{q}”.</p> : null}
      <PageLinks page={page} linkTo={linkTo} labels={{ previous: "← Previous page", next: "Next page →" }} />
    </>
  );
}
