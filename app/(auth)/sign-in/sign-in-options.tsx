"use client";

import type { Route } from "next";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useViewer } from "@/components/viewer";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/error-messages";
import { signInWithProviderAction } from "./actions";
import { SignInForm } from "./sign-in-form";

type Provider = { id: string; name: string };

/**
 * The part of the (static) sign-in page that depends on the URL: ?callbackUrl=
 * and ?error= are read in the browser. The server actions check callbackUrl
 * again, so this check only decides what the page shows.
 */
export function SignInFromUrl({ providers }: { providers: Provider[] }) {
  const params = useSearchParams();
  // Only rendered in the browser (useSearchParams bails out of the prerender).
  const origin = typeof window === "undefined" ? "http://localhost" : window.location.origin;
  const callbackUrl = safeCallbackPath(params.get("callbackUrl") ?? undefined, origin);
  const error = signInErrorMessage(params.get("error") ?? undefined);
  const viewer = useViewer();
  const router = useRouter();
  // Someone already signed in has nothing to do here: on to where they were going.
  useEffect(() => {
    if (viewer?.signedIn) router.replace(callbackUrl as Route);
  }, [viewer, callbackUrl, router]);
  return <SignInOptions providers={providers} callbackUrl={callbackUrl} error={error} />;
}

/**
 * Before the URL is read (the prerendered HTML, a form sent before hydration,
 * no JavaScript): no error and no callbackUrl field, so the actions take the
 * destination from the page's own address (its Referer).
 */
export function SignInOptions({
  providers,
  callbackUrl,
  error,
}: {
  providers: Provider[];
  callbackUrl?: string;
  error?: string;
}) {
  return (
    <>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <SignInForm callbackUrl={callbackUrl} />
      {providers.length > 0 ? (
        <>
          <div className="flex items-center gap-3 text-xs uppercase text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" /> or{" "}
            <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
          </div>
          <div className="space-y-3">
            {providers.map((provider) => (
              <form key={provider.id} action={signInWithProviderAction}>
                <input type="hidden" name="provider" value={provider.id} />
                {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
                <Button type="submit" variant="secondary" className="w-full">
                  Continue with {provider.name}
                </Button>
              </form>
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}
