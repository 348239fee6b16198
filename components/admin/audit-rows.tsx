import type { AuditLog } from "@/lib/generated/prisma/client";
import { AdminTable, Cell } from "./table";

const json = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));

/** Audit rows as a table: when, who (and their role then), what, on what, why, and what changed. */
export function AuditRows({ rows, caption }: { rows: AuditLog[]; caption: string }) {
  return (
    <AdminTable caption={caption} headers={["When (UTC)", "Actor", "Action", "Target", "Reason", "Change", "From"]}>
      {rows.map((row) => (
        <tr key={row.id.toString()}>
          <Cell>{row.at.toISOString().replace("T", " ").slice(0, 19)}</Cell>
          <Cell>
            {row.actor}
            {row.actorRole ? ` (${row.actorRole})` : ""}
          </Cell>
          <Cell>{row.action}</Cell>
          <Cell>
            {row.targetType} {row.targetId}
          </Cell>
          <Cell>{row.reason ?? ""}</Cell>
          <Cell>
            <span className="font-mono text-xs break-all">
              {json(row.before)}
              {row.before ? " → " : ""}
              {json(row.after)}
            </span>
          </Cell>
          <Cell>
            <span className="text-xs">{[row.ip, row.requestId].filter(Boolean).join(" · ")}</span>
          </Cell>
        </tr>
      ))}
    </AdminTable>
  );
}
