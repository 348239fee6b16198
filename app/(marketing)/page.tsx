import { Card } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { product } from "@/product.config";

const features = [
  {
    title: "Checkout and Customer Portal",
    body: "Plans live in one file. Stripe Checkout takes the payment, the Customer Portal handles cards, plan changes and cancellations.",
  },
  {
    title: "Billing that survives Stripe's reality",
    body: "Webhooks are verified, de-duplicated and applied by re-reading Stripe, so retries, duplicates and out-of-order events change nothing twice.",
  },
  {
    title: "Access that follows the subscription",
    body: "Premium pages check entitlements on the server for every request: active and trialing grant, a failed payment gets a grace period, canceled does not.",
  },
  {
    title: "Works offline on day one",
    body: "An embedded PostgreSQL and a local Stripe emulator mean npm run dev needs no account, no Docker and no keys.",
  },
];

export default function LandingPage() {
  return (
    <>
      <section className="mx-auto max-w-6xl px-4 pb-16 pt-20 text-center sm:px-6 sm:pt-28">
        <Badge tone="brand">Next.js · Stripe · PostgreSQL</Badge>
        <h1 className="mx-auto mt-6 max-w-3xl text-4xl font-bold tracking-tight text-balance sm:text-6xl">
          Charge for your product from the first commit
        </h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-pretty text-slate-600 dark:text-slate-400">
          {product.name} is a full-stack SaaS starter: sign-up, pricing, Stripe subscriptions and premium pages, with
          billing that stays correct under retries, duplicates and attacks.
        </p>
        <div className="mt-10 flex flex-col items-center justify-center gap-3 sm:flex-row">
          <ButtonLink href="/pricing" size="lg">
            See pricing
          </ButtonLink>
          <ButtonLink href="/sign-in" size="lg" variant="secondary">
            Create an account
          </ButtonLink>
        </div>
      </section>

      <section aria-labelledby="features" className="mx-auto max-w-6xl px-4 pb-20 sm:px-6">
        <h2 id="features" className="sr-only">
          Features
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {features.map((feature) => (
            <li key={feature.title}>
              <Card className="h-full">
                <h3 className="font-semibold">{feature.title}</h3>
                <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{feature.body}</p>
              </Card>
            </li>
          ))}
        </ul>
      </section>

      <section className="border-t border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/50">
        <div className="mx-auto flex max-w-6xl flex-col items-center gap-6 px-4 py-16 text-center sm:px-6">
          <h2 className="text-2xl font-semibold tracking-tight sm:text-3xl">Start free, upgrade when it pays off</h2>
          <p className="max-w-xl text-slate-600 dark:text-slate-400">
            Everyone starts on the Free plan. Pro and Business unlock the premium pages the moment Stripe confirms the
            payment.
          </p>
          <ButtonLink href="/pricing" size="lg">
            Compare plans
          </ButtonLink>
        </div>
      </section>
    </>
  );
}
