"use client";

import { AccountMenu } from "./account-menu";
import { ButtonLink } from "./ui/button";
import { useViewer } from "./viewer";

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
