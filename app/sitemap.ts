import type { MetadataRoute, Route } from "next";
import { appUrl } from "@/lib/env";

// Rendered per request, not at build time: absolute URLs need the deployed
// origin (APP_URL), which a build made before deploying may not know.
export const dynamic = "force-dynamic";

/**
 * The pages anyone may find through a search engine. Sign-in, account,
 * billing, admin and API routes are left out on purpose.
 */
const publicPages: readonly Route[] = ["/", "/pricing", "/terms", "/privacy", "/refunds"];

export default function sitemap(): MetadataRoute.Sitemap {
  return publicPages.map((path) => ({ url: `${appUrl}${path === "/" ? "" : path}` }));
}
