"use client";

import type { Route } from "next";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentProps } from "react";

// The style lives here, not in the header that renders the links: a class
// that a server component passes is sent twice (in the HTML and again in the
// page's flight data); a class set here is sent only in the HTML.
const linkClasses =
  "rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:text-slate-950 max-sm:hidden dark:text-slate-300 dark:hover:text-white aria-[current=page]:text-brand-700 aria-[current=page]:underline aria-[current=page]:underline-offset-4 dark:aria-[current=page]:text-brand-300";

/** A header link (hidden on a phone, where the account menu holds it) that marks itself as the current page (aria-current) on its page and the pages below it. */
export function NavLink({ href, ...props }: Omit<ComponentProps<typeof Link>, "className"> & { href: Route }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return <Link href={href} aria-current={current ? "page" : undefined} className={linkClasses} {...props} />;
}
