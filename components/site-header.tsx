import Link from "next/link";
import { product } from "@/product.config";
import { Logo } from "./logo";
import { HeaderAccount } from "./header-account";
import { ThemeToggle } from "./theme-toggle";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <nav aria-label="Main" className="mx-auto flex h-16 max-w-6xl items-center gap-2 px-4 sm:px-6">
        <Link href="/" className="mr-auto flex items-center gap-2 rounded-md font-semibold tracking-tight">
          <Logo />
          <span>{product.name}</span>
        </Link>
        <Link
          href="/pricing"
          className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:text-slate-950 dark:text-slate-300 dark:hover:text-white"
        >
          Pricing
        </Link>
        <ThemeToggle />
        <HeaderAccount />
      </nav>
    </header>
  );
}
