import type { Metadata } from "next";
import { formatMoney, intervalWord } from "@/components/format";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { BillingInputError, parsePlanChoice } from "@/lib/billing/checkout";
import { stripeJsConfig } from "@/lib/payments/stripe-js-config";
import { EmbeddedCheckoutForm } from "./embedded-checkout-form";
import { HostedCheckoutLink } from "./hosted-checkout-link";

export const metadata: Metadata = { title: "Checkout", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Subscribing without leaving the app: Stripe's Embedded Checkout for the chosen plan. */
export default async function CheckoutPage({ searchParams }: { searchParams: SearchParams }) {
  const { plan: planId, interval } = await searchParams;
  await requireUser(`/checkout?${new URLSearchParams({ plan: String(planId ?? ""), interval: String(interval ?? "") })}`);

  let choice;
  try {
    choice = parsePlanChoice(planId, interval);
  } catch (error) {
    if (!(error instanceof BillingInputError)) throw error;
    return (
      <div className="mx-auto w-full max-w-xl space-y-4 px-4 py-12 sm:px-6">
        <Alert tone="error" title="Choose a plan first">
          {error.message}
        </Alert>
        <ButtonLink href="/pricing">See plans</ButtonLink>
      </div>
    );
  }
  const price = choice.plan.prices![choice.interval];

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Subscribe to {choice.plan.name}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
        {formatMoney(price.amount, price.currency)}, billed {intervalWord(choice.interval)}. Card details go straight to
        Stripe.
      </p>
      <EmbeddedCheckoutForm stripe={stripeJsConfig()} planId={choice.plan.id} interval={choice.interval} />
      <HostedCheckoutLink planId={choice.plan.id} interval={choice.interval} />
    </div>
  );
}
