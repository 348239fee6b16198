import Link from "next/link";
import { FooterAccountLink } from "./footer-account-link";

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 dark:border-slate-800">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-8 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6 dark:text-slate-400">
        <p>© {new Date().getFullYear()} Tollgate. A starter for subscription products.</p>
        <ul className="flex gap-4">
          <li>
            <Link href="/pricing" className="hover:text-slate-900 dark:hover:text-white">
              Pricing
            </Link>
          </li>
          <li>
            <FooterAccountLink className="hover:text-slate-900 dark:hover:text-white" />
          </li>
        </ul>
      </div>
    </footer>
  );
}
