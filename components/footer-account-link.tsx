"use client";

import Link from "next/link";
import { useViewer } from "./viewer";

/** "Sign in" in the (static) footer, or the dashboard once the visitor is known to be signed in. */
export function FooterAccountLink({ className }: { className: string }) {
  const viewer = useViewer();
  return viewer?.signedIn ? (
    <Link href="/dashboard" className={className}>
      Dashboard
    </Link>
  ) : (
    <Link href="/sign-in" className={className}>
      Sign in
    </Link>
  );
}
