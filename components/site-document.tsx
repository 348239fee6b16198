import localFont from "next/font/local";
import type { ReactNode } from "react";
import { SiteFooter } from "./site-footer";
import { TestModeBadge } from "./test-mode-badge";
import { ThemeScript } from "./theme-script";
import "@/app/globals.css";

// Bundled with the app (SIL OFL, see app/fonts/OFL-LICENSE.txt): builds and
// runs offline, unlike next/font/google.
const inter = localFont({
  src: "../app/fonts/inter-latin-variable.woff2",
  variable: "--font-inter",
  weight: "100 900",
  display: "swap",
});

/**
 * <html> and <body> of every page: the root layout's, and the site-wide 404's
 * (app/global-not-found.tsx), which renders outside the layouts.
 */
export function SiteDocument({ children }: { children: ReactNode }) {
  return (
    // The theme script sets data-theme before hydration.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      {/* eslint-disable-next-line @next/next/no-head-element -- the App Router document's own <head>; next/head is for pages/ */}
      <head>
        <ThemeScript />
      </head>
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-slate-900"
        >
          Skip to content
        </a>
        <TestModeBadge />
        {/* Each route group's layout brings its header and the <main> landmark. */}
        <div className="flex flex-1 flex-col">{children}</div>
        <SiteFooter />
      </body>
    </html>
  );
}
