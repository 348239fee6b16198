import Link from "next/link";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { MainContent } from "@/components/page-shell";
import { accountMenuData } from "@/lib/account/menu-data";
import { getCurrentUser } from "@/lib/auth/session";
import { getBillingState } from "@/lib/billing/entitlements";
import { signedInAreaMetadata } from "@/lib/signed-in-metadata";

const sections = [
  { href: "/admin", label: "Users" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/webhooks", label: "Webhook inbox" },
] as const;

export const metadata: Metadata = signedInAreaMetadata;

// Layouts do not re-run on every navigation, so they never guard access:
// each page under /admin calls requireRole() itself.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  const billing = user ? await getBillingState(user.id, user.stripeCustomerId) : null;
  return (
    <>
      <AppHeader account={user && billing ? accountMenuData(user, billing) : null} />
      <nav aria-label="Admin" className="border-b border-slate-200 dark:border-slate-800">
        <div className="mx-auto flex max-w-6xl gap-4 px-4 py-2 text-sm sm:px-6">
          {sections.map((section) => (
            <Link key={section.href} href={section.href} className="font-medium hover:underline">
              {section.label}
            </Link>
          ))}
        </div>
      </nav>
      <MainContent>
        <div className="mx-auto w-full max-w-6xl space-y-6 px-4 py-8 sm:px-6">{children}</div>
      </MainContent>
    </>
  );
}
