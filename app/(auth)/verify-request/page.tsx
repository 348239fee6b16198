import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { SIGN_IN_LINK_MAX_AGE_SECONDS } from "@/lib/auth/auth";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Check your email" };

export default function VerifyRequestPage() {
  const usesOutbox = env.EMAIL_SERVER === undefined && env.NODE_ENV !== "production";
  return (
    <div className="mx-auto w-full max-w-md px-4 py-16 text-center sm:py-24">
      <Card>
        <h1 className="text-2xl font-bold tracking-tight">Check your email</h1>
        <p className="mt-3 text-slate-600 dark:text-slate-400">
          We sent you a sign-in link. It works once and expires in {SIGN_IN_LINK_MAX_AGE_SECONDS / 60} minutes. You can
          close this tab.
        </p>
        {usesOutbox ? (
          <ButtonLink href="/dev/mailbox" className="mt-6">
            Open the development mailbox
          </ButtonLink>
        ) : (
          <p className="mt-6 text-sm text-slate-500">No email? Check your spam folder, or ask for a new link.</p>
        )}
      </Card>
    </div>
  );
}
