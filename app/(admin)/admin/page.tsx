import type { Metadata, Route } from "next";
import Link from "next/link";
import { Cell, AdminTable } from "@/components/admin/table";
import { Button } from "@/components/ui/button";
import { searchUsers } from "@/lib/admin/queries";
import { requireRole } from "@/lib/admin/roles";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Admin · Users" };

type Props = { searchParams: Promise<{ q?: string; page?: string }> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const { q = "", page = "1" } = await searchParams;
  await requireRole("support", `/admin?${new URLSearchParams({ q, page })}`);
  const pageNumber = Math.max(1, Number.parseInt(page, 10) || 1);
  const { users, hasMore } = await searchUsers(db, q, pageNumber);
  const pageLink = (to: number) => `/admin?${new URLSearchParams({ q, page: String(to) })}` as Route;

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
      {users.length === 0 ? <p className="text-sm text-slate-600">No user matches “{q}”.</p> : null}
      <div className="flex gap-4 text-sm">
        {pageNumber > 1 ? <Link href={pageLink(pageNumber - 1)}>← Previous</Link> : null}
        {hasMore ? <Link href={pageLink(pageNumber + 1)}>Next →</Link> : null}
      </div>
    </>
  );
}
