import type { Metadata, Route } from "next";
import { notFound } from "next/navigation";
import { formatMoney } from "@/components/format";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import { findOneTimeProduct } from "@/lib/billing/plans";
import { reportCreditsOf } from "@/lib/payments/credits";
import { fulfilPurchase } from "@/lib/payments/fulfilment";
import { retrieveOwnPaymentIntent } from "@/lib/payments/purchases";

export const metadata: Metadata = { title: "Purchase", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Where Stripe returns after confirmPayment: fulfils the user's own paid PaymentIntent (once) or says why not. */
export default async function PurchaseCompletePage({ searchParams }: { searchParams: SearchParams }) {
  const { payment_intent: paymentIntentId } = await searchParams;
  const user = await requireUser(
    typeof paymentIntentId === "string"
      ? `/checkout/credits/complete?${new URLSearchParams({ payment_intent: paymentIntentId })}`
      : "/checkout/credits",
  );
  const deps = billingDeps();
  const paymentIntent =
    typeof paymentIntentId === "string" ? await retrieveOwnPaymentIntent(deps, user.id, paymentIntentId) : null;
  // Another user's PaymentIntent, a made-up id, or none: nothing to show.
  if (!paymentIntent) notFound();
  const product = findOneTimeProduct(paymentIntent.metadata.product ?? "");
  if (!product) notFound();

  // The same fulfilment as the webhook: whichever comes first grants the credits.
  const outcome = await fulfilPurchase(deps, paymentIntent.id);
  const credits = await reportCreditsOf(deps.db, user.id);
  const retry = `/checkout/credits?${new URLSearchParams({ product: product.id })}`;

  return (
    <div className="mx-auto w-full max-w-xl px-4 py-12 sm:px-6">
      <Card>
        {outcome.kind === "fulfilled" || outcome.kind === "already-fulfilled" ? (
          <>
            <h1 className="text-2xl font-bold tracking-tight">Thank you! {product.name} added.</h1>
            <p className="mt-4 text-sm">
              You paid {formatMoney(paymentIntent.amount_received, paymentIntent.currency)} and now have{" "}
              <strong>{credits}</strong> report {credits === 1 ? "credit" : "credits"}.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <ButtonLink href="/dashboard">Export a report</ButtonLink>
              <ButtonLink href="/account/billing" variant="secondary">
                Billing details
              </ButtonLink>
            </div>
          </>
        ) : outcome.kind === "not-paid" && outcome.status === "processing" ? (
          <>
            <h1 className="text-2xl font-bold tracking-tight">Your payment is processing</h1>
            <p className="mt-4 text-sm">Your credits are added as soon as Stripe confirms it; reload to check.</p>
          </>
        ) : (
          <>
            <h1 className="text-2xl font-bold tracking-tight">Your payment did not go through</h1>
            <Alert tone="error" className="mt-4">
              {outcome.kind === "not-paid" && outcome.message
                ? outcome.message
                : "The payment was not completed. Nothing was charged."}
            </Alert>
            <p className="mt-4 text-sm">No credits were added. You have {credits}.</p>
            <ButtonLink href={retry as Route} className="mt-6">
              Try again
            </ButtonLink>
          </>
        )}
      </Card>
    </div>
  );
}
