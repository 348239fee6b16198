// Where a plan chosen while signed out continues after sign-in: the pricing
// action sends the visitor to sign-in with this page (plan and interval in
// its query) as the callbackUrl, which sign-in only follows on our own origin.
// It starts Checkout at once (or opens our Embedded Checkout page). Starting is safe to do on a GET: nothing is
// charged until the customer confirms on Stripe's page, and a subscriber is
// sent to the plan change preview, which asks before changing anything.
import type { Metadata, Route } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import {
  BillingInputError,
  checkoutDestination,
  checkoutPagePath,
  parsePlanChoice,
  startCheckout,
} from "@/lib/billing/checkout";
import { subscriptionCheckout } from "@/lib/billing/plans";

export const metadata: Metadata = { title: "Subscribe", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SubscribePage({ searchParams }: { searchParams: SearchParams }) {
  const { plan, interval } = await searchParams;
  const user = await requireUser(
    `/billing/subscribe?${new URLSearchParams({ plan: String(plan), interval: String(interval) })}`,
  );
  let target: string;
  try {
    const choice = parsePlanChoice(plan, interval);
    // With Embedded Checkout, our /checkout page starts the session (same rules).
    target =
      subscriptionCheckout === "embedded"
        ? checkoutPagePath(choice)
        : checkoutDestination(await startCheckout(billingDeps(), user, choice, "hosted"), choice);
  } catch (error) {
    if (!(error instanceof BillingInputError)) console.error("Starting checkout after sign-in failed", error);
    const problem =
      error instanceof BillingInputError
        ? error.message
        : "We could not start the checkout. Nothing was charged; please try again.";
    return (
      <div className="mx-auto w-full max-w-xl px-4 py-12 sm:px-6">
        <Card>
          <h1 className="text-2xl font-bold tracking-tight">Subscribe</h1>
          <Alert tone="error" className="mt-4">
            {problem}
          </Alert>
          <ButtonLink href="/pricing" variant="secondary" className="mt-6">
            Back to plans
          </ButtonLink>
        </Card>
      </div>
    );
  }
  redirect(target as Route);
}
