import type { ReactNode } from "react";

export type HistoryRow = { id: string; cells: ReactNode[]; link: { href: string; label: string } | null };

/** The billing page's lists (invoices, purchases): one row per Stripe object, its Stripe page linked last. */
export function HistoryTable({
  columns,
  linkColumn,
  rows,
}: {
  columns: string[];
  linkColumn: string;
  rows: HistoryRow[];
}) {
  return (
    // Scrolls sideways rather than squeezing columns together on a narrow screen;
    // `relative` keeps the visually hidden header (absolutely positioned) inside it.
    <div className="relative mt-4 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-slate-600 dark:text-slate-400">
          <tr>
            {columns.map((column) => (
              <th key={column} className="whitespace-nowrap py-2 pr-4 font-medium">
                {column}
              </th>
            ))}
            <th className="py-2 font-medium">
              <span className="sr-only">{linkColumn}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.id}>
              {row.cells.map((cell, index) => (
                <td key={columns[index]} className="py-2 pr-4">
                  {cell}
                </td>
              ))}
              <td className="py-2 text-right">
                {row.link ? (
                  <a
                    href={row.link.href}
                    className="text-brand-600 hover:underline dark:text-brand-400"
                    rel="noreferrer"
                  >
                    {row.link.label}
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
