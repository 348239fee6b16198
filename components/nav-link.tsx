"use client";

import type { Route } from "next";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentProps } from "react";

/** A header link that marks itself as the current page (aria-current) on its page and the pages below it. */
export function NavLink({ href, className, ...props }: ComponentProps<typeof Link> & { href: Route }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return <Link href={href} aria-current={current ? "page" : undefined} className={className} {...props} />;
}
