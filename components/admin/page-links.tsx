import type { Route } from "next";
import Link from "next/link";
import { InvalidCursorError, type Page } from "@/lib/admin/page-cursor";

type Props = {
  /** The page shown, or the error its cursor raised. */
  page: Page<unknown> | InvalidCursorError;
  /** The list's URL at a cursor (null: the first page). */
  linkTo: (cursor: string | null) => Route;
  labels: { previous: string; next: string };
};

/** Keyset page navigation for an admin list, or what was wrong with the page link. */
export function PageLinks({ page, linkTo, labels }: Props) {
  if (page instanceof InvalidCursorError) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {page.message}{" "}
        <Link href={linkTo(null)} className="font-medium underline">
          First page
        </Link>
      </p>
    );
  }
  return (
    <nav aria-label="Pages" className="flex gap-4 text-sm">
      {/* A page with a previous one is not the first, however it was reached. */}
      {page.previous ? <Link href={linkTo(null)}>First page</Link> : null}
      {page.previous ? <Link href={linkTo(page.previous)}>{labels.previous}</Link> : null}
      {page.next ? <Link href={linkTo(page.next)}>{labels.next}</Link> : null}
    </nav>
  );
}
