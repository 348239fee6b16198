import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { TestModeBadge } from "@/components/test-mode-badge";
import { ThemeScript } from "@/components/theme-script";
import { appUrl } from "@/lib/env";
import { product } from "@/product.config";
import "./globals.css";

// Bundled with the app (SIL OFL, see app/fonts/OFL-LICENSE.txt): builds and
// runs offline, unlike next/font/google.
const inter = localFont({
  src: "./fonts/inter-latin-variable.woff2",
  variable: "--font-inter",
  weight: "100 900",
  display: "swap",
});

// Static pages render this at build time, so links in social previews use the
// APP_URL the build saw: set it when building for production.
export const metadata: Metadata = {
  metadataBase: new URL(appUrl),
  applicationName: product.name,
  title: { default: product.name, template: `%s · ${product.name}` },
  description: product.tagline,
  icons: { apple: "/apple-touch-icon.png" },
  openGraph: { type: "website", siteName: product.name, title: product.name, description: product.tagline },
  twitter: {
    card: "summary_large_image",
    title: product.name,
    description: product.tagline,
    ...(product.twitterHandle ? { site: product.twitterHandle } : {}),
  },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets data-theme before hydration.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
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
