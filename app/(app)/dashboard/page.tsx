import type { Metadata } from "next";
import Link from "next/link";
import { formatDate } from "@/components/format-date";
import { intervalWord } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { billingStatusWords, currentSubscription } from "@/lib/account/menu-data";
import { exportsThisMonth } from "@/lib/account/usage";
import { requireUser } from "@/lib/auth/session";
import { getBillingState } from "@/lib/billing/entitlements";
import type { BillingSubscription } from "@/lib/billing/subscription-rows";
import { plans, type Plan } from "@/lib/billing/plans";
import { premiumPages } from "@/lib/billing/premium-pages";
import { db } from "@/lib/db";
import { reportCreditsOf } from "@/lib/payments/credits";
import { ExportsCard } from "./exports-card";

export const metadata: Metadata = { title: "Dashboard" };

/** The one date that matters next for this subscription, as a sentence. */
function nextDate(subscription: BillingSubscription, graceEndsAt: Date | null): string {
  if (subscription.status === "past_due")
    return graceEndsAt
      ? `Your last payment failed. Update your card before ${formatDate(graceEndsAt)} to keep your plan.`
      : "Your last payment failed. Update your card to keep your plan.";
  if (subscription.cancelAtPeriodEnd) return `Your plan ends on ${formatDate(subscription.currentPeriodEnd)}.`;
  if (subscription.status === "trialing" && subscription.trialEnd)
    return `Your free trial ends on ${formatDate(subscription.trialEnd)}; the first charge is then.`;
  return `Renews ${intervalWord(subscription.interval)} on ${formatDate(subscription.currentPeriodEnd)}.`;
}

/** The cheapest paid plan that includes a page's entitlement: what a locked page asks for. */
function unlockingPlanName(entitlement: string): string {
  return plans.find((plan) => plan.prices && plan.entitlements.some((granted) => granted === entitlement))?.name ?? "";
}

/** What a plan adds, in words: its premium pages, and exports. */
function unlocks(plan: Plan): string[] {
  const pages = premiumPages.filter((page) => plan.entitlements.includes(page.entitlement)).map((page) => page.label);
  return plan.entitlements.includes("exports") ? [...pages, "CSV exports"] : pages;
}

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const [billing, credits] = await Promise.all([
    getBillingState(user.id, user.stripeCustomerId),
    reportCreditsOf(db, user.id),
  ]);
  const { access } = billing;
  const current = currentSubscription(billing);
  const status = billingStatusWords(billing);
  const canExport = access.entitlements.has("exports");
  const exports = canExport ? await exportsThisMonth(db, user.id) : 0;
  const onFree = !access.plan.prices;
  // One card for exports; on a paid plan it sits beside the plan, on Free the next step takes that place.
  const exportsCard = (
    <ExportsCard
      usage={
        canExport
          ? { kind: "unlimited", planName: access.plan.name, exportsThisMonth: exports }
          : { kind: "credits", credits }
      }
    />
  );
  const trialPlan = plans.find((plan) => plan.trialDays);

  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Welcome{user.name ? `, ${user.name}` : ""}</h1>
      <p className="mt-1 text-sm break-words text-slate-600 dark:text-slate-400">Signed in as {user.email}</p>

      <div className="mt-8 grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <CardTitle>{access.plan.name} plan</CardTitle>
              <CardDescription>{access.plan.description}</CardDescription>
            </div>
            <Badge tone={status.tone}>{status.label}</Badge>
          </div>
          <p className="mt-4 text-sm">
            {current ? nextDate(current, access.graceEndsAt) : "Free forever: no card on file, nothing to renew."}
          </p>
          <div className="mt-6 flex flex-wrap gap-3">
            <ButtonLink href="/account/billing" variant="secondary" size="sm">
              Billing
            </ButtonLink>
            <ButtonLink href="/pricing" variant="ghost" size="sm">
              Compare plans
            </ButtonLink>
          </div>
        </Card>

        {onFree ? (
          <Card className="border-brand-300 dark:border-brand-700">
            <CardTitle>Next step</CardTitle>
            <CardDescription>
              {trialPlan
                ? `Try ${trialPlan.name} free for ${trialPlan.trialDays} days and unlock ${unlocks(trialPlan).join(" and ")}. Nothing is charged until the trial ends, and you can cancel any time before.`
                : "Pick a plan to unlock reports, exports and team insights."}
            </CardDescription>
            <ButtonLink href="/pricing" size="sm" className="mt-4">
              {trialPlan ? "Start your free trial" : "See plans"}
            </ButtonLink>
          </Card>
        ) : (
          exportsCard
        )}

        <Card className="lg:col-span-2">
          <CardTitle>What your plan unlocks</CardTitle>
          <ul className="mt-4 divide-y divide-slate-200 dark:divide-slate-800">
            {premiumPages.map((page) => {
              const unlocked = access.entitlements.has(page.entitlement);
              return (
                <li key={page.href} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <Link href={page.href} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                    {page.label}
                  </Link>
                  {unlocked ? (
                    <Badge tone="success">Included</Badge>
                  ) : (
                    <span className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
                      <Badge>Locked</Badge> Part of {unlockingPlanName(page.entitlement)}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>

        <Card>
          <CardTitle>Your account</CardTitle>
          <CardDescription>Change your display name, sign out, or delete your account.</CardDescription>
          <ButtonLink href="/account" variant="secondary" size="sm" className="mt-4">
            Account settings
          </ButtonLink>
        </Card>
        {onFree ? exportsCard : null}
      </div>
    </div>
  );
}
