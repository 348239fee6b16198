import type { Metadata, Route } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { oauthProviders } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/error-messages";
import { getCurrentUser } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";
import { signInWithProviderAction } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const callbackUrl = safeCallbackPath(single(params.callbackUrl), appUrl);
  if (await getCurrentUser()) redirect(callbackUrl as Route);
  const error = signInErrorMessage(single(params.error));

  return (
    <div className="mx-auto w-full max-w-md px-4 py-16 sm:py-24">
      <h1 className="text-center text-2xl font-bold tracking-tight">Sign in or create an account</h1>
      <p className="mt-2 text-center text-sm text-slate-600 dark:text-slate-400">
        New here? The same link creates your account. No password needed.
      </p>
      <Card className="mt-8 space-y-6">
        {error ? <Alert tone="error">{error}</Alert> : null}
        <SignInForm callbackUrl={callbackUrl} />
        {oauthProviders.length > 0 ? (
          <>
            <div className="flex items-center gap-3 text-xs uppercase text-slate-500" aria-hidden="true">
              <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" /> or{" "}
              <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
            </div>
            <div className="space-y-3">
              {oauthProviders.map((provider) => (
                <form key={provider.id} action={signInWithProviderAction}>
                  <input type="hidden" name="provider" value={provider.id} />
                  <input type="hidden" name="callbackUrl" value={callbackUrl} />
                  <Button type="submit" variant="secondary" className="w-full">
                    Continue with {provider.name}
                  </Button>
                </form>
              ))}
            </div>
          </>
        ) : null}
      </Card>
    </div>
  );
}
