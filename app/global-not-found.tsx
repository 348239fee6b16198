import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/not-found-message";
import { PublicShell } from "@/components/public-shell";
import { SiteDocument } from "@/components/site-document";
import { product } from "@/product.config";

export const metadata: Metadata = { title: `Page not found · ${product.name}` };

// The 404 for unmatched URLs: a whole document, outside the layouts.
// notFound() inside a page renders app/not-found.tsx (or the signed-in
// area's) within the layouts instead.
export default function GlobalNotFound() {
  return (
    <SiteDocument>
      <PublicShell>
        <NotFoundMessage />
      </PublicShell>
    </SiteDocument>
  );
}
