import Link from "next/link";
import type { AccountMenuData } from "@/lib/account/menu-data";
import { product } from "@/product.config";
import { AccountMenu } from "./account-menu";
import { Logo } from "./logo";
import { NavLink } from "./nav-link";
import { ThemeToggle } from "./theme-toggle";
import { ButtonLink } from "./ui/button";

const links = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/account/billing", label: "Billing" },
] as const;

/** Header of the signed-in area: the account menu holds every page; the two most used are also one click away. */
export function AppHeader({ account }: { account: AccountMenuData | null }) {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <nav aria-label="Main" className="mx-auto flex h-16 max-w-6xl items-center gap-1 px-4 sm:gap-2 sm:px-6">
        <Link href="/" className="mr-auto flex items-center gap-2 rounded-md font-semibold tracking-tight">
          <Logo />
          <span className="max-sm:sr-only">{product.name}</span>
        </Link>
        {account
          ? links.map((link) => (
              <NavLink key={link.href} href={link.href}>
                {link.label}
              </NavLink>
            ))
          : null}
        <ThemeToggle />
        {account ? (
          <AccountMenu account={account} />
        ) : (
          <ButtonLink href="/sign-in" size="sm">
            Sign in
          </ButtonLink>
        )}
      </nav>
    </header>
  );
}
