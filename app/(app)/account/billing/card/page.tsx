import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { billingDeps } from "@/lib/billing/app-deps";
import { applyNewCard, cardUpdateMessage } from "@/lib/payments/card-update";

export const metadata: Metadata = { title: "Card update", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Where Stripe returns when confirming a card needed a redirect: applies the user's own SetupIntent. */
export default async function CardUpdateReturnPage({ searchParams }: { searchParams: SearchParams }) {
  const { setup_intent: setupIntentId } = await searchParams;
  const user = await requireUser("/account/billing");
  const outcome = typeof setupIntentId === "string" ? await applyNewCard(billingDeps(), user, setupIntentId) : null;
  // Another user's SetupIntent, a made-up id, or none.
  if (!outcome) notFound();
  const { message, ok } = cardUpdateMessage(outcome);
  return (
    <div className="mx-auto w-full max-w-xl px-4 py-12 sm:px-6">
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">{ok ? "Card updated" : "Card not updated"}</h1>
        <Alert tone={ok ? "success" : "error"} className="mt-4">
          {message}
        </Alert>
        <ButtonLink href="/account/billing" className="mt-6">
          Back to billing
        </ButtonLink>
      </Card>
    </div>
  );
}
