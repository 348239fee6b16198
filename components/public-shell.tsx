import type { ReactNode } from "react";
import { MainContent } from "./page-shell";
import { SiteHeader } from "./site-header";

/** Layout of the pages anyone can see: the site header over the page. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <MainContent>{children}</MainContent>
    </>
  );
}
