import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { oneTimeProducts } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import { appUrl } from "@/lib/env";
import { reportCreditsOf } from "@/lib/payments/credits";
import { stripeJsConfig } from "@/lib/payments/stripe-js-config";
import { PurchaseForm } from "./purchase-form";

export const metadata: Metadata = { title: "Buy report credits", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BuyCreditsPage({ searchParams }: { searchParams: SearchParams }) {
  const { product } = await searchParams;
  const user = await requireUser(typeof product === "string" ? `/checkout/credits?product=${product}` : "/checkout/credits");
  const credits = await reportCreditsOf(db, user.id);
  const initial = oneTimeProducts.find((candidate) => candidate.id === product) ?? oneTimeProducts[0]!;

  return (
    <div className="mx-auto w-full max-w-xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight">Buy report credits</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
        Each credit is one CSV export of your reports. You have {credits} {credits === 1 ? "credit" : "credits"}.
      </p>
      <PurchaseForm
        stripe={stripeJsConfig()}
        products={oneTimeProducts}
        initialProduct={initial.id}
        returnUrl={`${appUrl}/checkout/credits/complete`}
      />
    </div>
  );
}
