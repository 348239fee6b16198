"use client";

import { lazy, Suspense } from "react";
import { ButtonLink } from "./ui/button";
import { useViewer } from "./viewer";

// Loaded only once the visitor turns out to be signed in: a signed-out visit
// to a public page does not download the menu's code. (React's lazy, not
// next/dynamic, whose loader would cost as much as the menu.)
const AccountMenu = lazy(() => import("./account-menu").then((module) => ({ default: module.AccountMenu })));

const signIn = (
  <ButtonLink href="/sign-in" size="sm">
    Sign in
  </ButtonLink>
);

/** The static site header's one per-visitor part: the account menu once the visitor is known to be signed in. */
export function HeaderAccount() {
  const viewer = useViewer();
  if (!viewer?.signedIn) return signIn;
  return (
    <Suspense fallback={null}>
      <AccountMenu account={viewer.account} />
    </Suspense>
  );
}
