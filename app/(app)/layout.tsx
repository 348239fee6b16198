import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { MainContent } from "@/components/page-shell";
import { formatDate } from "@/components/format-date";
import { ButtonLink } from "@/components/ui/button";
import { accountMenuData } from "@/lib/account/menu-data";
import { getCurrentUser } from "@/lib/auth/session";
import { getBillingState } from "@/lib/billing/entitlements";
import { signedInAreaMetadata } from "@/lib/signed-in-metadata";

export const metadata: Metadata = signedInAreaMetadata;

// Layouts do not re-run on every navigation, so they never guard access:
// each page under (app) calls requireUser() itself.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  const billing = user ? await getBillingState(user.id, user.stripeCustomerId) : null;
  const pastDue = billing?.subscriptions.find((subscription) => subscription.status === "past_due");
  return (
    <>
      <AppHeader account={user && billing ? accountMenuData(user, billing) : null} />
      {pastDue ? (
        <div role="alert" className="border-b border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-900/30">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm text-amber-950 sm:px-6 dark:text-amber-100">
            <p>
              Your last payment failed.{" "}
              {billing?.access.graceEndsAt
                ? `Update your card before ${formatDate(billing.access.graceEndsAt)} to keep your plan.`
                : "Update your card to get your plan back."}
            </p>
            <ButtonLink href="/account/billing" size="sm" variant="secondary">
              Update card
            </ButtonLink>
          </div>
        </div>
      ) : null}
      <MainContent>{children}</MainContent>
    </>
  );
}
