import type { Metadata } from "next";
import { Suspense } from "react";
import { Card } from "@/components/ui/card";
import { oauthProviders } from "@/lib/auth/auth";
import { SignInFromUrl, SignInOptions } from "./sign-in-options";

export const metadata: Metadata = { title: "Sign in" };

// Prerendered: ?callbackUrl= and ?error= are read in the browser, inside the
// Suspense boundary, so the page needs no per-request render.
export default function SignInPage() {
  const providers = oauthProviders.map(({ id, name }) => ({ id, name }));
  return (
    <div className="mx-auto w-full max-w-md px-4 py-16 sm:py-24">
      <h1 className="text-center text-2xl font-bold tracking-tight">Sign in or create an account</h1>
      <p className="mt-2 text-center text-sm text-slate-600 dark:text-slate-400">
        New here? The same link creates your account. No password needed.
      </p>
      <Card className="mt-8 space-y-6">
        <Suspense fallback={<SignInOptions providers={providers} />}>
          <SignInFromUrl providers={providers} />
        </Suspense>
      </Card>
    </div>
  );
}
