import type { ReactNode } from "react";

/** The <main> landmark every layout wraps its page in; the skip link targets it. */
export function MainContent({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <main id="main" className={className ?? "flex-1"}>
      {children}
    </main>
  );
}
