import Link from "next/link";
import { product } from "@/product.config";
import { signOutAction } from "@/app/(app)/account/actions";
import { Logo } from "./logo";
import { ThemeToggle } from "./theme-toggle";
import { Button } from "./ui/button";

const links = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/account", label: "Account" },
] as const;

/** Header of the signed-in area. */
export function AppHeader({ email }: { email: string | null }) {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <nav aria-label="Main" className="mx-auto flex h-16 max-w-6xl items-center gap-1 px-4 sm:gap-2 sm:px-6">
        <Link href="/" className="mr-auto flex items-center gap-2 rounded-md font-semibold tracking-tight">
          <Logo />
          <span className="max-sm:sr-only">{product.name}</span>
        </Link>
        {links.map((link) => (
          <Link
            key={link.href}
            href={link.href}
            className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:text-slate-950 dark:text-slate-300 dark:hover:text-white"
          >
            {link.label}
          </Link>
        ))}
        <ThemeToggle />
        {email ? (
          <form action={signOutAction}>
            <Button type="submit" variant="ghost" size="sm" title={`Signed in as ${email}`}>
              Sign out
            </Button>
          </form>
        ) : null}
      </nav>
    </header>
  );
}
