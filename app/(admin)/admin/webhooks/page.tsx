import type { Metadata, Route } from "next";
import Link from "next/link";
import { AdminActionForm } from "@/components/admin/admin-action-form";
import { AdminTable, Cell } from "@/components/admin/table";
import { hasRole } from "@/lib/admin/role-names";
import { requireRole } from "@/lib/admin/roles";
import { listInboxEvents } from "@/lib/billing/inbox";
import { db } from "@/lib/db";
import type { StripeEventState } from "@/lib/generated/prisma/client";
import { replayEventAction } from "./actions";

export const metadata: Metadata = { title: "Admin · Webhook inbox" };

const STATES: StripeEventState[] = ["failed", "pending", "processed"];

export default async function AdminWebhooksPage({ searchParams }: { searchParams: Promise<{ state?: string }> }) {
  const { state: requested } = await searchParams;
  const state = STATES.find((candidate) => candidate === requested) ?? "failed";
  const operator = await requireRole("support", `/admin/webhooks?state=${state}`);
  const events = await listInboxEvents({ db }, state, { limit: 100 });
  const canReplay = hasRole(operator.role, "admin");

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Webhook inbox</h1>
      <nav aria-label="Event state" className="flex gap-4 text-sm">
        {STATES.map((candidate) => (
          <Link
            key={candidate}
            href={`/admin/webhooks?state=${candidate}` as Route}
            aria-current={candidate === state ? "page" : undefined}
            className={candidate === state ? "font-semibold underline" : "hover:underline"}
          >
            {candidate}
          </Link>
        ))}
      </nav>
      <AdminTable
        caption={`${state} events`}
        headers={["Received", "Event", "Customer", "Attempts", "Last error", ...(canReplay ? ["Replay"] : [])]}
      >
        {events.map((event) => (
          <tr key={event.id}>
            <Cell>{event.receivedAt.toISOString().replace("T", " ").slice(0, 19)}</Cell>
            <Cell>
              {event.type} <span className="font-mono text-xs">{event.id}</span>
            </Cell>
            <Cell>{event.customerId ?? "—"}</Cell>
            <Cell>{event.attempts}</Cell>
            <Cell>{event.lastError ?? ""}</Cell>
            {canReplay ? (
              <Cell>
                {event.customerId ? (
                  <AdminActionForm action={replayEventAction} submitLabel="Replay" hidden={{ eventId: event.id }} />
                ) : (
                  "no customer"
                )}
              </Cell>
            ) : null}
          </tr>
        ))}
      </AdminTable>
      {events.length === 0 ? <p className="text-sm">No {state} events.</p> : null}
    </>
  );
}
