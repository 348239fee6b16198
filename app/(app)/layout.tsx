import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { MainContent } from "@/components/page-shell";
import { getCurrentUser } from "@/lib/auth/session";

// Layouts do not re-run on every navigation, so they never guard access:
// each page under (app) calls requireUser() itself.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return (
    <>
      <AppHeader email={user?.email ?? null} />
      <MainContent>{children}</MainContent>
    </>
  );
}
