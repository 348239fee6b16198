import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/not-found-message";
import { PublicShell } from "@/components/public-shell";
import { SiteDocument } from "@/components/site-document";
import { product } from "@/product.config";

export const metadata: Metadata = { title: `Page not found · ${product.name}` };

// The 404 for unmatched URLs renders outside the layouts. An app/not-found.tsx
// would instead be sent inside every page's flight data (the root layout's
// not-found boundary), about a quarter of it on the public pages.
export default function GlobalNotFound() {
  return (
    <SiteDocument>
      <PublicShell>
        <NotFoundMessage />
      </PublicShell>
    </SiteDocument>
  );
}
