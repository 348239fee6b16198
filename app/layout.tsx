import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteDocument } from "@/components/site-document";
import { appUrl } from "@/lib/env";
import { product } from "@/product.config";

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
  return <SiteDocument>{children}</SiteDocument>;
}
