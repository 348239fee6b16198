import type { ReactNode } from "react";
import { product } from "@/product.config";

/**
 * The frame of the legal pages (/terms, /privacy, /refunds). They are
 * templates: the notice on top and every <ToComplete> mark stay visible until
 * the forker has written the text with their lawyer and removed them.
 */
export function LegalPage({ title, updated, children }: { title: string; updated: string; children: ReactNode }) {
  return (
    <article className="mx-auto max-w-3xl px-4 py-16 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {product.legalEntity} · Last updated {updated}
      </p>
      <aside
        aria-label="Template notice"
        className="mt-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-900/30 dark:text-amber-100"
      >
        <p className="font-semibold">Template — complete before you launch</p>
        <p className="mt-1">
          This page is a starting point written for the billing flows of this app, not legal advice. Fill in the
          highlighted parts, have it reviewed for the countries you sell in, then remove this notice.
        </p>
      </aside>
      <div className="mt-10 space-y-8 text-[15px] leading-7 text-slate-700 dark:text-slate-300 [&_h2]:text-xl [&_h2]:font-semibold [&_h2]:tracking-tight [&_h2]:text-slate-950 dark:[&_h2]:text-white [&_a]:font-medium [&_a]:text-brand-600 [&_a]:underline dark:[&_a]:text-brand-300 [&_li]:mt-1 [&_p]:mt-3 [&_ul]:mt-3 [&_ul]:list-disc [&_ul]:pl-6">
        {children}
      </div>
    </article>
  );
}

/** A part of a legal template the forker must write. */
export function ToComplete({ children }: { children: ReactNode }) {
  return (
    <mark className="rounded bg-amber-100 px-1 text-amber-950 dark:bg-amber-400/20 dark:text-amber-100">
      [To complete: {children}]
    </mark>
  );
}

/** The support address as a link. */
export function SupportEmail() {
  return <a href={`mailto:${product.supportEmail}`}>{product.supportEmail}</a>;
}
