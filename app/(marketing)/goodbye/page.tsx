import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Account deleted", robots: { index: false } };

// What deleteAccount() and cancelSubscriptionsForDeletion() (lib/account/account.ts)
// remove and keep; keep this list in step with them and the README.
export default function GoodbyePage() {
  return (
    <div className="mx-auto max-w-xl px-4 py-24">
      <h1 className="text-center text-3xl font-bold tracking-tight">Your account was deleted</h1>
      <p className="mt-4 text-center text-slate-600 dark:text-slate-400">
        Every session has ended. You are welcome back any time.
      </p>
      <div className="mt-10 space-y-6 text-sm">
        <section aria-labelledby="removed">
          <h2 id="removed" className="font-semibold">
            Removed
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
            <li>Your profile: email address and display name.</li>
            <li>Your sessions, sign-in links and the emails we kept for them.</li>
            <li>Your subscription records and usage; any subscription was canceled at once.</li>
            <li>Your customer record and saved cards at Stripe, our payment processor.</li>
          </ul>
        </section>
        <section aria-labelledby="kept">
          <h2 id="kept" className="font-semibold">
            Kept
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
            <li>
              If you ever subscribed: a keyed hash of your email address, never the address itself. It only lets us see
              that a new account with the same address already had its free trial.
            </li>
            <li>
              Stripe keeps the invoices and payments already made, as the financial records payment processors must
              keep.
            </li>
          </ul>
        </section>
      </div>
      <div className="mt-10 text-center">
        <ButtonLink href="/" variant="secondary">
          Home
        </ButtonLink>
      </div>
    </div>
  );
}
