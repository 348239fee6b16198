import Link from "next/link";
import { product } from "@/product.config";

const linkClass = "hover:text-slate-900 dark:hover:text-white";

const legalLinks = [
  { href: "/terms", label: "Terms" },
  { href: "/privacy", label: "Privacy" },
  { href: "/refunds", label: "Refunds" },
] as const;

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 dark:border-slate-800">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-8 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6 dark:text-slate-400">
        <p>
          © {new Date().getFullYear()} {product.legalEntity}
        </p>
        <ul className="flex flex-wrap gap-x-4 gap-y-2">
          <li>
            <Link href="/pricing" className={linkClass}>
              Pricing
            </Link>
          </li>
          <li>
            {/* One shows: the Dashboard once the page shows the account menu (the signed-in variant). */}
            <Link href="/sign-in" className={`${linkClass} signed-in:hidden`}>
              Sign in
            </Link>
            <Link href="/dashboard" className={`${linkClass} hidden signed-in:inline`}>
              Dashboard
            </Link>
          </li>
          {legalLinks.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className={linkClass}>
                {link.label}
              </Link>
            </li>
          ))}
          <li>
            <a href={`mailto:${product.supportEmail}`} className={linkClass}>
              Support
            </a>
          </li>
          {product.social.map((link) => (
            <li key={link.url}>
              <a href={link.url} className={linkClass} rel="me noopener">
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </footer>
  );
}
