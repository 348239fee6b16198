"use client";

import dynamic from "next/dynamic";
import { ButtonLink } from "./ui/button";
import { useViewer } from "./viewer";

// Loaded only once the visitor turns out to be signed in: a signed-out visit
// to a public page does not download the menu's code.
const AccountMenu = dynamic(() => import("./account-menu").then((module) => module.AccountMenu), { ssr: false });

/** The static site header's one per-visitor part: the account menu once the visitor is known to be signed in. */
export function HeaderAccount() {
  const viewer = useViewer();
  if (viewer?.signedIn) return <AccountMenu account={viewer.account} />;
  return (
    <ButtonLink href="/sign-in" size="sm">
      Sign in
    </ButtonLink>
  );
}
