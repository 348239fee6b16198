"use client";

// Who is looking at a static page. Public pages are prerendered once for
// everyone; their signed-in parts (the account menu, the current plan) come
// from one small JSON request after load. Every island of one page shares that
// request; a later navigation (after a plan change) asks again.
import { useEffect, useState } from "react";
import type { AccountMenuData } from "@/lib/account/menu-data";

export type Viewer =
  | { signedIn: false }
  | {
      signedIn: true;
      account: AccountMenuData;
      planId: string;
      interval: "month" | "year" | null;
      /** A live subscription exists (a second one may not start). */
      subscribed: boolean;
      /** The live subscription already ends at its period end. */
      cancelAtPeriodEnd: boolean;
    };

const REUSE_MS = 2_000;
// Shared by the islands of one page only: a navigation (after signing out,
// say) asks again, however soon.
let request: { at: number; href: string; promise: Promise<Viewer | null> } | undefined;

function loadViewer(): Promise<Viewer | null> {
  const href = window.location.href;
  if (!request || request.href !== href || Date.now() - request.at > REUSE_MS) {
    request = {
      at: Date.now(),
      href,
      promise: fetch("/api/billing/status", { credentials: "same-origin", cache: "no-store" })
        .then((response) => (response.ok ? (response.json() as Promise<Viewer>) : null))
        .catch(() => null),
    };
  }
  return request.promise;
}

/** null until known (and when the request failed): render the signed-out view meanwhile. */
export function useViewer(): Viewer | null {
  const [viewer, setViewer] = useState<Viewer | null>(null);
  useEffect(() => {
    let live = true;
    void loadViewer().then((loaded) => {
      if (live) setViewer(loaded);
    });
    return () => {
      live = false;
    };
  }, []);
  return viewer;
}
