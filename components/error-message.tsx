"use client";

import { Button, ButtonLink } from "./ui/button";

/**
 * What a page that threw shows, inside its route group's layout (each
 * group's error.tsx), or alone when the layout itself failed (app/error.tsx).
 * The message stays generic: server errors may hold details that must not
 * reach the browser; the digest ties it to the server log.
 */
export function ErrorMessage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto flex max-w-xl flex-1 flex-col items-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-red-600 dark:text-red-400">Error</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-4 text-slate-600 dark:text-slate-400">
        We could not show this page. Try again; if it keeps failing, contact support
        {error.digest ? (
          <>
            {" "}
            and mention the reference <code className="font-mono text-sm">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-8 flex gap-3">
        <Button onClick={reset}>Try again</Button>
        <ButtonLink href="/" variant="secondary">
          Home
        </ButtonLink>
      </div>
    </div>
  );
}
