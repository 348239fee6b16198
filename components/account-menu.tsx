"use client";

import type { Route } from "next";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { signOutAction } from "@/app/(app)/account/actions";
import type { AccountMenuData } from "@/lib/account/menu-data";

type Entry = { href: string; label: string; locked?: boolean };

/** The longest entry href the path is on, so /account/billing marks Billing, not Account. */
function activeHref(pathname: string, entries: Entry[]): string | null {
  let best: string | null = null;
  for (const { href } of entries) {
    if ((pathname === href || pathname.startsWith(`${href}/`)) && href.length > (best?.length ?? 0)) best = href;
  }
  return best;
}

const itemClass =
  "flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm text-slate-700 outline-none hover:bg-slate-100 focus-visible:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800 aria-[current=page]:font-semibold aria-[current=page]:text-brand-700 dark:aria-[current=page]:text-brand-300";

/**
 * The signed-in account menu (WAI-ARIA menu button): Enter, Space or the
 * arrow keys open it and move focus into it, arrows/Home/End move, Escape
 * closes and returns focus to the button, Tab closes it. Props are plain data
 * so a static page can render it from a client island.
 */
export function AccountMenu({ account }: { account: AccountMenuData }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef<"first" | "last">("first");
  const menuId = useId();

  const entries: Entry[] = [
    { href: "/dashboard", label: "Dashboard" },
    ...account.premiumPages,
    { href: "/account/billing", label: "Billing" },
    { href: "/account", label: "Account" },
  ];
  const active = activeHref(pathname, entries);

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    const list = items();
    list[focusOnOpen.current === "first" ? 0 : list.length - 1]?.focus();
    const closeOnOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutside);
    return () => document.removeEventListener("pointerdown", closeOnOutside);
  }, [open]);

  function openWith(focus: "first" | "last") {
    focusOnOpen.current = focus;
    setOpen(true);
  }

  function onButtonKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowDown" || event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openWith("first");
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      openWith("last");
    }
  }

  function onMenuKeyDown(event: KeyboardEvent) {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    } else if (event.key === "Tab") setOpen(false);
  }

  const display = account.name || account.email;
  return (
    // data-signed-in: the footer's signed-in variant (app/globals.css) follows it.
    <div className="relative" data-signed-in>
      <button
        ref={buttonRef}
        type="button"
        id={`${menuId}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => (open ? setOpen(false) : openWith("first"))}
        onKeyDown={onButtonKeyDown}
        className="inline-flex h-9 max-w-44 items-center gap-2 rounded-lg border border-slate-300 px-2 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-800"
      >
        <span
          aria-hidden="true"
          className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white uppercase"
        >
          {display.charAt(0)}
        </span>
        <span className="truncate max-sm:sr-only">{display}</span>
        <span className="sr-only sm:hidden">Account menu</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 shrink-0" fill="currentColor">
          <path d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.17l3.71-3.94a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z" />
        </svg>
      </button>
      <div
        ref={menuRef}
        id={menuId}
        role="menu"
        aria-labelledby={`${menuId}-button`}
        hidden={!open}
        onKeyDown={onMenuKeyDown}
        className="absolute right-0 z-20 mt-2 w-64 max-w-[calc(100vw-2rem)] rounded-xl border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        <div role="none" className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
          <p className="truncate text-sm font-medium">{account.email}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {account.planName} plan · {account.status}
          </p>
        </div>
        <div role="none" className="py-1">
          {entries.map((entry) => (
            <Link
              key={entry.href}
              href={entry.href as Route}
              role="menuitem"
              tabIndex={-1}
              aria-current={entry.href === active ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={itemClass}
            >
              <span className="flex-1">{entry.label}</span>
              {entry.locked ? (
                <span className="flex items-center gap-1 text-xs text-slate-500 dark:text-slate-400">
                  <svg aria-hidden="true" viewBox="0 0 20 20" className="h-3.5 w-3.5" fill="currentColor">
                    <path d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z" />
                  </svg>
                  Locked
                </span>
              ) : null}
            </Link>
          ))}
        </div>
        <form role="none" action={signOutAction} className="border-t border-slate-200 pt-1 dark:border-slate-700">
          <button type="submit" role="menuitem" tabIndex={-1} className={itemClass}>
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
